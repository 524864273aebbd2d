import { createColorizer } from '../../src/model';
import { runTiles, type TileWork } from '../../src/model/tile-pipeline';
import { planGrid, tilesOf, type Tile } from '../../src/model/tiling';
import type { InferenceBackend } from '../../src/model/types';
import { pointwiseBackend } from '../helpers/backends';
import { loadContract } from '../helpers/engine';
import { drawStrokes, solidImage } from '../helpers/synthetic';

/**
 * A GPU-like backend: a run computes later (after a timer), while the caller
 * goes on. Its output is the tile's number (input[0]) everywhere, read when
 * the run finishes, so a buffer overwritten mid-run shows as a wrong number.
 */
function laterBackend(events: string[], failAt = -1): InferenceBackend & { inFlight: number } {
  const backend = {
    name: 'webgpu' as const,
    computesInBackground: true,
    inFlight: 0,
    run(input: Float32Array, height: number, width: number): Promise<Float32Array> {
      const k = input[0];
      events.push(`start ${k}`);
      backend.inFlight++;
      return new Promise((resolve, reject) =>
        setTimeout(() => {
          backend.inFlight--;
          events.push(`done ${k}`);
          if (k === failAt) reject(new Error(`run ${k} failed`));
          else resolve(new Float32Array(3 * height * width).fill(input[0]));
        }, 2),
      );
    },
    dispose: async () => undefined,
  };
  return backend;
}

const tiles = (columns: number, rows: number): Tile[] => Array.from(tilesOf(planGrid(48 * columns - 16 * (columns - 1), 48 * rows - 16 * (rows - 1), 48, 16, 16)));

function recordingWork(events: string[], onConsume?: (tile: Tile) => void): TileWork {
  return {
    prepare(tile, into) {
      events.push(`prepare ${tile.index}`);
      into[0] = tile.index;
    },
    consume(tile, output) {
      events.push(`consume ${tile.index}`);
      if (output[0] !== tile.index) throw new Error(`tile ${tile.index} got the output of tile ${output[0]}`);
      onConsume?.(tile);
    },
  };
}

