/**
 * The white fill's shapes cut by the artist's colours (src/model/painted-parts.ts):
 * a shape painted in two colours becomes two, a lesser colour and unpainted
 * cells go with the biggest part, and without paint the shapes are the grid's.
 */
import { PageGrids } from '../../src/model/page-grid';
import { paintedParts } from '../../src/model/painted-parts';
import type { RegionPaint } from '../../src/model/region-paint';
import { loadContract } from '../helpers/engine';
import { solidImage } from '../helpers/synthetic';

const SIZE = 100;
const [BLUE, GREEN, RED] = [0xe0b478, 0x46a046, 0x3333e6];

/** The grid of a blank page: one shape over every cell. */
const blankGrid = () => PageGrids.of(solidImage(SIZE, SIZE, [255, 255, 255, 255]), loadContract()).withGaps(0);

/** Paint read at page pixel i = y * SIZE + x. */
const paintBy = (colourAt: (x: number, y: number) => number): RegionPaint => ({ colourAt: (i) => colourAt(i % SIZE, Math.floor(i / SIZE)) });

describe('the white fill\'s shapes cut by the paint', () => {
  it('is the grid\'s regions without paint, or with one colour', () => {
    const grid = blankGrid();
    const plain = paintedParts(grid, SIZE, SIZE);
    expect(plain.count).toBe(grid.regions.count);
    expect(new Set(plain.cellShape)).toEqual(new Set([1]));
    expect(paintedParts(grid, SIZE, SIZE, paintBy(() => BLUE)).count).toBe(grid.regions.count);
  });

  it('cuts a shape painted in two colours into one shape per colour, each from the grid region it was', () => {
    const grid = blankGrid();
    const parts = paintedParts(grid, SIZE, SIZE, paintBy((_x, y) => (y < 50 ? BLUE : GREEN)));
    expect(parts.count).toBe(grid.regions.count + 2);
    const top = parts.cellShape[0];
    const bottom = parts.cellShape[parts.cellShape.length - 1];
    expect(top).not.toBe(bottom);
    expect([parts.regionOf[top], parts.regionOf[bottom]]).toEqual([1, 1]);
    // Every cell is one of the two.
    expect(new Set(parts.cellShape)).toEqual(new Set([top, bottom]));
  });

  it('gives a lesser colour\'s cells and unpainted ones to the biggest part', () => {
    const grid = blankGrid();
    // Blue over 60 % of the page, green over 35 %, red (5 %, under MIN_PART_SHARE) and unpainted cells in a corner.
    const paint = paintBy((x, y) => (y < 60 ? BLUE : x < 5 ? RED : x < 10 ? -1 : GREEN));
    const parts = paintedParts(grid, SIZE, SIZE, paint);
    expect(parts.count).toBe(grid.regions.count + 2);
    const blue = parts.cellShape[0];
    const green = parts.cellShape[parts.cellShape.length - 1];
    // The red and unpainted cells (bottom left) are blue's, the biggest part's.
    expect(parts.cellShape[parts.cellShape.length - grid.cols]).toBe(blue);
    expect(parts.cellShape[parts.cellShape.length - grid.cols + 7]).toBe(blue); // an unpainted cell (x 5-9)
    expect(blue).not.toBe(green);
  });
});
