/**
 * A pixel selection limits Colorize and Flats, as it limits a Photoshop
 * filter: they read the selection's box with some context around it, run on
 * that crop, and leave the new layer transparent outside the selection (a
 * feathered edge as partial opacity). Checked against the fake Photoshop,
 * whose getSelection answers one grey component at the document's depth.
 */
import { ACTION_METHOD_NAME } from '../../src/host';
import { TRANSPARENCY_BAND_PIXELS } from '../../src/host/layer-steps';
import type { PsImaging } from '../../src/host/photoshop-api';
import { readSelectionMask, workAreaOf } from '../../src/host/work-area';
import { flatsLayer } from '../../src/model';
import type { RgbaImage } from '../../src/model/types';
import { createScriptedEngine, expectedPixel, scriptedShading } from '../fakes/engine';
import { createFakePhotoshop, type DocumentSpec } from '../fakes/photoshop';
import { layerOnCanvas, patch, serializeWithout, strokes } from './documents';
import { contract, shader, toolHost as host } from './tools';


const SIZE = 200;

/** A 200×200 page: a hint patch at the top left, lineart over most of the page, a white Background. */
function pageSpec(overrides: Partial<DocumentSpec> = {}): DocumentSpec {
  return {
    title: 'page-07',
    width: SIZE,
    height: SIZE,
    layers: [
      { name: 'Hints', pixels: patch(10, 10, 30, 30, [230, 40, 30, 255]) },
      { name: 'Lineart', pixels: strokes(4, 4, 190, 190) },
      { name: 'Background', background: true, pixels: patch(0, 0, SIZE, SIZE, [255, 255, 255, 255]) },
    ],
    selected: ['Lineart'],
    ...overrides,
  };
}

function open(overrides: Partial<DocumentSpec> = {}) {
  const fake = createFakePhotoshop();
  const doc = fake.control.openDocument(pageSpec(overrides));
  return { fake, doc };
}


/** A rectangle of an image. */
function crop(image: RgbaImage, left: number, top: number, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(((top + y) * image.width + left) * 4, ((top + y) * image.width + left + width) * 4), y * width * 4);
  return { width, height, data };
}

function alphaAt(image: RgbaImage, x: number, y: number): number {
  return image.data[(y * image.width + x) * 4 + 3];
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[ACTION_METHOD_NAME];
});

