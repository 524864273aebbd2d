/**
 * One page size, timed in a process of its own so that its peak RSS is the
 * page's alone. Spawned by run.ts with a JSON job as argv[2]; prints one line
 * `BENCH_RESULT {json}` on stdout.
 *
 * Each run is the whole job a user waits for: read + decode both PNGs,
 * colorize (preprocess, tiles, blend, line restore), encode the PNG.
 */
import * as fs from 'fs';
import type * as OrtWeb from 'onnxruntime-web';
import { decodePng, encodePng } from './codec';
import { loadEngine, type BenchColorizer } from './engine';
import { loadModelAssets } from './machine';
import type * as NativeBackendModule from '../cli/native-backend';
import { ensurePage, type LineartKind } from './synth';
import type { Contract, InferenceBackend, RgbaImage, ShadingOptions } from '../src/model/types';
import { runAsChild } from './child-protocol';

export interface PageJob {
  readonly size: number;
  readonly runs: number;
  /** Pages colorized first and not timed: session creation, kernel set-up, first allocations. */
  readonly warmupSize: number;
  readonly warmupRuns: number;
  /** webgpu: onnxruntime-web's WebGPU build; needs navigator.gpu (bench/gpu/with-webgpu.mjs installs it in Node). */
  readonly backend: 'wasm' | 'native' | 'webgpu';
  readonly threads: number;
  readonly workingScale: number | 'auto';
  /** Form shading, flattened into the PNG as the CLI does; absent: none. */
  readonly shading?: ShadingOptions;
  /** The page's lineart as stored: opaque grey on white (the default), or ink on a transparent layer. */
  readonly lineart?: LineartKind;
  readonly cacheDir: string;
  readonly repoRoot: string;
}

export interface PageSample {
  readonly decodeMs: number;
  readonly colorizeMs: number;
  /** ColorizeResult.totalMs and .inferenceMs as the engine reports them. */
  readonly engineTotalMs: number;
  readonly inferenceMs: number;
  readonly encodeMs: number;
  readonly totalMs: number;
  readonly tilesTotal: number;
  readonly workingScale: number;
  readonly pngBytes: number;
}

export interface PageChildResult {
  readonly job: PageJob;
  readonly samples: readonly PageSample[];
  /** VmHWM from /proc/self/status (resident high-water mark) over the whole child, MiB. */
  readonly peakRssMb: number;
  /**
   * Peak RSS of each timed run alone (MiB): garbage collected and the
   * high-water mark reset before it. Empty where the peak cannot be reset.
   */
  readonly runPeakRssMb: readonly number[];
  readonly sessionCreateMs: number;
  /**
   * With shading: the shading alone made again from the page's flat colour,
   * once per run, after the timed runs and their peaks (what Relight
   * computes in Photoshop). Empty without shading.
   */
  readonly relightMs: readonly number[];
  /** With shading, the same way: the page's flats (flatsLayer of its lineart and hint). Empty without shading. */
  readonly flatsMs: readonly number[];
  /**
   * With shading, the same way: Colorize of a SELECTION_PX square selection
   * in the page's middle, as the Photoshop host runs it: the engine on the
   * selection and SELECTION_CONTEXT_PX of context a side, no side a page edge.
   */
  readonly selectionMs: readonly number[];
}

/** The selection timed (selectionMs) and its context a side (the host's work-area.ts margin for it: 256). */
export const SELECTION_PX = 1024;
const SELECTION_CONTEXT_PX = 256;

function cropImage(image: RgbaImage, left: number, top: number, size: number): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) data.set(image.data.subarray(((top + y) * image.width + left) * 4, ((top + y) * image.width + left + size) * 4), y * size * 4);
  return { width: size, height: size, data };
}

/** Resident-set high-water mark in MiB: VmHWM where Linux has it, else resourceUsage().maxRSS. */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * The onnxruntime-web build for a backend, loaded only when needed: the
 * WebGPU build and the Node (WASM) build each initialise their own runtime.
 */
export function loadOrtWeb(backend: 'wasm' | 'webgpu'): typeof OrtWeb {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return backend === 'webgpu' ? (require('onnxruntime-web/webgpu') as typeof OrtWeb) : (require('onnxruntime-web') as typeof OrtWeb);
}

/**
 * Resets VmHWM to the current RSS (Linux >= 4.0: write 5 to clear_refs) after
 * collecting garbage, so the next reading is one run's own peak rather than
 * the leftovers of the run before. False where that is not possible.
 */
