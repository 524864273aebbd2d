/**
 * Where a page's time goes outside session.run: colorize() with an instant
 * backend (returns a ready output, so all that is left is the engine's own
 * work), the engine's stages one by one on the same page, and the page on
 * a GPU-like backend (runs that take 30 ms and no CPU: what the engine
 * leaves unhidden beside the tiles x 30 ms it waits).
 *
 *   node build/bench/profile-engine.js [size=4096] [runs=3]
 *
 * Prints a JSON summary; bench/NOTES.md records what it found.
 */
import { decodePng, encodePng } from './codec';
import { loadEngine } from './engine';
import { loadModelAssets } from './machine';
import { summarize, type Figure } from './stats';
import { ensurePage } from './synth';
import { peakRssMb } from './page-child';
import * as path from 'path';
import sharp from 'sharp';
import type { InferenceBackend } from '../src/model/types';
import { hintChannels, lineChannel, rgbaLineValues } from '../src/model/preprocess';
import { measureLineWidth } from '../src/model/linewidth';
import { measureInteriorDistance } from '../src/model/interior-distance';
import { composeResult, planeLineRows } from '../src/model/postprocess';
import { createPlane } from '../src/model/plane';
import { computeRegionFill, rgbaHintPixels } from '../src/model/regions';
import { planePaperRows } from '../src/model/paper-regions';

/** An InferenceBackend that costs nothing: the engine's overhead is then all there is. */
export function instantBackend(outChannels: number): InferenceBackend {
  const cache = new Map<number, Float32Array>();
  return {
    name: 'wasm',
    async run(_input: Float32Array, height: number, width: number): Promise<Float32Array> {
      const n = outChannels * height * width;
      let out = cache.get(n);
      if (!out) {
        out = new Float32Array(n);
        cache.set(n, out);
      }
      return out;
    },
    async dispose(): Promise<void> {},
  };
}

/**
 * A backend like a GPU's: a run resolves `latencyMs` later and takes no CPU,
 * so whatever the engine does meanwhile is hidden (tile-pipeline.ts).
 */
export function gpuLikeBackend(outChannels: number, latencyMs: number): InferenceBackend {
  const instant = instantBackend(outChannels);
  return {
    name: 'webgpu',
    computesInBackground: true,
    run: (input, height, width) => new Promise((resolve) => setTimeout(() => resolve(instant.run(input, height, width)), latencyMs)),
    dispose: async () => undefined,
  };
}

async function timeIt(runs: number, fn: () => unknown | Promise<unknown>): Promise<Figure> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples, 'ms');
}

/** About a 512 tile's run on the H200's WebGPU path without read-back (bench/NOTES.md, session 4). */
const GPU_LIKE_LATENCY_MS = 30;

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 4096);
  const runs = Number(process.argv[3] ?? 3);
  const repoRoot = path.resolve(__dirname, '..', '..');
  const assets = loadModelAssets(repoRoot);
  const engine = loadEngine();
  const contract = engine.parseContract(assets.contractJson);
  const page = await ensurePage(size, path.join(repoRoot, 'bench', 'results', 'tmp', 'pages'));
  const lineart = await decodePng(page.lineartPng);
  const hint = await decodePng(page.hintPng);
  const colorizer = engine.createColorizer({ contract, backend: instantBackend(contract.output.channels.length) });
  const figures: Record<string, Figure> = {};

  if (process.env.PROFILE_NO_SHARP_CACHE === '1') sharp.cache(false);
  const only = process.env.PROFILE_ONLY_COLORIZE;
  if (only === '1' || only === 'auto') {
    // For node --cpu-prof: nothing but colorize() at scale 1 (or 'auto') in the profile.
    const workingScale = only === 'auto' ? 'auto' : 1;
    figures[`colorize_instant_${only === 'auto' ? 'auto' : 'scale1'}`] = await timeIt(runs, () => colorizer.colorize(lineart, hint, { workingScale }));
    process.stdout.write(JSON.stringify({ size, runs, figures, peakRssMb: Math.round(peakRssMb()) }, null, 1) + '\n');
    return;
  }
  figures.decode_both = await timeIt(runs, () => Promise.all([decodePng(page.lineartPng), decodePng(page.hintPng)]));
  figures.colorize_instant_scale1 = await timeIt(runs, () => colorizer.colorize(lineart, hint, { workingScale: 1 }));
  figures.colorize_instant_auto = await timeIt(runs, () => colorizer.colorize(lineart, hint, { workingScale: 'auto' }));
  const line = lineChannel(lineart, contract);
  figures.lineChannel = await timeIt(runs, () => lineChannel(lineart, contract));
  figures.hintChannels_scale1 = await timeIt(runs, () => hintChannels(hint, 1, size, size));
  figures.measureLineWidth = await timeIt(runs, () => measureLineWidth(line));
  // What 'auto' measures with the shipped contract: the lineart's own pixels, on a grid of at most 1024 a side.
  figures.measureInteriorDistance = await timeIt(runs, () => measureInteriorDistance(rgbaLineValues(lineart, contract), contract.fill.gapRadius, 0.9));
  figures.regionFill_scale1 = await timeIt(runs, () => computeRegionFill(size, size, planePaperRows(line.data, size, size), rgbaHintPixels(hint, 1), contract.fill.gapRadius));
  // The same without closing gaps: what the closing costs, measured in the same run.
  figures.regionFill_scale1_gapRadius0 = await timeIt(runs, () => computeRegionFill(size, size, planePaperRows(line.data, size, size), rgbaHintPixels(hint, 1), 0));
  const color = [createPlane(size, size), createPlane(size, size), createPlane(size, size)] as const;
  figures.composeResult_scale1 = await timeIt(runs, () => composeResult(color, size, size, planeLineRows(line)));
  const result = await colorizer.colorize(lineart, hint, { workingScale: 1 });
  figures.encode_png = await timeIt(runs, () => encodePng(result.image));
  // The engine's own time a GPU would hide: the page on a backend whose runs take 30 ms and no CPU.
  const gpuLike = engine.createColorizer({ contract, backend: gpuLikeBackend(contract.output.channels.length, GPU_LIKE_LATENCY_MS) });
  figures[`colorize_gpu_like_${GPU_LIKE_LATENCY_MS}ms`] = await timeIt(runs, () => gpuLike.colorize(lineart, hint, { workingScale: 1 }));
  const auto = await colorizer.colorize(lineart, hint, { workingScale: 'auto' });
  process.stdout.write(JSON.stringify({ size, runs, autoScale: auto.workingScale, tiles: result.tilesTotal, gpuLikeInferenceMs: result.tilesTotal * GPU_LIKE_LATENCY_MS, figures }, null, 1) + '\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