describe('Colorize with a pixel selection', () => {
  it('runs on the selection and its context only, and leaves the layer transparent outside the selection; one history step', async () => {
    const { fake, doc } = open();
    fake.control.user.selectPixels(doc.id, { left: 100, top: 110, width: 20, height: 30 });
    const before = fake.control.serialize(doc.id);
    const others = serializeWithout(fake, doc.id, -1);
    const engine = createScriptedEngine();
    const outcome = await host(fake, { engine }).colorize({ lineartLayerId: doc.ids.Lineart, shading: { light: 'top-left', strength: 0.5 } });

    // The context is a quarter of the longer side, at least 32 px: 68..152 × 78..172.
    expect(engine.calls).toHaveLength(1);
    const page = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Lineart), SIZE, SIZE);
    const sent = engine.calls[0].lineart;
    expect([sent.width, sent.height]).toEqual([84, 94]);
    expect(Buffer.from(sent.data)).toEqual(Buffer.from(crop(page, 68, 78, 84, 94).data));
    expect(engine.calls[0].hint).toBeUndefined(); // the hint patch is far from the selection
    expect(engine.calls[0].options.pageEdges).toEqual({ left: false, top: false, right: false, bottom: false });
    expect(outcome.selection).toEqual({ left: 100, top: 110, width: 20, height: 30 });

    const colour = layerOnCanvas(fake.control.layerState(doc.id, outcome.layerId), SIZE, SIZE);
    const shadingAll = scriptedShading(84, 94);
    const shading = layerOnCanvas(fake.control.layerState(doc.id, outcome.shadingLayerId!), SIZE, SIZE);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const inside = x >= 100 && x < 120 && y >= 110 && y < 140;
        const at = (y * SIZE + x) * 4;
        if (!inside) {
          expect([alphaAt(colour, x, y), alphaAt(shading, x, y)]).toEqual([0, 0]);
          continue;
        }
        const local = (y - 78) * 84 + (x - 68);
        expect(Array.from(colour.data.subarray(at, at + 4))).toEqual(expectedPixel(crop(page, 68, 78, 84, 94), undefined, local));
        expect(Array.from(shading.data.subarray(at, at + 4))).toEqual(Array.from(shadingAll.data.subarray(local * 4, local * 4 + 4)));
      }
    }
    // Everything else as it was, the selection included; one undo removes both layers.
    expect(serializeWithout(fake, doc.id, [outcome.layerId, outcome.shadingLayerId!])).toBe(others);
    expect(fake.control.documentState(doc.id).pixelSelection).toMatchObject({ left: 100, top: 110, width: 20, height: 30 });
    expect(fake.control.historyNames(doc.id)).toEqual(['Rectangular Marquee', 'Deepcolor Colorize']);
    fake.control.undo(doc.id);
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('keeps a feathered edge as partial opacity, in a 16-bit document too', async () => {
    for (const bitsPerChannel of ['bitDepth8', 'bitDepth16'] as const) {
      const { fake, doc } = open({ bitsPerChannel });
      // A 40×1 ramp of selection values 0, 6, 12 ... 234.
      const mask = Uint8Array.from({ length: 40 }, (_, i) => i * 6);
      fake.control.user.selectPixels(doc.id, { left: 60, top: 90, width: 40, height: 1, mask });
      const outcome = await host(fake).colorize({ lineartLayerId: doc.ids.Lineart });
      const colour = layerOnCanvas(fake.control.layerState(doc.id, outcome.layerId), SIZE, SIZE);
      const alphas = Array.from({ length: 40 }, (_, i) => alphaAt(colour, 60 + i, 90));
      // The scripted engine's output is opaque: the layer's opacity is the selection's (±1 for 16-bit rounding).
      alphas.forEach((alpha, i) => expect(Math.abs(alpha - mask[i])).toBeLessThanOrEqual(bitsPerChannel === 'bitDepth16' ? 1 : 0));
      expect([alphaAt(colour, 60, 89), alphaAt(colour, 60, 91), alphaAt(colour, 100, 90)]).toEqual([0, 0, 0]);
    }
  });

  it("reads a hint layer's pixels, not its effects: a drop shadow reaching the selection's area is no paint there", async () => {
    // The hint patch covers 10..40; its shadow (60 px) reaches 100 in the bounds Photoshop reports with effects.
    const { fake, doc } = open({
      layers: [
        { name: 'Hints', pixels: patch(10, 10, 30, 30, [230, 40, 30, 255]), effectsMargin: 60 },
        { name: 'Lineart', pixels: strokes(4, 4, 190, 190) },
      ],
    });
    expect(fake.module.app.activeDocument!.layers[0].bounds.right).toBe(100);
    fake.control.user.selectPixels(doc.id, { left: 100, top: 110, width: 20, height: 30 }); // area 68..152 x 78..172
    const engine = createScriptedEngine();
    const outcome = await host(fake, { engine }).colorize({ lineartLayerId: doc.ids.Lineart, hintLayerId: doc.ids.Hints });
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0].hint).toBeUndefined();
    expect(outcome.selection).toEqual({ left: 100, top: 110, width: 20, height: 30 });
  });

  it('passes the hint when it reaches into the context around the selection, cropped like the lineart', async () => {
    const { fake, doc } = open();
    fake.control.user.selectPixels(doc.id, { left: 50, top: 50, width: 10, height: 10 });
    const engine = createScriptedEngine();
    await host(fake, { engine }).colorize({ lineartLayerId: doc.ids.Lineart, hintLayerId: doc.ids.Hints });
    // Area: 18..92 on both axes; the hint patch covers 10..40.
    const hint = engine.calls[0].hint!;
    expect([hint.width, hint.height]).toEqual([74, 74]);
    expect(engine.calls[0].options.pageEdges).toEqual({ left: false, top: false, right: false, bottom: false });
    const hintPage = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Hints), SIZE, SIZE);
    expect(Buffer.from(hint.data)).toEqual(Buffer.from(crop(hintPage, 18, 18, 74, 74).data));
    expect(alphaAt(hint, 0, 0)).toBe(255);
  });

  it('keeps an opaque white fill of a hint layer painted on transparency as paint when it covers the selection\'s area', async () => {
    // The hint layer: a white shirt (opaque, 10..120) and nothing elsewhere; the selection's area (18..92) lies inside the shirt.
    const { fake, doc } = open({ layers: [{ name: 'Hints', pixels: patch(10, 10, 110, 110, [255, 255, 255, 255]) }, { name: 'Lineart', pixels: strokes(4, 4, 190, 190) }] });
    fake.control.user.selectPixels(doc.id, { left: 50, top: 50, width: 10, height: 10 });
    const engine = createScriptedEngine();
    // The areas read: the whole canvas only where the layer could have no transparent pixel at all.
    const reading = (f: typeof fake) => {
      const sizes: number[] = [];
      const imaging = f.module.imaging!;
      const photoshop = { ...f.module, imaging: { ...imaging, getPixels: (options: Parameters<PsImaging['getPixels']>[0]) => {
        const b = options.sourceBounds;
        if (b) sizes.push((b.right - b.left) * (b.bottom - b.top));
        return imaging.getPixels(options);
      } } };
      return { photoshop, wholeCanvasReads: () => sizes.filter((n) => n === SIZE * SIZE).length };
    };
    const shirt = reading(fake);
    const outcome = await host(fake, { engine, photoshop: shirt.photoshop }).colorize({ lineartLayerId: doc.ids.Lineart, hintLayerId: doc.ids.Hints });
    expect(alphaAt(engine.calls[0].hint!, 30, 30)).toBe(255); // white painted on purpose stays paint
    expect(outcome.warnings).toEqual([]);
    expect(shirt.wholeCanvasReads()).toBe(0); // its bounds leave transparent canvas: nothing more to read
    // Filled white over the whole canvas (no transparent pixel anywhere): read as paper even in the selection.
    const filled = open({ layers: [{ name: 'Hints', pixels: patch(0, 0, SIZE, SIZE, [255, 255, 255, 255]) }, { name: 'Lineart', pixels: strokes(4, 4, 190, 190) }] });
    filled.fake.control.user.selectPixels(filled.doc.id, { left: 50, top: 50, width: 10, height: 10 });
    const sheet = reading(filled.fake);
    const again = await host(filled.fake, { engine, photoshop: sheet.photoshop }).colorize({ lineartLayerId: filled.doc.ids.Lineart, hintLayerId: filled.doc.ids.Hints });
    expect(alphaAt(engine.calls[1].hint!, 30, 30)).toBe(0);
    expect(again.warnings).toEqual([expect.stringMatching(/The hint layer “Hints” has no transparency/)]);
    expect(sheet.wholeCanvasReads()).toBe(1);
  });

  it('looks for transparency beyond the selection in bands of rows, and stops at the first band that has some', async () => {
    // A canvas of two bands; a hint layer covering it, opaque white but for one transparent pixel.
    const width = 2100;
    const height = 2100;
    const rowsPerBand = Math.floor(TRANSPARENCY_BAND_PIXELS / width);
    expect(rowsPerBand).toBeLessThan(height);
    const run = async (holeAt: number | null): Promise<{ reads: Array<{ top: number; rows: number }>; warnings: readonly string[] }> => {
      const data = new Uint8Array(width * height * 4).fill(255);
      if (holeAt !== null) data[(holeAt * width + 7) * 4 + 3] = 0;
      const { fake, doc } = open({
        width,
        height,
        layers: [{ name: 'Hints', pixels: { left: 0, top: 0, width, height, data } }, { name: 'Lineart', pixels: strokes(4, 4, 190, 190) }],
      });
      fake.control.user.selectPixels(doc.id, { left: 50, top: 50, width: 10, height: 10 });
      const reads: Array<{ top: number; rows: number }> = [];
      const imaging = fake.module.imaging!;
      const photoshop = { ...fake.module, imaging: { ...imaging, getPixels: (options: Parameters<PsImaging['getPixels']>[0]) => {
        const b = options.sourceBounds;
        if (options.layerID === doc.ids.Hints && b && b.right - b.left === width) reads.push({ top: b.top, rows: b.bottom - b.top });
        return imaging.getPixels(options);
      } } };
      const outcome = await host(fake, { engine: createScriptedEngine(), photoshop }).colorize({ lineartLayerId: doc.ids.Lineart, hintLayerId: doc.ids.Hints });
      return { reads, warnings: outcome.warnings };
    };
    // No transparent pixel: every band is read, none larger than a band, and the layer is read as paper.
    const sheet = await run(null);
    expect(sheet.reads).toEqual([{ top: 0, rows: rowsPerBand }, { top: rowsPerBand, rows: height - rowsPerBand }]);
    expect(sheet.warnings).toEqual([expect.stringMatching(/has no transparency/)]);
    // A transparent pixel in the first band: the second is never read, and the white is paint.
    const holed = await run(3);
    expect(holed.reads).toEqual([{ top: 0, rows: rowsPerBand }]);
    expect(holed.warnings).toEqual([]);
  });

  it('refuses a selection without lineart, or off the canvas, before touching anything', async () => {
    const { fake, doc } = open({ layers: [{ name: 'Lineart', pixels: strokes(4, 4, 80, 80) }, { name: 'Background', background: true, pixels: patch(0, 0, SIZE, SIZE, [255, 255, 255, 255]) }] });
    fake.control.user.selectPixels(doc.id, { left: 150, top: 150, width: 30, height: 30 });
    const before = fake.control.serialize(doc.id);
    const refusal = { code: 'SELECTION_EMPTY', message: expect.stringMatching(/selection holds none of the lineart “Lineart”.*Select > Deselect/) };
    expect(host(fake).check({ lineartLayerId: doc.ids.Lineart })).toMatchObject(refusal);
    await expect(host(fake).colorize({ lineartLayerId: doc.ids.Lineart })).rejects.toMatchObject(refusal);
    await expect(host(fake).flats({ lineartLayerId: doc.ids.Lineart })).rejects.toMatchObject(refusal);
    fake.control.user.selectPixels(doc.id, { left: 250, top: 20, width: 30, height: 30 });
    const offCanvas = fake.control.serialize(doc.id);
    await expect(host(fake).colorize({ lineartLayerId: doc.ids.Lineart })).rejects.toMatchObject({ code: 'SELECTION_EMPTY', message: expect.stringMatching(/outside the canvas/) });
    expect(host(fake).describeActiveDocument()?.selection).toBeNull();
    expect(fake.control.historyNames(doc.id)).toEqual(['Rectangular Marquee', 'Rectangular Marquee']);
    expect(fake.control.serialize(doc.id)).toBe(offCanvas);
    fake.control.undo(doc.id);
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('refuses a selection whose box crosses the canvas but selects none of its pixels', async () => {
    const { fake, doc } = open();
    // A ring-shaped lasso: its box is on the canvas, its selected pixels all outside the canvas part.
    fake.control.user.selectPixels(doc.id, { left: 150, top: 150, width: 80, height: 80, mask: new Uint8Array(80 * 80) });
    const before = fake.control.serialize(doc.id);
    await expect(host(fake).colorize({ lineartLayerId: doc.ids.Lineart })).rejects.toMatchObject({ code: 'SELECTION_EMPTY', message: expect.stringMatching(/No pixel of the canvas is selected/) });
    await expect(host(fake).flats({ lineartLayerId: doc.ids.Lineart })).rejects.toMatchObject({ code: 'SELECTION_EMPTY' });
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });

  it('reads no mask for Select All, and the mask of a feathered selection as it is', async () => {
    const { fake, doc } = open();
    const imaging = fake.module.imaging as PsImaging;
    fake.control.user.selectPixels(doc.id, { left: 0, top: 0, width: SIZE, height: SIZE });
    expect(await readSelectionMask(imaging, doc.id, workAreaOf(fake.module.app.activeDocument!))).toBeNull();
    const ramp = Uint8Array.from({ length: 40 }, (_, i) => 255 - i);
    fake.control.user.selectPixels(doc.id, { left: 80, top: 90, width: 40, height: 1, mask: ramp });
    const area = workAreaOf(fake.module.app.activeDocument!);
    const mask = (await readSelectionMask(imaging, doc.id, area))!;
    expect(Array.from(mask.subarray((90 - area.top) * area.width + (80 - area.left), (90 - area.top) * area.width + (120 - area.left)))).toEqual(Array.from(ramp));
    expect(mask.reduce((sum, v) => sum + v, 0)).toBe(ramp.reduce((sum, v) => sum + v, 0));
    expect(fake.control.liveImageDataCount()).toBe(0);
  });

  it('with Select All colours the whole canvas, as without a selection', async () => {
    const { fake, doc } = open();
    const whole = await host(fake).colorize({ lineartLayerId: doc.ids.Lineart });
    fake.control.user.selectPixels(doc.id, { left: 0, top: 0, width: SIZE, height: SIZE });
    fake.control.user.selectLayers(doc.id, [doc.ids.Lineart]);
    const all = await host(fake).colorize({ lineartLayerId: doc.ids.Lineart });
    expect(all.selection).toEqual({ left: 0, top: 0, width: SIZE, height: SIZE });
    const a = layerOnCanvas(fake.control.layerState(doc.id, whole.layerId), SIZE, SIZE);
    const b = layerOnCanvas(fake.control.layerState(doc.id, all.layerId), SIZE, SIZE);
    expect(Buffer.from(b.data)).toEqual(Buffer.from(a.data));
  });

  it('sizes the memory estimate by the selection: a canvas too large for the budget can be coloured a part at a time', async () => {
    const { fake, doc } = open();
    // 200×200 at 24 + 32 bytes per pixel is ~2.1 MiB; the selection's area (84×84) is ~0.4 MiB.
    const budget = { memoryBudgetBytes: 1024 * 1024 };
    expect(host(fake, budget).check({ lineartLayerId: doc.ids.Lineart })).toMatchObject({
      code: 'CANVAS_TOO_LARGE',
      message: expect.stringMatching(/this 200×200 px canvas.*select a part of the page/),
    });
    fake.control.user.selectPixels(doc.id, { left: 100, top: 100, width: 20, height: 20 });
    expect(host(fake, budget).check({ lineartLayerId: doc.ids.Lineart })).toBeNull();
    await expect(host(fake, budget).colorize({ lineartLayerId: doc.ids.Lineart })).resolves.toMatchObject({ selection: { width: 20, height: 20 } });
    // A selection too large for the budget: the advice is a smaller one.
    fake.control.user.selectPixels(doc.id, { left: 10, top: 10, width: 180, height: 180 });
    expect(host(fake, budget).check({ lineartLayerId: doc.ids.Lineart })).toMatchObject({
      code: 'CANVAS_TOO_LARGE',
      message: expect.stringMatching(/the 200×200 px area around the selection.*select a smaller part of the page/),
    });
  });

  it('rolls back and leaves the selection as it was when the engine fails', async () => {
    const { fake, doc } = open();
    fake.control.user.selectPixels(doc.id, { left: 100, top: 100, width: 20, height: 20 });
    const before = fake.control.serialize(doc.id);
    await expect(host(fake, { engine: createScriptedEngine({ failAtTile: 1 }) }).colorize({ lineartLayerId: doc.ids.Lineart })).rejects.toMatchObject({ code: 'ENGINE_FAILED' });
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });

  it('an Action step keeps to whatever is selected when it is played, as a filter does', async () => {
    const { fake, doc } = open();
    const engine = createScriptedEngine();
    fake.control.actions.startRecording();
    await host(fake, { engine }).colorize({ lineartLayerId: doc.ids.Lineart });
    expect(engine.calls[0].options.pageEdges).toEqual({ left: true, top: true, right: true, bottom: true });
    const [step] = fake.control.actions.stopRecording();
    expect(step).toBeDefined();
    const second = fake.control.openDocument(pageSpec({ title: 'page-08' }));
    fake.control.user.selectPixels(second.id, { left: 30, top: 20, width: 50, height: 60 });
    await fake.control.actions.play(step);
    const made = fake.control.documentState(second.id).layers[0];
    expect(made.name).toBe('Deepcolor');
    const colour = layerOnCanvas(made, SIZE, SIZE);
    expect([alphaAt(colour, 30, 20), alphaAt(colour, 79, 79), alphaAt(colour, 29, 20), alphaAt(colour, 80, 79), alphaAt(colour, 150, 150)]).toEqual([255, 255, 0, 0, 0]);
    // The selection's context (32 px) reaches the canvas's left and top edges: those sides are the page's.
    expect(engine.calls[1].options.pageEdges).toEqual({ left: true, top: true, right: false, bottom: false });
  });

  it('describes the selection to the panel, and forgets it after Select > Deselect', () => {
    const { fake, doc } = open();
    const ps = host(fake);
    expect(ps.describeActiveDocument()?.selection).toBeNull();
    fake.control.user.selectPixels(doc.id, { left: -20, top: 150, width: 60, height: 80 });
    // Clipped to the canvas.
    expect(ps.describeActiveDocument()?.selection).toEqual({ left: 0, top: 150, width: 40, height: 50 });
    fake.control.user.selectPixels(doc.id, null);
    expect(ps.describeActiveDocument()?.selection).toBeNull();
  });
});

