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

  /** Every row a source gives, copied, and its ink count. */
  const rowsOf = (rows: PaperRowSource): Uint8Array[] => {
    const seen: Uint8Array[] = [];
    rows((y, flags) => {
      expect(y).toBe(seen.length);
      seen.push(flags.slice());
    });
    return seen;
  };

  it('reads the page once for its grid and every pass that needs the page-sized flags, which then replay the same rows', () => {
    const own = counted(rgbaPaperRows(lineart, contract));
    const grids = new PageGrids(lineart.width, lineart.height, own.rows);
    const expected = rowsOf(rgbaPaperRows(lineart, contract));
    expect(expected.some((row) => row.includes(0))).toBe(true);
    // The first reading (the region fill at scale 1) reads the lineart and makes the grid's paper as it goes.
    expect(rowsOf(grids.pageRows())).toEqual(expected);
    expect(own.reads()).toBe(1);
    expect(grids.paper()).toEqual(new PageGrids(lineart.width, lineart.height, rgbaPaperRows(lineart, contract)).paper());
    // Later readings (the line halo) replay the same flags without reading the lineart again.
    expect(rowsOf(grids.pageRows())).toEqual(expected);
    expect(own.reads()).toBe(1);

    // With the grid made first ('auto''s measure, the spills), the page-sized readings replay it too.
    const other = counted(rgbaPaperRows(lineart, contract));
    const gridFirst = new PageGrids(lineart.width, lineart.height, other.rows);
    gridFirst.withGaps(2);
    expect(rowsOf(gridFirst.pageRows())).toEqual(expected);
    expect(other.reads()).toBe(1);
  });
});
