/**
 * The engine's WebGPU path in Node, on the GPU machine: onnxruntime-web's
 * WebGPU build over Dawn (npm `webgpu`). Start it through
 * bench/gpu/with-webgpu.mjs, which installs navigator.gpu first.
 *
 *   node bench/gpu/with-webgpu.mjs --out FILE [--tiny] [--fp16-model FILE.onnx]
 *
 * Figures (median/min/max): raw tiles through the engine's backend at 512,
 * 1024 and 2048, and whole pages (decode, colorize, encode) at 2048 and 4096,
 * workingScale 1. Variants on a raw session: output kept on the GPU
 * (`_gpubuf_`: no read-back, the cost the engine's copy adds), an fp16
 * network (`_fp16_`) and several tiles in one call (`_batchN_`). --tiny runs 64/128 px for a check on a CPU Vulkan (SwiftShader).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEngine } from '../engine';
import { loadModelAssets, machineInfo, loadSample } from '../machine';
import { loadOrtWeb, runPageJob, type PageChildResult } from '../page-child';
import { summarize, type Figure } from '../stats';
import { tileInput } from '../tile-input';
import type * as OrtWeb from 'onnxruntime-web';

interface GpuInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly features: string[];
}

interface GpuAdapterLike {
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  readonly features?: Iterable<string>;
}

async function adapterInfo(): Promise<GpuInfo | null> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(o?: unknown): Promise<GpuAdapterLike | null> } } }).navigator?.gpu;
  if (!gpu) return null;
  const a = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!a) return null;
  // GPUAdapterInfo's fields are prototype getters: a spread would copy nothing.
  const i = a.info;
  return { vendor: i?.vendor, architecture: i?.architecture, device: i?.device, description: i?.description, features: a.features ? [...a.features] : [] };
}

/**
 * Runs fn with a timer keeping Node's event loop busy. Creating the first onnxruntime-web WebGPU
 * session over Dawn in Node waited ~33 s on one createComputePipelineAsync (37.6 s on the H200,
 * 34 s on SwiftShader) when nothing else was scheduled, and 1.2 s with a 100 ms interval alive
 * (SwiftShader, 2026-12-04); the page children, which hold an IPC channel, never showed it. A
 * harness artifact, not a cost of WebGPU: browsers (and Photoshop's webview) pump their own events.
 * Only around session creation: the timer alive during runs slowed SwiftShader's runs.
 */
async function whileLoopTurns<T>(fn: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 100);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

/** Wall-clock samples (ms) of `runs` calls of fn after `warmup` untimed ones (shader compilation, buffer pools). */
async function timeRuns(fn: () => Promise<unknown>, warmup: number, runs: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s0 = performance.now();
    await fn();
    samples.push(performance.now() - s0);
  }
  return samples;
}

/** One raw session.run whose outputs are released at once (they may live on the GPU). */
async function runAndRelease(session: OrtWeb.InferenceSession, feeds: OrtWeb.InferenceSession.FeedsType): Promise<void> {
  const out = await session.run(feeds);
  for (const v of Object.values(out)) v.dispose();
}