describe('Relight after a Colorize of a selection', () => {
  it('shades only where the colour layer has colour: not the rest of the page', async () => {
    const { fake, doc } = open();
    fake.control.user.selectPixels(doc.id, { left: 100, top: 110, width: 40, height: 50 });
    const h = host(fake);
    const coloured = await h.colorize({ lineartLayerId: doc.ids.Lineart, shading: { light: 'top', strength: 0.5 } });
    // Relight has no selection of its own: deselect first, as an artist may.
    fake.control.user.selectPixels(doc.id, null);
    fake.control.user.selectLayers(doc.id, [doc.ids.Lineart]);
    const outcome = await h.relight({ lineartLayerId: doc.ids.Lineart, shading: { light: 'right', strength: 0.8 } });
    expect(outcome.shadingLayerId).toBe(coloured.shadingLayerId);
    const shading = layerOnCanvas(fake.control.layerState(doc.id, outcome.shadingLayerId), SIZE, SIZE);
    let inside = 0;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const a = alphaAt(shading, x, y);
        if (x >= 100 && x < 140 && y >= 110 && y < 160) inside += a > 0 ? 1 : 0;
        else expect(a).toBe(0);
      }
    }
    expect(inside).toBe(40 * 50);
  });
});

describe('Relight with a selection', () => {
  it('changes the shading only inside the selection, blending a feathered edge', async () => {
    const { fake, doc } = open();
    const h = host(fake);
    const coloured = await h.colorize({ lineartLayerId: doc.ids.Lineart, shading: { light: 'top', strength: 0.5 } });
    const before = layerOnCanvas(fake.control.layerState(doc.id, coloured.shadingLayerId!), SIZE, SIZE);
    // A band of rows 60..99 of full selection, then a feathered column 100..139 (values 255 down to 21).
    const mask = new Uint8Array(80 * 40);
    for (let y = 0; y < 40; y++) for (let x = 0; x < 80; x++) mask[y * 80 + x] = x < 40 ? 255 : 255 - 6 * (x - 40);
    fake.control.user.selectPixels(doc.id, { left: 60, top: 60, width: 80, height: 40, mask });
    fake.control.user.selectLayers(doc.id, [doc.ids.Lineart]);
    const outcome = await h.relight({ lineartLayerId: doc.ids.Lineart, shading: { light: 'bottom', strength: 0.9 } });
    expect(outcome.shadingLayerId).toBe(coloured.shadingLayerId);
    const after = layerOnCanvas(fake.control.layerState(doc.id, outcome.shadingLayerId), SIZE, SIZE);
    const fresh = shader(
      layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Lineart), SIZE, SIZE),
      layerOnCanvas(fake.control.layerState(doc.id, coloured.layerId), SIZE, SIZE),
      { light: 'bottom', strength: 0.9 },
    );
    let changedInside = 0;
    const wrong: string[] = [];
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const i = (y * SIZE + x) * 4;
        const m = x >= 60 && x < 140 && y >= 60 && y < 100 ? mask[(y - 60) * 80 + (x - 60)] : 0;
        for (let c = 0; c < 4; c++) {
          const want = Math.round((fresh.data[i + c] * m + before.data[i + c] * (255 - m)) / 255);
          if (after.data[i + c] !== want && wrong.length < 5) wrong.push(`(${x},${y})[${c}] ${after.data[i + c]} != ${want}`);
        }
        if (m === 255 && after.data[i] !== before.data[i]) changedInside++;
      }
    }
    expect(wrong).toEqual([]);
    expect(changedInside).toBeGreaterThan(100);
  });
});

