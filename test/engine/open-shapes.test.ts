/**
 * Paint in a shape drawn open to the page (hair under an arc whose ends
 * stop short of the head) fills that shape, not the page around the figure
 * (src/model/open-shapes.ts).
 */
import { guardedRegionFill } from '../../src/model/fill-leaks';
import { FIRST_RADIUS, withOpenShapesClosed } from '../../src/model/open-shapes';
import { labelPaperRegions, MAX_GAP_RADIUS, planePaperRows, regionAt } from '../../src/model/paper-regions';
import { fillColour, fillOfRegions, planeHintPixels, type RegionFill } from '../../src/model/regions';

/** A head (a ring) under a hair arc (the upper half of a wider ring, drawn about another centre), at scale `s` of a 420 x 360 page. */
interface Page {
  readonly s: number;
  readonly width: number;
  readonly height: number;
  readonly line: Float32Array;
}

function hairPage(s: number): Page {
  const width = Math.round(420 * s);
  const height = Math.round(360 * s);
  const line = new Float32Array(width * height).fill(1);
  const half = Math.max(0.5, s); // lines 2 px wide at scale 1, 1 px at 0.5
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const head = headDistance(x / s, y / s) * s;
      // The arc's ends (at its centre's height) stand 28 px off the head at scale 1; the hair is 38 px across at its top.
      const arc = y <= 160 * s ? Math.hypot(x - 210 * s, y - 160 * s) - 90 * s : Infinity;
      if (Math.abs(head) <= half || Math.abs(arc) <= half) line[y * width + x] = 0;
    }
  }
  return { s, width, height, line };
}

/** Signed distance from the head's outline at scale-1 point (x, y): negative inside. */
const headDistance = (x: number, y: number): number => Math.hypot(x - 210, y - 170) - 60;

/** Paint, in scale-1 coordinates: where it lies, and its colour (0-1). */
interface Stroke {
  readonly at: (x: number, y: number) => boolean;
  readonly colour: readonly [number, number, number];
}
/** A painted rectangle: columns [x0, x1), rows [y0, y1). */
const dab = (x0: number, x1: number, y0: number, y1: number, colour: Stroke['colour']): Stroke => ({ at: (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1, colour });

function fillOf(page: Page, strokes: readonly Stroke[]): { fill: RegionFill; hint: ReturnType<typeof planeHintPixels> } {
  const { width, height, line, s } = page;
  const planes = [0, 1, 2, 3].map(() => new Float32Array(width * height));
  for (const { at, colour } of strokes) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (line[y * width + x] === 0 || !at(x / s, y / s)) continue; // paint on ink is no region's
        for (let c = 0; c < 3; c++) planes[c][y * width + x] = colour[c];
        planes[3][y * width + x] = 1;
      }
    }
  }
  const hint = planeHintPixels(planes[0], planes[1], planes[2], planes[3]);
  return { fill: fillOfRegions(labelPaperRegions(width, height, planePaperRows(line, width, height), 0), hint), hint };
}

/** The fill colour key at scale-1 point (x, y) of the page; -1 where it takes none. */
const colourAt = (page: Page, fill: RegionFill, x: number, y: number): number =>
  fillColour(fill.table, regionAt(fill.regions, Math.round(y * page.s) * page.width + Math.round(x * page.s)));

const BROWN = [0.43, 0.27, 0.16] as const;
const SKIN = [0.97, 0.83, 0.71] as const;
/** The hair, painted across the top of the band between the arc and the head. */
const hair = dab(170, 250, 80, 102, BROWN);
/** A skin stroke in the face. */
const face = dab(190, 230, 160, 180, SKIN);

