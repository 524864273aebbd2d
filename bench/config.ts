/**
 * What one bench invocation measures. Read from the environment so that
 * `npm run bench` needs no flags, and a quick or tiny subset is one variable away:
 *   BENCH_MODE=full|quick|tiny   (BENCH_QUICK=1 is the same as BENCH_MODE=quick)
 *   BENCH_RUNS=N                  timed runs per figure (default 5; tiny: 1)
 *   BENCH_PAGE4096_RUNS=N         runs for the two 4096 pages only (they dominate the time)
 *   BENCH_OUT=dir                 where result files go (default bench/results; quick and tiny:
 *                                 bench/results/tmp/MODE, git-ignored, so they never replace the record)
 *   BENCH_THREADS=N               WASM and native intra-op threads (default 2, the goal's setting)
 */
import * as path from 'path';

export type BenchMode = 'full' | 'quick' | 'tiny';

export interface PageSpec {
  /** Key prefix, e.g. page4096 (names stay the same in tiny mode; `size` says what was run). */
  readonly key: string;
  readonly size: number;
  readonly runs: number;
}

export interface BenchConfig {
  readonly mode: BenchMode;
  readonly runs: number;
  readonly warmupRuns: number;
  readonly threads: number;
  /** Tile edge for the raw tile figures (512, or 64 in tiny mode). */
  readonly tileSize: number;
  /** Pages whose cost per megapixel is reported: 1, 4 and 16 MP. */
  readonly pages: readonly [PageSpec, PageSpec, PageSpec];
  /** Also time the 4096 page at workingScale 'auto' and on the native backend. */
  readonly extras: boolean;
  /** Size of the page used only to warm a page child up (session creation, first allocation). */
  readonly warmupPageSize: number;
  readonly outDir: string;
  readonly repoRoot: string;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

export function readConfig(env: NodeJS.ProcessEnv, repoRoot: string): BenchConfig {
  const modeRaw = env.BENCH_MODE ?? (env.BENCH_QUICK === '1' ? 'quick' : 'full');
  if (modeRaw !== 'full' && modeRaw !== 'quick' && modeRaw !== 'tiny') {
    throw new Error(`BENCH_MODE must be full, quick or tiny, got "${modeRaw}"`);
  }
  const mode: BenchMode = modeRaw;
  const runs = intFromEnv(env, 'BENCH_RUNS', mode === 'tiny' ? 1 : mode === 'quick' ? 3 : 5, 1);
  const big = intFromEnv(env, 'BENCH_PAGE4096_RUNS', mode === 'full' ? runs : 1, 1);
  const threads = intFromEnv(env, 'BENCH_THREADS', 2, 1);
  const outDir = path.resolve(repoRoot, env.BENCH_OUT ?? (mode === 'full' ? path.join('bench', 'results') : path.join('bench', 'results', 'tmp', mode)));
  if (mode === 'tiny') {
    return {
      mode, runs, warmupRuns: 1, threads, tileSize: 64, extras: false, warmupPageSize: 64, outDir, repoRoot,
      pages: [{ key: 'page1024', size: 64, runs }, { key: 'page2048', size: 96, runs }, { key: 'page4096', size: 128, runs }],
    };
  }
  if (mode === 'quick') {
    // Quick keeps the key names but runs small pages: for iterating, never for the record.
    return {
      mode, runs, warmupRuns: 1, threads, tileSize: 512, extras: false, warmupPageSize: 512, outDir, repoRoot,
      pages: [{ key: 'page1024', size: 512, runs }, { key: 'page2048', size: 1024, runs }, { key: 'page4096', size: 2048, runs: big }],
    };
  }
  return {
    mode, runs, warmupRuns: 1, threads, tileSize: 512, extras: true, warmupPageSize: 1024, outDir, repoRoot,
    pages: [{ key: 'page1024', size: 1024, runs }, { key: 'page2048', size: 2048, runs }, { key: 'page4096', size: 4096, runs: big }],
  };
}
