/**
 * The page around the figures painted only by slivers of the figures'
 * strokes past their outlines takes no fill (src/model/page-slivers.ts).
 */
import { guardedRegionFill } from '../../src/model/fill-leaks';
import { OPEN_REACH, SLIVER_REACH, SLIVER_SHARE, withoutPageSlivers } from '../../src/model/page-slivers';
import { labelPaperRegions, planePaperRows, regionAt } from '../../src/model/paper-regions';
import { fillColour, fillOfRegions, planeHintPixels, type RegionFill } from '../../src/model/regions';

const W = 240;
const H = 200;

/** A page with a figure: a closed box, columns [80, 160], rows [60, 140], its outline 2 px of ink. */
function figurePage(): Float32Array {
  const line = new Float32Array(W * H).fill(1);
  for (let y = 60; y <= 140; y++) {
    for (let x = 80; x <= 160; x++) if (y - 60 < 2 || 140 - y < 2 || x - 80 < 2 || 160 - x < 2) line[y * W + x] = 0;
  }
  return line;
}

/** A painted rectangle: columns [x0, x1), rows [y0, y1), one colour (0-1). */
type Dab = readonly [x0: number, x1: number, y0: number, y1: number, colour: readonly [number, number, number]];

function fillOf(line: Float32Array, dabs: readonly Dab[]): { fill: RegionFill; hint: ReturnType<typeof planeHintPixels> } {
  const planes = [0, 1, 2, 3].map(() => new Float32Array(W * H));
  for (const [x0, x1, y0, y1, colour] of dabs) {
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        if (line[y * W + x] === 0) continue; // paint on ink is no region's
        for (let c = 0; c < 3; c++) planes[c][y * W + x] = colour[c];
        planes[3][y * W + x] = 1;
      }
    }
  }
  const hint = planeHintPixels(planes[0], planes[1], planes[2], planes[3]);
  return { fill: fillOfRegions(labelPaperRegions(W, H, planePaperRows(line, W, H), 0), hint), hint };
}

const colourAt = (fill: RegionFill, x: number, y: number): number => fillColour(fill.table, regionAt(fill.regions, y * W + x));
const BLACK = [0.1, 0.1, 0.1] as const;
const SKIN = [0.97, 0.83, 0.71] as const;

describe('the page around painted only by slivers', () => {
  // A hair stroke over the figure's top, 30 px thick, its ends 4 and 3 px past the outline on the page, and a
  // skin scribble 5 px past it (the review's two figures: the page came out black above and skin below).
  const hair: Dab = [76, 164, 62, 92, BLACK];
  const skinScribble: Dab = [100, 166, 100, 110, SKIN];

  it('takes no fill where the slivers are all the page around holds', () => {
    const { fill, hint } = fillOf(figurePage(), [hair, skinScribble]);
    expect(colourAt(fill, 5, 5)).not.toBe(-1); // the region fill spreads the slivers over the page
    const guarded = withoutPageSlivers(fill, hint);
    expect(colourAt(guarded, 5, 5)).toBe(-1);
    expect(colourAt(guarded, 200, 190)).toBe(-1);
    // The figure keeps its fill.
    expect(colourAt(guarded, 120, 80)).toBe(colourAt(fill, 120, 80));
    expect(colourAt(guarded, 120, 80)).not.toBe(-1);
  });

  it('keeps the fill of a page around painted out in the open, or painted over more of it', () => {
    // A sky dab far from the figure, beside the same slivers: laid there on purpose.
    const sky: Dab = [10, 40, 10, 20, [0.5, 0.7, 0.95]];
    const open = fillOf(figurePage(), [hair, sky]);
    expect(withoutPageSlivers(open.fill, open.hint)).toBe(open.fill);
    // Paint hugging the figure but over SLIVER_SHARE of the page around: a ground painted round it.
    const wide: Dab = [60, 180, 142, 160, [0.4, 0.6, 0.3]]; // 2,160 px within 20 of the outline
    expect(2160 / (W * H - 81 * 81)).toBeGreaterThan(SLIVER_SHARE);
    const ground = fillOf(figurePage(), [hair, wide]);
    expect(withoutPageSlivers(ground.fill, ground.hint)).toBe(ground.fill);
    // A page around that is a margin 12 px wide (a comic page's gutters are as narrow): near the lines all
    // over, so a dab there hugs them however it was meant; it keeps its fill.
    const margin = new Float32Array(W * H).fill(1);
    for (let y = 12; y < H - 12; y++) for (let x = 12; x < W - 12; x++) if (y < 14 || y >= H - 14 || x < 14 || x >= W - 14) margin[y * W + x] = 0;
    const dab = fillOf(margin, [[4, 8, 4, 8, [0.1, 0.1, 0.1]]]);
    expect(colourAt(dab.fill, 100, 5)).not.toBe(-1);
    expect(withoutPageSlivers(dab.fill, dab.hint)).toBe(dab.fill);
    expect(OPEN_REACH).toBeGreaterThan(12);
  });

  it('measures the slivers within SLIVER_REACH of ink', () => {
    // The hair's ends pulled out to SLIVER_REACH + 4 past the outline: out in the open at their tips.
    const far: Dab = [80 - SLIVER_REACH - 4, 160 + SLIVER_REACH + 4, 62, 66, BLACK];
    const { fill, hint } = fillOf(figurePage(), [far]);
    expect(withoutPageSlivers(fill, hint)).toBe(fill);
    const near: Dab = [80 - SLIVER_REACH + 2, 160 + SLIVER_REACH - 2, 62, 66, BLACK];
    const kept = fillOf(figurePage(), [near]);
    expect(colourAt(withoutPageSlivers(kept.fill, kept.hint), 5, 5)).toBe(-1);
  });

  it('leaves a shape touching fewer than two sides of the canvas alone', () => {
    // A box hanging from the page's top edge (a panel's corner, a sign) touches one side of it.
    const line = figurePage();
    for (let y = 0; y <= 40; y++) for (const x of [180, 220]) line[y * W + x] = 0;
    for (let x = 180; x <= 220; x++) line[40 * W + x] = 0;
    const inBox: Dab = [182, 186, 20, 24, BLACK]; // a sliver by the box's wall, in the box
    const { fill, hint } = fillOf(line, [inBox]);
    expect(colourAt(fill, 200, 20)).not.toBe(-1);
    expect(withoutPageSlivers(fill, hint)).toBe(fill);
  });

  it("is one of the region fill's guards (guardedRegionFill)", () => {
    const { hint } = fillOf(figurePage(), [hair, skinScribble]);
    const regions = labelPaperRegions(W, H, planePaperRows(figurePage(), W, H), 0);
    const guarded = guardedRegionFill(regions, hint, 0);
    expect(colourAt(guarded, 5, 5)).toBe(-1);
    expect(colourAt(guarded, 120, 80)).not.toBe(-1);
  });
});
