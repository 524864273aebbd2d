/**
 * Where a page's time goes outside session.run: colorize() with an instant
 * backend (returns a ready output, so all that is left is the engine's own
 * work), and the engine's stages one by one on the same page.
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
import { hintChannels, lineChannel } from '../src/model/preprocess';
import { measureLineWidth } from '../src/model/linewidth';
import { composeResult } from '../src/model/postprocess';
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

async function timeIt(runs: number, fn: () => unknown | Promise<unknown>): Promise<Figure> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples, 'ms');
}

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
  if (process.env.PROFILE_ONLY_COLORIZE === '1') {
    // For node --cpu-prof: nothing but colorize() at scale 1 in the profile.
    figures.colorize_instant_scale1 = await timeIt(runs, () => colorizer.colorize(lineart, hint, { workingScale: 1 }));
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
  figures.regionFill_scale1 = await timeIt(runs, () => computeRegionFill(size, size, planePaperRows(line.data, size, size), rgbaHintPixels(hint.data, 1), contract.fill.gapRadius));
  // The same without closing gaps: what the closing costs, measured in the same run.
  figures.regionFill_scale1_gapRadius0 = await timeIt(runs, () => computeRegionFill(size, size, planePaperRows(line.data, size, size), rgbaHintPixels(hint.data, 1), 0));
  const color = [createPlane(size, size), createPlane(size, size), createPlane(size, size)] as const;
  figures.composeResult_scale1 = await timeIt(runs, () => composeResult(color, size, size, line));
  const result = await colorizer.colorize(lineart, hint, { workingScale: 1 });
  figures.encode_png = await timeIt(runs, () => encodePng(result.image));
  const auto = await colorizer.colorize(lineart, hint, { workingScale: 'auto' });
  process.stdout.write(JSON.stringify({ size, runs, autoScale: auto.workingScale, tiles: result.tilesTotal, figures }, null, 1) + '\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
