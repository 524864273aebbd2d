/**
 * `npm run bench`: how fast Colorize is on this machine and how its cost grows
 * with the canvas. See bench/README.md for the figures and the environment
 * variables (BENCH_QUICK=1 for a short run while iterating).
 */
import { spawn } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { readConfig, type BenchConfig, type PageSpec } from './config';
import { loadEngine, type BenchEngine } from './engine';
import { engineBuildInfo, loadModelAssets, loadSample, machineInfo, type LoadSample } from './machine';
import type { PageChildResult, PageJob, PageSample } from './page-child';
import { parseChildResult } from './child-protocol';
import { checkGoal, writeResult, type BenchResult, type GoalCheck } from './report';
import { summarize, type Figure } from './stats';
import { measureTiles } from './tile';
import { tunedMallocEnv } from '../cli/relaunch';
import type { TileChildResult, TileJob } from './tile-child';
import type { FirstClickJob, FirstClickResult } from './first-click-child';

function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

/** The children's environment: the one the CLI's page work runs in. BENCH_UNTUNED_MALLOC=1 measures without the tuning. */
const CHILD_ENV = (process.env.BENCH_UNTUNED_MALLOC === '1' ? undefined : tunedMallocEnv(process.env, process.platform)) ?? process.env;

/** Runs a job in a fresh node process (its own peak RSS, its own WASM thread count) and parses its result line. */
function runChild<T>(script: string, job: object, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    // --expose-gc: a page child collects garbage and resets its peak RSS before each run (page-child.ts).
    // The environment is the CLI's: on Linux it runs with glibc's malloc tuned (cli/relaunch.ts).
    const child = spawn(process.execPath, ['--expose-gc', path.join(__dirname, script), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'], env: CHILD_ENV });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const result = parseChildResult<T>(out);
      if (code !== 0 || result === undefined) {
        reject(new Error(`${what} exited with ${code}${result === undefined ? ' and no result' : ''}`));
        return;
      }
      resolve(result);
    });
  });
}

export function runPageChild(job: PageJob): Promise<PageChildResult> {
  return runChild<PageChildResult>('page-child.js', job, `page child (${job.size}px, ${job.backend}, scale ${job.workingScale})`);
}

export function runTileChild(job: TileJob): Promise<TileChildResult> {
  return runChild<TileChildResult>('tile-child.js', job, `tile child (${job.size}px, ${job.threads} threads)`);
}

export function runFirstClickChild(job: FirstClickJob): Promise<FirstClickResult> {
  return runChild<FirstClickResult>('first-click-child.js', job, `first-click child (${job.size}px, ${job.mode})`);
}

/** The panel's first Colorize: page size, and how long the artist paints between the panel's preparation and the click. */
const FIRST_CLICK_PAGE_PX = 2048;
const FIRST_CLICK_IDLE_MS = 2000;

/**
 * The first Colorize in Photoshop: cold (the click loads the model),
 * prepared (loaded when the panel showed, as the panel does on WASM) and
 * warmed (also a warm-up page, as it does on WebGPU), each in fresh
 * processes on one WASM thread as in UXP; the three take turns so a drift
 * of the host's speed falls on all.
 */
async function measureFirstClick(config: BenchConfig, cacheDir: string): Promise<Record<string, Figure>> {
  const runs: Record<FirstClickJob['mode'], FirstClickResult[]> = { cold: [], prepared: [], warmed: [] };
  for (let i = 0; i < config.runs; i++) {
    for (const mode of ['cold', 'prepared', 'warmed'] as const) {
      runs[mode].push(await runFirstClickChild({ size: FIRST_CLICK_PAGE_PX, mode, idleMs: FIRST_CLICK_IDLE_MS, threads: 1, cacheDir, repoRoot: config.repoRoot }));
    }
  }
  const all = [...runs.cold, ...runs.prepared, ...runs.warmed];
  return {
    first_colorize_2048_cold_ms: summarize(runs.cold.map((r) => r.firstClickMs), 'ms'),
    first_colorize_2048_prepared_ms: summarize(runs.prepared.map((r) => r.firstClickMs), 'ms'),
    first_colorize_2048_warmed_ms: summarize(runs.warmed.map((r) => r.firstClickMs), 'ms'),
    later_colorize_2048_ms: summarize(all.map((r) => r.laterClickMs), 'ms'),
    engine_load_ms: summarize(runs.prepared.map((r) => r.prepareMs), 'ms'),
    engine_load_and_warm_up_ms: summarize(runs.warmed.map((r) => r.prepareMs), 'ms'),
  };
}

