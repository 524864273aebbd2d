/**
 * Runs the network over a page's tiles in order, with the engine's own work
 * overlapping inference where the backend computes asynchronously.
 *
 * On WebGPU the GPU works while JavaScript waits for a tile's results, and
 * the engine's per-tile work (writing the next input, blending the last
 * output) would otherwise wait for the GPU and the GPU for it. So while tile
 * k runs, tile k + 1's input is written into a second buffer; as soon as
 * tile k's output is back, tile k + 1 is started, and only then is tile k
 * blended. The CPU backends hold the main thread while they compute (their
 * runs start at the next await), where that order would change nothing but
 * cost a second buffer: for a backend without `computesInBackground` the
 * tiles go one after another through one buffer, with a turn of the event
 * loop between them (next-task.ts) so that Cancel is heard.
 *
 * The time counted as inference is the time spent in the backend's `run`
 * call and waiting for its promise, never the engine's own work in between.
 */
import { now } from './clock';
import { abortError } from './errors';
import { nextTask } from './next-task';
import type { Tile } from './tiling';
import type { InferenceBackend } from './types';

export interface TileWork {
  /** Writes `tile`'s input tensor into `into`: on a backend that computes in the background, before the tile ahead of it has been consumed. */
  prepare(tile: Tile, into: Float32Array): void;
  /** Takes a tile's output; it is only valid during the call. */
  consume(tile: Tile, output: Float32Array): void;
}

/**
 * Runs every tile through `backend` (`inputSize` floats of input each) and
 * hands the outputs to `work.consume` in order. Returns the milliseconds
 * spent in inference. On abort or failure no run is left in flight.
 */
export async function runTiles(tiles: readonly Tile[], backend: InferenceBackend, inputSize: number, work: TileWork, signal?: AbortSignal): Promise<number> {
  const ahead = backend.computesInBackground === true;
  const buffers: Float32Array[] = [];
  const buffer = (k: number): Float32Array => (buffers[ahead ? k % 2 : 0] ??= new Float32Array(inputSize));
  let inferenceMs = 0;
  const prepare = (k: number): void => {
    if (signal?.aborted) throw abortError(signal.reason);
    work.prepare(tiles[k], buffer(k));
  };
  const start = (k: number): Promise<Float32Array> => {
    const t = now();
    const running = backend.run(buffer(k), tiles[k].paddedHeight, tiles[k].paddedWidth);
    inferenceMs += now() - t;
    return running;
  };

  let running: Promise<Float32Array> | undefined;
  try {
    if (tiles.length === 0) return 0;
    prepare(0);
    let current = start(0);
    running = current;
    for (let k = 0; k < tiles.length; k++) {
      const next = k + 1 < tiles.length ? k + 1 : -1;
      if (next >= 0 && ahead) prepare(next);
      const t = now();
      const output = await current;
      inferenceMs += now() - t;
      running = undefined;
      if (next >= 0 && ahead) running = current = start(next);
      work.consume(tiles[k], output);
      if (next >= 0 && !ahead) {
        // A backend that computes on this thread never lets an event in between tiles: Cancel would wait for the page.
        await nextTask();
        prepare(next);
        running = current = start(next);
      }
    }
    return inferenceMs;
  } finally {
    // Leaving early (abort, a failed blend): let the run in flight finish, and
    // never leave its rejection unhandled.
    if (running) await running.catch(() => undefined);
  }
}
