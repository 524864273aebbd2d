/**
 * Where a hint is painted (src/model/painted-spans.ts): every painted pixel
 * in a span, spans in column order, and few of them however speckled the
 * layer is.
 */
import { forEachSpanIn, paintedSpans } from '../../src/model/painted-spans';
import type { RgbaImage } from '../../src/model/types';

function speckled(width: number, height: number, painted: (x: number, y: number) => boolean, alpha = 255): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (painted(x, y)) data.set([40, 90, 200, alpha], (y * width + x) * 4);
  return { width, height, data };
}

describe('paintedSpans', () => {
  it('covers every painted pixel, rows apart, spans in column order and disjoint', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    // Runs of paint with gaps from 1 to 20 pixels, and rows with none.
    const hint = speckled(131, 23, (x, y) => y % 5 !== 2 && rand() < (x % 40 < 20 ? 0.7 : 0.04));
    hint.data.set([1, 2, 3, 0], 3 * 4); // transparent with colour: not paint
    const spans = paintedSpans(hint);
    for (let y = 0; y < hint.height; y++) {
      const covered = new Uint8Array(hint.width);
      let last = -1;
      forEachSpanIn(spans, y, 0, hint.width, (from, to) => {
        expect(from).toBeGreaterThan(last);
        expect(to).toBeGreaterThan(from);
        covered.fill(1, from, to);
        last = to;
      });
      for (let x = 0; x < hint.width; x++) if (hint.data[(y * hint.width + x) * 4 + 3] > 0) expect(covered[x]).toBe(1);
      if (y % 5 === 2) expect(spans.rowStart[y + 1]).toBe(spans.rowStart[y]);
    }
    // Transparent stretches of 8 or more pixels are left out: the spans hold far fewer pixels than the rows.
    const spanned = Array.from(spans.to, (to, k) => to - spans.from[k]).reduce((a, b) => a + b, 0);
    expect(spanned).toBeLessThan(0.7 * hint.width * hint.height);
  });

  it('gives a dithered layer a handful of spans a row, not one a pixel', () => {
    const hint = speckled(400, 4, (x, y) => (x + y) % 2 === 0, 128);
    const spans = paintedSpans(hint);
    for (let y = 0; y < 4; y++) expect(spans.rowStart[y + 1] - spans.rowStart[y]).toBe(1);
  });

  it('clips spans to a column range (a tile) and says nothing of an empty layer', () => {
    const hint = speckled(50, 1, (x) => x >= 10 && x < 30);
    const parts: number[][] = [];
    forEachSpanIn(paintedSpans(hint), 0, 15, 40, (from, to) => parts.push([from, to]));
    expect(parts).toEqual([[15, 30]]);
    const empty = paintedSpans(speckled(50, 3, () => false));
    expect(empty.from.length).toBe(0);
  });
});
