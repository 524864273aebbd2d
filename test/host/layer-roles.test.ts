import { isHintLayerName } from '../../src/host';

describe('hint layer names', () => {
  it.each(['hint', 'Hints', 'HINT', 'colors', 'Colours', 'colour', 'color hint', 'Colour Hints', 'color_hint', 'Colors copy', 'Colors copy 2', 'hint_1', ' hints ', 'Flats'])(
    'takes “%s” for the hint layer',
    (name) => expect(isHintLayerName(name)).toBe(true),
  );
  it.each(['Hintergrund', 'Lineart', 'Background', 'Layer 1', 'colorize', 'no hints here', 'Deepcolor', 'skin colors'])(
    'does not take “%s” for the hint layer',
    (name) => expect(isHintLayerName(name)).toBe(false),
  );
});
