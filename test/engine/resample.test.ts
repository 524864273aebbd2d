import { axisWeights, createRowResampler, narrowRow, resampleNarrowedRowRange, resamplePlane, type AxisWeights } from '../../src/model/resample';
import { createPlane } from '../../src/model/plane';

describe('resampling between page and working size', () => {
  it('area-averages when shrinking by a whole factor', () => {
    const p = createPlane(4, 2);
    p.data.set([0, 1, 2, 3, 4, 5, 6, 7]);
    const out = resamplePlane(p, 2, 1);
    expect(Array.from(out.data)).toEqual([(0 + 1 + 4 + 5) / 4, (2 + 3 + 6 + 7) / 4]);
  });

  it('weights fractional coverage when shrinking by a non-integer factor (3 -> 2)', () => {
    const w = axisWeights(3, 2);
    // Output 0 covers source [0, 1.5): pixel 0 fully, pixel 1 half; normalised by 1.5.
    expect(Array.from(w.weights.subarray(w.offsets[0], w.offsets[1]))).toEqual([1 / 1.5, 0.5 / 1.5]);
    const p = createPlane(3, 1);
    p.data.set([0, 3, 6]);
    expect(Array.from(resamplePlane(p, 2, 1).data)).toEqual([1, 5]);
  });

  it('keeps the mean of a plane when shrinking', () => {
    const p = createPlane(37, 23);
    for (let i = 0; i < p.data.length; i++) p.data[i] = Math.sin(i) * 0.5 + 0.5;
    const out = resamplePlane(p, 11, 7);
    const mean = (a: Float32Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out.data)).toBeCloseTo(mean(p.data), 5);
  });

  it('grows bilinearly with half-pixel centres and clamped edges', () => {
    const p = createPlane(2, 1);
    p.data.set([0, 1]);
    expect(Array.from(resamplePlane(p, 4, 1).data)).toEqual([0, 0.25, 0.75, 1]);
  });

  it('copies exactly at equal size', () => {
    const p = createPlane(5, 3);
    for (let i = 0; i < 15; i++) p.data[i] = Math.fround(i / 7);
    const out = resamplePlane(p, 5, 3);
    expect(out.data).toEqual(p.data);
    expect(out.data).not.toBe(p.data);
  });

  it("gives every output consecutive source indices (narrowRow reads them so)", () => {
    for (const [from, to] of [
      [4096, 2420],
      [2420, 4096],
      [1000, 999],
      [999, 1000],
      [7, 3],
      [3, 7],
      [640, 640],
      [4001, 1237],
    ]) {
      const w = axisWeights(from, to);
      for (let i = 0; i < to; i++) {
        for (let t = w.offsets[i] + 1; t < w.offsets[i + 1]; t++) expect(w.indices[t]).toBe(w.indices[t - 1] + 1);
      }
    }
  });

  describe('streaming rows', () => {
    /** The separable filter written out: each source row narrowed, then output row i = sum over its taps in order (float64). */
    function reference(src: Float32Array[], width: number, xw: AxisWeights, yw: AxisWeights, i: number): Float64Array {
      const out = new Float64Array(xw.dstLength);
      const narrowed = new Float64Array(xw.dstLength);
      for (let t = yw.offsets[i]; t < yw.offsets[i + 1]; t++) {
        narrowRow(xw, src[yw.indices[t]], narrowed);
        for (let x = 0; x < out.length; x++) out[x] += narrowed[x] * yw.weights[t];
      }
      return out;
    }
    const rowsOf = (width: number, height: number, seed: number, zeroEvery: number): Float32Array[] =>
      Array.from({ length: height }, (_, y) => Float32Array.from({ length: width }, (_, x) => (y % zeroEvery === 0 ? 0 : ((x * 7 + y * 13 + seed) % 17) / 16)));

    it.each([
      [37, 29, 22, 17],
      [22, 17, 37, 29],
      [40, 40, 13, 5],
      [9, 5, 40, 31],
    ])('gives each output row of a range exactly the separable sums (%i x %i -> %i x %i), zero rows skipped', (sw, sh, dw, dh) => {
      const src = rowsOf(sw, sh, 3, 4);
      const xw = axisWeights(sw, dw);
      const yw = axisWeights(sh, dh);
      for (const [from, to] of [
        [0, dh],
        [1, Math.max(2, dh - 2)],
        [dh - 1, dh],
      ]) {
        const pushed: Record<number, number[]> = {};
        createRowResampler(xw, yw, 1, (i, [row]) => (pushed[i] = Array.from(row)), from, to);
        const viaPush: Record<number, number[]> = {};
        const resampler = createRowResampler(xw, yw, 1, (i, [row]) => (viaPush[i] = Array.from(row)), from, to);
        // Zero rows as a reader says them (undefined): they must add nothing.
        for (let y = 0; y < sh; y++) resampler.push(y, src[y].some((v) => v !== 0) ? [src[y]] : undefined);
        const viaNarrowed: Record<number, number[]> = {};
        resampleNarrowedRowRange(
          xw,
          yw,
          1,
          (y, [narrowed]) => {
            if (src[y].every((v) => v === 0)) return false;
            narrowRow(xw, src[y], narrowed);
            return true;
          },
          (i, [row]) => (viaNarrowed[i] = Array.from(row)),
          from,
          to,
        );
        expect(Object.keys(pushed)).toHaveLength(0); // nothing pushed, nothing emitted
        for (let i = from; i < to; i++) {
          const expected = Array.from(reference(src, sw, xw, yw, i));
          expect(viaPush[i]).toEqual(expected);
          expect(viaNarrowed[i]).toEqual(expected);
        }
        expect(Object.keys(viaPush).map(Number)).toEqual(Array.from({ length: to - from }, (_, k) => from + k));
      }
    });

    it.each([
      [37, 29, 22, 17],
      [22, 17, 37, 29],
      [9, 5, 40, 31],
      [1969, 3, 4096, 6],
    ])('narrows three channels pushed together as three single channels, bit for bit (%i x %i -> %i x %i)', (sw, sh, dw, dh) => {
      const channels = [1, 2, 3].map((seed) => rowsOf(sw, sh, seed, 4).map((row) => row.map((v, x) => (x % 5 === 0 ? -v : v * 1.7))));
      const xw = axisWeights(sw, dw);
      const yw = axisWeights(sh, dh);
      const together: Record<number, number[][]> = {};
      const three = createRowResampler(xw, yw, 3, (i, rows) => (together[i] = rows.map((row) => Array.from(row))));
      for (let y = 0; y < sh; y++) three.push(y, [channels[0][y], channels[1][y], channels[2][y]]);
      channels.forEach((src, c) => {
        const one = createRowResampler(xw, yw, 1, (i, [row]) => expect(together[i][c]).toEqual(Array.from(row)));
        for (let y = 0; y < sh; y++) one.push(y, [src[y]]);
      });
      expect(Object.keys(together)).toHaveLength(dh);
    });
  });
});
