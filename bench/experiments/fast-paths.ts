/**
 * Measured proposals for the engine's work outside session.run (src/model is
 * the engine helper's; nothing here is used by it). Each pair times the
 * engine's current code (called, or its loop restated where it is not
 * exported) against a candidate, on the same 4096x4096 page at workingScale 1,
 * and checks the candidate gives the same numbers.
 *
 *   node build/bench/experiments/fast-paths.js [size=4096] [runs=3]
 */
import * as path from 'path';
import { decodePng } from '../codec';
import { loadEngine } from '../engine';
import { loadModelAssets } from '../machine';
import { summarize, type Figure } from '../stats';
import { ensurePage } from '../synth';
import type { Contract, RgbaImage } from '../../src/model/types';
import { hintChannels, lineChannel, type HintPlanes } from '../../src/model/preprocess';
import { composeResult, unitToByte } from '../../src/model/postprocess';
import { createPlane, type Plane } from '../../src/model/plane';
import { axisWeightSum, axisWeightTable, planGrid, reflect101, tilesOf } from '../../src/model/tiling';

/** The engine's fillTileInput (colorize.ts), restated: it is module-private there. */
function fillTileInputCurrent(tensor: Float32Array, sources: Float32Array[], stride: number, x0: number, y0: number, width: number, height: number, pw: number, ph: number): void {
  const area = pw * ph;
  const columns = new Int32Array(pw);
  for (let px = 0; px < pw; px++) columns[px] = x0 + reflect101(px, width);
  for (let py = 0; py < ph; py++) {
    const rowBase = (y0 + reflect101(py, height)) * stride;
    const outBase = py * pw;
    for (let c = 0; c < sources.length; c++) {
      const src = sources[c];
      const dst = c * area + outBase;
      for (let px = 0; px < pw; px++) tensor[dst + px] = src[rowBase + columns[px]];
    }
  }
}

/** Candidate: the in-canvas span of each row is one TypedArray.set (a memcpy); only mirrored padding goes pixel by pixel. */
function fillTileInputRows(tensor: Float32Array, sources: Float32Array[], stride: number, x0: number, y0: number, width: number, height: number, pw: number, ph: number): void {
  const area = pw * ph;
  for (let py = 0; py < ph; py++) {
    const rowBase = (y0 + reflect101(py, height)) * stride + x0;
    const outBase = py * pw;
    for (let c = 0; c < sources.length; c++) {
      const src = sources[c];
      const dst = c * area + outBase;
      tensor.set(src.subarray(rowBase, rowBase + width), dst);
      for (let px = width; px < pw; px++) tensor[dst + px] = src[rowBase + reflect101(px, width)];
    }
  }
}

/** Candidate: hint channels at page size (scale 1, no blur) without the resampler: one pass over the RGBA. */
function hintChannelsIdentity(hint: RgbaImage, strength: number): HintPlanes {
  const n = hint.width * hint.height;
  const r = createPlane(hint.width, hint.height);
  const g = createPlane(hint.width, hint.height);
  const b = createPlane(hint.width, hint.height);
  const mask = createPlane(hint.width, hint.height);
  const d = hint.data;
  const k = strength / 255;
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const m = d[p + 3] * k;
    mask.data[i] = m;
    r.data[i] = (d[p] / 255) * m;
    g.data[i] = (d[p + 1] / 255) * m;
    b.data[i] = (d[p + 2] / 255) * m;
  }
  return { r, g, b, mask };
}

/** Candidate: compose at scale 1 (working size = page size) without the bilinear taps. */
function composeIdentity(color: readonly [Plane, Plane, Plane], line: Plane | undefined): RgbaImage {
  const [pr, pg, pb] = color;
  const n = pr.width * pr.height;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const l = line ? line.data[i] : 1;
    out[p] = unitToByte(pr.data[i] * l);
    out[p + 1] = unitToByte(pg.data[i] * l);
    out[p + 2] = unitToByte(pb.data[i] * l);
    out[p + 3] = 255;
  }
  return { width: pr.width, height: pr.height, data: out };
}

/**
 * Blending as colorize.ts does it (accumulate weighted tiles, then a pass
 * dividing by the weight sum and mapping -1..1 to 0..1), against weights
 * normalised up front: w'(x,y) = wx(x)/sumX(x) * wy(y)/sumY(y), so the
 * accumulated colour is final and the extra full-canvas pass disappears;
 * the -1..1 -> 0..1 map folds into the same multiply-add.
 */
function blendCurrent(w: number, h: number, tileOut: Float32Array, contract: Contract): Float32Array[] {
  const grid = planGrid(w, h, contract.geometry.tileSize, contract.geometry.tileOverlap, contract.geometry.sizeMultiple);
  const wxT = axisWeightTable(grid.x);
  const wyT = axisWeightTable(grid.y);
  const sumX = axisWeightSum(grid.x, wxT);
  const sumY = axisWeightSum(grid.y, wyT);
  const color = [new Float32Array(w * h), new Float32Array(w * h), new Float32Array(w * h)];
  for (const tile of tilesOf(grid)) {
    const area = tile.paddedWidth * tile.paddedHeight;
    const wx = wxT[tile.column];
    const wy = wyT[tile.row];
    for (let c = 0; c < 3; c++) {
      const dst = color[c];
      for (let ty = 0; ty < tile.height; ty++) {
        const src = c * area + ty * tile.paddedWidth;
        const base = (tile.y + ty) * w + tile.x;
        const rw = wy[ty];
        for (let tx = 0; tx < tile.width; tx++) dst[base + tx] += tileOut[src + tx] * wx[tx] * rw;
      }
    }
  }
  const [lo, hi] = contract.output.range;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const norm = 1 / (sumX[x] * sumY[y]);
      for (let c = 0; c < 3; c++) color[c][i] = (color[c][i] * norm - lo) / (hi - lo);
    }
  }
  return color;
}