describe('a shape drawn open to the page', () => {
  it.each([1, 0.5])('fills the hair between an open arc and the head, not the page (scale %p)', (s) => {
    const page = hairPage(s);
    const { fill, hint } = fillOf(page, [hair, face]);
    const brown = colourAt(page, fill, 210, 90);
    // The region fill spreads the hair over the whole page: the arc's ends do not meet the head.
    expect(colourAt(page, fill, 5, 5)).toBe(brown);
    const faceColour = colourAt(page, fill, 210, 200);
    const closed = withOpenShapesClosed(fill, hint);
    expect(colourAt(page, closed, 5, 5)).toBe(-1);
    expect(colourAt(page, closed, 410, 350)).toBe(-1);
    expect(colourAt(page, closed, 210, 300)).toBe(-1); // below the head
    // The hair keeps the hair's colour, at its top and on down its sides, and the face is untouched.
    expect(colourAt(page, closed, 210, 90)).toBe(brown);
    expect(colourAt(page, closed, 150, 105)).toBe(brown);
    expect(colourAt(page, closed, 270, 105)).toBe(brown);
    expect(colourAt(page, closed, 210, 200)).toBe(faceColour);
  });

  it('finds the closing that keeps the hair, narrowest first: the widest erases it at half size', () => {
    // At half size the hair is 18 px across and its gaps 15: the widest closing erases the hair with them.
    expect(FIRST_RADIUS).toBeLessThan(8);
    const page = hairPage(0.5);
    const { hint } = fillOf(page, [hair]);
    const widest = labelPaperRegions(page.width, page.height, planePaperRows(page.line, page.width, page.height), MAX_GAP_RADIUS);
    const at = (x: number, y: number): number => regionAt(widest, Math.round(y * 0.5) * page.width + Math.round(x * 0.5));
    expect(at(210, 90)).toBe(at(5, 5));
    const closed = withOpenShapesClosed(fillOf(page, [hair]).fill, hint);
    expect(colourAt(page, closed, 210, 90)).not.toBe(-1);
    expect(colourAt(page, closed, 5, 5)).toBe(-1);
  });

  it('leaves a page painted out in the open, slivers past an outline, and paint along a figure alone', () => {
    const page = hairPage(1);
    // A sky dab far from every line: laid there on purpose.
    const sky = fillOf(page, [hair, dab(10, 60, 10, 30, [0.5, 0.7, 0.95])]);
    expect(withOpenShapesClosed(sky.fill, sky.hint)).toBe(sky.fill);
    // A stroke's end past the head's outline at its chin, the open page below it (the slivers guard's).
    const sliver = fillOf(page, [dab(195, 225, 215, 245, SKIN)]);
    expect(colourAt(page, sliver.fill, 5, 5)).not.toBe(-1);
    expect(withOpenShapesClosed(sliver.fill, sliver.hint)).toBe(sliver.fill);
    // A glow painted round the head's lower half on the open page, hugging it: no line on its other side.
    const glow = fillOf(page, [{ at: (x, y) => y > 175 && headDistance(x, y) > 2 && headDistance(x, y) < 14, colour: [1, 0.9, 0.4] }]);
    expect(colourAt(page, glow.fill, 5, 5)).not.toBe(-1);
    expect(withOpenShapesClosed(glow.fill, glow.hint)).toBe(glow.fill);
  });

  it('fills a figure whose outlines have gaps wider than the closing in its own colours, not the page', () => {
    // A shirt (a box) over trousers (a box below it), each outline broken by a 10 px gap on its left.
    const width = 300;
    const height = 300;
    const line = new Float32Array(width * height).fill(1);
    const box = (x0: number, x1: number, y0: number, y1: number, gapY: number): void => {
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const wall = y - y0 < 2 || y1 - y < 2 || x - x0 < 2 || x1 - x < 2;
          if (wall && !(x - x0 < 2 && y >= gapY && y < gapY + 10)) line[y * width + x] = 0;
        }
      }
    };
    box(100, 200, 60, 150, 90);
    box(110, 190, 150, 250, 190);
    const page: Page = { s: 1, width, height, line };
    const { fill, hint } = fillOf(page, [dab(120, 180, 90, 120, [0.85, 0.1, 0.15]), dab(130, 170, 180, 230, [0.1, 0.15, 0.45])]);
    expect(colourAt(page, fill, 5, 5)).not.toBe(-1); // the page takes the figure's paint through the gaps
    const closed = withOpenShapesClosed(fill, hint);
    expect(colourAt(page, closed, 5, 5)).toBe(-1);
    expect(colourAt(page, closed, 290, 290)).toBe(-1);
    const shirt = colourAt(page, closed, 150, 80);
    const trousers = colourAt(page, closed, 150, 240);
    expect(shirt).not.toBe(-1);
    expect(trousers).not.toBe(-1);
    expect(shirt).not.toBe(trousers);
  });

  it('reads on past the first closing that walls the paint in, to the one walling in most of it', () => {
    // A shirt painted broadly, its outline open by 8 px (radius 4 shuts it: 91 % of the paint walled
    // in), and a pocket beside it painted with a dab, open by 14 px (radius 7 shuts it).
    const width = 320;
    const height = 300;
    const line = new Float32Array(width * height).fill(1);
    const outline = (x0: number, x1: number, y0: number, y1: number, gapFrom: number, gap: number): void => {
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const edge = y - y0 < 2 || y1 - 1 - y < 2 || x - x0 < 2 || x1 - 1 - x < 2;
          if (edge && !(x - x0 < 2 && y >= gapFrom && y < gapFrom + gap)) line[y * width + x] = 0;
        }
      }
    };
    outline(60, 160, 60, 220, 120, 8);
    outline(200, 260, 100, 160, 120, 14);
    const page: Page = { s: 1, width, height, line };
    const { fill, hint } = fillOf(page, [dab(80, 140, 80, 200, [0.85, 0.1, 0.15]), dab(220, 240, 120, 138, [0.1, 0.2, 0.7])]);
    const closed = withOpenShapesClosed(fill, hint);
    expect(colourAt(page, closed, 5, 5)).toBe(-1);
    const shirt = colourAt(page, closed, 110, 70);
    const pocket = colourAt(page, closed, 230, 150);
    expect(shirt).not.toBe(-1);
    expect(pocket).not.toBe(-1); // at radius 4 the pocket was the page's: no fill
    expect(pocket).not.toBe(shirt);
  });

  it("is one of the region fill's guards (guardedRegionFill), before the slivers guard", () => {
    const page = hairPage(1);
    const { hint } = fillOf(page, [hair, face]);
    const regions = labelPaperRegions(page.width, page.height, planePaperRows(page.line, page.width, page.height), 2);
    const guarded = guardedRegionFill(regions, hint, 2);
    expect(colourAt(page, guarded, 5, 5)).toBe(-1);
    expect(colourAt(page, guarded, 210, 90)).not.toBe(-1);
    expect(colourAt(page, guarded, 210, 200)).not.toBe(-1);
  });
});
