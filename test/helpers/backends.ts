/**
 * InferenceBackend wrappers and stand-ins for engine tests. The real model
 * is used wherever the test is about the model; these exist for tests about
 * the engine's own bookkeeping (tile placement, abort, progress), where an
 * exactly predictable network is what makes the assertion sharp.
 * Stable: other helpers' tests import it.
 */
import type { BackendName, InferenceBackend } from '../../src/model/types';

export interface RunRecord {
  height: number;
  width: number;
}

/** Wraps a backend and records every run (shape), calling `beforeRun` first. */
export function recordingBackend(inner: InferenceBackend, beforeRun?: (runIndex: number) => void): InferenceBackend & { runs: RunRecord[] } {
  const runs: RunRecord[] = [];
  return {
    name: inner.name,
    runs,
    async run(input, height, width) {
      beforeRun?.(runs.length);
      runs.push({ height, width });
      return inner.run(input, height, width);
    },
    dispose: () => inner.dispose(),
  };
}

/**
 * A per-pixel "network": output depends only on the same pixel's input
 * channels, so any correct tiling reproduces the untiled result exactly.
 *   r = 2 * (line * (1 - mask) + hint_r) - 1, likewise g, b.
 */
export function pointwiseBackend(name: BackendName = 'wasm'): InferenceBackend & { disposed: boolean } {
  const backend = {
    name,
    disposed: false,
    async run(input: Float32Array, height: number, width: number): Promise<Float32Array> {
      const area = height * width;
      // 5 channels, or 9 with the region fill (ignored here: see fillEchoBackend).
      if (input.length !== 5 * area && input.length !== 9 * area) throw new RangeError(`pointwise backend: ${input.length} values for ${width}x${height}`);
      const out = new Float32Array(3 * area);
      for (let i = 0; i < area; i++) {
        const line = input[i];
        const mask = input[4 * area + i];
        for (let c = 0; c < 3; c++) out[c * area + i] = 2 * (line * (1 - mask) + input[(1 + c) * area + i]) - 1;
      }
      return out;
    },
    async dispose(): Promise<void> {
      backend.disposed = true;
    },
  };
  return backend;
}

/**
 * A "network" that returns the region-fill channels as colour:
 *   r = 2 * fill_r - 1, likewise g, b (9-channel input only),
 * so a test can read the page-wide fill back through tiling and blending.
 */
export function fillEchoBackend(name: BackendName = 'wasm'): InferenceBackend {
  return {
    name,
    async run(input: Float32Array, height: number, width: number): Promise<Float32Array> {
      const area = height * width;
      if (input.length !== 9 * area) throw new RangeError(`fill echo backend: ${input.length} values for ${width}x${height}, expected 9 channels`);
      const out = new Float32Array(3 * area);
      for (let c = 0; c < 3; c++) for (let i = 0; i < area; i++) out[c * area + i] = 2 * input[(5 + c) * area + i] - 1;
      return out;
    },
    async dispose(): Promise<void> {},
  };
}

/**
 * A "network" that paints the same picture whatever its input: colourAt(x, y)
 * gives each pixel's RGB, 0..255, in the tile's own coordinates (a page of one
 * tile: the page's). For tests of what the engine does with the network's colour.
 */
export function pictureBackend(colourAt: (x: number, y: number) => readonly number[]): InferenceBackend {
  return {
    name: 'wasm',
    async run(_input, height, width) {
      const out = new Float32Array(3 * height * width);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const rgb = colourAt(x, y);
          for (let c = 0; c < 3; c++) out[c * height * width + y * width + x] = (rgb[c] / 255) * 2 - 1;
        }
      }
      return out;
    },
    dispose: async () => undefined,
  };
}