describe('runTiles: the next tile runs while the last one is blended', () => {
  it('writes tile k + 1 while tile k runs, and starts it before blending tile k', async () => {
    const events: string[] = [];
    const backend = laterBackend(events);
    await runTiles(tiles(3, 1), backend, 3 * 48 * 48, recordingWork(events));
    expect(events).toEqual(['prepare 0', 'start 0', 'prepare 1', 'done 0', 'start 1', 'consume 0', 'prepare 2', 'done 1', 'start 2', 'consume 1', 'done 2', 'consume 2']);
  });

  it('runs tiles one after another through one buffer on a backend that computes on the caller\'s thread', async () => {
    const events: string[] = [];
    const inputs = new Set<Float32Array>();
    const backend = { ...laterBackend(events), computesInBackground: undefined };
    const recording: InferenceBackend = { ...backend, run: (input, h, w) => (inputs.add(input), backend.run(input, h, w)) };
    await runTiles(tiles(3, 1), recording, 3 * 48 * 48, recordingWork(events));
    expect(events).toEqual(['prepare 0', 'start 0', 'done 0', 'consume 0', 'prepare 1', 'start 1', 'done 1', 'consume 1', 'prepare 2', 'start 2', 'done 2', 'consume 2']);
    expect(inputs.size).toBe(1);
  });

  it('lets a task run between tiles on a backend that computes synchronously, so a Cancel event is heard', async () => {
    const controller = new AbortController();
    const events: string[] = [];
    // Already settled when awaited, as onnxruntime-web's WASM backend: only microtasks run between its tiles.
    const sync: InferenceBackend = {
      name: 'wasm',
      run: (input, height, width) => {
        events.push(`run ${input[0]}`);
        if (input[0] === 0) {
          // A message queued while the first tile computes, as the demo worker's 'cancel'.
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            channel.port1.close();
            controller.abort();
          };
          channel.port2.postMessage('cancel');
        }
        return Promise.resolve(new Float32Array(3 * height * width).fill(input[0]));
      },
      dispose: async () => undefined,
    };
    await expect(runTiles(tiles(4, 1), sync, 3 * 48 * 48, recordingWork(events), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(events.filter((e) => e.startsWith('run'))).toEqual(['run 0']);
  });

  it('does the same across tile rows', async () => {
    const events: string[] = [];
    await runTiles(tiles(2, 2), laterBackend(events), 3 * 48 * 48, recordingWork(events));
    expect(events.indexOf('prepare 2')).toBeLessThan(events.indexOf('done 1'));
    expect(events.indexOf('start 2')).toBeLessThan(events.indexOf('consume 1'));
  });

  it('stops on abort with no run left in flight', async () => {
    const events: string[] = [];
    const backend = laterBackend(events);
    const controller = new AbortController();
    const work = recordingWork(events, (tile) => tile.index === 1 && controller.abort());
    await expect(runTiles(tiles(4, 1), backend, 3 * 48 * 48, work, controller.signal)).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(backend.inFlight).toBe(0);
    expect(events).not.toContain('consume 2');
  });

  it('rejects with a failed run (the one started while the last tile was blended) and leaves none in flight', async () => {
    const events: string[] = [];
    const backend = laterBackend(events, 2);
    await expect(runTiles(tiles(4, 1), backend, 3 * 48 * 48, recordingWork(events))).rejects.toThrow('run 2 failed');
    expect(backend.inFlight).toBe(0);
    expect(events).toContain('consume 1');
    expect(events).not.toContain('consume 2');
    expect(events).not.toContain('start 3');
  });

  it('leaves no run in flight when blending fails while the next tile runs', async () => {
    const events: string[] = [];
    const backend = laterBackend(events);
    const work = recordingWork(events, (tile) => {
      if (tile.index === 0) throw new Error('blend failed');
    });
    await expect(runTiles(tiles(3, 1), backend, 3 * 48 * 48, work)).rejects.toThrow('blend failed');
    expect(events).toContain('start 1');
    expect(backend.inFlight).toBe(0);
  });
});

describe('colorize on a backend that computes later', () => {
  it('gives the page one tile gives (a per-pixel network), over many tiles and tile rows', async () => {
    const contract = loadContract();
    const now = pointwiseBackend();
    const later: InferenceBackend = {
      name: 'webgpu',
      computesInBackground: true,
      run: (input, height, width) => {
        const result = now.run(input, height, width); // reads the input at once, as a GPU upload would
        return new Promise((resolve) => setTimeout(() => resolve(result), 1));
      },
      dispose: async () => undefined,
    };
    const lineart = drawStrokes(200, 170, [{ x0: 5, y0: 10, x1: 190, y1: 160 }, { x0: 20, y0: 150, x1: 180, y1: 15 }, { x0: 0, y0: 90, x1: 199, y1: 95 }], 3);
    const hint = solidImage(200, 170, [200, 60, 40, 120]);
    const whole = await createColorizer({ contract, backend: now }).colorize(lineart, hint, { workingScale: 1, tileSize: 256, tileOverlap: 16 });
    const tiled = await createColorizer({ contract, backend: later }).colorize(lineart, hint, { workingScale: 1, tileSize: 64, tileOverlap: 16 });
    expect(whole.tilesTotal).toBe(1);
    expect(tiled.tilesTotal).toBeGreaterThan(9);
    let worst = 0;
    for (let i = 0; i < whole.image.data.length; i++) worst = Math.max(worst, Math.abs(whole.image.data[i] - tiled.image.data[i]));
    expect(worst).toBeLessThanOrEqual(1); // float rounding of the blend; lines of the wrong tile row would be 255 off
  });
});
