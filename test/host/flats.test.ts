/**
 * Flats against the fake Photoshop: a layer of one flat colour per region,
 * above the lineart and hint, as one history step and one Action step;
 * refusals and failures leave the document exactly as it was.
 */
import { ACTION_METHOD_NAME, createDeepcolorHost, decodeFlatsInfo } from '../../src/host';
import { flatsLayer } from '../../src/model';
import { createScriptedEngine } from '../fakes/engine';
import { createFakePhotoshop } from '../fakes/photoshop';
import { layerOnCanvas, openStandard, patch, serializeWithout, standardSpec, strokes, topLevelNames } from './documents';
import type { RgbaImage } from '../../src/model/types';
import { contract, flatter, toolHost as host } from './tools';


afterEach(() => {
  delete (globalThis as Record<string, unknown>)[ACTION_METHOD_NAME];
});

describe('Flats', () => {
  it('adds "Deepcolor flats" in Multiply directly above the sources: the engine\'s flats of this page, one history step', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const others = serializeWithout(fake, doc.id, -1); // the whole document: no layer has id -1
    const engine = createScriptedEngine();
    const outcome = await host(fake, { engine }).flats({ gapRadius: 1 });
    expect(engine.calls).toHaveLength(0); // no network
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor flats', 'Hints', 'Lineart', 'Background']);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Flats']);
    const layer = fake.control.layerState(doc.id, outcome.layerId);
    expect([layer.kind, layer.blendMode, layer.opacity]).toEqual(['pixel', 'multiply', 100]);
    const want = flatsLayer(
      layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Lineart), 64, 64),
      layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Hints), 64, 64),
      contract,
      { gapRadius: 1 },
    );
    const got = layerOnCanvas(layer, 64, 64);
    expect(Buffer.from(got.data)).toEqual(Buffer.from(want.data));
    expect(want.data.some((v, i) => i % 4 === 3 && v === 255)).toBe(true);
    expect([outcome.lineartLayerName, outcome.hintLayerName]).toEqual(['Lineart', 'Hints']);
    // Everything else as it was; the selection is the lineart again; one undo removes it.
    expect(serializeWithout(fake, doc.id, outcome.layerId)).toBe(others);
    expect(fake.control.documentState(doc.id).selectedLayerIds).toEqual([doc.ids.Lineart]);
    fake.control.undo(doc.id);
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('reads a hint layer filled white before painting with its white as unpainted, and says so (as Colorize does)', async () => {
    const { fake } = openStandard({ layers: [{ name: 'Hints', pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) }, { name: 'Lineart', pixels: strokes(4, 6, 50, 50) }] });
    const seen: (RgbaImage | undefined)[] = [];
    const recordingFlatter = (lineart: RgbaImage, hint: RgbaImage | undefined): RgbaImage => {
      seen.push(hint);
      return { width: lineart.width, height: lineart.height, data: new Uint8ClampedArray(lineart.width * lineart.height * 4) };
    };
    const outcome = await host(fake, { engine: createScriptedEngine(), flatter: recordingFlatter }).flats();
    expect(seen[0]!.data[3]).toBe(0);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^The hint layer “Hints” has no transparency; its white \(100 % of it\) was read as unpainted/)]);
  });

  it('refuses what Colorize refuses, and without the flats; changes nothing', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(standardSpec({ mode: 'CMYKColorMode' }));
    const before = fake.control.serialize(doc.id);
    expect(host(fake).checkFlats()).toMatchObject({ code: 'NOT_RGB' });
    await expect(host(fake).flats()).rejects.toMatchObject({ code: 'NOT_RGB' });
    const rgb = fake.control.openDocument(standardSpec());
    const rgbBefore = fake.control.serialize(rgb.id);
    await expect(createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() }).flats()).rejects.toMatchObject({ code: 'ENGINE_FAILED', message: expect.stringMatching(/Flats is not available/) });
    expect(host(fake).checkFlats({ hintLayerId: rgb.ids.Lineart, lineartLayerId: rgb.ids.Lineart })).toMatchObject({ code: 'SAME_LAYER' });
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.serialize(rgb.id)).toBe(rgbBefore);
  });

  it('rolls back when the flats fail', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const failing = host(fake, {
      flatter: () => {
        throw new Error('labels overflow');
      },
    });
    await expect(failing.flats()).rejects.toMatchObject({ code: 'ENGINE_FAILED', message: expect.stringMatching(/labels overflow.*unchanged/) });
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.isModal()).toBe(false);
  });

  it('says so when a Deepcolor layer from an earlier Colorize covers the new flats', async () => {
    const { fake, doc } = openStandard();
    const h = host(fake);
    await h.colorize();
    const outcome = await h.flats();
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor', 'Deepcolor flats', 'Hints', 'Lineart', 'Background']);
    expect(outcome.warnings).toEqual(['“Deepcolor flats” is under “Deepcolor”, which hides it: hide that layer to see the flats (the magic wand reads them either way).']);
    expect((await host(createFakePhotoshop()).checkFlats())?.code).toBe('NO_DOCUMENT');
    // A colour layer in Multiply lets the flats show through: no warning.
    const second = openStandard();
    const multiplied = host(second.fake);
    await multiplied.colorize({ blendMode: 'multiply' });
    expect((await multiplied.flats()).warnings).toEqual([]);
  });

  it('rolls back the placed layer when Photoshop refuses to write the flats', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const imaging = fake.module.imaging!;
    const module = { ...fake.module, imaging: { ...imaging, putPixels: async () => Promise.reject(new Error('Out of memory (simulated)')) } };
    const h = createDeepcolorHost({ photoshop: module, engine: createScriptedEngine(), flatter });
    await expect(h.flats()).rejects.toMatchObject({ code: 'PHOTOSHOP_FAILED', message: expect.stringMatching(/Out of memory.*unchanged/) });
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });

  it('records one Action step by role and plays it on another page', async () => {
    const { fake } = openStandard();
    fake.control.actions.startRecording();
    const outcome = await host(fake).flats({ gapRadius: 3 });
    const steps = fake.control.actions.stopRecording();
    expect(outcome.actionStepOffered).toBe(true);
    expect(steps.map((s) => s.name)).toEqual(['Deepcolor Flats']);
    expect(steps[0].info).toEqual({
      'dev.deepcolor.version': 1,
      'dev.deepcolor.command': 'flats',
      'dev.deepcolor.lineartBy': 'active',
      'dev.deepcolor.lineartName': '',
      'dev.deepcolor.hintBy': 'auto',
      'dev.deepcolor.hintName': '',
      'dev.deepcolor.gapRadius': 3,
    });
    expect(decodeFlatsInfo(steps[0].info)).toEqual({ lineart: { by: 'active' }, hint: { by: 'auto' }, gapRadius: 3 });
    const second = fake.control.openDocument(standardSpec({ firstLayerId: 7000, title: 'page-02', layers: [{ name: 'Lineart', pixels: strokes(2, 2, 40, 40) }], selected: ['Lineart'] }));
    await fake.control.actions.play(steps[0]);
    expect(topLevelNames(fake, second.id)).toEqual(['Deepcolor flats', 'Lineart']);
    expect(fake.control.historyNames(second.id)).toEqual(['Deepcolor Flats']);
  });

  it('puts new flats above earlier flats, where they show, and under the colour of a Colorize', async () => {
    const { fake, doc } = openStandard();
    const h = host(fake);
    const first = await h.flats({ gapRadius: 1 });
    await h.colorize();
    const second = await h.flats({ gapRadius: 3 });
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor', 'Deepcolor flats', 'Deepcolor flats', 'Hints', 'Lineart', 'Background']);
    const layers = fake.control.documentState(doc.id).layers;
    expect([layers[1].id, layers[2].id]).toEqual([second.layerId, first.layerId]);
  });
});