function log(msg: string): void {
  process.stderr.write(`[gpu-bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1] : undefined;
  if (!out) throw new Error('usage: node bench/gpu/with-webgpu.mjs --out FILE [--tiny]');
  const tiny = args.includes('--tiny');
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const assets = loadModelAssets(repoRoot);
  const engine = loadEngine();
  const contract = engine.parseContract(assets.contractJson);
  const figures: Record<string, Figure> = {};
  const details: Record<string, unknown> = {};
  const started = new Date();

  const info = await adapterInfo();
  if (!info) throw new Error('no WebGPU adapter: navigator.gpu missing or requestAdapter() gave null (see bench/gpu/README.md: Vulkan libraries, VK_DRIVER_FILES)');
  log(`adapter: ${info.vendor ?? '?'} ${info.architecture ?? '?'} ${info.description ?? ''}`);

  const ort = loadOrtWeb('webgpu');
  ort.env.webgpu.powerPreference = 'high-performance';
  const t0 = performance.now();
  const backend = await whileLoopTurns(() => engine.createWebBackend({ ort, modelBytes: assets.modelBytes, prefer: 'webgpu', numThreads: 1, contract }));
  details.sessionCreateMs = Math.round(performance.now() - t0);
  if (backend.name !== 'webgpu') throw new Error(`engine gave the ${backend.name} backend, not webgpu`);

  const channels = assets.contract.input.channels.length;
  const tileSizes = tiny ? [64] : [512, 1024, 2048];
  const tileRuns = tiny ? 2 : 10;
  try {
    for (const size of tileSizes) {
      const input = tileInput(channels, size);
      const samples = await timeRuns(() => backend.run(input, size, size), 3, tileRuns);
      figures[`tile${tiny ? 512 : size}_webgpu_ms`] = summarize(samples, 'ms');
      log(`tile ${size}: ${figures[`tile${tiny ? 512 : size}_webgpu_ms`].median} ms`);
      if (tiny) break;
    }
  } finally {
    await backend.dispose();
  }

  // Variants on a raw onnxruntime-web session (not the engine), to size what the engine could gain:
  // output left on the GPU (no read-back), and an fp16 network (torch_bench.py --export-fp16).
  const fp16Idx = args.indexOf('--fp16-model');
  const fp16Path = fp16Idx >= 0 ? args[fp16Idx + 1] : undefined;
  const variantSizes = tiny ? [64] : [512, 2048];
  const variants: Array<[string, Uint8Array, Record<string, unknown>]> = [['gpubuf', assets.modelBytes, { preferredOutputLocation: 'gpu-buffer' }]];
  if (fp16Path && fs.existsSync(fp16Path)) {
    variants.push(['fp16', new Uint8Array(fs.readFileSync(fp16Path)), {}]);
    details.fp16Model = { path: fp16Path, bytes: fs.statSync(fp16Path).size, shaderF16: info.features.includes('shader-f16') };
  }
  for (const [tag, bytes, extra] of variants) {
    try {
      const session = await whileLoopTurns(() => ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'], graphOptimizationLevel: 'all', ...extra }));
      for (const size of variantSizes) {
        const feeds = { [assets.contract.input.name]: new ort.Tensor('float32', tileInput(channels, size), [1, channels, size, size]) };
        const samples = await timeRuns(() => runAndRelease(session, feeds), 3, tileRuns);
        figures[`tile${tiny ? 512 : size}_webgpu_${tag}_ms`] = summarize(samples, 'ms');
        log(`tile ${size} ${tag}: ${figures[`tile${tiny ? 512 : size}_webgpu_${tag}_ms`].median} ms`);
        if (tiny) break;
      }
      await session.release();
    } catch (err) {
      details[`variant_${tag}_error`] = err instanceof Error ? err.message : String(err);
      log(`variant ${tag} failed: ${String(details[`variant_${tag}_error`])}`);
    }
  }

  // Several tiles in one session.run (the export's batch axis is dynamic since 2026-12-04): PyTorch on
  // the H200 ran a 2048 page's 25 tiles 5x faster as one batch than one after another. Whether
  // onnxruntime-web's WebGPU EP gains as much decides if the engine should batch its tiles.
  const batchTile = tiny ? 64 : 512;
  const batchSizes = tiny ? [2] : [4, 25];
  try {
    const session = await whileLoopTurns(() => ort.InferenceSession.create(assets.modelBytes, { executionProviders: ['webgpu'], graphOptimizationLevel: 'all' }));
    for (const n of batchSizes) {
      const one = tileInput(channels, batchTile);
      const batch = new Float32Array(n * one.length);
      for (let k = 0; k < n; k++) batch.set(one, k * one.length);
      const feeds = { [assets.contract.input.name]: new ort.Tensor('float32', batch, [n, channels, batchTile, batchTile]) };
      const samples = await timeRuns(() => runAndRelease(session, feeds), 2, tiny ? 2 : 5);
      figures[`tile512_webgpu_batch${n}_ms`] = summarize(samples, 'ms');
      figures[`tile512_webgpu_batch${n}_per_tile_ms`] = summarize(samples.map((v) => v / n), 'ms');
      log(`batch of ${n} ${batchTile}px tiles: ${figures[`tile512_webgpu_batch${n}_ms`].median} ms`);
    }
    await session.release();
  } catch (err) {
    details.variant_batch_error = err instanceof Error ? err.message : String(err);
    log(`batched tiles failed: ${String(details.variant_batch_error)}`);
  }

  const pages: Array<[string, number]> = tiny ? [['page2048', 64], ['page4096', 128]] : [['page2048', 2048], ['page4096', 4096]];
  const cacheDir = path.join(repoRoot, 'bench', 'results', 'tmp', 'pages');
  for (const [key, size] of pages) {
    log(`${key} (${size}px) on webgpu, workingScale 1`);
    const r: PageChildResult = await runPageJob({
      size, runs: tiny ? 1 : 5, warmupSize: size, warmupRuns: 1, backend: 'webgpu', threads: 1, workingScale: 1, cacheDir, repoRoot,
    });
    figures[`${key}_webgpu_ms`] = summarize(r.samples.map((s) => s.totalMs), 'ms');
    figures[`${key}_webgpu_colorize_ms`] = summarize(r.samples.map((s) => s.colorizeMs), 'ms');
    figures[`${key}_webgpu_inference_share`] = summarize(r.samples.map((s) => s.inferenceMs / s.totalMs), 'fraction');
    figures[`${key}_webgpu_outside_inference_ms`] = summarize(r.samples.map((s) => s.totalMs - s.inferenceMs), 'ms');
    details[key] = { size, tilesTotal: r.samples[0].tilesTotal, workingScale: r.samples[0].workingScale, peakRssMb: Math.round(r.peakRssMb) };
    log(`${key}: ${figures[`${key}_webgpu_ms`].median} ms (colorize ${figures[`${key}_webgpu_colorize_ms`].median} ms)`);
  }

  const result = {
    schema: 1,
    kind: 'webgpu-node',
    mode: tiny ? 'tiny' : 'full',
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machineInfo(repoRoot),
    adapter: info,
    model: assets.info,
    load: loadSample(),
    figures,
    details,
  };
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  log(`wrote ${out}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`webgpu bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
