import { createColorizer, lineChannel, type Contract, type RgbaImage } from '../../src/model';
import { kthSmallest, measureInteriorDistance, MEASURE_SIDE, squaredInkDistance } from '../../src/model/interior-distance';
import { autoScaleFor } from '../../src/model/auto-scale';
import { measureLineWidth } from '../../src/model/linewidth';
import { rgbaLineValues } from '../../src/model/preprocess';
import { pointwiseBackend } from '../helpers/backends';
import { loadContract } from '../helpers/engine';
import { circle, drawStrokes, seededRandom, type Segment } from '../helpers/synthetic';

const contract = loadContract();
const policy = contract.geometry.autoScale!;

/** A ring of radius r (stroke px) centred on a size x size page, with an optional clear gap of `gap` px at its right. */
function ring(size: number, r: number, gap = 0, stroke = 3): RgbaImage {
  const c = size / 2;
  if (gap === 0) return drawStrokes(size, size, circle(c, c, r, 96), stroke);
  // The arc whose ends' round caps are `gap` px apart: chord between the ends = gap + stroke.
  const half = Math.asin((gap + stroke) / (2 * r));
  const steps = 96;
  const at = (k: number): [number, number] => {
    const a = half + (k / steps) * (2 * Math.PI - 2 * half);
    return [c + r * Math.cos(a), c + r * Math.sin(a)];
  };
  const arc: Segment[] = [];
  for (let k = 0; k < steps; k++) {
    const [x0, y0] = at(k);
    const [x1, y1] = at(k + 1);
    arc.push({ x0, y0, x1, y1 });
  }
  return drawStrokes(size, size, arc, stroke);
}

const measure = (image: RgbaImage, gapRadius = 2, percentile = 1): number | undefined => measureInteriorDistance(rgbaLineValues(image, contract), gapRadius, percentile);

