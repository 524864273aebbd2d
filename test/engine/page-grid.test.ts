import { PageGrids, pageGrid, valuePaperRows } from '../../src/model/page-grid';
import type { PaperRowSource } from '../../src/model/paper-regions';
import { rgbaLineValues, rgbaPaperRows } from '../../src/model/preprocess';
import { loadContract } from '../helpers/engine';
import { circle, drawStrokes } from '../helpers/synthetic';

const contract = loadContract();

/** A paper row source that counts how often the page is read. */
function counted(rows: PaperRowSource): { rows: PaperRowSource; reads: () => number } {
  let reads = 0;
  return {
    rows: (visit) => {
      reads++;
      rows(visit);
    },
    reads: () => reads,
  };
}

describe('the page grids one colorize shares', () => {
  // 2,100 px wide: 3-pixel cells, so a gap radius of 2 and of 3 page pixels close gaps of one cell.
  const lineart = drawStrokes(2100, 300, [...circle(300, 150, 120, 32), ...circle(1000, 160, 100, 32), { x0: 1400, y0: 20, x1: 2000, y1: 280 }], 4);

  it('reads the page once and labels once per closing radius in cells, the same grids a fresh pageGrid makes', () => {
    const source = counted(rgbaPaperRows(lineart, contract));
    const grids = new PageGrids(lineart.width, lineart.height, source.rows);
    expect(grids.block).toBe(3);
    const two = grids.withGaps(2);
    expect(grids.withGaps(3)).toBe(two); // ceil(2 / 3) = ceil(3 / 3) = 1 cell
    const four = grids.withGaps(4);
    expect(four).not.toBe(two);
    expect(four.paper).toBe(two.paper);
    expect(source.reads()).toBe(1);

    const fresh = pageGrid(rgbaPaperRows(lineart, contract), lineart.width, lineart.height, 1024, 4);
    expect(four.paper).toEqual(fresh.paper);
    expect(four.regions.count).toBe(fresh.regions.count);
    expect(Array.from(four.regions.labels, (l) => four.regions.region[l])).toEqual(Array.from(fresh.regions.labels, (l) => fresh.regions.region[l]));
    // The lineart's line values give the same paper flags as its RGBA bytes ('auto' measures on either).
    expect(pageGrid(valuePaperRows(rgbaLineValues(lineart, contract)), lineart.width, lineart.height, 1024, 4).paper).toEqual(fresh.paper);
  });

  it('makes its paper from a pass that reads the page anyway, passing every row on unchanged', () => {
    const own = counted(rgbaPaperRows(lineart, contract));
    const grids = new PageGrids(lineart.width, lineart.height, own.rows);
    const rowsSeen: number[] = [];
    let inkSeen = 0;
    grids.observe(rgbaPaperRows(lineart, contract))((y, flags) => {
      rowsSeen.push(y);
      for (const f of flags) inkSeen += 1 - f;
    });
    expect(rowsSeen).toEqual(Array.from({ length: lineart.height }, (_, y) => y));
    let ink = 0;
    rgbaPaperRows(lineart, contract)((_y, flags) => {
      for (const f of flags) ink += 1 - f;
    });
    expect(inkSeen).toBe(ink);
    expect(grids.paper()).toEqual(new PageGrids(lineart.width, lineart.height, rgbaPaperRows(lineart, contract)).paper());
    expect(own.reads()).toBe(0); // its own source never read: the observed pass made the grid

    // Once the grid is made, a later pass is passed through as it is.
    const later = rgbaPaperRows(lineart, contract);
    expect(grids.observe(later)).toBe(later);
  });
});
