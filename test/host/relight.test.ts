/**
 * Relight against the fake Photoshop: the shading of an earlier Colorize
 * made again for another light, from the layers as they are, as one history
 * step; refusals and failures leave the document exactly as it was.
 */
import { ACTION_METHOD_NAME, createDeepcolorHost } from '../../src/host';
import { createScriptedEngine } from '../fakes/engine';
import { createFakePhotoshop, type LayerSpec } from '../fakes/photoshop';
import { openStandard, patch, serializeWithout, shadingOfLayers, standardSpec, strokes, topLevelNames } from './documents';
import { contract, shader, toolHost as host } from './tools';


/** The colour an earlier Colorize left: two flat colours inside the lineart's frame, opaque over the canvas. */
function colourPixels(): NonNullable<LayerSpec['pixels']> {
  const data = new Uint8Array(64 * 64 * 4);
  for (let p = 0; p < 64 * 64; p++) data.set((p % 64) < 30 ? [40, 140, 150, 255] : [230, 150, 60, 255], p * 4);
  return { left: 0, top: 0, width: 64, height: 64, data };
}

/** Top to bottom: shading (as given), Deepcolor, Hints, Lineart, Background; Lineart selected. */
function colorizedSpec(shading: Partial<LayerSpec> | null) {
  const base = standardSpec();
  return standardSpec({
    layers: [
      ...(shading ? [{ name: 'Deepcolor shading', blendMode: 'multiply' as const, pixels: patch(0, 0, 64, 64, [200, 200, 200, 255]), ...shading }] : []),
      { name: 'Deepcolor', pixels: colourPixels() },
      ...base.layers,
    ],
  });
}


afterEach(() => {
  delete (globalThis as Record<string, unknown>)[ACTION_METHOD_NAME];
});

