/**
 * Missed dabs (src/model/missed-dabs.ts): paint laid on the page just beside
 * a shape painted in the same colour is not paint for the page.
 */
import { withoutMissedDabs } from '../../src/model/missed-dabs';
import { PageGrids } from '../../src/model/page-grid';
import { paintedSpans } from '../../src/model/painted-spans';
import type { RgbaImage } from '../../src/model/types';
import { loadContract } from '../helpers/engine';
import { circle, drawStrokes, solidImage } from '../helpers/synthetic';

const contract = loadContract();
const SIZE = 200;
const PINK: [number, number, number] = [224, 96, 154];
const BLUE: [number, number, number] = [90, 140, 230];

/** A figure: a disc of radius 30 at (100, 100) on a 200 px page (a framed rectangle would read as a panel). */
const lineart = drawStrokes(SIZE, SIZE, circle(100, 100, 30, 96), 3);

function dab(hint: RgbaImage, x0: number, y0: number, x1: number, y1: number, colour: [number, number, number]): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hint.data.set([...colour, 255], (y * SIZE + x) * 4);
}

/** The painted pixels left in rows y0..y1, columns x0..x1 once the missed dabs are out. */
function paintLeft(hint: RgbaImage, [x0, y0, x1, y1]: number[]): number {
  const grids = PageGrids.of(lineart, contract);
  const grid = grids.withGaps(2);
  const kept = withoutMissedDabs(hint, paintedSpans(hint), grid, grids.background(2));
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (kept.data[(y * SIZE + x) * 4 + 3] > 0) n++;
  return n;
}

describe('missed dabs', () => {
  const BESIDE = [56, 95, 66, 105]; // 2-12 px off the disc's left side
  it('takes out a dab on the page just beside a shape painted its colour, and keeps the shape\'s own', () => {
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    dab(hint, 90, 95, 110, 105, PINK); // in the figure
    dab(hint, BESIDE[0], BESIDE[1], BESIDE[2], BESIDE[3], PINK);
    expect(paintLeft(hint, BESIDE)).toBe(0);
    expect(paintLeft(hint, [90, 95, 110, 105])).toBe(200);
  });

  it('keeps it where the figure holds no paint of its colour', () => {
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    dab(hint, 90, 95, 110, 105, BLUE);
    dab(hint, BESIDE[0], BESIDE[1], BESIDE[2], BESIDE[3], PINK);
    expect(paintLeft(hint, BESIDE)).toBe(100);
  });

  it('keeps a dab laid in the open, and the dabs beside the figure with it: the page is painted on purpose', () => {
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    dab(hint, 90, 95, 110, 105, PINK);
    const open = [10, 180, 30, 190]; // far from the disc
    dab(hint, open[0], open[1], open[2], open[3], PINK);
    expect(paintLeft(hint, open)).toBe(200);
    dab(hint, BESIDE[0], BESIDE[1], BESIDE[2], BESIDE[3], PINK);
    expect(paintLeft(hint, BESIDE)).toBe(100);
  });
});
