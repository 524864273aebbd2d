import { autoWorkingScale, lineChannel, measureLineWidth, MAX_WORKING_PIXELS } from '../../src/model';
import { maxScaleForSize } from '../../src/model/linewidth';
import { rgbaLineValues } from '../../src/model/preprocess';
import { loadContract } from '../helpers/engine';
import { drawStrokes, solidImage, syntheticLineart } from '../helpers/synthetic';

const contract = loadContract();
const measure = (strokeWidth: number, transparent = false): number | undefined =>
  measureLineWidth(lineChannel(transparent ? drawStrokes(160, 160, [{ x0: 10, y0: 20, x1: 150, y1: 140 }, { x0: 20, y0: 150, x1: 140, y1: 10 }, { x0: 5, y0: 80, x1: 155, y1: 80 }], strokeWidth, true) : syntheticLineart(200, 200, strokeWidth, 5), contract));

describe('stroke width measurement', () => {
  it.each([1.5, 2, 3, 5, 8])('measures %p px strokes within 25%%', (w) => {
    const m = measure(w);
    expect(m).toBeDefined();
    expect(m!).toBeGreaterThan(w * 0.75);
    expect(m!).toBeLessThan(w * 1.25);
  });

  it('reads strokes on transparent paper the same way as on white paper', () => {
    const m = measure(4, true);
    expect(m!).toBeGreaterThan(3);
    expect(m!).toBeLessThan(5);
  });

  it('grows with the stroke width (a 2x thicker page measures about 2x)', () => {
    expect(measure(6)! / measure(3)!).toBeCloseTo(2, 0);
  });

  it.each([false, true])('measures the same from the lineart pixels as from its line plane (transparent paper: %p)', (transparent) => {
    const lineart = transparent
      ? drawStrokes(300, 260, [{ x0: 10, y0: 20, x1: 290, y1: 240 }, { x0: 20, y0: 250, x1: 280, y1: 10 }], 3.5, true)
      : syntheticLineart(300, 260, 2.5, 6);
    for (const rowStep of [1, 3, 7]) {
      const fromPlane = measureLineWidth(lineChannel(lineart, contract), rowStep);
      expect(fromPlane).toBeDefined();
      expect(measureLineWidth(rgbaLineValues(lineart, contract), rowStep)).toBe(fromPlane);
    }
    // Every value, not only the median: the values are lineChannel's float32s.
    const plane = lineChannel(lineart, contract);
    const values = rgbaLineValues(lineart, contract);
    expect(Array.from(plane.data, (_, i) => values.at(i))).toEqual(Array.from(plane.data));
  });

  it('gives up (undefined) on a blank page and on a few stray dots', () => {
    expect(measureLineWidth(lineChannel(solidImage(64, 64, [255, 255, 255, 255]), contract))).toBeUndefined();
    const dots = solidImage(64, 64, [255, 255, 255, 255]);
    (dots.data as Uint8ClampedArray).set([0, 0, 0, 255], (10 * 64 + 10) * 4);
    expect(measureLineWidth(lineChannel(dots, contract))).toBeUndefined();
  });
});

describe("working scale 'auto'", () => {
  const { lineWidthPx, minWorkingScale, maxWorkingScale } = contract.geometry;

  it('scales strokes to the training stroke width', () => {
    expect(autoWorkingScale(lineWidthPx * 2, contract)).toBeCloseTo(0.5, 10);
    expect(autoWorkingScale(lineWidthPx, contract)).toBe(1);
  });

  it('clamps to the contract range', () => {
    expect(autoWorkingScale(lineWidthPx * 1000, contract)).toBe(minWorkingScale);
    expect(autoWorkingScale(lineWidthPx / 1000, contract)).toBe(maxWorkingScale);
  });

  it('keeps scale 1 when there is nothing to measure', () => {
    expect(autoWorkingScale(undefined, contract)).toBe(Math.min(maxWorkingScale, Math.max(minWorkingScale, 1)));
  });

  it('caps the working canvas of a huge page', () => {
    const s = maxScaleForSize(20000, 15000);
    expect(20000 * s * 15000 * s).toBeLessThanOrEqual(MAX_WORKING_PIXELS * 1.0001);
    expect(maxScaleForSize(100, 100)).toBeGreaterThan(maxWorkingScale);
  });
});
