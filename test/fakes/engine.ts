/**
 * A controllable stand-in for the colorizer: a fixed number of "tiles", a
 * hook after each, failure on a chosen tile, and an output that is a simple,
 * checkable function of the inputs (hint colour where painted, else the
 * lineart over white), so tests can verify every pixel landed where it belongs.
 */
import type { ColorizeEngine } from '../../src/host/engine';
import type { ColorizeOptions, ColorizeResult, RgbaImage } from '../../src/model/types';

export interface ScriptedEngineOptions {
  tilesTotal?: number;
  /** Throw a plain Error when this tile (0-based) starts. */
  failAtTile?: number;
  /** Runs after each tile, before its progress is reported. */
  afterTile?(tileIndex: number): void | Promise<void>;
  /** Runs after the first progress report (0 tiles of all), before the first tile: the engine's passes over the page. */
  beforeTiles?(): void | Promise<void>;
  workingScale?: number;
}

export interface ScriptedEngine extends ColorizeEngine {
  readonly calls: Array<{ lineart: RgbaImage; hint: RgbaImage | undefined; options: ColorizeOptions }>;
  tilesStarted: number;
}

/** The scripted engine's output for one pixel: hint colour where the hint is opaque, else lineart over white. */
export function expectedPixel(lineart: RgbaImage, hint: RgbaImage | undefined, index: number): [number, number, number, number] {
  const i = index * 4;
  if (hint && hint.data[i + 3] > 0) return [hint.data[i], hint.data[i + 1], hint.data[i + 2], 255];
  const a = lineart.data[i + 3] / 255;
  const over = (v: number): number => Math.round(v * a + 255 * (1 - a));
  return [over(lineart.data[i]), over(lineart.data[i + 1]), over(lineart.data[i + 2]), 255];
}

/** The scripted engine's shading layer: opaque grey, darker to the right (255 - x mod 128), so misplaced pixels show. */
export function scriptedShading(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const v = 255 - ((p % width) % 128);
    data.set([v, v, v, 255], p * 4);
  }
  return { width, height, data };
}

function abortError(): Error {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

export function createScriptedEngine(options: ScriptedEngineOptions = {}): ScriptedEngine {
  const tilesTotal = options.tilesTotal ?? 4;
  const engine: ScriptedEngine = {
    calls: [],
    tilesStarted: 0,
    planTiles: () => ({ workingScale: options.workingScale ?? 1, tilesTotal }),
    async colorize(lineart, hint, colorizeOptions): Promise<ColorizeResult> {
      engine.calls.push({ lineart, hint, options: colorizeOptions });
      // As the real engine: the tile count first, then its own passes over the page, then the tiles.
      colorizeOptions.onProgress?.({ fraction: 0, tilesDone: 0, tilesTotal });
      await options.beforeTiles?.();
      for (let tile = 0; tile < tilesTotal; tile++) {
        if (colorizeOptions.signal?.aborted) throw abortError();
        engine.tilesStarted++;
        if (options.failAtTile === tile) throw new Error(`simulated engine failure on tile ${tile}`);
        await options.afterTile?.(tile);
        colorizeOptions.onProgress?.({ fraction: (tile + 1) / tilesTotal, tilesDone: tile + 1, tilesTotal });
      }
      const data = new Uint8ClampedArray(lineart.width * lineart.height * 4);
      for (let p = 0; p < lineart.width * lineart.height; p++) data.set(expectedPixel(lineart, hint, p), p * 4);
      return {
        image: { width: lineart.width, height: lineart.height, data },
        ...(colorizeOptions.shading ? { shading: scriptedShading(lineart.width, lineart.height) } : {}),
        backend: 'wasm',
        workingScale: options.workingScale ?? 1,
        tilesTotal,
        inferenceMs: 0,
        totalMs: 0,
      };
    },
  };
  return engine;
}
