/**
 * New hint layer against the fake Photoshop: an empty "hint" layer directly
 * above the lineart, left selected for painting, as one history step;
 * refused, touching nothing, while a hint-named layer exists.
 */
import { createDeepcolorHost } from '../../src/host';
import { createScriptedEngine } from '../fakes/engine';
import { createFakePhotoshop } from '../fakes/photoshop';
import { openStandard, patch, standardSpec, strokes, topLevelNames } from './documents';

function host(fake: ReturnType<typeof createFakePhotoshop>) {
  return createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
}

/** A page with its lineart and paper only: no hint layer yet. */
function plainPage() {
  const fake = createFakePhotoshop();
  const doc = fake.control.openDocument(
    standardSpec({
      layers: [
        { name: 'Lineart', pixels: strokes(4, 6, 50, 50) },
        { name: 'Background', background: true, pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) },
      ],
    }),
  );
  return { fake, doc };
}

describe('New hint layer', () => {
  it('adds an empty "hint" layer directly above the lineart and leaves it selected; one undo removes it', async () => {
    const { fake, doc } = plainPage();
    const before = fake.control.serialize(doc.id);
    const h = host(fake);
    expect(h.checkHintLayer()).toBeNull();
    const outcome = await h.addHintLayer();
    expect(topLevelNames(fake, doc.id)).toEqual(['hint', 'Lineart', 'Background']);
    const layer = fake.control.layerState(doc.id, outcome.layerId);
    expect([layer.kind, layer.blendMode, layer.opacity, layer.visible, layer.pixels]).toEqual(['pixel', 'normal', 100, true, null]);
    expect(fake.control.documentState(doc.id).selectedLayerIds).toEqual([outcome.layerId]);
    expect([outcome.lineartLayerId, outcome.lineartLayerName]).toEqual([doc.ids.Lineart, 'Lineart']);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Hint Layer']);
    // With the lineart picked (the panel keeps to it), 'Automatic' finds the new layer and Colorize is allowed.
    fake.control.user.selectLayers(doc.id, [doc.ids.Lineart]);
    expect(h.describeActiveDocument()?.suggestedHintLayerId).toBe(outcome.layerId);
    expect(h.check({ lineartLayerId: doc.ids.Lineart })).toBeNull();
    fake.control.user.selectLayers(doc.id, [outcome.layerId]);
    fake.control.undo(doc.id);
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('is refused while a hint layer exists, and for what Colorize refuses, touching nothing', async () => {
    const { fake, doc } = openStandard(); // has "Hints"
    const before = fake.control.serialize(doc.id);
    const h = host(fake);
    const exists = { code: 'HINT_LAYER_EXISTS', message: expect.stringMatching(/There is a hint layer already, “Hints”/) };
    expect(h.checkHintLayer()).toMatchObject(exists);
    await expect(h.addHintLayer()).rejects.toMatchObject(exists);
    const cmyk = fake.control.openDocument(standardSpec({ mode: 'CMYKColorMode', layers: [{ name: 'Lineart', pixels: strokes(4, 6, 50, 50) }] }));
    await expect(h.addHintLayer()).rejects.toMatchObject({ code: 'NOT_RGB', message: expect.stringMatching(/click New hint layer again/) });
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.historyNames(cmyk.id)).toEqual([]);
  });

  it('goes above the layers clipped to the lineart (a line colour layer), unclipped, leaving theirs as it was', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(
      standardSpec({
        layers: [
          { name: 'line colour', pixels: patch(0, 0, 64, 64, [120, 40, 20, 255]), clipped: true },
          { name: 'Lineart', pixels: strokes(4, 6, 50, 50) },
          { name: 'Background', background: true, pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) },
        ],
      }),
    );
    const outcome = await host(fake).addHintLayer({ lineartLayerId: doc.ids.Lineart });
    expect(topLevelNames(fake, doc.id)).toEqual(['hint', 'line colour', 'Lineart', 'Background']);
    expect(fake.control.layerState(doc.id, outcome.layerId).clipped).toBe(false);
    expect(fake.control.layerState(doc.id, doc.ids['line colour']).clipped).toBe(true);
  });

  it('goes above the lineart picked, not the active layer', async () => {
    const { fake, doc } = plainPage();
    fake.control.user.selectLayers(doc.id, [doc.ids.Background]);
    const outcome = await host(fake).addHintLayer({ lineartLayerId: doc.ids.Lineart });
    expect(topLevelNames(fake, doc.id)).toEqual(['hint', 'Lineart', 'Background']);
    expect(outcome.lineartLayerId).toBe(doc.ids.Lineart);
  });

  it('refuses when the layer taken as the lineart is itself a hint layer; a group named like one does not count', async () => {
    const { fake, doc } = openStandard(); // has "Hints", pixel layer
    fake.control.user.selectLayers(doc.id, [doc.ids.Hints]);
    expect(host(fake).checkHintLayer()).toMatchObject({ code: 'HINT_LAYER_EXISTS', message: expect.stringMatching(/“Hints”, taken as the lineart, is named like a hint layer/) });
    const grouped = createFakePhotoshop();
    const page = grouped.control.openDocument(
      standardSpec({
        layers: [
          { name: 'Colors', children: [{ name: 'skin', pixels: patch(10, 10, 4, 4, [200, 150, 120, 255]) }] },
          { name: 'Lineart', pixels: strokes(4, 6, 50, 50) },
        ],
      }),
    );
    expect(host(grouped).checkHintLayer()).toBeNull();
    await host(grouped).addHintLayer();
    expect(topLevelNames(grouped, page.id)).toEqual(['Colors', 'hint', 'Lineart']);
  });
});