describe('Relight', () => {
  it('replaces the shading layer\'s pixels for the new light, keeping its opacity, blend mode and visibility, as one history step', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(colorizedSpec({ opacity: 40, visible: false }));
    const shadingId = doc.ids['Deepcolor shading'];
    const before = structuredClone(fake.control.layerState(doc.id, shadingId));
    const others = serializeWithout(fake, doc.id, shadingId);
    const outcome = await host(fake).relight({ shading: { light: 'right', strength: 0.5 } });

    expect(outcome).toMatchObject({ shadingLayerId: shadingId, created: false, colourLayerName: 'Deepcolor', lineartLayerName: 'Lineart' });
    expect(outcome.warnings).toEqual(['“Deepcolor shading” is hidden: show it to see the new light.']);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Relight']);
    const after = fake.control.layerState(doc.id, shadingId);
    expect([after.opacity, after.blendMode, after.visible, after.name]).toEqual([40, 'multiply', false, 'Deepcolor shading']);
    expect([before.opacity, before.visible]).toEqual([40, false]);
    const want = shadingOfLayers(fake, doc.id, doc.ids.Lineart, doc.ids.Deepcolor, { light: 'right', strength: 0.5 }, contract);
    expect(Buffer.from(after.pixels!.data)).toEqual(Buffer.from(want.data));
    expect(Buffer.from(after.pixels!.data)).not.toEqual(Buffer.from(before.pixels!.data));
    // The colour, the lineart, the hint and the background are untouched; the selection is the lineart again.
    expect(serializeWithout(fake, doc.id, shadingId)).toBe(others);
    expect(fake.control.documentState(doc.id).layers.length).toBe(5);
    expect(fake.control.liveImageDataCount()).toBe(0);
    expect(fake.control.isModal()).toBe(false);
  });

  it('relights a 16-bit document: reads 8-bit, writes 16-bit data the fake accepts, same shading', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument({ ...colorizedSpec({}), bitsPerChannel: 'bitDepth16' });
    const outcome = await host(fake).relight({ shading: { light: 'top-right', strength: 0.6 } });
    const want = shadingOfLayers(fake, doc.id, doc.ids.Lineart, doc.ids.Deepcolor, { light: 'top-right', strength: 0.6 }, contract);
    expect(Buffer.from(fake.control.layerState(doc.id, outcome.shadingLayerId).pixels!.data)).toEqual(Buffer.from(want.data));
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Relight']);
  });

  it('gives different shading for different lights, and one undo puts the old shading back', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(colorizedSpec({}));
    const shadingId = doc.ids['Deepcolor shading'];
    const h = host(fake);
    await h.relight({ shading: { light: 'top-left', strength: 0.5 } });
    const fromTopLeft = Buffer.from(fake.control.layerState(doc.id, shadingId).pixels!.data);
    await h.relight({ shading: { light: 'bottom-right', strength: 0.5 } });
    const fromBottomRight = Buffer.from(fake.control.layerState(doc.id, shadingId).pixels!.data);
    expect(fromBottomRight).not.toEqual(fromTopLeft);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Relight', 'Deepcolor Relight']);
    fake.control.undo(doc.id);
    expect(Buffer.from(fake.control.layerState(doc.id, shadingId).pixels!.data)).toEqual(fromTopLeft);
  });

  it('makes the shading layer in Multiply directly above the colour when Colorize made none', async () => {
    const { fake, doc } = openStandard();
    const h = host(fake);
    await h.colorize();
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor', 'Hints', 'Lineart', 'Background']);
    const outcome = await h.relight({ shading: { light: 'top', strength: 0.35 } });
    expect(outcome.created).toBe(true);
    expect(outcome.warnings).toEqual([]);
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor shading', 'Deepcolor', 'Hints', 'Lineart', 'Background']);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize', 'Deepcolor Relight']);
    const layer = fake.control.layerState(doc.id, outcome.shadingLayerId);
    expect([layer.kind, layer.blendMode, layer.opacity]).toEqual(['pixel', 'multiply', 100]);
    const colourId = fake.control.documentState(doc.id).layers[1].id;
    const want = shadingOfLayers(fake, doc.id, doc.ids.Lineart, colourId, { light: 'top', strength: 0.35 }, contract);
    expect(Buffer.from(layer.pixels!.data)).toEqual(Buffer.from(want.data));
    expect(fake.control.documentState(doc.id).selectedLayerIds).toEqual([doc.ids.Lineart]);
  });

  it("leaves a layer the artist clipped to the colour clipped: the new shading joins its group rather than release it", async () => {
    const { fake, doc } = openStandard();
    const h = host(fake);
    const coloured = await h.colorize();
    const texture = fake.control.user.addLayer(doc.id, { name: 'texture', pixels: patch(0, 0, 64, 64, [200, 180, 160, 255]), clipped: true }, coloured.layerId);
    expect(topLevelNames(fake, doc.id)).toEqual(['texture', 'Deepcolor', 'Hints', 'Lineart', 'Background']);
    const outcome = await h.relight({ lineartLayerId: doc.ids.Lineart, shading: { light: 'top', strength: 0.35 } });
    expect(topLevelNames(fake, doc.id)).toEqual(['texture', 'Deepcolor shading', 'Deepcolor', 'Hints', 'Lineart', 'Background']);
    // Put under the clipped texture, Photoshop clipped the shading to the colour too; releasing it
    // would have released the texture as well.
    expect(fake.control.layerState(doc.id, outcome.shadingLayerId).clipped).toBe(true);
    expect(fake.control.layerState(doc.id, texture).clipped).toBe(true);
  });

  it('relights the newest of the results Colorize stacked above the lineart: the one shown', async () => {
    const { fake, doc } = openStandard();
    const h = host(fake);
    await h.colorize({ shading: { light: 'top', strength: 0.5 } });
    const newest = await h.colorize({ shading: { light: 'top', strength: 0.5 } });
    const before = serializeWithout(fake, doc.id, newest.shadingLayerId!);
    const outcome = await h.relight({ shading: { light: 'right', strength: 0.5 } });
    expect(outcome.shadingLayerId).toBe(newest.shadingLayerId);
    expect(outcome.created).toBe(false);
    // Only the newest shading changed; the earlier run's layers are as they were.
    expect(serializeWithout(fake, doc.id, newest.shadingLayerId!)).toBe(before);
    const want = shadingOfLayers(fake, doc.id, doc.ids.Lineart, newest.layerId, { light: 'right', strength: 0.5 }, contract);
    expect(Buffer.from(fake.control.layerState(doc.id, outcome.shadingLayerId).pixels!.data)).toEqual(Buffer.from(want.data));
  });

  it('relights the colour nearest above the lineart picked, not another page\'s', async () => {
    const fake = createFakePhotoshop();
    const spec = colorizedSpec({});
    // A second figure with its own colour higher up: not the lineart's.
    spec.layers.unshift({ name: 'Deepcolor', pixels: patch(0, 0, 64, 64, [10, 10, 200, 255]) }, { name: 'Figure 2', pixels: strokes(10, 10, 20, 20) });
    const doc = fake.control.openDocument(spec);
    const names = topLevelNames(fake, doc.id);
    expect(names).toEqual(['Deepcolor', 'Figure 2', 'Deepcolor shading', 'Deepcolor', 'Hints', 'Lineart', 'Background']);
    const outcome = await host(fake).relight({ lineartLayerId: doc.ids.Lineart, shading: { light: 'left', strength: 0.5 } });
    const layers = fake.control.documentState(doc.id).layers;
    expect(outcome.shadingLayerId).toBe(layers[2].id);
    expect(outcome.created).toBe(false);
    expect(layers).toHaveLength(7);
  });

  it.each([
    ['no colour layer above the lineart', () => standardSpec(), {}, 'NO_COLOUR_LAYER', /Colorize it first/],
    ['a locked shading layer', () => colorizedSpec({ pixelsLocked: true }), {}, 'LOCKED_LAYER', /Unlock it/],
    ['a shading layer that is not pixels', () => colorizedSpec({ kind: 'solidColor', pixels: undefined }), {}, 'NOT_PIXEL_LAYER', /not a pixel layer/],
    ['a light that does not exist', () => colorizedSpec({}), { shading: { light: 'sideways', strength: 0.5 } }, 'BAD_OPTION', /top-left/],
    ['a CMYK document', () => ({ ...colorizedSpec({}), mode: 'CMYKColorMode' as const }), {}, 'NOT_RGB', /RGB Color/],
  ])('refuses %s before touching the document', async (_, spec, request, code, message) => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(spec());
    const before = fake.control.serialize(doc.id);
    const h = host(fake);
    const full = { shading: { light: 'top' as const, strength: 0.5 }, ...request } as Parameters<typeof h.relight>[0];
    expect(h.checkRelight(full)).toMatchObject({ code, message: expect.stringMatching(message) });
    await expect(h.relight(full)).rejects.toMatchObject({ code });
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.historyNames(doc.id)).toEqual([]);
  });

  it('refuses a shading layer inside a locked group before touching the document', async () => {
    const fake = createFakePhotoshop();
    const base = standardSpec();
    const doc = fake.control.openDocument(
      standardSpec({
        layers: [
          {
            name: 'Paint',
            allLocked: true,
            children: [
              { name: 'Deepcolor shading', blendMode: 'multiply', pixels: patch(0, 0, 64, 64, [200, 200, 200, 255]) },
              { name: 'Deepcolor', pixels: colourPixels() },
            ],
          },
          ...base.layers,
        ],
      }),
    );
    const before = fake.control.serialize(doc.id);
    const h = host(fake);
    expect(h.checkRelight({ shading: { light: 'top', strength: 0.5 } })).toMatchObject({ code: 'LOCKED_GROUP', message: expect.stringMatching(/“Paint” is locked.*“Deepcolor shading” is inside it/) });
    await expect(h.relight({ shading: { light: 'top', strength: 0.5 } })).rejects.toMatchObject({ code: 'LOCKED_GROUP' });
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it.each([
    ['rewriting the existing shading layer', colorizedSpec({ opacity: 40 })],
    ['writing the shading layer it made', colorizedSpec(null)],
  ])('rolls back when Photoshop refuses %s', async (_, spec) => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(spec);
    const before = fake.control.serialize(doc.id);
    const imaging = fake.module.imaging!;
    const module = { ...fake.module, imaging: { ...imaging, putPixels: async () => Promise.reject(new Error('Scratch disks are full (simulated)')) } };
    const h = createDeepcolorHost({ photoshop: module, engine: createScriptedEngine(), shader });
    await expect(h.relight({ shading: { light: 'left', strength: 0.5 } })).rejects.toMatchObject({ code: 'PHOTOSHOP_FAILED', message: expect.stringMatching(/Scratch disks are full.*unchanged/) });
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.liveImageDataCount()).toBe(0);
    expect(fake.control.isModal()).toBe(false);
  });

  it('rolls back when the shading fails, and says so; without a shader it refuses', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(colorizedSpec(null));
    const before = fake.control.serialize(doc.id);
    const failing = host(fake, {
      shader: () => {
        throw new Error('out of memory');
      },
    });
    await expect(failing.relight({ shading: { light: 'top', strength: 0.5 } })).rejects.toMatchObject({ code: 'ENGINE_FAILED', message: expect.stringMatching(/out of memory.*unchanged/) });
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.isModal()).toBe(false);

    const none = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
    await expect(none.relight({ shading: { light: 'top', strength: 0.5 } })).rejects.toMatchObject({ code: 'ENGINE_FAILED', message: expect.stringMatching(/not available/) });
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('loads a shader given as a loader once, on first use, for the panel and the Action playback alike', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(colorizedSpec({}));
    let loads = 0;
    const h = host(fake, {
      shader: {
        load: async () => {
          loads++;
          return shader;
        },
      },
    });
    expect(loads).toBe(0);
    fake.control.actions.startRecording();
    await h.relight({ shading: { light: 'top', strength: 0.5 } });
    const [step] = fake.control.actions.stopRecording();
    await h.relight({ shading: { light: 'left', strength: 0.5 } });
    // The Action playback handler the host installed shares what the loader loaded.
    await fake.control.actions.play(step);
    expect(loads).toBe(1);
    expect(fake.control.historyNames(doc.id)).toHaveLength(3);
  });

  it('rolls back a Relight cancelled from Photoshop while the shading is made', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(colorizedSpec(null));
    const before = fake.control.serialize(doc.id);
    const h = host(fake, {
      shader: (lineart, colour, options) => {
        fake.control.cancelModal();
        return shader(lineart, colour, options);
      },
    });
    await expect(h.relight({ shading: { light: 'top', strength: 0.5 } })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.isModal()).toBe(false);
  });
});
