/**
 * A sky and a ground: in the page around the figures, two colours the
 * artist painted far apart in hue each keep their part of it, where the
 * colour split (fill-split.ts) would join them as one open shape.
 *
 * Why: the page around a figure is one region, and a region takes its
 * paint's mean: sky-blue strokes at the top and grass-green ones at the
 * bottom gave one teal page (session 26). In a figure's open shape two
 * colours are more often a slip or a shade, and stay joined there.
 *
 * A region is the page around the figures when its bounding box reaches
 * two sides of the canvas, or it is a comic panel's background (a big,
 * nearly rectangular region holding figures, or framed in ink: panelBackground). Its
 * colours that each hold OPEN_GROUND_SHARE of its paint with a hue, and lie
 * HUE_APART in chromaticity, stay apart where they meet in the open. A
 * colour with no hue (too dark to tell, or white) is a sky or a ground only
 * where all its strokes lie FAR_APART from all the other colour's: snow
 * below a sky, a black night over a town, not a cloud in the sky (blue
 * strokes over white ones painted for snow gave one pale blue page, session
 * 28). In an empty frame (panelBackground's 'empty': a panel with nothing
 * drawn in it, or a figure's door, screen or window) only two colours of
 * clear hues are a sky and a ground: a screen's white glint or a door's grey
 * kick plate is a detail of the figure (a review, session 28). A base
 * and its shadow tone of one hue are joined (split, a ruler-straight seam
 * crossed a cut-off cloak). A lesser colour (a sun, a bird, a cloud) joins
 * the part it meets first, never a sky to a ground, and each sky's or
 * ground's part fills from its own colour's paint only: the sun is a dab,
 * not a tint.
 */

import { PANEL_FILL, PANEL_SIDE } from './page-grid';
import { forEachLabelRun, type RegionLabels } from './paper-regions';

/** A comic panel's background holds figures over at least this share of its box. */
const PANEL_FIGURES = 0.02;

/** In the page around the figures, colours holding at least this share of its paint each may be a sky and a ground... */
export const OPEN_GROUND_SHARE = 0.2;
/** ...when their chromaticities (r, g and b over their sum) lie at least this far apart: a hue apart, not a shade. */
export const HUE_APART = 0.05;
/** Colours darker than this (r + g + b, channels 0-1) have no hue to tell apart... */
const HUED = 0.2;
/** ...nor has white (every channel at least this): a cloud in a sky, a highlight, not a ground of its own... */
const WHITE = 0.85;
/**
 * ...unless the rows its strokes span and the other colour's lie one above
 * the other at least this far apart, in shares of the region's box: snow
 * painted at the page's foot under a sky at its head lies 0.75 apart, a
 * cloud by the sky's strokes overlaps them or lies 0.05 below, and a cloud
 * painted in the snow's colour 35 px under the sky takes the snow's box up
 * to it (a review: one colour, it rose as a white tower to the sky). Side by
 * side is no sky and ground: a cloud at the sky's height a third of the page
 * to its right (a code review) stays a cloud.
 */
export const FAR_APART = 0.25;
/** In an empty frame, a sky's and a ground's chromaticities each lie at least this far from grey's (1/3 each): clear hues, not a grey. */
const CLEAR_HUE = 0.05;

/** One of a region's distinct colours. */
export interface PartColour {
  /** Its share of the region's paint (mask-weighted; a colour with a hue, of the paint with a hue). */
  readonly share: number;
  /** Unpremultiplied r, g, b (0-1). */
  readonly colour: number[];
  /** Its paint's sums over the region: mask, premultiplied r, g, b, pixels. */
  readonly paint: number[];
}

/** A colour's chromaticity (r, g, b over their sum), undefined for one with no hue (too dark, or white). */
export function hueOf({ colour: [r, g, b] }: Pick<PartColour, 'colour'>): number[] | undefined {
  const sum = r + g + b;
  return sum < HUED || Math.min(r, g, b) >= WHITE ? undefined : [r / sum, g / sum, b / sum];
}

/** Whether a part's colour can be a sky or a ground: OPEN_GROUND_SHARE of the paint, and a hue. */
export function isGround(part: Pick<PartColour, 'share' | 'colour'>): boolean {
  return part.share >= OPEN_GROUND_SHARE && hueOf(part) !== undefined;
}

