/**
 * Light lines on a dark ground are noticed (the engine would read the
 * ground as ink and colour one dark mass); ordinary inked pages, heavy
 * black fills and ink on a transparent layer are not.
 */
import { darkShare, invertedLineartNote, INVERTED_DARK_SHARE } from '../../src/model';
import type { RgbaImage } from '../../src/model/types';

/** A page of `size` px, `ink` where lines are, `paper` elsewhere; a line every 8 px in both directions. */
function grid(size: number, ink: number[], paper: number[]): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data.set(x % 8 === 0 || y % 8 === 0 ? ink : paper, (y * size + x) * 4);
  return { width: size, height: size, data };
}

describe('inverted lineart', () => {
  it('takes white lines on black for inverted, and says how to fix it', () => {
    const page = grid(64, [255, 255, 255, 255], [0, 0, 0, 255]);
    expect(darkShare(page)).toBeGreaterThan(0.7);
    const note = invertedLineartNote(page, 'The lineart “chalk.png”', 'invert the image');
    expect(note).toMatch(/^The lineart “chalk\.png” is mostly dark \(\d+ % of it\).*light lines on a dark ground.*invert the image and colour it again\.$/);
  });

  it('leaves black lines on white, ink on a transparent layer and a page with large black fills alone', () => {
    expect(invertedLineartNote(grid(64, [0, 0, 0, 255], [255, 255, 255, 255]), 'x', 'y')).toBeUndefined();
    expect(invertedLineartNote(grid(64, [0, 0, 0, 255], [0, 0, 0, 0]), 'x', 'y')).toBeUndefined();
    // A night scene: the top 40 % of the panel filled black, the rest lines on white.
    const night = grid(64, [0, 0, 0, 255], [255, 255, 255, 255]);
    for (let i = 0; i < 64 * 26; i++) night.data.set([0, 0, 0, 255], i * 4);
    expect(darkShare(night)).toBeGreaterThan(0.5);
    expect(darkShare(night)).toBeLessThan(INVERTED_DARK_SHARE);
    expect(invertedLineartNote(night, 'x', 'y')).toBeUndefined();
  });
});
