/**
 * The engine's own time (ColorizeResult.totalMs - inferenceMs) on the 4096
 * bench page, two engine builds compared in one sitting: each build's runs
 * in a child process of its own, the builds taking turns, so a busy or slow
 * machine slows both alike. For a change to the engine that should make
 * the same bytes faster (check the bytes separately).
 *
 *   git worktree add /tmp/base <rev> && (cd /tmp/base && ln -s "$PWD/node_modules" . && npx tsc -p tsconfig.build.json)
 *   node build/bench/engine-ab.js /tmp/base/build build [scale=1|auto] [rounds=2] [runs=3]
 *
 * Prints each child's runs and, per build, the median and range over all of them.
 * WASM, 2 threads, the bench's tuned malloc; page and model from this checkout.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { decodePng } from './codec';
import { loadModelAssets } from './machine';
import { loadOrtWeb } from './page-child';
import { tunedMallocEnv } from '../cli/relaunch';
import { summarize } from './stats';
import { ensurePage } from './synth';
import type { BenchEngine } from './engine';

const repoRoot = path.resolve(__dirname, '..', '..');

/** One child: `runs` colorize calls of the page with the engine under buildRoot; prints the overheads as JSON. */
async function child(buildRoot: string, scale: number | 'auto', runs: number): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require(path.resolve(buildRoot, 'src', 'model', 'index')) as BenchEngine;
  const assets = loadModelAssets(repoRoot);
  const contract = engine.parseContract(assets.contractJson);
  const page = await ensurePage(4096, path.join(repoRoot, 'bench', 'results', 'tmp', 'pages'));
  const [lineart, hint] = await Promise.all([decodePng(page.lineartPng), decodePng(page.hintPng)]);
  const backend = await engine.createWebBackend({ ort: loadOrtWeb('wasm'), modelBytes: assets.modelBytes, prefer: 'wasm', numThreads: 2, contract });
  const colorizer = engine.createColorizer({ contract, backend });
  await colorizer.colorize(lineart, hint, { workingScale: 0.25 }); // warm-up: kernels, first allocations
  const overheads: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await colorizer.colorize(lineart, hint, { workingScale: scale });
    overheads.push(result.totalMs - result.inferenceMs);
  }
  process.stdout.write(JSON.stringify(overheads) + '\n');
}

function main(): void {
  const [a, b, scaleArg = '1', roundsArg = '2', runsArg = '3'] = process.argv.slice(2);
  if (process.env.ENGINE_AB_CHILD) {
    child(process.env.ENGINE_AB_CHILD, scaleArg === 'auto' ? 'auto' : Number(scaleArg), Number(runsArg)).then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
      },
    );
    return;
  }
  if (!a || !b) throw new Error('usage: node build/bench/engine-ab.js <buildA> <buildB> [scale=1|auto] [rounds=2] [runs=3]');
  const env = tunedMallocEnv(process.env, process.platform) ?? process.env;
  const all: Record<string, number[]> = { [a]: [], [b]: [] };
  for (let round = 0; round < Number(roundsArg); round++) {
    for (const build of [a, b]) {
      const out = execFileSync(process.execPath, [__filename, a, b, scaleArg, roundsArg, runsArg], { env: { ...env, ENGINE_AB_CHILD: build }, encoding: 'utf8' });
      const overheads = JSON.parse(out.trim().split('\n').pop() ?? '[]') as number[];
      all[build].push(...overheads);
      process.stdout.write(`${build} scale ${scaleArg}: ${overheads.map((v) => Math.round(v)).join(' ')} ms\n`);
    }
  }
  for (const build of [a, b]) {
    const f = summarize(all[build], 'ms');
    process.stdout.write(`${build}: engine's own time median ${Math.round(f.median)} ms (${Math.round(f.min)}-${Math.round(f.max)}, ${f.runs} runs)\n`);
  }
}

main();
