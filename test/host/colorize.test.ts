import { createDeepcolorHost } from '../../src/host';
import { createScriptedEngine, expectedPixel, scriptedShading } from '../fakes/engine';
import { createFakePhotoshop } from '../fakes/photoshop';
import { layerOnCanvas, openStandard, patch, serializeWithout, standardSpec, strokes, topLevelNames } from './documents';

describe('Colorize on a valid document', () => {
  it('adds exactly one layer named Deepcolor directly above the topmost source layer, as one history step', async () => {
    const { fake, doc } = openStandard();
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
    const outcome = await host.colorize();
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor', 'Hints', 'Lineart', 'Background']);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize']);
    expect(outcome.layerName).toBe('Deepcolor');
    expect(outcome.lineartLayerName).toBe('Lineart');
    expect(outcome.hintLayerName).toBe('Hints');
    const layer = fake.control.layerState(doc.id, outcome.layerId);
    expect(layer.kind).toBe('pixel');
    expect(layer.blendMode).toBe('normal');
    expect(layer.opacity).toBe(100);
    expect(fake.control.liveImageDataCount()).toBe(0);
    expect(fake.control.isModal()).toBe(false);
  });

  it('with shading adds the engine\'s shading as "Deepcolor shading" in Multiply directly above the colour, in the same history step', async () => {
    const { fake, doc } = openStandard();
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    const outcome = await host.colorize({ shading: { light: 'top-left', strength: 0.35 } });
    expect(engine.calls[0].options.shading).toEqual({ light: 'top-left', strength: 0.35 });
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor shading', 'Deepcolor', 'Hints', 'Lineart', 'Background']);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize']);
    expect(outcome.shadingLayerId).not.toBeNull();
    const shading = fake.control.layerState(doc.id, outcome.shadingLayerId!);
    expect([shading.kind, shading.blendMode, shading.opacity]).toEqual(['pixel', 'multiply', 100]);
    expect(Buffer.from(shading.pixels!.data)).toEqual(Buffer.from(scriptedShading(64, 64).data));
    expect(fake.control.layerState(doc.id, outcome.layerId).blendMode).toBe('normal');
    expect(fake.control.liveImageDataCount()).toBe(0);
    // Without shading (the default, or null) no second layer and no shading asked of the engine.
    const plain = await host.colorize({ shading: null });
    expect(plain.shadingLayerId).toBeNull();
    expect(engine.calls[1].options).not.toHaveProperty('shading');
    // The new colour layer goes above the first run's layers, where it shows; not under them, where they would hide it.
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor', 'Deepcolor shading', 'Deepcolor', 'Hints', 'Lineart', 'Background']);
    expect(fake.control.documentState(doc.id).layers[0].id).toBe(plain.layerId);
  });

  it('stacks a new result above the earlier ones directly above the sources (flats too), but not above a layer of the artist\'s', async () => {
    const { fake, doc } = openStandard();
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine, flatter: () => ({ width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4) }) });
    await host.flats();
    const first = await host.colorize({ shading: { light: 'top', strength: 0.5 } });
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor shading', 'Deepcolor', 'Deepcolor flats', 'Hints', 'Lineart', 'Background']);
    const second = await host.colorize({ shading: { light: 'left', strength: 0.5 } });
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor shading', 'Deepcolor', 'Deepcolor shading', 'Deepcolor', 'Deepcolor flats', 'Hints', 'Lineart', 'Background']);
    const layers = fake.control.documentState(doc.id).layers;
    expect([layers[0].id, layers[1].id, layers[3].id]).toEqual([second.shadingLayerId, second.layerId, first.layerId]);
    // The artist's own layer between the sources and the results ends the run: the result goes under it, above the sources.
    fake.control.user.addLayer(doc.id, { name: 'Touch-ups', pixels: { left: 0, top: 0, width: 2, height: 2 } }, doc.ids.Hints);
    fake.control.user.selectLayers(doc.id, [doc.ids.Lineart]);
    const third = await host.colorize();
    expect(topLevelNames(fake, doc.id).slice(4)).toEqual(['Deepcolor flats', 'Touch-ups', 'Deepcolor', 'Hints', 'Lineart', 'Background']);
    expect(fake.control.documentState(doc.id).layers[6].id).toBe(third.layerId);
  });

  it('refuses shading it cannot do before touching the document', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    expect(host.check({ shading: { light: 'sideways' as never, strength: 0.3 } })).toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(/top-left/) });
    await expect(host.colorize({ shading: { light: 'top', strength: 2 } })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    expect(engine.calls).toHaveLength(0);
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('reads lineart and hint at their layer offsets and writes the result over the whole canvas at the origin', async () => {
    const { fake, doc } = openStandard();
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    const outcome = await host.colorize();

    const lineartExpected = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Lineart), 64, 64);
    const hintExpected = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Hints), 64, 64);
    const call = engine.calls[0];
    expect(Buffer.from(call.lineart.data)).toEqual(Buffer.from(lineartExpected.data));
    expect(call.hint && Buffer.from(call.hint.data)).toEqual(Buffer.from(hintExpected.data));
    // Spot checks that offsets were honoured, not just copied consistently.
    const at = (x: number, y: number) => Array.from(call.lineart.data.subarray((y * 64 + x) * 4, (y * 64 + x) * 4 + 4));
    expect(at(4, 6)).toEqual([0, 0, 0, 255]); // top-left corner of the lineart frame
    expect(at(3, 6)).toEqual([0, 0, 0, 0]); // just left of it: transparent

    const result = fake.control.layerState(doc.id, outcome.layerId).pixels;
    expect(result).not.toBeNull();
    expect([result!.left, result!.top, result!.width, result!.height]).toEqual([0, 0, 64, 64]);
    for (let p = 0; p < 64 * 64; p++) {
      const want = expectedPixel(lineartExpected, hintExpected, p);
      const got = Array.from(result!.data.subarray(p * 4, p * 4 + 4));
      if (got.join() !== want.join()) throw new Error(`pixel ${p % 64},${Math.floor(p / 64)}: ${got} != ${want}`);
    }
  });

  it('clips a layer that sticks out of the canvas and keeps its pixels at their canvas positions', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(
      standardSpec({
        layers: [
          { name: 'hint', pixels: patch(-4, 60, 10, 10, [10, 20, 250, 255]) },
          { name: 'Lineart', pixels: strokes(-10, -6, 40, 30) },
        ],
      }),
    );
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    await host.colorize();
    const { lineart, hint } = engine.calls[0];
    const px = (img: { data: ArrayLike<number> }, x: number, y: number) => Array.from({ length: 4 }, (_, c) => img.data[(y * 64 + x) * 4 + c]);
    // The lineart frame's right edge is at x = -10 + 39 = 29; its bottom edge at y = -6 + 29 = 23.
    expect(px(lineart, 29, 10)).toEqual([0, 0, 0, 255]);
    expect(px(lineart, 10, 23)).toEqual([0, 0, 0, 255]);
    expect(px(lineart, 30, 10)).toEqual([0, 0, 0, 0]);
    expect(px(hint!, 0, 63)).toEqual([10, 20, 250, 255]);
    expect(px(hint!, 6, 63)).toEqual([0, 0, 0, 0]);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize']);
  });

  it('places the result above the lineart when the hint layer lies below it', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(
      standardSpec({
        layers: [
          { name: 'Lineart', pixels: strokes(0, 0, 64, 64) },
          { name: 'colours', pixels: patch(10, 10, 8, 8, [0, 200, 0, 255]) },
          { name: 'Background', background: true, pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) },
        ],
      }),
    );
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
    const outcome = await host.colorize();
    expect(outcome.hintLayerName).toBe('colours');
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor', 'Lineart', 'colours', 'Background']);
  });

  it('places the result above the layers clipped to the lineart (a line colour layer), unclipped, and leaves their clipping alone', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(
      standardSpec({
        layers: [
          { name: 'line shade', pixels: patch(0, 0, 64, 64, [40, 20, 120, 255]), clipped: true },
          { name: 'line colour', pixels: patch(0, 0, 64, 64, [120, 40, 20, 255]), clipped: true },
          { name: 'Lineart', pixels: strokes(4, 6, 50, 50) },
          { name: 'Hints', pixels: patch(40, 8, 16, 12, [230, 40, 30, 255]) },
          { name: 'Background', background: true, pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) },
        ],
      }),
    );
    const others = serializeWithout(fake, doc.id, -1);
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
    const outcome = await host.colorize({ lineartLayerId: doc.ids.Lineart, hintLayerId: doc.ids.Hints });
    // Directly above the lineart it would join the clipping group and show only on the lines.
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor', 'line shade', 'line colour', 'Lineart', 'Hints', 'Background']);
    expect(fake.control.layerState(doc.id, outcome.layerId).clipped).toBe(false);
    expect(serializeWithout(fake, doc.id, outcome.layerId)).toBe(others);
    // A second run stacks above the first, as without clipping.
    const second = await host.colorize({ lineartLayerId: doc.ids.Lineart, hintLayerId: doc.ids.Hints });
    expect(topLevelNames(fake, doc.id).slice(0, 3)).toEqual(['Deepcolor', 'Deepcolor', 'line shade']);
    expect(fake.control.layerState(doc.id, second.layerId).clipped).toBe(false);
  });

  it('places the result inside the group, directly above the lineart, when the lineart is in a group', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(
      standardSpec({
        layers: [
          { name: 'Notes', kind: 'text', pixels: patch(0, 0, 10, 4, [0, 0, 0, 255]) },
          {
            name: 'Page',
            children: [
              { name: 'Hint', pixels: patch(20, 20, 8, 8, [0, 0, 255, 255]) },
              { name: 'Ink', pixels: strokes(2, 2, 40, 40) },
            ],
          },
          { name: 'Background', background: true, pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) },
        ],
        selected: ['Ink'],
      }),
    );
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
    await host.colorize();
    const state = fake.control.documentState(doc.id);
    expect(state.layers.map((l) => l.name)).toEqual(['Notes', 'Page', 'Background']);
    expect(state.layers[1].children!.map((l) => l.name)).toEqual(['Deepcolor', 'Hint', 'Ink']);
  });

  it('undoing the step restores the document exactly', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
    await host.colorize();
    expect(fake.control.serialize(doc.id)).not.toBe(before);
    fake.control.undo(doc.id);
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('never changes the user layers, and gives the lineart its selection back', async () => {
    const { fake, doc } = openStandard({
      layers: [
        { name: 'Hints', pixels: patch(40, 8, 16, 12, [230, 40, 30, 128]), visible: false, opacity: 40 },
        { name: 'Lineart', pixels: strokes(4, 6, 50, 50), blendMode: 'multiply', pixelsLocked: true },
        { name: 'Background', background: true, pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) },
      ],
    });
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
    const outcome = await host.colorize({ blendMode: 'multiply' });
    const after = fake.control.documentState(doc.id);
    expect(after.selectedLayerIds).toEqual([doc.ids.Lineart]);
    // Everything but the new layer is as before (pixels, visibility, opacity, locks, order, names, selection).
    const { fake: pristine, doc: pristineDoc } = openStandard({
      layers: [
        { name: 'Hints', pixels: patch(40, 8, 16, 12, [230, 40, 30, 128]), visible: false, opacity: 40 },
        { name: 'Lineart', pixels: strokes(4, 6, 50, 50), blendMode: 'multiply', pixelsLocked: true },
        { name: 'Background', background: true, pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) },
      ],
    });
    expect(serializeWithout(fake, doc.id, outcome.layerId)).toBe(serializeWithout(pristine, pristineDoc.id, -1));
    expect(fake.control.layerState(doc.id, outcome.layerId).blendMode).toBe('multiply');
  });

  it('uses the picked layers over the active one and the hint name', async () => {
    const { fake, doc } = openStandard({ selected: ['Background'] });
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    const outcome = await host.colorize({ lineartLayerId: doc.ids.Lineart, hintLayerId: null, hintStrength: 0.5, workingScale: 0.5 });
    expect(outcome.hintLayerName).toBeNull();
    expect(engine.calls[0].hint).toBeUndefined();
    expect(engine.calls[0].options.hintStrength).toBe(0.5);
    expect(engine.calls[0].options.workingScale).toBe(0.5);
    expect(topLevelNames(fake, doc.id)).toEqual(['Hints', 'Deepcolor', 'Lineart', 'Background']);
  });

  it("passes the gap radius to the engine, and none when the request leaves it to the model's default", async () => {
    const { fake } = openStandard();
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    await host.colorize({ gapRadius: 4 });
    await host.colorize({ gapRadius: 0 });
    await host.colorize();
    expect(engine.calls.map((call) => call.options.gapRadius)).toEqual([4, 0, undefined]);
  });

  // Two on/off choices passed to the engine the same way; a non-boolean is refused before anything is read.
  it.each([
    { choice: 'keepStrokes', option: 'blendStrokes', asked: [true, false, true], refusal: /Keep strokes must be on or off/ },
    { choice: 'leaveMargins', option: 'clearAround', asked: [false, true, false], refusal: /Leave margins must be on or off/ },
  ] as const)('passes $choice to the engine as $option, off unless the request turns it on, and refuses a non-boolean', async ({ choice, option, asked, refusal }) => {
    const { fake } = openStandard();
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    await host.colorize();
    await host.colorize({ [choice]: true });
    await host.colorize({ [choice]: false });
    expect(engine.calls.map((call) => call.options[option])).toEqual(asked);
    expect(host.check({ [choice]: 'yes' as unknown as boolean })).toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(refusal) });
  });

  // On by default, unlike the two above: only an explicit false turns it off.
  it('passes whitePaper ("White balloons, gutters & panel backgrounds") to the engine, on unless the request turns it off, and refuses a non-boolean without touching the document', async () => {
    const { fake, doc } = openStandard();
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    await host.colorize();
    await host.colorize({ whitePaper: false });
    await host.colorize({ whitePaper: true });
    expect(engine.calls.map((call) => call.options.whitePaper)).toEqual([true, false, true]);
    const before = fake.control.serialize(doc.id);
    for (const bad of ['no', 0, null]) {
      const request = { whitePaper: bad as unknown as boolean };
      expect(host.check(request)).toMatchObject({ code: 'BAD_OPTION', message: `White balloons, gutters & panel backgrounds must be on or off, not “${String(bad)}”.` });
      await expect(host.colorize(request)).rejects.toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(/White balloons, gutters & panel backgrounds must be on or off/) });
    }
    expect(engine.calls).toHaveLength(3);
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('colorizes without hints when no layer is named like a hint, and treats an empty hint layer as none', async () => {
    const { fake, doc } = openStandard({
      layers: [
        { name: 'Hint', pixels: patch(0, 0, 8, 8, [0, 0, 0, 0]) },
        { name: 'Lineart', pixels: strokes(4, 6, 50, 50) },
      ],
    });
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    const outcome = await host.colorize();
    expect(outcome.hintLayerName).toBe('Hint');
    expect(engine.calls[0].hint).toBeUndefined();
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize']);

    const other = fake.control.openDocument(standardSpec({ layers: [{ name: 'Sketch', pixels: strokes(0, 0, 20, 20) }], selected: ['Sketch'] }));
    await host.colorize();
    expect(engine.calls[1].hint).toBeUndefined();
    expect(topLevelNames(fake, other.id)).toEqual(['Deepcolor', 'Sketch']);
  });

  it('reads a hint layer filled white before painting with its white as unpainted, and says so; the layer itself is untouched', async () => {
    // A white layer over the whole canvas with one red stroke: no transparent pixel anywhere.
    const data = new Uint8Array(64 * 64 * 4).fill(255);
    for (let y = 10; y < 14; y++) for (let x = 40; x < 56; x++) data.set([230, 40, 30, 255], (y * 64 + x) * 4);
    const { fake, doc } = openStandard({
      layers: [
        { name: 'Hints', pixels: { left: 0, top: 0, width: 64, height: 64, data } },
        { name: 'Lineart', pixels: strokes(4, 6, 50, 50) },
      ],
    });
    const before = fake.control.layerState(doc.id, doc.ids.Hints).pixels!.data.slice();
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    const outcome = await host.colorize();
    const hint = engine.calls[0].hint!;
    const alphaAt = (x: number, y: number): number => hint.data[(y * 64 + x) * 4 + 3];
    expect([alphaAt(0, 0), alphaAt(30, 40), alphaAt(45, 12)]).toEqual([0, 0, 255]); // paper unpainted, the stroke kept
    expect(outcome.warnings).toEqual([expect.stringMatching(/^The hint layer “Hints” has no transparency; its white \(98 % of it\) was read as unpainted\..*magic wand/)]);
    expect(Buffer.from(fake.control.layerState(doc.id, doc.ids.Hints).pixels!.data)).toEqual(Buffer.from(before));
    // A hint painted on transparency (the normal case) is passed as it is, without a word.
    const { fake: fake2 } = openStandard();
    const plain = await createDeepcolorHost({ photoshop: fake2.module, engine }).colorize();
    expect(plain.warnings).toEqual([]);
  });

  it('warns when the lineart looks light on dark (it would colour one dark mass), and colours it as it is', async () => {
    const data = new Uint8Array(64 * 64 * 4);
    for (let i = 0; i < 64 * 64; i++) data.set((i % 64) % 8 === 0 ? [255, 255, 255, 255] : [10, 10, 10, 255], i * 4);
    const { fake } = openStandard({ layers: [{ name: 'Chalk', pixels: { left: 0, top: 0, width: 64, height: 64, data } }], selected: ['Chalk'] });
    const engine = createScriptedEngine();
    const outcome = await createDeepcolorHost({ photoshop: fake.module, engine }).colorize();
    expect(outcome.warnings).toEqual([expect.stringMatching(/^The lineart layer “Chalk” is mostly dark \(8\d % of it\).*invert the layer \(Image > Adjustments > Invert\)/)]);
    expect(Buffer.from(engine.calls[0].lineart.data)).toEqual(Buffer.from(data));
    // With a selection (a night panel, say) the area is dark by design: no warning.
    fake.control.user.selectPixels(fake.module.app.activeDocument!.id, { left: 10, top: 10, width: 20, height: 20 });
    const inPanel = await createDeepcolorHost({ photoshop: fake.module, engine }).colorize();
    expect(inPanel.warnings).toEqual([]);
  });

  it('reads a 16-bit document as 8-bit and writes 16-bit data (0..32768) back', async () => {
    const { fake, doc } = openStandard({ bitsPerChannel: 'bitDepth16' });
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine });
    const outcome = await host.colorize();
    expect(engine.calls[0].lineart.data instanceof Uint8ClampedArray).toBe(true);
    expect(Math.max(...engine.calls[0].lineart.data)).toBeLessThanOrEqual(255);
    const lineartExpected = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Lineart), 64, 64);
    const hintExpected = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Hints), 64, 64);
    const result = fake.control.layerState(doc.id, outcome.layerId).pixels!;
    const p = 20 * 64 + 45; // inside the hint patch
    expect(Array.from(result.data.subarray(p * 4, p * 4 + 4))).toEqual(expectedPixel(lineartExpected, hintExpected, p));
  });

  it('describes the active document for the panel', () => {
    const { fake, doc } = openStandard();
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
    const summary = host.describeActiveDocument();
    expect(summary?.layers.map((l) => [l.name, l.depth, l.isPixelLayer, l.isEmpty])).toEqual([
      ['Hints', 0, true, false],
      ['Lineart', 0, true, false],
      ['Background', 0, true, false],
    ]);
    expect(summary?.activeLayerIds).toEqual([doc.ids.Lineart]);
    expect(summary?.suggestedHintLayerId).toBe(doc.ids.Hints);
    fake.control.closeDocument(doc.id);
    expect(host.describeActiveDocument()).toBeNull();
  });
});
