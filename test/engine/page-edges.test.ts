/**
 * Page edges (types.PageEdges): on a crop of a page (Photoshop's selection),
 * only the sides that are the page's own edges make paper "the page around
 * the figure". A region the crop cuts is coloured like any other region,
 * in the flats and in what the engine's grids call background.
 */
import { flatsLayer } from '../../src/model';
import { backgroundRegions, PageGrids } from '../../src/model/page-grid';
import type { RgbaImage } from '../../src/model/types';
import { loadContract } from '../helpers/engine';
import { drawStrokes, type Segment } from '../helpers/synthetic';

const contract = loadContract();
const NONE = { left: false, top: false, right: false, bottom: false };
const ALL = { left: true, top: true, right: true, bottom: true };

/** A 120×80 crop whose box (x 10..110, y 10..70) is open on the left: the crop cut it there. */
function cutBox(): RgbaImage {
  const lines: Segment[] = [
    { x0: 0, y0: 10, x1: 110, y1: 10 },
    { x0: 110, y0: 10, x1: 110, y1: 70 },
    { x0: 110, y0: 70, x1: 0, y1: 70 },
  ];
  return drawStrokes(120, 80, lines, 2);
}

const alphaAt = (image: RgbaImage, x: number, y: number): number => image.data[(y * image.width + x) * 4 + 3];

describe('page edges on a crop', () => {
  it('flats: a region the crop cuts gets a flat colour; paper at a real page edge stays transparent', () => {
    const lineart = cutBox();
    // As a whole page, the box's inside touches the left edge: the page around the figure.
    expect(alphaAt(flatsLayer(lineart, undefined, contract), 50, 40)).toBe(0);
    const cropped = flatsLayer(lineart, undefined, contract, { pageEdges: { ...NONE, top: true } });
    expect(alphaAt(cropped, 50, 40)).toBe(255);
    // Above the box the paper touches the top, which is the page's edge here.
    expect(alphaAt(cropped, 50, 3)).toBe(0);
    // Below the box the paper joins it round the right side: the same surround.
    expect(alphaAt(cropped, 50, 76)).toBe(0);
    // With no page edge at all (a crop deep inside the page), the surround is a region too.
    expect(alphaAt(flatsLayer(lineart, undefined, contract, { pageEdges: NONE }), 50, 76)).toBe(255);
  });

  it('flats refuse page edges that are not four yes/no answers', () => {
    expect(() => flatsLayer(cutBox(), undefined, contract, { pageEdges: { left: 1 } as unknown as typeof NONE })).toThrow(/pageEdges/);
  });

  it("background regions: a cut region is neither the page's surround nor a panel", () => {
    const lineart = cutBox();
    const insideRegion = (edges: typeof ALL): number => {
      const grid = PageGrids.of(lineart, contract, edges).withGaps(0);
      const { regions } = grid;
      const r = regions.region[regions.labels[40 * lineart.width + 50]];
      return backgroundRegions(regions, 1, grid.edges)[r];
    };
    // Whole page: the box's inside touches the left edge. Crop with the left side inside the
    // page: the inside is a rectangle filling its box (a panel's shape), but the crop cut it.
    expect(insideRegion(ALL)).toBe(1);
    expect(insideRegion({ ...ALL, left: false })).toBe(0);
  });
});
