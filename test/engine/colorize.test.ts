import { createColorizer, EngineInputError, MAX_WORKING_PIXELS, type ColorizeOptions, type ColorizeProgress, type RgbaImage } from '../../src/model';
import { loadContract, suiteWasmBackend } from '../helpers/engine';
import { pointwiseBackend, recordingBackend } from '../helpers/backends';
import { drawStrokes, solidImage, syntheticHint, syntheticLineart } from '../helpers/synthetic';

const contract = loadContract();

describe('colorize() on the real model (WASM)', () => {
  const model = suiteWasmBackend(contract);

  it('returns an opaque page of the lineart size and reports how it was made', async () => {
    const page = syntheticLineart(150, 90, 1.5, 1);
    const result = await createColorizer({ contract, backend: model }).colorize(page, syntheticHint(150, 90), { workingScale: 1 });
    expect([result.image.width, result.image.height]).toEqual([150, 90]);
    expect(result.image.data.length).toBe(150 * 90 * 4);
    for (let i = 3; i < result.image.data.length; i += 4) expect(result.image.data[i]).toBe(255);
    expect(result.backend).toBe('wasm');
    expect(result.workingScale).toBe(1);
    expect(result.tilesTotal).toBe(1);
    expect(result.inferenceMs).toBeGreaterThan(0);
    expect(result.totalMs).toBeGreaterThanOrEqual(result.inferenceMs);
  });

  it('stops within one tile when aborted mid-run and rejects with an AbortError', async () => {
    const controller = new AbortController();
    const abortBeforeRun = 2;
    const backend = recordingBackend(model, (i) => {
      if (i === abortBeforeRun) controller.abort();
    });
    const colorizer = createColorizer({ contract, backend });
    const options: ColorizeOptions = { workingScale: 1, tileSize: 64, tileOverlap: 16, signal: controller.signal };
    const page = syntheticLineart(160, 160, 1.5, 2);
    expect(colorizer.planTiles(160, 160, options).tilesTotal).toBeGreaterThan(abortBeforeRun + 2);
    await expect(colorizer.colorize(page, undefined, options)).rejects.toMatchObject({ name: 'AbortError' });
    // The run in flight when abort() was called finishes; no tile starts after it.
    expect(backend.runs.length).toBe(abortBeforeRun + 1);
  });

  it('does not touch the network when the signal is already aborted', async () => {
    const backend = recordingBackend(model);
    const controller = new AbortController();
    controller.abort();
    await expect(createColorizer({ contract, backend }).colorize(syntheticLineart(64, 64, 1.5), undefined, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(backend.runs.length).toBe(0);
  });

  it('reports progress once per tile, monotonically, ending at exactly 1 with every tile done', async () => {
    const events: ColorizeProgress[] = [];
    const result = await createColorizer({ contract, backend: model }).colorize(syntheticLineart(150, 100, 1.5, 4), syntheticHint(150, 100), {
      workingScale: 1,
      tileSize: 64,
      tileOverlap: 16,
      onProgress: (p) => events.push(p),
    });
    expect(result.tilesTotal).toBeGreaterThan(3);
    expect(events.length).toBe(result.tilesTotal + 2);
    expect(events[0]).toEqual({ fraction: 0, tilesDone: 0, tilesTotal: result.tilesTotal });
    for (let i = 1; i < events.length; i++) {
      expect(events[i].fraction).toBeGreaterThan(events[i - 1].fraction);
      expect(events[i].tilesDone).toBeGreaterThanOrEqual(events[i - 1].tilesDone);
    }
    expect(events[events.length - 1]).toEqual({ fraction: 1, tilesDone: result.tilesTotal, tilesTotal: result.tilesTotal });
  });
});

describe('colorize() pipeline choices', () => {
  it("with a contract without autoScale, 'auto' shrinks a page of thick strokes so they look like training strokes", async () => {
    const thick = contract.geometry.lineWidthPx * 4;
    const page = drawStrokes(256, 256, [{ x0: 10, y0: 10, x1: 240, y1: 60 }, { x0: 20, y0: 200, x1: 230, y1: 120 }, { x0: 128, y0: 5, x1: 128, y1: 250 }], thick);
    const backend = recordingBackend(pointwiseBackend());
    const { autoScale: _, ...geometry } = contract.geometry;
    const result = await createColorizer({ contract: { ...contract, geometry }, backend }).colorize(page, undefined, {});
    expect(result.workingScale).toBeGreaterThan(0.2);
    expect(result.workingScale).toBeLessThan(0.33);
    expect(backend.runs[0].width).toBeLessThan(256);
    expect([result.image.width, result.image.height]).toEqual([256, 256]);
  });

  it('multiplies the full-resolution lines back over the colour unless restoreLines is false', async () => {
    const page = drawStrokes(64, 64, [{ x0: 0, y0: 32, x1: 64, y1: 32 }], 3);
    const hint = solidImage(64, 64, [255, 255, 255, 255]);
    const colorizer = createColorizer({ contract, backend: pointwiseBackend() });
    // Pointwise network with a full white hint gives white everywhere; restored lines make the stroke black again.
    const restored = await colorizer.colorize(page, hint, { workingScale: 0.5 });
    const plain = await colorizer.colorize(page, hint, { workingScale: 0.5, restoreLines: false });
    const at = (img: RgbaImage, x: number, y: number): number => img.data[(y * 64 + x) * 4];
    expect(at(plain.image, 10, 32)).toBe(255);
    expect(at(restored.image, 10, 32)).toBeLessThan(10);
    expect(at(restored.image, 10, 10)).toBe(255);
  });

  /** A 4096 x 4096 grid of straight strokes (cheap to draw at this size) and a hint. */
  function bigPage(size: number): { page: RgbaImage; hint: RgbaImage } {
    const strokes = Array.from({ length: 32 }, (_, i) => [
      { x0: 0, y0: 64 + i * 128, x1: size, y1: 64 + i * 128 },
      { x0: 64 + i * 128, y0: 0, x1: 64 + i * 128, y1: size },
    ]).flat();
    return { page: drawStrokes(size, size, strokes, 1.5), hint: syntheticHint(size, size, 10, 20) };
  }

  /** A pointwise backend that records its runs and the peak growth of array buffers seen at each (from now). */
  function watchedBackend(): { backend: ReturnType<typeof recordingBackend>; peak: () => number } {
    let peakGrowth = 0;
    global.gc?.();
    const baseline = process.memoryUsage().arrayBuffers;
    const backend = recordingBackend(pointwiseBackend(), () => {
      peakGrowth = Math.max(peakGrowth, process.memoryUsage().arrayBuffers - baseline);
    });
    return { backend, peak: () => peakGrowth };
  }

  it('keeps the working canvas of a 4096 x 4096 page bounded and never sends more than a tile to the network', async () => {
    const size = 4096;
    const { page, hint } = bigPage(size);
    const { backend, peak } = watchedBackend();
    const colorizer = createColorizer({ contract, backend });
    const plan = colorizer.planTiles(size, size, { workingScale: 1 });
    const result = await colorizer.colorize(page, hint, { workingScale: 1 });
    expect(result.tilesTotal).toBe(plan.tilesTotal);
    expect(backend.runs.length).toBe(plan.tilesTotal);
    for (const run of backend.runs) expect(run.width * run.height).toBeLessThanOrEqual(contract.geometry.tileSize ** 2);
    // At scale 1 without blur: the page's line plane (also the working one) + 3 colour planes,
    // hint channels read straight from the RGBA hint, nothing kept per tile. Two planes of headroom
    // for per-tile outputs the garbage collector has not reclaimed yet (measured: 4.1 planes).
    const planes = 6 * size * size * 4;
    if (process.env.DEEPCOLOR_TEST_VERBOSE) console.log(`4096x4096: peak array-buffer growth during tiles ${(peak() / 2 ** 20).toFixed(0)} MiB (6 planes = ${(planes / 2 ** 20).toFixed(0)} MiB)`);
    expect(peak()).toBeLessThan(planes);
    expect(size * size).toBeLessThanOrEqual(MAX_WORKING_PIXELS);
  });

  it('keeps no working-size hint or colour planes below scale 1 (a 4096 x 4096 page at 0.6)', async () => {
    const size = 4096;
    const { page, hint } = bigPage(size);
    const { backend, peak } = watchedBackend();
    const result = await createColorizer({ contract, backend }).colorize(page, hint, { workingScale: 0.6 });
    expect(result.image.width).toBe(size);
    // During tiles: the page-sized result (composed row by row as tile rows finish), the working
    // line plane, the region labelling's arrays and bands a tile row high: measured 160-166 MiB,
    // with 253 MiB before hint and colour were banded (and the result not yet allocated then).
    // Working-size hint and colour planes are 7 working planes: they would break the bound.
    // Since session 17 the hint without its spills is a page-sized copy when a stroke slipped over
    // a line (this page's strokes do): one more page of RGBA.
    const work = Math.round(size * 0.6) ** 2;
    const bound = 2 * size * size * 4 + 6 * work * 4;
    if (process.env.DEEPCOLOR_TEST_VERBOSE) console.log(`4096x4096 at 0.6: peak array-buffer growth during tiles ${(peak() / 2 ** 20).toFixed(0)} MiB (bound ${(bound / 2 ** 20).toFixed(0)} MiB)`);
    expect(peak()).toBeLessThan(bound);
  });
});

describe('colorize() input validation', () => {
  const backend = recordingBackend(pointwiseBackend());
  const colorizer = createColorizer({ contract, backend });
  const page = solidImage(32, 16, [255, 255, 255, 255]);

  const cases: Array<[string, string, RgbaImage, RgbaImage | undefined, ColorizeOptions | undefined]> = [
    ['an empty lineart', 'EMPTY_IMAGE', { width: 0, height: 16, data: new Uint8Array(0) }, undefined, undefined],
    ['a fractional width', 'BAD_SIZE', { width: 3.5, height: 2, data: new Uint8Array(28) }, undefined, undefined],
    ['an RGB (not RGBA) buffer', 'BAD_BUFFER', { width: 32, height: 16, data: new Uint8Array(32 * 16 * 3) }, undefined, undefined],
    ['a Float32Array buffer', 'BAD_BUFFER', { width: 2, height: 2, data: new Float32Array(16) as unknown as Uint8Array }, undefined, undefined],
    ['a hint of another size', 'HINT_SIZE_MISMATCH', page, solidImage(16, 32, [0, 0, 0, 0]), undefined],
    ['a hint with a short buffer', 'BAD_BUFFER', page, { width: 32, height: 16, data: new Uint8Array(10) }, undefined],
    ['a NaN hint strength', 'BAD_OPTION', page, undefined, { hintStrength: NaN }],
    ['a hint strength above 1', 'BAD_OPTION', page, undefined, { hintStrength: 1.5 }],
    ['an infinite working scale', 'BAD_OPTION', page, undefined, { workingScale: Infinity }],
    ['a zero working scale', 'BAD_OPTION', page, undefined, { workingScale: 0 }],
    ['a working scale below the model\'s smallest (whose enlargement back would cost without bound)', 'BAD_OPTION', page, undefined, { workingScale: 1e-9 }],
    ['a NaN tile size', 'BAD_OPTION', page, undefined, { tileSize: NaN }],
    ['an overlap of half a tile', 'BAD_OPTION', page, undefined, { tileSize: 128, tileOverlap: 64 }],
    ['page edges without a bottom', 'BAD_OPTION', page, undefined, { pageEdges: { left: true, top: true, right: true } as unknown as ColorizeOptions['pageEdges'] }],
  ];

  it.each(cases)('rejects %s with EngineInputError %s and runs nothing', async (_what, code, lineart, hint, options) => {
    const before = backend.runs.length;
    const promise = colorizer.colorize(lineart, hint, options);
    await expect(promise).rejects.toBeInstanceOf(EngineInputError);
    await expect(colorizer.colorize(lineart, hint, options)).rejects.toMatchObject({ code, name: 'EngineInputError' });
    expect(backend.runs.length).toBe(before);
  });

  it('explains the problem in words a user can act on', async () => {
    await expect(colorizer.colorize(page, solidImage(16, 32, [0, 0, 0, 0]), undefined)).rejects.toThrow('The hint is 16 x 32 but the lineart is 32 x 16');
    await expect(colorizer.colorize({ width: 32, height: 16, data: new Uint8Array(32 * 16 * 3) }, undefined)).rejects.toThrow(/needs 2048; is it RGB or 16-bit\?/);
  });

  it('plans tiles cheaply and rejects a zero size there too', () => {
    // 512 px tiles overlapping by 64: 1000 px needs 3 columns, 700 px 2 rows.
    expect(colorizer.planTiles(1000, 700, { workingScale: 1, tileSize: 512, tileOverlap: 64 }).tilesTotal).toBe(6);
    expect(colorizer.planTiles(100, 100, { workingScale: 'auto' }).workingScale).toBe(Math.min(contract.geometry.autoScale!.maxScale, contract.geometry.maxWorkingScale));
    expect(() => colorizer.planTiles(0, 10)).toThrow(EngineInputError);
  });
});
