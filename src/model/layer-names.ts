/**
 * What artists name the layers Deepcolor reads, so that it finds them
 * without being told: the Photoshop host picks the hint layer by name, and
 * the CLI finds the lineart and hint layers of a page saved as PSD. The
 * engine itself never sees a layer; this lives here because it is the one
 * module every front end already imports.
 *
 * Both allow the suffixes Photoshop and artists add: "hint copy 2", "Lines_1".
 */
const SUFFIX = '([ _-]?(copy)?[ _-]?\\d*)?';

/** "hint", "Hints", "colors", "Colours", "color hint", and "flats", the comics colourist's layer of flat colours, which is a hint. */
const HINT_NAME = new RegExp(`^(hints?|colou?rs?|colou?r[ _-]?hints?|flats?)${SUFFIX}$`, 'i');
/** "Lineart", "line art", "Lines", "Inks", "inking", "ink lines". */
const LINEART_NAME = new RegExp(`^(line[ _-]?art|lines?|inks?|inking|ink[ _-]?lines?)${SUFFIX}$`, 'i');

function normalised(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

export function isHintLayerName(name: string): boolean {
  return HINT_NAME.test(normalised(name));
}

export function isLineartLayerName(name: string): boolean {
  return LINEART_NAME.test(normalised(name));
}
