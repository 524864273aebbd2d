/**
 * The colour a shape painted in several colours is filled with, where the
 * colour split (fill-split.ts) keeps it one shape: its base colour, the
 * colour laid over the shape, not the mean of all its paint.
 *
 * Why: the region fill gives a region the mean of its paint (regions.ts).
 * Where the colours are accents on a base (blush dabbed on the cheeks of a
 * face painted with a skin stroke, a highlight dabbed on a red apple, eyes
 * dabbed blue in a face), the mean is a colour nobody painted: two blush
 * dabs larger than the skin stroke made the whole face pink, a skin stroke
 * twice theirs still left it salmon, a pale highlight turned the red apple
 * peach (a review, session 29: `face_close`). An artist means "skin, with
 * pink cheeks": the base fills the shape, and the accents stay where they
 * were painted (the stroke blend keeps a dab of a colour clearly off its
 * shape's as painted, stroke-blend.ts; the network reads every stroke).
 *
 * Which colour is the base:
 * - only colours of at least MIN_PART_SHARE of the paint (fill-split's
 *   major colours) can be; where there is one, it is;
 * - thin lines (LINE_ELONGATION) holding clearly less paint (CLEARLY) than
 *   the colour holding most, and far lighter or darker than it
 *   (LIGHTNESS_APART), are details on it (a rim light, a vein, a shadow's
 *   edge, a highlight pulled along the hair), never the base; where one
 *   colour is left, it is the base;
 * - a stroke clearly longer than every other colour's strokes, all of
 *   them dabs (DAB_ELONGATION), is the base: a base is laid with a stroke
 *   or a scribble across the shape; blush, buttons, polka dots, a round
 *   highlight are dabs. Dabs holding over half the stroke's paint
 *   (DABBED_SHARE) are accents only where their colour is a pair of them
 *   at most (FEW_DABS: cheeks, however large): a body dabbed all over in
 *   tan is tan under a red collar line, not red;
 * - else the colour holding clearly most paint where every other is thin
 *   lines (a collar, a blush line across a face dabbed skin);
 * - otherwise the mean stays: two strokes alike (a red and a blue in one
 *   open shape), a shadow line holding more paint than the short strokes of
 *   the base, a big dab among as much paint in smaller ones of another
 *   colour (a white belly on a cat dabbed orange). Two artists'
 *   reviews (session 30) shaped these: the longest stroke alone made a
 *   cream apple of a rim light and a yellow leaf of its vein, and flipped
 *   two equal strokes between 'auto' and scale 1; a long line over dabs of
 *   any count made a red dog of a tan one's collar;
 * - the fill is the paint of the base and its shades (colours of its hue,
 *   within HUE_APART in chromaticity, or, for a base with no hue, white or
 *   near-black, the other colours with none): a shadow dabbed in the base's
 *   hue still darkens the mean as it did.
 * Where every colour is a shade of the base (a base and its shadow tone),
 * nothing changes: the mean stays.
 */
import { HUE_APART, hueOf, type PartColour } from './fill-ground';
import { lab } from './colour-difference';

/** A stroke is a dab, not a line, up to this elongation (longer side squared over pixels): a disc 1.3, an oval twice as long as wide 2.5. */
export const DAB_ELONGATION = 3;
/**
 * A stroke this elongated is a thin line (a rim light, a vein, a shadow's
 * edge: 12-50 in the review); a base laid with a stroke is broader (a skin
 * stroke across a face 9-10).
 */
export const LINE_ELONGATION = 12;
/**
 * A thin line this far in lightness (CIELAB L*) from the colour holding
 * most paint is a highlight or a shadow on it: a rim light on a red apple
 * 50, a highlight pulled along brown hair 55, a mug's shadow line 28; a
 * skin stroke beside pink blush 20.
 */
