/**
 * The engine's own work on a page with the network's real output, and
 * whether two engine builds make the same bytes.
 *
 * Colours the page once on WASM, recording every tile's output, then
 * colours it `runs` more times with a backend that hands the recorded
 * outputs back (no inference). So a CPU profile shows only the engine, with
 * the white fill and the stroke blend doing what they do on the network's
 * real colour (profile-engine.ts's instant backend gives them black to
 * work on), and the first, cold call is told apart from warm ones. It also
 * prints a hash of every tile input and of the result: a change meant to
 * make the same bytes faster must leave both alone.
 *
 *   node build/bench/engine-replay.js [scale=1|auto|<number>] [runs=3] [buildRoot=build] [lineart.png hint.png]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof build/bench/engine-replay.js 1 4
 *
 * Defaults to the 4,096 bench page. bench/NOTES.md, session 15, has what it found.
 */
import { createHash } from 'crypto';
import * as path from 'path';
import { decodePng } from './codec';
import { loadModelAssets } from './machine';
import { loadOrtWeb } from './page-child';
import { ensurePage } from './synth';
import type { BenchEngine } from './engine';
import type { InferenceBackend } from '../src/model/types';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Runs the real backend and keeps what it returns, or hands back what it kept, in call order. */
function recordingBackend(real: InferenceBackend): { backend: InferenceBackend; replay(): void; inputHash(): string } {
  const outputs: Float32Array[] = [];
  let replaying = false;
  let next = 0;
  let hash = createHash('sha256');
  const backend: InferenceBackend = {
    name: real.name,
    async run(input, height, width) {
      if (!replaying) {
        hash.update(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
        const output = await real.run(input, height, width);
        outputs.push(output.slice());
        return output;
      }
      // A copy: the engine may keep or change what it is given.
      return outputs[next++ % outputs.length].slice();
    },
    dispose: () => real.dispose(),
  };
  return {
    backend,
    replay() {
      replaying = true;
      next = 0;
    },
    inputHash() {
      const digest = hash.digest('hex');
      hash = createHash('sha256');
      return digest;
    },
  };
}

async function main(): Promise<void> {
  const [scaleArg = '1', runsArg = '3', buildArg, lineartArg, hintArg] = process.argv.slice(2);
  const scale = scaleArg === 'auto' ? 'auto' : Number(scaleArg);
  const buildRoot = buildArg ? path.resolve(buildArg) : path.resolve(__dirname, '..');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require(path.join(buildRoot, 'src', 'model', 'index')) as BenchEngine;
  const assets = loadModelAssets(repoRoot);
  const contract = engine.parseContract(assets.contractJson);
  const page = lineartArg && hintArg ? { lineartPng: lineartArg, hintPng: hintArg } : await ensurePage(4096, path.join(repoRoot, 'bench', 'results', 'tmp', 'pages'));
  const [lineart, hint] = await Promise.all([decodePng(page.lineartPng), decodePng(page.hintPng)]);
  const real = await engine.createWebBackend({ ort: loadOrtWeb('wasm'), modelBytes: assets.modelBytes, prefer: 'wasm', numThreads: 2, contract });
  const recorder = recordingBackend(real);
  const colorizer = engine.createColorizer({ contract, backend: recorder.backend });
  const first = await colorizer.colorize(lineart, hint, { workingScale: scale });
  const result = createHash('sha256').update(first.image.data).digest('hex');
  process.stdout.write(`scale ${scaleArg} (working ${first.workingScale.toFixed(4)}): tile inputs ${recorder.inputHash().slice(0, 16)}, result ${result.slice(0, 16)}\n`);
  process.stdout.write(`first (cold) call: engine's own time ${Math.round(first.totalMs - first.inferenceMs)} ms\n`);
  recorder.replay();
  for (let i = 0; i < Number(runsArg); i++) {
    recorder.replay();
    const run = await colorizer.colorize(lineart, hint, { workingScale: scale });
    process.stdout.write(`replayed run ${i + 1}: engine's own time ${Math.round(run.totalMs - run.inferenceMs)} ms\n`);
  }
  await real.dispose();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