/** A region (a part of a sky or a ground, a shape filled from its base colour) and the paint it fills from: mask, premultiplied r, g, b, pixels (as regionFillTable sums them). */
export interface PaintFill {
  readonly region: number;
  readonly paint: number[];
}

/**
 * For each part left (numbered from `firstRegion`) holding a sky's or a
 * ground's colour (isGround, or a colour with no hue in one of the `pairs`:
 * snow), that colour's paint (summed where it holds two): what the part
 * fills from, without the lesser colours joined to it. A part holding both
 * fills from its hued ones: a cloud paired with the grass far below it, but
 * joined to the sky, is a dab in the sky.
 */
export function groundPaint(parts: readonly PartColour[], pairs: Uint8Array, partNumber: Uint8Array, firstRegion: number): PaintFill[] {
  const n = parts.length + 1;
  const paired = (p: number): boolean => parts.some((_, k) => pairs[Math.min(p, k + 1) * n + Math.max(p, k + 1)] === 1);
  const hued = new Map<number, number[]>();
  const hueless = new Map<number, number[]>();
  parts.forEach((part, i) => {
    const fills = isGround(part) ? hued : paired(i + 1) ? hueless : undefined;
    if (!fills) return;
    const region = firstRegion + partNumber[i + 1] - 1;
    const paint = fills.get(region) ?? [0, 0, 0, 0, 0];
    for (let v = 0; v < 5; v++) paint[v] += part.paint[v];
    fills.set(region, paint);
  });
  for (const [region, paint] of hueless) if (!hued.has(region)) hued.set(region, paint);
  return [...hued].map(([region, paint]) => ({ region, paint }));
}