/** Per-run peak RSS when the child could reset its high-water mark; else the child's whole peak (warm-up included). */
const peakFigure = (r: PageChildResult): Figure => summarize(r.runPeakRssMb.length > 0 ? r.runPeakRssMb : [r.peakRssMb], 'MiB');

const pick = (samples: readonly PageSample[], f: (s: PageSample) => number): number[] => samples.map(f);

function pageDetails(spec: PageSpec, r: PageChildResult): Record<string, unknown> {
  const s = r.samples[0];
  return {
    size: spec.size,
    megapixels: (spec.size * spec.size) / 1e6,
    backend: r.job.backend,
    workingScaleRequested: r.job.workingScale,
    workingScale: s.workingScale,
    tilesTotal: s.tilesTotal,
    sessionCreateMs: Math.round(r.sessionCreateMs),
    peakRssMb: Math.round(r.peakRssMb),
    runPeakRssMb: r.runPeakRssMb.map(Math.round),
    pngBytes: s.pngBytes,
    warmup: `${r.job.warmupRuns} x ${r.job.warmupSize}px`,
  };
}

export async function runBench(config: BenchConfig): Promise<{ result: BenchResult; files: string[] }> {
  const started = new Date();
  const load: Record<string, LoadSample> = { start: loadSample() };
  const figures: Record<string, Figure> = {};
  const details: Record<string, unknown> = {};
  const notes: string[] = [];
  const assets = loadModelAssets(config.repoRoot);
  // The compiled engine this run loads (and its children: same build directory).
  const engineInfo = engineBuildInfo(config.repoRoot, path.resolve(__dirname, '..', 'src', 'model'));
  const cacheDir = path.join(config.repoRoot, 'bench', 'results', 'tmp', 'pages');

  const engine: BenchEngine = loadEngine();

  log(`tiles ${config.tileSize}px: ${config.runs} runs after ${config.warmupRuns} warm-up, ${config.threads} threads`);
  const tiles = await measureTiles(assets, engine, config.tileSize, config.runs, config.warmupRuns, config.threads);
  figures.tile512_wasm_ms = summarize(tiles.wasm, 'ms');
  figures.tile512_native_ms = summarize(tiles.native, 'ms');
  figures.wasm_native_ratio = summarize(tiles.ratio, 'x');
  if (tiles.engineWasm.length > 0) figures.tile512_wasm_engine_ms = summarize(tiles.engineWasm, 'ms');
  details.tiles = { size: config.tileSize, sessionCreateMs: Object.fromEntries(Object.entries(tiles.createMs).map(([k, v]) => [k, Math.round(v)])) };
  load.tiles = loadSample();
  log(`tiles: wasm ${figures.tile512_wasm_ms.median} ms, native ${figures.tile512_native_ms.median} ms`);
  if (config.mode !== 'tiny') {
    // The Photoshop panel's WASM runs single-threaded (no SharedArrayBuffer in UXP).
    const one = await runTileChild({ size: config.tileSize, runs: config.runs, warmupRuns: config.warmupRuns, threads: 1, repoRoot: config.repoRoot });
    figures.tile512_wasm_1thread_ms = summarize([...one.samples], 'ms');
    log(`tile, WASM 1 thread: ${figures.tile512_wasm_1thread_ms.median} ms`);
  }

  {
    const job = (spec: PageSpec, backend: 'wasm' | 'native', workingScale: number | 'auto', runs = spec.runs): PageJob => ({
      size: spec.size, runs, warmupSize: Math.min(config.warmupPageSize, spec.size), warmupRuns: config.warmupRuns,
      backend, threads: config.threads, workingScale, cacheDir, repoRoot: config.repoRoot,
    });
    const mpKeys = ['cost_per_mp_1mp_ms', 'cost_per_mp_4mp_ms', 'cost_per_mp_16mp_ms'];
    for (const [i, spec] of config.pages.entries()) {
      log(`${spec.key} (${spec.size}px, wasm, workingScale 1): ${spec.runs} runs`);
      const r = await runPageChild(job(spec, 'wasm', 1));
      const mp = (spec.size * spec.size) / 1e6;
      figures[`${spec.key}_wasm_ms`] = summarize(pick(r.samples, (s) => s.totalMs), 'ms');
      figures[mpKeys[i]] = summarize(pick(r.samples, (s) => s.totalMs / mp), 'ms/MP');
      details[spec.key] = pageDetails(spec, r);
      if (i === 1) figures.page2048_peak_rss_mb = peakFigure(r);
      load[spec.key] = loadSample();
      log(`${spec.key}: ${figures[`${spec.key}_wasm_ms`].median} ms, ${r.samples[0].tilesTotal} tiles, peak RSS ${Math.round(r.peakRssMb)} MiB`);
      if (i === 2) {
        figures.page4096_peak_rss_mb = peakFigure(r);
        figures.page4096_inference_share = summarize(pick(r.samples, (s) => s.inferenceMs / s.totalMs), 'fraction');
        figures.page4096_outside_inference_ms = summarize(pick(r.samples, (s) => s.totalMs - s.inferenceMs), 'ms');
        figures.page4096_decode_ms = summarize(pick(r.samples, (s) => s.decodeMs), 'ms');
        figures.page4096_engine_overhead_ms = summarize(pick(r.samples, (s) => s.engineTotalMs - s.inferenceMs), 'ms');
        figures.page4096_encode_ms = summarize(pick(r.samples, (s) => s.encodeMs), 'ms');
        figures.page4096_inference_per_tile_ms = summarize(pick(r.samples, (s) => s.inferenceMs / s.tilesTotal), 'ms');
      }
    }
    if (config.extras) {
      const big = config.pages[2];
      log(`${big.key} at workingScale 'auto' (wasm): ${big.runs} runs`);
      const auto = await runPageChild(job(big, 'wasm', 'auto'));
      figures.page4096_wasm_auto_ms = summarize(pick(auto.samples, (s) => s.totalMs), 'ms');
      figures.page4096_auto_peak_rss_mb = peakFigure(auto);
      // The default an artist gets: how much of it is the engine's own work rather than the network's.
      figures.page4096_auto_inference_share = summarize(pick(auto.samples, (s) => s.inferenceMs / s.totalMs), 'fraction');
      figures.page4096_auto_engine_overhead_ms = summarize(pick(auto.samples, (s) => s.engineTotalMs - s.inferenceMs), 'ms');
      details.page4096_auto = pageDetails(big, auto);
      load.page4096_auto = loadSample();
      // The same page as an artist's lineart layer usually is: ink on transparency, the same line values
      // (the engine once read such pixels channel by channel, which the opaque page never showed).
      log(`${big.key} at workingScale 'auto', its lineart as ink on a transparent layer (wasm): ${big.runs} runs`);
      const inked = await runPageChild({ ...job(big, 'wasm', 'auto'), lineart: 'transparent' });
      figures.page4096_auto_transparent_lineart_ms = summarize(pick(inked.samples, (s) => s.totalMs), 'ms');
      figures.page4096_auto_transparent_lineart_engine_overhead_ms = summarize(pick(inked.samples, (s) => s.engineTotalMs - s.inferenceMs), 'ms');
      details.page4096_auto_transparent_lineart = pageDetails(big, inked);
      load.page4096_auto_transparent_lineart = loadSample();
      log(`${big.key} at workingScale 'auto' with form shading (wasm): ${big.runs} runs`);
      const shaded = await runPageChild({ ...job(big, 'wasm', 'auto'), shading: { light: 'top-left', strength: 0.35 } });
      figures.page4096_wasm_auto_shaded_ms = summarize(pick(shaded.samples, (s) => s.totalMs), 'ms');
      figures.page4096_auto_shaded_peak_rss_mb = peakFigure(shaded);
      // What Relight in Photoshop computes: the shading alone, from the page's colour.
      figures.page4096_relight_ms = summarize([...shaded.relightMs], 'ms');
      // What Flats computes: the page's flats from its lineart and hint.
      figures.page4096_flats_ms = summarize([...shaded.flatsMs], 'ms');
      // What Colorize with a 1,024 px selection of that page runs: the engine on the selection and its context.
      figures.page4096_selection1024_ms = summarize([...shaded.selectionMs], 'ms');
      details.page4096_auto_shaded = pageDetails(big, shaded);
      load.page4096_auto_shaded = loadSample();
      log(`${big.key} on onnxruntime-node (native), workingScale 1: ${big.runs} runs`);
      const nat = await runPageChild(job(big, 'native', 1));
      figures.page4096_native_ms = summarize(pick(nat.samples, (s) => s.totalMs), 'ms');
      figures.page4096_native_inference_share = summarize(pick(nat.samples, (s) => s.inferenceMs / s.totalMs), 'fraction');
      figures.page4096_native_peak_rss_mb = peakFigure(nat);
      details.page4096_native = pageDetails(big, nat);
      load.page4096_native = loadSample();
      log(`first Colorize in Photoshop (${FIRST_CLICK_PAGE_PX}px at 'auto', WASM 1 thread): cold, prepared and warmed, ${config.runs} runs each`);
      Object.assign(figures, await measureFirstClick(config, cacheDir));
      load.first_click = loadSample();
      log(`first click: cold ${figures.first_colorize_2048_cold_ms.median} ms, prepared ${figures.first_colorize_2048_prepared_ms.median} ms, warmed ${figures.first_colorize_2048_warmed_ms.median} ms, later ${figures.later_colorize_2048_ms.median} ms`);
    }
  }

  const full = config.mode === 'full';
  const goals: GoalCheck[] = [
    checkGoal(figures, '4096x4096 page on WASM, 2 threads', 'page4096_wasm_ms', '<=', 12000, full),
    checkGoal(figures, '4096x4096 page peak RSS', 'page4096_peak_rss_mb', '<=', 600, full),
    checkGoal(figures, 'share of a 4096 page inside session.run (outside <= 15%)', 'page4096_inference_share', '>=', 0.85, full),
  ];
  if (config.mode !== 'full') notes.push(`${config.mode} mode: pages are ${config.pages.map((p) => `${p.key}=${p.size}px`).join(', ')}, tile ${config.tileSize}px; key names keep their full-mode meaning only in full mode`);
  load.end = loadSample();
  const finished = new Date();
  const result: BenchResult = {
    schema: 1,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationS: Math.round((finished.getTime() - started.getTime()) / 100) / 10,
    mode: config.mode,
    machine: machineInfo(config.repoRoot),
    model: assets.info,
    engine: engineInfo,
    settings: {
      threads: config.threads, runs: config.runs, warmupRuns: config.warmupRuns, tileSize: config.tileSize,
      pages: config.pages, nice: os.getPriority(), workingScale: 'page figures at workingScale 1 unless the key says auto',
      glibcTunables: CHILD_ENV.GLIBC_TUNABLES ?? null,
    },
    load,
    figures,
    details,
    goals,
    notes,
  };
  return { result, files: writeResult(config.outDir, result) };
}

if (require.main === module) {
  // BENCH_REPO_ROOT lets a long run execute from a snapshot of build/ (others rebuild build/ meanwhile)
  // while still reading this checkout's assets and writing its bench/results.
  const repoRoot = process.env.BENCH_REPO_ROOT ? path.resolve(process.env.BENCH_REPO_ROOT) : path.resolve(__dirname, '..', '..');
  let config: BenchConfig;
  try {
    config = readConfig(process.env, repoRoot);
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    process.exit(2);
  }
  runBench(config).then(
    ({ result, files }) => {
      log(`done in ${result.durationS} s: ${files.join(', ')}`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
