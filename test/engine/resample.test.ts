import { axisWeights, resamplePlane } from '../../src/model/resample';
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
});
