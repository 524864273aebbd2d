/** The host with the real engine (onnxruntime-web WASM, single thread) on a 64x64 page in the fake Photoshop. */
import { createDeepcolorHost, DeepcolorHostError, type ColorizeEngine } from '../../src/host';
import type { Colorizer } from '../../src/model';
import { createNodeWasmColorizer } from '../helpers/engine';
import { layerOnCanvas, openStandard, topLevelNames } from './documents';

/** Small tiles so a 64x64 page runs as several tiles (the host exposes no tile options; the panel keeps the contract's). */
function smallTiles(colorizer: Colorizer): ColorizeEngine {
  return {
    colorize: (lineart, hint, options) => colorizer.colorize(lineart, hint, { ...options, tileSize: 32, tileOverlap: 8 }),
    planTiles: (width, height, options) => colorizer.planTiles(width, height, { ...options, tileSize: 32, tileOverlap: 8 }),
  };
}

describe('Colorize with the real engine', () => {
  let colorizer: Colorizer;
  beforeAll(async () => {
    colorizer = await createNodeWasmColorizer();
  });
  afterAll(async () => {
    await colorizer.dispose();
  });

  it('writes exactly what the engine computes for the layers read at their offsets, above the topmost source', async () => {
    const { fake, doc } = openStandard();
    const host = createDeepcolorHost({ photoshop: fake.module, engine: smallTiles(colorizer) });
    const progress: number[] = [];
    const outcome = await host.colorize({ workingScale: 1, hintStrength: 1 }, { onProgress: (p) => progress.push(p.tilesDone) });
    expect(outcome.backend).toBe('wasm');
    expect(outcome.tilesTotal).toBeGreaterThanOrEqual(3);
    expect(progress[progress.length - 1]).toBe(outcome.tilesTotal);
    expect(progress.every((done, i) => i === 0 || done >= progress[i - 1])).toBe(true);
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor', 'Hints', 'Lineart', 'Background']);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize']);

    const lineart = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Lineart), 64, 64);
    const hint = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Hints), 64, 64);
    const direct = await colorizer.colorize(lineart, hint, { workingScale: 1, hintStrength: 1, tileSize: 32, tileOverlap: 8 });
    const written = fake.control.layerState(doc.id, outcome.layerId).pixels!;
    expect([written.left, written.top, written.width, written.height]).toEqual([0, 0, 64, 64]);
    expect(Buffer.from(written.data).equals(Buffer.from(direct.image.data))).toBe(true);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });

  it('rolls back when cancelled in the middle of the real tiles', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    fake.control.onReportProgress((_value, count) => {
      if (count === 2) fake.control.cancelModal();
    });
    const host = createDeepcolorHost({ photoshop: fake.module, engine: smallTiles(colorizer) });
    const error = await host.colorize({ workingScale: 1 }).catch((e: unknown) => e);
    expect((error as DeepcolorHostError).code).toBe('CANCELLED');
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });
});
