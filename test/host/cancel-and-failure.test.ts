import { createDeepcolorHost, DeepcolorHostError } from '../../src/host';
import { createScriptedEngine } from '../fakes/engine';
import { openStandard } from './documents';

async function failure(promise: Promise<unknown>): Promise<DeepcolorHostError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeepcolorHostError);
  return error as DeepcolorHostError;
}

const TILES = 5;

describe('Colorize cancelled or failing mid-run', () => {
  it.each([
    ['the first', 0],
    ['a middle', 2],
    ['the last', TILES - 1],
  ])('rolls the document back when the user cancels in Photoshop during %s tile', async (_label, tile) => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const engine = createScriptedEngine({ tilesTotal: TILES, afterTile: (t) => (t === tile ? fake.control.cancelModal() : undefined) });
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    const error = await failure(host.colorize());
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toMatch(/cancelled; the document is unchanged/);
    // The engine stops at the next tile boundary.
    expect(engine.tilesStarted).toBe(tile + 1);
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.historyNames(doc.id)).toEqual([]);
    expect(fake.control.liveImageDataCount()).toBe(0);
    expect(fake.control.isModal()).toBe(false);
  });

  it('rolls back when the cancel arrives through the progress report after the last tile', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    fake.control.onReportProgress((value) => {
      if (value === 1) fake.control.cancelModal();
    });
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine({ tilesTotal: 3 }) });
    expect((await failure(host.colorize())).code).toBe('CANCELLED');
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });

  it("rolls back when the panel's own Cancel aborts the signal mid-run", async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const controller = new AbortController();
    const engine = createScriptedEngine({ tilesTotal: TILES, afterTile: (t) => (t === 1 ? controller.abort() : undefined) });
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    expect((await failure(host.colorize({}, { signal: controller.signal }))).code).toBe('CANCELLED');
    expect(engine.tilesStarted).toBe(2);
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('rolls the document back when the engine fails on a middle tile, and says so', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine({ tilesTotal: TILES, failAtTile: 2 }) });
    const error = await failure(host.colorize());
    expect(error.code).toBe('ENGINE_FAILED');
    expect(error.message).toMatch(/simulated engine failure on tile 2.*document is unchanged/);
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.liveImageDataCount()).toBe(0);
    expect(fake.control.isModal()).toBe(false);
  });

  it('rolls back a half-written result when Photoshop refuses to write the pixels', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const imaging = fake.module.imaging!;
    const module = {
      ...fake.module,
      imaging: { ...imaging, putPixels: async () => Promise.reject(new Error('Out of memory (simulated)')) },
    };
    const host = createDeepcolorHost({ photoshop: module, engine: createScriptedEngine() });
    const error = await failure(host.colorize());
    expect(error.code).toBe('PHOTOSHOP_FAILED');
    expect(error.message).toMatch(/Out of memory \(simulated\).*unchanged/);
    // The result layer had already been created and moved: all of it is rolled back.
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });

  it('rolls back the colour layer too when Photoshop refuses to write the shading layer', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const imaging = fake.module.imaging!;
    let writes = 0;
    const module = {
      ...fake.module,
      imaging: {
        ...imaging,
        putPixels: async (options: Parameters<typeof imaging.putPixels>[0]) => {
          if (++writes === 2) throw new Error('Scratch disks are full (simulated)');
          return imaging.putPixels(options);
        },
      },
    };
    const host = createDeepcolorHost({ photoshop: module, engine: createScriptedEngine() });
    const error = await failure(host.colorize({ shading: { light: 'top-left', strength: 0.35 } }));
    expect(writes).toBe(2);
    expect(error.code).toBe('PHOTOSHOP_FAILED');
    expect(error.message).toMatch(/Scratch disks are full \(simulated\).*unchanged/);
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.historyNames(doc.id)).toEqual([]);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });

  it('rejects with the engine result of the wrong size without leaving a layer', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const engine = createScriptedEngine();
    const real = engine.colorize.bind(engine);
    engine.colorize = async (lineart, hint, options) => {
      const result = await real(lineart, hint, options);
      return { ...result, image: { width: 32, height: 32, data: new Uint8ClampedArray(32 * 32 * 4) } };
    };
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    expect((await failure(host.colorize())).code).toBe('ENGINE_FAILED');
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('can colorize again after a cancel', async () => {
    const { fake, doc } = openStandard();
    let cancelOnce = true;
    const engine = createScriptedEngine({
      afterTile: () => {
        if (cancelOnce) {
          cancelOnce = false;
          fake.control.cancelModal();
        }
      },
    });
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    await failure(host.colorize());
    await host.colorize();
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize']);
  });
});
