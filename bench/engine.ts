/**
 * The engine as the bench sees it. Loaded at run time so that the bench
 * compiles (and its tile figures run) even while src/model/index.ts is being
 * written; the shape below is the API fixed in .agents/COMMON.md.
 */
import type { BackendName, ColorizeOptions, ColorizeResult, InferenceBackend, RgbaImage } from '../src/model/types';

export interface BenchColorizer {
  readonly backend: BackendName;
  colorize(lineart: RgbaImage, hint: RgbaImage | undefined, options?: ColorizeOptions): Promise<ColorizeResult>;
  planTiles(width: number, height: number, options?: ColorizeOptions): { workingScale: number; tilesTotal: number };
  dispose(): Promise<void>;
}

export interface BenchEngine {
  parseContract(json: unknown): unknown;
  createWebBackend(opts: {
    ort: unknown;
    modelBytes: Uint8Array;
    prefer?: 'auto' | 'webgpu' | 'wasm';
    numThreads?: number;
    contract: unknown;
  }): Promise<InferenceBackend>;
  createColorizer(opts: { contract: unknown; backend: InferenceBackend }): BenchColorizer;
}

function isEngine(x: unknown): x is BenchEngine {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return typeof m.parseContract === 'function' && typeof m.createWebBackend === 'function' && typeof m.createColorizer === 'function';
}

/** The compiled engine (build/src/model), or a clear error saying what is missing. */
export function loadEngine(): BenchEngine {
  let mod: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../src/model/index');
  } catch (err) {
    throw new Error(`the engine (build/src/model/index.js) could not be loaded: ${(err as Error).message.split('\n')[0]}. Run \`npm run build\` first.`);
  }
  if (!isEngine(mod)) throw new Error('build/src/model/index.js does not export parseContract, createWebBackend and createColorizer');
  return mod;
}