export const LIGHTNESS_APART = 25;
/** One colour's measure is clearly above another's at this many times it: the base's longest stroke over an accent's, the paint of the colour holding most over a thin line's. */
export const CLEARLY = 1.5;

/**
 * Dabs of a colour are accents however much paint they hold where they are
 * at most this many (a pair of cheeks, of eyes)...
 */
export const FEW_DABS = 2;
/**
 * ...and more of them, where they hold at most this share of the base's
 * paint (polka dots, buttons): more is the shape dabbed all over in their
 * colour (an orange cat dabbed four times round a big white belly dab, 0.5).
 */
export const DABBED_SHARE = 0.5;

/** The strokes of a shape's colours, by colour (fill-overshoot.ts's PartStrokes, indexed from 0). */
export interface ColourStrokes {
  /** The longer side of the box of its longest stroke. */
  readonly longest: ArrayLike<number>;
  /** Its most elongated stroke's longer side squared over its pixels. */
  readonly elongation: ArrayLike<number>;
  /** How many strokes it has. */
  readonly count: ArrayLike<number>;
}

/**
 * The base among `candidates` (indices into `colours`; `strokes` by
 * colour): see the module comment; undefined where none is clear.
 */
export function baseOf(colours: readonly PartColour[], candidates: readonly number[], strokes: ColourStrokes): number | undefined {
  const length = (c: number): number => strokes.longest[c] ?? 0; // a colour with no stroke measured: none
  const elongation = (c: number): number => strokes.elongation[c] ?? 0;
  const weight = (c: number): number => colours[c].paint[0];
  const lightness = (c: number): number => lab(...(colours[c].colour.map((v) => 255 * v) as [number, number, number]))[0];
  const heaviestOf = (among: readonly number[]): number => among.reduce((best, c) => (weight(c) > weight(best) ? c : best));
  const thin = (c: number): boolean => elongation(c) > LINE_ELONGATION;
  const heaviest = heaviestOf(candidates);
  const detail = (c: number): boolean => thin(c) && CLEARLY * weight(c) <= weight(heaviest) && Math.abs(lightness(c) - lightness(heaviest)) > LIGHTNESS_APART;
  const left = candidates.filter((c) => !detail(c));
  if (left.length === 1) return left[0];
  // A stroke clearly longer than the others' dabs.
  const longest = left.reduce((best, c) => (length(c) > length(best) ? c : best));
  const heavier = heaviestOf(left);
  const accent = (c: number): boolean =>
    elongation(c) <= DAB_ELONGATION && CLEARLY * length(c) <= length(longest) && ((strokes.count[c] ?? 0) <= FEW_DABS || weight(c) <= DABBED_SHARE * weight(longest));
  if (left.every((c) => c === longest || accent(c))) return longest;
  // The colour holding clearly most paint among thin lines.
  if (left.every((c) => c === heavier || (thin(c) && CLEARLY * weight(c) <= weight(heavier)))) return heavier;
  return undefined;
}

/** Whether two colours are shades of one: both of one hue (HUE_APART), or both with none. */
export function shadesOfOne(a: Pick<PartColour, 'colour'>, b: Pick<PartColour, 'colour'>): boolean {
  const [p, q] = [hueOf(a), hueOf(b)];
  if (!p || !q) return !p && !q;
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) < HUE_APART;
}

/**
 * The paint (mask, premultiplied r, g, b, pixels: PartColour.paint) of
 * `colours[base]` and its shades among `colours`, and whether those were
 * every one of them (the mean stays then).
 */
export function basePaint(colours: readonly PartColour[], base: number): { paint: number[]; every: boolean } {
  const paint = [0, 0, 0, 0, 0];
  let every = true;
  for (let c = 0; c < colours.length; c++) {
    if (c !== base && !shadesOfOne(colours[c], colours[base])) {
      every = false;
      continue;
    }
    for (let v = 0; v < 5; v++) paint[v] += colours[c].paint[v];
  }
  return { paint, every };
}