describe('Relight of a page coloured a panel at a time', () => {
  it('with a panel selected, relights that panel\'s colour layer and leaves the other panel\'s shading alone', async () => {
    const { fake, doc } = open();
    const h = host(fake);
    const light = { light: 'top' as const, strength: 0.5 };
    fake.control.user.selectPixels(doc.id, { left: 20, top: 20, width: 60, height: 60 });
    fake.control.user.selectLayers(doc.id, [doc.ids.Lineart]);
    const left = await h.colorize({ lineartLayerId: doc.ids.Lineart, shading: light });
    fake.control.user.selectPixels(doc.id, { left: 120, top: 110, width: 60, height: 60 });
    fake.control.user.selectLayers(doc.id, [doc.ids.Lineart]);
    const right = await h.colorize({ lineartLayerId: doc.ids.Lineart, shading: light });
    // The left panel again: its layers are the older pair, under the right panel's.
    fake.control.user.selectPixels(doc.id, { left: 30, top: 30, width: 10, height: 10 });
    fake.control.user.selectLayers(doc.id, [doc.ids.Lineart]);
    const rightShading = serializeWithout(fake, doc.id, left.shadingLayerId!);
    const outcome = await h.relight({ lineartLayerId: doc.ids.Lineart, shading: { light: 'right', strength: 0.9 } });
    expect(outcome.shadingLayerId).toBe(left.shadingLayerId);
    expect(serializeWithout(fake, doc.id, left.shadingLayerId!)).toBe(rightShading);
    // Without a selection, the newest: the right panel's.
    fake.control.user.selectPixels(doc.id, null);
    fake.control.user.selectLayers(doc.id, [doc.ids.Lineart]);
    expect((await h.relight({ lineartLayerId: doc.ids.Lineart, shading: light })).shadingLayerId).toBe(right.shadingLayerId);
  });
});

