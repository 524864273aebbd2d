import { createColorizer, type RgbaImage } from '../../src/model';
import { axisWeightSum, axisWeightTable, planAxis, planGrid, reflect101 } from '../../src/model/tiling';
import { loadContract, suiteWasmBackend } from '../helpers/engine';
import { pointwiseBackend, recordingBackend } from '../helpers/backends';
import { syntheticHint, syntheticLineart } from '../helpers/synthetic';

const contract = loadContract();
const m = contract.geometry.sizeMultiple;

describe('tile plan', () => {
  it.each([
    [1000, 256, 32],
    [513, 512, 64],
    [192, 64, 16],
    [4096, 512, 64],
    [97, 64, 16],
  ])('covers a %p px axis with %p px tiles overlapping by at least %p', (length, tile, overlap) => {
    const plan = planAxis(length, tile, overlap, m);
    expect(plan.starts[0]).toBe(0);
    expect(plan.starts[plan.starts.length - 1] + plan.size).toBe(length);
    expect(plan.size % m).toBe(0);
    for (let i = 1; i < plan.starts.length; i++) {
      expect(plan.starts[i]).toBeGreaterThan(plan.starts[i - 1]);
      expect(plan.starts[i - 1] + plan.size - plan.starts[i]).toBeGreaterThanOrEqual(overlap);
    }
  });

  it('gives an axis shorter than a tile one tile, padded up to the size multiple', () => {
    const plan = planAxis(45, 512, 64, m);
    expect(plan.starts).toEqual([0]);
    expect(plan.size).toBe(45);
    expect(plan.paddedSize).toBe(Math.ceil(45 / m) * m);
  });

  it('has blend weights that are positive everywhere and ramp linearly across overlaps', () => {
    const plan = planAxis(300, 128, 32, m);
    const table = axisWeightTable(plan);
    const sum = axisWeightSum(plan, table);
    for (const s of sum) expect(s).toBeGreaterThan(0);
    // Inside an overlap two ramps cross-fade: the sum stays 1.
    for (const s of sum) expect(s).toBeCloseTo(1, 5);
    expect(table[0][0]).toBe(1);
    expect(table[1][0]).toBeLessThan(0.1);
  });

  it('mirrors padding indices at any distance and for any length', () => {
    expect([-2, -1, 0, 1, 2, 3, 4, 5].map((i) => reflect101(i, 4))).toEqual([2, 1, 0, 1, 2, 3, 2, 1]);
    expect(reflect101(37, 1)).toBe(0);
    expect(reflect101(9, 2)).toBe(1);
  });

  it('counts tiles as columns x rows', () => {
    expect(planGrid(1000, 300, 256, 32, m).tilesTotal).toBe(planAxis(1000, 256, 32, m).starts.length * planAxis(300, 256, 32, m).starts.length);
  });
});

describe('tiled colorization', () => {
  it('puts every tile back where it came from: with a per-pixel network, tiled equals untiled everywhere', async () => {
    const page = syntheticLineart(203, 141, 2, 11);
    const hint = syntheticHint(203, 141, 12, 8);
    const backend = recordingBackend(pointwiseBackend());
    const colorizer = createColorizer({ contract, backend });
    const whole = await colorizer.colorize(page, hint, { workingScale: 1, tileSize: 256, restoreLines: false });
    expect(whole.tilesTotal).toBe(1);
    const tiled = await colorizer.colorize(page, hint, { workingScale: 1, tileSize: 64, tileOverlap: 16, restoreLines: false });
    expect(tiled.tilesTotal).toBeGreaterThanOrEqual(12);
    let worst = 0;
    for (let i = 0; i < whole.image.data.length; i++) worst = Math.max(worst, Math.abs(whole.image.data[i] - tiled.image.data[i]));
    expect(worst).toBeLessThanOrEqual(1);
    // Every tile the network saw was a padded multiple of the size multiple, no bigger than a tile.
    for (const run of backend.runs.slice(1)) {
      expect(run.width % m).toBe(0);
      expect(run.height % m).toBe(0);
      expect(run.width).toBeLessThanOrEqual(64);
    }
  });

  it('colours an image smaller than one tile (odd size) through one padded tile, cropped back', async () => {
    const page = syntheticLineart(37, 21, 1.5, 3);
    const backend = recordingBackend(pointwiseBackend());
    const result = await createColorizer({ contract, backend }).colorize(page, undefined, { workingScale: 1, restoreLines: false, repairEdgeRows: false, clearLineHalo: false });
    expect(backend.runs).toEqual([{ width: Math.ceil(37 / m) * m, height: Math.ceil(21 / m) * m }]);
    expect([result.image.width, result.image.height]).toEqual([37, 21]);
    // Pointwise network without hint: output colour = line, so the page comes back as drawn (grey).
    for (let i = 0; i < 37 * 21; i++) expect(Math.abs(result.image.data[i * 4] - page.data[i * 4])).toBeLessThanOrEqual(1);
  });

  describe('with the real model on WASM', () => {
    const backend = suiteWasmBackend(contract);

    // Mean absolute horizontal/vertical step between neighbouring pixels, on
    // the lines between pixel pairs straddling a tile edge vs. everywhere else.
    function seamContrast(image: RgbaImage, edgesX: Set<number>, edgesY: Set<number>): { atEdges: number; elsewhere: number } {
      const { width, height, data } = image;
      let edgeSum = 0;
      let edgeCount = 0;
      let restSum = 0;
      let restCount = 0;
      const add = (a: number, b: number, atEdge: boolean): void => {
        for (let c = 0; c < 3; c++) {
          const g = Math.abs(data[a * 4 + c] - data[b * 4 + c]);
          if (atEdge) {
            edgeSum += g;
            edgeCount++;
          } else {
            restSum += g;
            restCount++;
          }
        }
      };
      for (let y = 0; y < height; y++) for (let x = 0; x + 1 < width; x++) add(y * width + x, y * width + x + 1, edgesX.has(x));
      for (let y = 0; y + 1 < height; y++) for (let x = 0; x < width; x++) add(y * width + x, (y + 1) * width + x, edgesY.has(y));
      return { atEdges: edgeSum / edgeCount, elsewhere: restSum / restCount };
    }

    it('shows no seam on a page 3x the tile size (step across tile edges <= 1.5x the step elsewhere)', async () => {
      const size = 192;
      const tileSize = 64;
      const page = syntheticLineart(size, size, 1.5, 21);
      const hint = syntheticHint(size, size, 22, 10);
      const result = await createColorizer({ contract, backend }).colorize(page, hint, { workingScale: 1, tileSize, tileOverlap: 16, restoreLines: false });
      const plan = planAxis(size, tileSize, 16, m);
      expect(result.tilesTotal).toBe(plan.starts.length ** 2);
      // Pixel pairs (x, x+1) that cross the first or last column of some tile.
      const edges = new Set<number>();
      for (const s of plan.starts) {
        if (s > 0) edges.add(s - 1);
        if (s + tileSize < size) edges.add(s + tileSize - 1);
      }
      const { atEdges, elsewhere } = seamContrast(result.image, edges, edges);
      expect(elsewhere).toBeGreaterThan(0);
      expect(atEdges).toBeLessThanOrEqual(1.5 * elsewhere);
    });
  });
});
