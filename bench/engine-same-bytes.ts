/**
 * Whether two engine builds make the same bytes on many small, odd pages:
 * random sizes from 1 to 120 px, speckled ink and closed boxes, half-transparent lineart
 * pixels, lineart of three kinds (opaque grey on white, ink on a transparent
 * layer with transparent pixels of any colour, coloured ink), hints with soft
 * and hard alpha (given over with consumeHint on some pages), gap radii 0-3,
 * working scales 1, 'auto', 0.5 and 1.7 with 64 px tiles (many tile rows and
 * edges), form shading, and the flats. The network is a fixed pointwise function of the
 * tile input (no model), with paper-white squares so the white fill has patches to fill.
 * For speed changes meant to keep the bytes; engine-replay.ts checks the
 * real network on the bench page.
 *
 *   git worktree add /tmp/base <rev> && (cd /tmp/base && ln -s "$PWD/node_modules" . && npx tsc -p tsconfig.build.json)
 *   node build/bench/engine-same-bytes.js /tmp/base/build build [pages=60] [seed=1]
 *
 * Prints each page that differs and the count; exits 1 if any does.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { BenchEngine } from './engine';
import type { ColorizeOptions, InferenceBackend, RgbaImage } from '../src/model/types';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Output = a clamped mix of the input channels at the pixel plus a position term; every third pixel of some rows paper-white. */
function pointwiseNetwork(): InferenceBackend {
  return {
    name: 'wasm',
    async run(input, height, width) {
      const area = height * width;
      const channels = input.length / area;
      const out = new Float32Array(3 * area);
      for (let i = 0; i < area; i++) {
        for (let c = 0; c < 3; c++) {
          let s = ((i * 7 + c * 13) % 97) / 97 - 0.5;
          for (let k = 0; k < channels; k++) s += input[k * area + i] * (((k * 3 + c) % 5) - 2) * 0.37;
          out[c * area + i] = Math.max(-1, Math.min(1, s));
        }
        // Paper-white squares, 12 px a side, for the white fill to find inside shapes.
        const x = i % width;
        const y = (i - x) / width;
        if (x % 29 < 12 && y % 23 < 12) out[i] = out[area + i] = out[2 * area + i] = 1;
      }
      return out;
    },
    dispose: async () => undefined,
  };
}

function image(width: number, height: number, pixel: (x: number, y: number) => number[]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, data };
}

const hashOf = (...parts: (Uint8Array | Uint8ClampedArray | undefined)[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) if (part) hash.update(part);
  return hash.digest('hex').slice(0, 16);
};

async function main(): Promise<void> {
  const [buildA, buildB, pagesArg = '60', seedArg = '1'] = process.argv.slice(2);
  if (!buildA || !buildB) throw new Error('usage: node build/bench/engine-same-bytes.js <buildA> <buildB> [pages] [seed]');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engines = [buildA, buildB].map((build) => require(path.resolve(build, 'src', 'model', 'index')) as BenchEngine);
  const contractJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'assets', 'deepcolor.json'), 'utf8')) as unknown;
  let seed = Number(seedArg) >>> 0;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  let cases = 0;
  let differing = 0;
  const compare = async (what: string, run: (engine: BenchEngine) => Promise<string>): Promise<void> => {
    const results: string[] = [];
    for (const engine of engines) results.push(await run(engine).catch((err: unknown) => `error: ${err instanceof Error ? err.message : String(err)}`));
    cases++;
    if (results[0] !== results[1]) {
      differing++;
      process.stdout.write(`differs: ${what}: ${results.join(' vs ')}\n`);
    }
  };
  for (let page = 0; page < Number(pagesArg); page++) {
    const width = 1 + Math.floor(rand() * 120);
    const height = 1 + Math.floor(rand() * 120);
    // Speckled ink (at most 40 %, often almost none) and up to three closed boxes: shapes away from the page's edge.
    const ink = rand() < 0.5 ? rand() * 0.02 : rand() * 0.4;
    const boxes = Array.from({ length: Math.floor(rand() * 4) }, () => {
      const left = Math.floor(rand() * width * 0.5);
      const top = Math.floor(rand() * height * 0.5);
      return { left, top, right: left + 4 + Math.floor(rand() * (width - left)), bottom: top + 4 + Math.floor(rand() * (height - top)) };
    });
    const onBox = (x: number, y: number): boolean =>
      boxes.some((b) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom && (x - b.left < 2 || b.right - x < 2 || y - b.top < 2 || b.bottom - y < 2));
    // Lineart of three kinds: opaque grey on white; ink on a transparent layer (Photoshop's usual
    // lineart layer: black at any alpha, transparent pixels of any colour); coloured ink.
    const style = page % 3;
    const inkPixel = style === 2 ? [40, 20, 120, 255] : [0, 0, 0, 255];
    const softPixel = (): number[] => (style === 1 ? [0, 0, 0, Math.floor(rand() * 256)] : [128, 128, 128, Math.floor(rand() * 256)]);
    const paperPixel = (): number[] => (style === 1 ? (rand() < 0.3 ? [Math.floor(rand() * 256), Math.floor(rand() * 256), 9, 0] : [0, 0, 0, 0]) : [255, 255, 255, 255]);
    const lineart = image(width, height, (x, y) => (onBox(x, y) || rand() < ink ? inkPixel : rand() < 0.05 ? softPixel() : paperPixel()));
    const paint = rand();
    const hint = image(width, height, (x, y) => (((x >> 3) + (y >> 2)) % 3 === 0 && rand() < paint ? [Math.floor(rand() * 4) * 80, 200, 30, rand() < 0.5 ? 255 : Math.floor(rand() * 256)] : [0, 0, 0, 0]));
    const flatsGap = Math.floor(rand() * 4);
    await compare(`page ${page} (${width} x ${height}) flats, gap ${flatsGap}`, async (engine) =>
      hashOf(engine.flatsLayer(lineart, hint, engine.parseContract(contractJson), { gapRadius: flatsGap }).data),
    );
    for (const workingScale of [1, 'auto', 0.5, 1.7] as const) {
      const options: ColorizeOptions = {
        workingScale,
        tileSize: 64,
        tileOverlap: 16,
        gapRadius: Math.floor(rand() * 4),
        ...(page % 2 === 0 ? { shading: { light: 135, strength: 0.4 } } : {}),
        // A hint given over is written in place: each build gets its own copy, compared after too.
        consumeHint: page % 4 === 1,
      };
      await compare(`page ${page} (${width} x ${height}, lineart kind ${style}) at ${workingScale}, gap ${options.gapRadius}`, async (engine) => {
        const given = { width, height, data: Uint8ClampedArray.from(hint.data) };
        const result = await engine.createColorizer({ contract: engine.parseContract(contractJson), backend: pointwiseNetwork() }).colorize(lineart, given, options);
        return hashOf(result.image.data, result.shading?.data, options.consumeHint ? given.data : undefined);
      });
    }
  }
  process.stdout.write(`${cases} cases, ${differing} differ\n`);
  process.exitCode = differing > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
