/**
 * What colorize() holds above its inputs, per page pixel, as the plugin's
 * host calls it (the hint given over: consumeHint): the measurement behind
 * the host's memory estimate (src/host/validate.ts estimateWorkingBytes).
 *
 * Each page size and working scale runs in a child process of its own
 * (WASM-free: a network that returns one cached output, so only the
 * engine's own buffers count), with the bench's tuned malloc: the decoded
 * page is read first, garbage collected, the resident high-water mark
 * reset, then one colorize; the figure is peak RSS minus RSS before it.
 *
 *   node build/bench/engine-memory.js [sizes=2048,4096] [scales=1,0.5,auto,1.5,2] [scan]
 *
 * With `scan`, each case runs again on the page's lineart greyed as a scan
 * (paper 230): the engine then reads it levelled, a page-sized copy more.
 * Prints one JSON line per case; bench/NOTES.md, session 22, has what it found.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { decodePng } from './codec';
import { loadEngine } from './engine';
import { loadModelAssets } from './machine';
import { ensurePage } from './synth';
import { tunedMallocEnv } from '../cli/relaunch';
import type { InferenceBackend } from '../src/model/types';

const repoRoot = path.resolve(__dirname, '..', '..');
const cacheDir = path.join(repoRoot, 'bench', 'results', 'tmp', 'pages');

/** A network that costs no memory of its own beyond one output per tile size. */
function cachedOutputBackend(channels: number): InferenceBackend {
  const outputs = new Map<number, Float32Array>();
  return {
    name: 'wasm',
    async run(_input, height, width) {
      const n = channels * height * width;
      let out = outputs.get(n);
      if (!out) outputs.set(n, (out = new Float32Array(n)));
      return out;
    },
    dispose: async () => undefined,
  };
}

/** MiB of a /proc/self/status field (VmRSS, VmHWM). */
function statusMiB(field: string): number {
  const match = new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync('/proc/self/status', 'utf8'));
  if (!match) throw new Error(`no ${field} in /proc/self/status (Linux only)`);
  return Number(match[1]) / 1024;
}

async function child(size: number, scale: number | 'auto', scan: boolean): Promise<void> {
  const engine = loadEngine();
  const contract = engine.parseContract(loadModelAssets(repoRoot).contractJson);
  const colorizer = engine.createColorizer({ contract, backend: cachedOutputBackend(contract.output.channels.length) });
  const read = async (s: number) => {
    const page = await ensurePage(s, cacheDir);
    return Promise.all([decodePng(page.lineartPng), decodePng(page.hintPng)]);
  };
  // Warmed up on a small page first: compiled code and the allocator's first arenas are not the page's.
  const [smallLineart, smallHint] = await read(512);
  await colorizer.colorize(smallLineart, smallHint, { workingScale: scale, consumeHint: true });
  const [lineart, hint] = await read(size);
  if (scan) {
    // A scan's greys: paper 230, ink no darker than 60, so the engine reads it levelled (levels.ts).
    const d = lineart.data;
    for (let p = 0; p < d.length; p += 4) for (let c = 0; c < 3; c++) d[p + c] = 60 + Math.round((d[p + c] * 170) / 255);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  fs.writeFileSync('/proc/self/clear_refs', '5'); // VmHWM := VmRSS
  const before = statusMiB('VmRSS');
  const result = await colorizer.colorize(lineart, hint, { workingScale: scale, consumeHint: true });
  const aboveMiB = statusMiB('VmHWM') - before;
  const pagePixels = size * size;
  const workingPixels = Math.round(size * result.workingScale) ** 2;
  const bytes = aboveMiB * 1024 * 1024;
  process.stdout.write(
    JSON.stringify({ size, scale, ...(scan ? { scan } : {}), workingScale: +result.workingScale.toFixed(3), aboveInputsMiB: Math.round(aboveMiB), bytesPerPagePixel: +(bytes / pagePixels).toFixed(1), bytesPerWorkingPixel: +(bytes / workingPixels).toFixed(1) }) + '\n',
  );
}

function main(): void {
  const sizes = (process.argv[2] ?? '2048,4096').split(',').map(Number);
  const scales = (process.argv[3] ?? '1,0.5,auto,1.5,2').split(',').map((s) => (s === 'auto' ? 'auto' : Number(s)));
  const scans = process.argv[4] === 'scan' ? [false, true] : [false];
  const env = tunedMallocEnv(process.env, process.platform) ?? process.env;
  for (const size of sizes) {
    for (const scale of scales) {
      for (const scan of scans) {
        process.stdout.write(execFileSync(process.execPath, ['--expose-gc', __filename, 'child', String(size), String(scale), scan ? 'scan' : 'clean'], { env, encoding: 'utf8' }));
      }
    }
  }
}

if (process.argv[2] === 'child') {
  const scale = process.argv[4] === 'auto' ? 'auto' : Number(process.argv[4]);
  child(Number(process.argv[3]), scale, process.argv[5] === 'scan').then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
} else {
  main();
}