describe('the k-th smallest value', () => {
  it('is what sorting puts at index k, for every k, with many repeats, sorted and reversed input', () => {
    const rand = seededRandom(11);
    const cases = [
      Float64Array.from({ length: 501 }, () => Math.floor(rand() * 40) ** 2),
      Float64Array.from({ length: 300 }, (_, i) => i),
      Float64Array.from({ length: 300 }, (_, i) => 300 - i),
      new Float64Array(64).fill(7),
      Float64Array.of(5),
    ];
    for (const values of cases) {
      const sorted = Float64Array.from(values).sort();
      for (let k = 0; k < values.length; k++) expect(kthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
    }
  });
});

describe('distance to the nearest ink', () => {
  it('equals the brute-force Euclidean distance on a random grid', () => {
    const rand = seededRandom(3);
    const cols = 37;
    const rows = 23;
    const paper = Uint8Array.from({ length: cols * rows }, () => (rand() < 0.97 ? 1 : 0));
    const got = squaredInkDistance(paper, cols, rows);
    for (let i = 0; i < paper.length; i++) {
      let best = Infinity;
      for (let j = 0; j < paper.length; j++) {
        if (paper[j]) continue;
        const dx = (i % cols) - (j % cols);
        const dy = Math.floor(i / cols) - Math.floor(j / cols);
        best = Math.min(best, dx * dx + dy * dy);
      }
      expect(got[i]).toBe(best);
    }
  });

  it('is Infinity everywhere on a page without ink', () => {
    expect(Array.from(squaredInkDistance(new Uint8Array(12).fill(1), 4, 3)).every((d) => d === Infinity)).toBe(true);
  });
});

describe('interior distance (how open the enclosed figure is)', () => {
  it('measures the inside of a closed outline: the centre of a ring of radius 40 is ~38 px from its ink', () => {
    const m = measure(ring(128, 40));
    expect(m).toBeGreaterThan(36);
    expect(m).toBeLessThan(40);
  });

  it('grows with the figure, not the page: a 2x larger ring measures 2x, the same ring on a larger page the same', () => {
    const small = measure(ring(128, 30))!;
    // (60 - 1.5) / (30 - 1.5): the distance is to the stroke's edge, not its centre.
    expect(measure(ring(256, 60))! / small).toBeCloseTo(58.5 / 28.5, 1);
    expect(measure(ring(400, 30))).toBeCloseTo(small, 5);
  });

  it('reads a lower percentile lower', () => {
    expect(measure(ring(128, 40), 2, 0.5)!).toBeLessThan(measure(ring(128, 40), 2, 0.9)!);
  });

  it('closes small gaps in the outline as the region fill does, and leaves wide ones open (nothing enclosed)', () => {
    expect(measure(ring(128, 40, 3), 2)).toBeGreaterThan(36);
    expect(measure(ring(128, 40, 3), 0)).toBeUndefined();
    expect(measure(ring(128, 40, 14), 2)).toBeUndefined();
  });

  it("leaves a comic page's panel backgrounds out: four framed panels measure like the figures in them", () => {
    const size = 400;
    const segments: Segment[] = [];
    for (const [x0, y0] of [[10, 10], [205, 10], [10, 205], [205, 205]]) {
      // A 185 px panel frame with a ring of radius 30 (a small figure) inside it.
      segments.push({ x0, y0, x1: x0 + 185, y1: y0 }, { x0: x0 + 185, y0, x1: x0 + 185, y1: y0 + 185 });
      segments.push({ x0: x0 + 185, y0: y0 + 185, x1: x0, y1: y0 + 185 }, { x0, y0: y0 + 185, x1: x0, y1: y0 });
      segments.push(...circle(x0 + 92, y0 + 92, 30, 96));
    }
    const page = measure(drawStrokes(size, size, segments, 3))!;
    const figure = measure(ring(128, 30))!;
    expect(page).toBeCloseTo(figure, 0);
  });

  it('still measures a large round or irregular figure (only rectangles count as panels)', () => {
    expect(measure(ring(512, 200))).toBeGreaterThan(190);
  });

  it('is undefined for a blank page', () => {
    expect(measure(drawStrokes(64, 64, [], 3))).toBeUndefined();
  });

  it('keeps a 1 px outline on a page larger than the measuring grid, within one grid cell of the full-resolution figure', () => {
    const size = MEASURE_SIDE * 2 + 200;
    const big = measure(ring(size, 600, 0, 1))!;
    expect(big).toBeDefined();
    const cell = Math.ceil(size / MEASURE_SIDE);
    expect(Math.abs(big - 600)).toBeLessThan(cell + 2);
  });
});

describe("'auto' working scale from interior distance and stroke width", () => {
  it('is the geometric mean of the two ratios to their targets, to the exponent; one alone when the other is missing', () => {
    const d = policy.interiorPx * 9;
    const w = policy.strokePx * 4;
    expect(autoScaleFor(d, w, policy, contract)).toBeCloseTo((1 / 6) ** policy.exponent, 10);
    expect(autoScaleFor(d, undefined, policy, contract)).toBeCloseTo((1 / 9) ** policy.exponent, 10);
    expect(autoScaleFor(undefined, w, policy, contract)).toBeCloseTo((1 / 4) ** policy.exponent, 10);
    expect(autoScaleFor(undefined, undefined, policy, contract)).toBe(Math.min(1, policy.maxScale));
  });

  it('never goes above the policy maximum or below the contract minimum', () => {
    expect(autoScaleFor(policy.interiorPx / 100, policy.strokePx / 100, policy, contract)).toBe(Math.min(policy.maxScale, contract.geometry.maxWorkingScale));
    expect(autoScaleFor(1e9, 1e9, policy, contract)).toBe(contract.geometry.minWorkingScale);
  });

  it('shrinks an open figure more than a detailed one of the same size and stroke', async () => {
    const colorizer = createColorizer({ contract, backend: pointwiseBackend() });
    const open = ring(384, 160);
    // The same ring with a grid inside: small regions, every pixel near a line.
    const lines: Segment[] = [...circle(192, 192, 160, 96)];
    for (let k = 48; k < 384; k += 24) lines.push({ x0: k, y0: 0, x1: k, y1: 384 }, { x0: 0, y0: k, x1: 384, y1: k });
    const detailed = drawStrokes(384, 384, lines, 3);
    const a = await colorizer.colorize(open, undefined, {});
    const b = await colorizer.colorize(detailed, undefined, {});
    const values = rgbaLineValues(open, contract);
    expect(a.workingScale).toBeCloseTo(autoScaleFor(measure(open, contract.fill.gapRadius, policy.percentile), measureLineWidth(values), policy, contract), 10);
    expect(a.workingScale).toBeLessThan(0.8);
    expect(b.workingScale).toBe(policy.maxScale);
  });

  it('shrinks the same drawing at twice the resolution (twice the strokes, twice the distances) by 2 ** -exponent', async () => {
    const colorizer = createColorizer({ contract, backend: pointwiseBackend() });
    const small = await colorizer.colorize(ring(256, 100, 0, 4), undefined, {});
    const large = await colorizer.colorize(ring(512, 200, 0, 8), undefined, {});
    expect(small.workingScale).toBeLessThan(1);
    expect(large.workingScale / small.workingScale).toBeCloseTo(2 ** -policy.exponent, 1);
  });

  it('is what a contract without autoScale does not use: there strokes are matched to the training width', async () => {
    const { autoScale: _, ...geometry } = contract.geometry;
    const old: Contract = { ...contract, geometry };
    const page = ring(384, 160, 0, contract.geometry.lineWidthPx * 2);
    const byStroke = await createColorizer({ contract: old, backend: pointwiseBackend() }).colorize(page, undefined, {});
    const byPolicy = await createColorizer({ contract, backend: pointwiseBackend() }).colorize(page, undefined, {});
    expect(byStroke.workingScale).toBeCloseTo(0.5, 1);
    expect(byPolicy.workingScale).not.toBeCloseTo(byStroke.workingScale, 2);
  });

  it('measures the same from a line plane as from the lineart pixels', () => {
    const page = ring(200, 70, 2);
    const plane = lineChannel(page, contract);
    const fromPlane = measureInteriorDistance({ width: plane.width, height: plane.height, at: (i) => plane.data[i] }, 2, 0.9);
    expect(fromPlane).toBeDefined();
    expect(measure(page, 2, 0.9)).toBe(fromPlane);
  });
});