function blendNormalised(w: number, h: number, tileOut: Float32Array, contract: Contract): Float32Array[] {
  const grid = planGrid(w, h, contract.geometry.tileSize, contract.geometry.tileOverlap, contract.geometry.sizeMultiple);
  const wxT = axisWeightTable(grid.x);
  const wyT = axisWeightTable(grid.y);
  const sumX = axisWeightSum(grid.x, wxT);
  const sumY = axisWeightSum(grid.y, wyT);
  const [lo, hi] = contract.output.range;
  const scale = 1 / (hi - lo);
  // Normalised per-tile axis weights, with the output range's scale folded into x.
  const nx = wxT.map((t, i) => t.map((v, k) => (v / sumX[grid.x.starts[i] + k]) * scale));
  const ny = wyT.map((t, i) => t.map((v, k) => v / sumY[grid.y.starts[i] + k]));
  const color = [new Float32Array(w * h), new Float32Array(w * h), new Float32Array(w * h)];
  for (const tile of tilesOf(grid)) {
    const area = tile.paddedWidth * tile.paddedHeight;
    const wx = nx[tile.column];
    const wy = ny[tile.row];
    for (let c = 0; c < 3; c++) {
      const dst = color[c];
      for (let ty = 0; ty < tile.height; ty++) {
        const src = c * area + ty * tile.paddedWidth;
        const base = (tile.y + ty) * w + tile.x;
        const rw = wy[ty];
        // sum of weights is 1, so (v - lo)/(hi - lo) distributes: sum w'*(v - lo).
        for (let tx = 0; tx < tile.width; tx++) dst[base + tx] += (tileOut[src + tx] - lo) * wx[tx] * rw;
      }
    }
  }
  return color;
}

async function timeIt(runs: number, fn: () => unknown): Promise<Figure> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples, 'ms');
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 4096);
  const runs = Number(process.argv[3] ?? 3);
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const assets = loadModelAssets(repoRoot);
  const contract = loadEngine().parseContract(assets.contractJson);
  const page = await ensurePage(size, path.join(repoRoot, 'bench', 'results', 'tmp', 'pages'));
  const lineart = await decodePng(page.lineartPng);
  const hint = await decodePng(page.hintPng);
  const out: Record<string, Figure | number> = {};

  // Hint channels at scale 1.
  const hA = hintChannels(hint, 1, size, size);
  const hB = hintChannelsIdentity(hint, 1);
  out.hint_maxdiff = Math.max(maxAbsDiff(hA.r.data, hB.r.data), maxAbsDiff(hA.mask.data, hB.mask.data));
  out.hint_current = await timeIt(runs, () => hintChannels(hint, 1, size, size));
  out.hint_identity = await timeIt(runs, () => hintChannelsIdentity(hint, 1));

  // Tile input: every tile of the page.
  const line = lineChannel(lineart, contract);
  const sources = [line.data, hA.r.data, hA.g.data, hA.b.data, hA.mask.data];
  const grid = planGrid(size, size, contract.geometry.tileSize, contract.geometry.tileOverlap, contract.geometry.sizeMultiple);
  const tensorA = new Float32Array(5 * grid.x.paddedSize * grid.y.paddedSize);
  const tensorB = new Float32Array(tensorA.length);
  let fillDiff = 0;
  for (const t of tilesOf(grid)) {
    fillTileInputCurrent(tensorA, sources, size, t.x, t.y, t.width, t.height, t.paddedWidth, t.paddedHeight);
    fillTileInputRows(tensorB, sources, size, t.x, t.y, t.width, t.height, t.paddedWidth, t.paddedHeight);
    fillDiff = Math.max(fillDiff, maxAbsDiff(tensorA, tensorB));
  }
  out.fill_maxdiff = fillDiff;
  out.fill_all_tiles_current = await timeIt(runs, () => { for (const t of tilesOf(grid)) fillTileInputCurrent(tensorA, sources, size, t.x, t.y, t.width, t.height, t.paddedWidth, t.paddedHeight); });
  out.fill_all_tiles_rows = await timeIt(runs, () => { for (const t of tilesOf(grid)) fillTileInputRows(tensorB, sources, size, t.x, t.y, t.width, t.height, t.paddedWidth, t.paddedHeight); });

  // Blend: a fixed pseudo-output per tile.
  const tileOut = new Float32Array(3 * grid.x.paddedSize * grid.y.paddedSize);
  for (let i = 0; i < tileOut.length; i++) tileOut[i] = Math.sin(i * 0.001);
  const cA = blendCurrent(size, size, tileOut, contract);
  const cB = blendNormalised(size, size, tileOut, contract);
  out.blend_maxdiff = Math.max(...[0, 1, 2].map((c) => maxAbsDiff(cA[c], cB[c])));
  out.blend_current = await timeIt(runs, () => blendCurrent(size, size, tileOut, contract));
  out.blend_normalised = await timeIt(runs, () => blendNormalised(size, size, tileOut, contract));

  // Compose at scale 1.
  const color = [createPlane(size, size), createPlane(size, size), createPlane(size, size)] as [Plane, Plane, Plane];
  color.forEach((p, c) => p.data.set(cA[c]));
  const iA = composeResult(color, size, size, line);
  const iB = composeIdentity(color, line);
  out.compose_maxdiff = maxAbsDiff(iA.data, iB.data);
  out.compose_current = await timeIt(runs, () => composeResult(color, size, size, line));
  out.compose_identity = await timeIt(runs, () => composeIdentity(color, line));

  process.stdout.write(JSON.stringify({ size, runs, tiles: grid.tilesTotal, ...out }, null, 1) + '\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