function resetPeakRss(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  try {
    gc();
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function openBackend(job: PageJob): Promise<{ colorizer: BenchColorizer; contract: Contract; createMs: number }> {
  const engine = loadEngine();
  const assets = loadModelAssets(job.repoRoot);
  const contract = engine.parseContract(assets.contractJson);
  const t0 = performance.now();
  let backend: InferenceBackend;
  if (job.backend === 'native') {
    // Loaded here, not at the top: the GPU machine carries no onnxruntime-node.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createNativeBackend } = require('../cli/native-backend') as typeof NativeBackendModule;
    backend = await createNativeBackend({
      modelBytes: assets.modelBytes,
      inputName: assets.contract.input.name,
      outputName: assets.contract.output.name,
      inputChannels: assets.contract.input.channels.length,
      threads: job.threads,
      spinning: false,
    });
  } else {
    backend = await engine.createWebBackend({ ort: loadOrtWeb(job.backend), modelBytes: assets.modelBytes, prefer: job.backend, numThreads: job.threads, contract });
  }
  const createMs = performance.now() - t0;
  return { colorizer: engine.createColorizer({ contract, backend }), contract, createMs };
}

async function runOnce(colorizer: BenchColorizer, lineartPng: string, hintPng: string, job: PageJob): Promise<PageSample> {
  const t0 = performance.now();
  const [lineart, hint] = await Promise.all([decodePng(lineartPng), decodePng(hintPng)]);
  const t1 = performance.now();
  // As the CLI writing a PNG (no PSD): nothing reads the hint after, so the engine works on it in place.
  const result = await colorizer.colorize(lineart, hint, { workingScale: job.workingScale, consumeHint: true, ...(job.shading ? { shading: job.shading } : {}) });
  const t2 = performance.now();
  if (result.shading) loadEngine().multiplyInPlace(result.image, result.shading);
  const png = await encodePng(result.image);
  const t3 = performance.now();
  return {
    decodeMs: t1 - t0,
    colorizeMs: t2 - t1,
    engineTotalMs: result.totalMs,
    inferenceMs: result.inferenceMs,
    encodeMs: t3 - t2,
    totalMs: t3 - t0,
    tilesTotal: result.tilesTotal,
    workingScale: result.workingScale,
    pngBytes: png.byteLength,
  };
}

/**
 * The network-free tools' costs: the page coloured once more (not timed),
 * then its shading made `job.runs` times from the flat colour (Relight), and
 * its flats `job.runs` times (Flats).
 */
async function timeTools(
  colorizer: BenchColorizer,
  contract: Contract,
  lineartPng: string,
  hintPng: string,
  job: PageJob,
): Promise<{ relightMs: number[]; flatsMs: number[]; selectionMs: number[] }> {
  const [lineart, hint] = await Promise.all([decodePng(lineartPng), decodePng(hintPng)]);
  const { image } = await colorizer.colorize(lineart, hint, { workingScale: job.workingScale });
  const shading = job.shading!;
  const time = (run: () => void): number[] =>
    Array.from({ length: job.runs }, () => {
      const t0 = performance.now();
      run();
      return performance.now() - t0;
    });
  const engine = loadEngine();
  const relightMs = time(() => engine.shadeLayer(lineart, image, contract, shading));
  const flatsMs = time(() => engine.flatsLayer(lineart, hint, contract));
  const side = Math.min(SELECTION_PX + 2 * SELECTION_CONTEXT_PX, lineart.width, lineart.height);
  const at = Math.max(0, Math.floor((lineart.width - side) / 2));
  const [lineartCrop, hintCrop] = [cropImage(lineart, at, at, side), cropImage(hint, at, at, side)];
  const inner = { left: false, top: false, right: false, bottom: false };
  const selectionMs: number[] = [];
  for (let i = 0; i < job.runs; i++) {
    const t0 = performance.now();
    await colorizer.colorize(lineartCrop, hintCrop, { workingScale: job.workingScale, shading, pageEdges: inner });
    selectionMs.push(performance.now() - t0);
  }
  return { relightMs, flatsMs, selectionMs };
}

export async function runPageJob(job: PageJob): Promise<PageChildResult> {
  const page = await ensurePage(job.size, job.cacheDir, job.lineart);
  const warm = await ensurePage(job.warmupSize, job.cacheDir, job.lineart);
  const { colorizer, contract, createMs } = await openBackend(job);
  try {
    for (let i = 0; i < job.warmupRuns; i++) await runOnce(colorizer, warm.lineartPng, warm.hintPng, job);
    const samples: PageSample[] = [];
    const runPeaks: number[] = [];
    let wholePeak = peakRssMb();
    for (let i = 0; i < job.runs; i++) {
      const resettable = resetPeakRss();
      samples.push(await runOnce(colorizer, page.lineartPng, page.hintPng, job));
      const peak = peakRssMb();
      wholePeak = Math.max(wholePeak, peak);
      if (resettable) runPeaks.push(peak);
    }
    const tools = job.shading ? await timeTools(colorizer, contract, page.lineartPng, page.hintPng, job) : { relightMs: [], flatsMs: [], selectionMs: [] };
    return { job, samples, peakRssMb: wholePeak, runPeakRssMb: runPeaks, sessionCreateMs: createMs, ...tools };
  } finally {
    await colorizer.dispose();
  }
}

if (require.main === module) runAsChild('page child', runPageJob);