describe('Flats with a pixel selection', () => {
  it('makes the flats of the area around the selection, transparent outside the selection', async () => {
    const { fake, doc } = open();
    fake.control.user.selectPixels(doc.id, { left: 100, top: 110, width: 20, height: 30 });
    const outcome = await host(fake).flats({ lineartLayerId: doc.ids.Lineart, gapRadius: 1 });
    expect(outcome.selection).toEqual({ left: 100, top: 110, width: 20, height: 30 });
    const page = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Lineart), SIZE, SIZE);
    // The crop's sides all lie inside the page: a region they cut is no page around the figure.
    const inner = { left: false, top: false, right: false, bottom: false };
    const want = flatsLayer(crop(page, 68, 78, 84, 94), undefined, contract, { gapRadius: 1, pageEdges: inner });
    expect(Buffer.from(want.data)).not.toEqual(Buffer.from(flatsLayer(crop(page, 68, 78, 84, 94), undefined, contract, { gapRadius: 1 }).data));
    const got = layerOnCanvas(fake.control.layerState(doc.id, outcome.layerId), SIZE, SIZE);
    let inside = 0;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const at = (y * SIZE + x) * 4;
        if (x >= 100 && x < 120 && y >= 110 && y < 140) {
          const local = ((y - 78) * 84 + (x - 68)) * 4;
          expect(Array.from(got.data.subarray(at, at + 4))).toEqual(Array.from(want.data.subarray(local, local + 4)));
          if (got.data[at + 3] > 0) inside++;
        } else {
          expect(got.data[at + 3]).toBe(0);
        }
      }
    }
    expect(inside).toBeGreaterThan(0);
  });
});
