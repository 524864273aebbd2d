/**
 * What the host needs from whatever runs the generator. The in-process WASM
 * `Colorizer` from src/model satisfies it as is; the panel's webview (WebGPU)
 * bridge implements it over messages; tests plug in the real engine or a
 * controllable one that fails or stalls on a chosen tile.
 */
import type { ColorizeOptions, ColorizeResult, RgbaImage } from '../model/types';

export interface ColorizeEngine {
  /**
   * Must honour `options.signal` between tiles (reject with an error named
   * 'AbortError') and call `options.onProgress` after each tile.
   */
  colorize(lineart: RgbaImage, hint: RgbaImage | undefined, options: ColorizeOptions): Promise<ColorizeResult>;
  /** Cheap size planning, used for the memory check before anything is read. */
  planTiles?(width: number, height: number, options?: ColorizeOptions): { workingScale: number; tilesTotal: number };
}

/** An engine, or a loader that yields one (so the model loads on first use, not at panel start). */
export type EngineSource = ColorizeEngine | (() => Promise<ColorizeEngine>);

export async function resolveEngine(source: EngineSource): Promise<ColorizeEngine> {
  return typeof source === 'function' ? source() : source;
}