/** A region's bounding box on its canvas (inclusive). */
export interface RegionBox {
  readonly region: number;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Whether `box` reaches two or more sides of the canvas: the page around the figures. */
export function reachesTwoSides(box: Omit<RegionBox, 'region'>, width: number, height: number): boolean {
  return Number(box.left === 0) + Number(box.top === 0) + Number(box.right === width - 1) + Number(box.bottom === height - 1) >= 2;
}

/** A comic panel's background holding figures, or an empty frame: a panel with nothing drawn in it, or a figure's rectangle (a door, a window). */
export type PanelKind = 'figures' | 'empty';

/**
 * Whether region `box.region` is a comic panel's background, the page around
 * the figures in that panel, and whether it holds any. At least PANEL_SIDE
 * of the canvas wide and tall, and:
 * - its box framed in ink all round (FRAME_INK): a panel's border, holding
 *   figures (paper of other regions over PANEL_FIGURES of its box, a figure
 *   cut off by the panel's side too) or 'empty' (an establishing shot of sky
 *   and ground, a balloon whose tail opens it to the panel; or a figure's
 *   rectangle framed so: a door, a window, a screen);
 * - or, not framed (a frame with gaps, a panel bled to the page's edge on
 *   one side), its rows (leftmost to rightmost pixel) covering PANEL_FILL of
 *   its box, as page-grid.ts's backgroundRegions tells a panel from a
 *   figure's shape (a disc covers 0.785 of its box), with figures in it:
 *   shapes of their own closed in by its rows over PANEL_FIGURES of its box.
 * A sky and a ground painted in a panel averaged to one teal (session 26's
 * review), and in an empty panel still did (session 27's).
 */
export function panelBackground(labels: RegionLabels, box: RegionBox): PanelKind | undefined {
  const { width, height, region } = labels;
  const boxWidth = box.right - box.left + 1;
  const boxHeight = box.bottom - box.top + 1;
  if (boxWidth < PANEL_SIDE * width || boxHeight < PANEL_SIDE * height) return undefined;
  if (framedInInk(labels, box)) return otherPaper(labels, box) >= PANEL_FIGURES * boxWidth * boxHeight ? 'figures' : 'empty';
  let covered = 0;
  let figures = 0;
  for (let y = box.top; y <= box.bottom; y++) {
    // By runs of one label: the row's span from its first to its last pixel of the region, and the
    // figures' pixels (other regions' paper) between them, counted as each later run of the region closes them in.
    let first = -1;
    let last = -1;
    let pending = 0; // figure pixels since the region's last run
    forEachLabelRun(labels.labels, y * width + box.left, y * width + box.right + 1, (from, to, label) => {
      const r = region[label];
      if (r === box.region) {
        if (first < 0) first = from;
        else figures += pending;
        last = to;
        pending = 0;
      } else if (r !== 0 && first >= 0) pending += to - from;
    });
    if (first >= 0) covered += last - first;
  }
  return covered >= PANEL_FILL * boxWidth * boxHeight && figures >= PANEL_FIGURES * boxWidth * boxHeight ? 'figures' : undefined;
}

/** Pixels of regions other than `box.region` (not ink) inside `box`: a framed panel's figures, wherever they lie in it. */
function otherPaper(labels: RegionLabels, box: RegionBox): number {
  let count = 0;
  for (let y = box.top; y <= box.bottom; y++) {
    forEachLabelRun(labels.labels, y * labels.width + box.left, y * labels.width + box.right + 1, (from, to, label) => {
      const r = labels.region[label];
      if (r !== 0 && r !== box.region) count += to - from;
    });
  }
  return count;
}

/** A panel's frame: at least this share of each line of pixels just outside a box is ink. */
const FRAME_INK = 0.9;

/** Whether the lines of pixels just outside `box` (inside the canvas) are each at least FRAME_INK ink: a panel's frame. */
function framedInInk(labels: RegionLabels, box: RegionBox): boolean {
  const { width, height, region } = labels;
  const inkShare = (from: number, count: number, step: number): number => {
    let ink = 0;
    for (let k = 0, i = from; k < count; k++, i += step) if (region[labels.labels[i]] === 0) ink++;
    return ink / count;
  };
  const rows = box.bottom - box.top + 1;
  const cols = box.right - box.left + 1;
  if (box.left === 0 || box.top === 0 || box.right === width - 1 || box.bottom === height - 1) return false;
  return (
    inkShare(box.top * width + box.left - 1, rows, width) >= FRAME_INK &&
    inkShare(box.top * width + box.right + 1, rows, width) >= FRAME_INK &&
    inkShare((box.top - 1) * width + box.left, cols, 1) >= FRAME_INK &&
    inkShare((box.bottom + 1) * width + box.left, cols, 1) >= FRAME_INK
  );
}

/** The rows a colour's strokes in a region span: top and bottom, in shares of the region's box's height (0-1). */
export type StrokeRows = readonly [number, number];

/**
 * Of a region's parts (1-based; `parts[p - 1]`), the pairs that stay apart
 * where they meet in the open, as a flag per pair (p * (count + 1) + q,
 * p < q): each holding OPEN_GROUND_SHARE of the paint, and HUE_APART in
 * chromaticity, or, where either has no hue, the rows their strokes span
 * (`strokes[p - 1]`) FAR_APART, one above the other; in an `emptyFrame`,
 * only two clear hues (CLEAR_HUE). Undefined where no pair does.
 */
export function groundPairs(parts: readonly PartColour[], strokes: readonly StrokeRows[], emptyFrame = false): Uint8Array | undefined {
  const n = parts.length;
  let pairs: Uint8Array | undefined;
  const hue = parts.map(hueOf);
  const clear = (h: number[] | undefined): boolean => h !== undefined && Math.hypot(h[0] - 1 / 3, h[1] - 1 / 3, h[2] - 1 / 3) >= CLEAR_HUE;
  for (let p = 1; p <= n; p++) {
    for (let q = p + 1; q <= n; q++) {
      if (parts[p - 1].share < OPEN_GROUND_SHARE || parts[q - 1].share < OPEN_GROUND_SHARE) continue;
      const [a, b] = [hue[p - 1], hue[q - 1]];
      if (emptyFrame && !(clear(a) && clear(b))) continue;
      const apart = a && b ? Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) >= HUE_APART : verticalGap(strokes[p - 1], strokes[q - 1]) >= FAR_APART;
      if (apart) (pairs ??= new Uint8Array((n + 1) * (n + 1)))[p * (n + 1) + q] = 1;
    }
  }
  return pairs;
}

/** How far apart two spans of rows lie, one above the other (0 where they overlap). */
function verticalGap([t1, b1]: StrokeRows, [t2, b2]: StrokeRows): number {
  return Math.max(0, t1 - b2, t2 - b1);
}
