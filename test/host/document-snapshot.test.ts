/**
 * The panel's refresh reads the document through one snapshot: Photoshop's
 * DOM properties are synchronous calls into Photoshop, and a refresh
 * describes the document and runs four checks. Counted on the fake's
 * getters: each layer property is read once a refresh, not once a check.
 */
import { createDeepcolorHost } from '../../src/host';
import { documentSnapshot } from '../../src/host/document-snapshot';
import { PanelController } from '../../src/panel/panel-controller';
import { PanelEngine } from '../../src/panel/panel-engine';
import type { EngineHandle } from '../../src/panel/engine-selection';
import { DEFAULT_SETTINGS } from '../../src/panel/panel-settings';
import { createFakePhotoshop, type LayerSpec } from '../fakes/photoshop';
import { FakeDocument, FakeLayer } from '../fakes/photoshop-dom';
import { patch, strokes } from './documents';

/** Counts every getter call on the fake's layers and documents, by property name, while installed. */
function countReads(): { reads: Map<string, number>; restore(): void } {
  const reads = new Map<string, number>();
  const restores: Array<() => void> = [];
  for (const proto of [FakeLayer.prototype, FakeDocument.prototype] as object[]) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
      const get = descriptor.get;
      // (state: the fake's own bookkeeping, not a Photoshop property)
      if (!get || key === 'state') continue;
      Object.defineProperty(proto, key, {
        ...descriptor,
        get(this: unknown) {
          reads.set(key, (reads.get(key) ?? 0) + 1);
          return get.call(this);
        },
      });
      restores.push(() => Object.defineProperty(proto, key, descriptor));
    }
  }
  return { reads, restore: () => restores.forEach((restore) => restore()) };
}

function comicPage(extraLayers: number) {
  const fake = createFakePhotoshop();
  const layers: LayerSpec[] = [{ name: 'hint', pixels: patch(1, 1, 4, 4, [255, 0, 0, 255]) }];
  for (let i = 0; i < extraLayers; i++) layers.push({ name: `Layer ${i}`, pixels: patch(0, 0, 2, 2, [0, 0, 0, 255]) });
  layers.push({ name: 'Lineart', pixels: strokes(0, 0, 16, 16) });
  fake.control.openDocument({ title: 'page', width: 32, height: 32, layers, selected: ['Lineart'] });
  const noEngine = (): Promise<EngineHandle> => Promise.reject(new Error('not needed'));
  const engine = new PanelEngine({ connectWebview: noEngine, createWasm: noEngine });
  const host = createDeepcolorHost({ engine, photoshop: fake.module });
  return { fake, host, controller: new PanelController(host, engine, DEFAULT_SETTINGS) };
}

describe('the panel refresh reads the document once', () => {
  it('reads each layer property once a refresh on a page of 152 layers (not once for each of its five reads)', () => {
    const { controller } = comicPage(150);
    const counter = countReads();
    try {
      controller.refreshDocument();
    } finally {
      counter.restore();
    }
    const layers = 152;
    // Every layer's name and kind once: the description and the four checks share them. (Ids are
    // fields of the fake's layer objects, not counted.)
    expect(counter.reads.get('name')).toBe(layers);
    expect(counter.reads.get('kind')).toBe(layers);
    expect(counter.reads.get('layers')).toBe(layers + 1); // each layer's (groups' children) and the document's
    const total = [...counter.reads.values()].reduce((a, b) => a + b, 0);
    expect(total / layers).toBeLessThan(6);
    // What it describes is the document as it is.
    const state = controller.getState();
    expect(state.document?.layers).toHaveLength(layers);
    expect(state.blocker).toBeNull();
  });

  it('sees a change made between two refreshes', () => {
    const { fake, controller } = comicPage(3);
    controller.refreshDocument();
    const doc = fake.module.app.activeDocument!;
    fake.control.user.renameLayer(doc.id, doc.layers[0].id, 'colours');
    controller.refreshDocument();
    expect(controller.getState().document?.layers.map((l) => l.name)).toContain('colours');
  });

  it('refuses to change the document through a snapshot', async () => {
    const { fake } = comicPage(1);
    const view = documentSnapshot(fake.module);
    const doc = view.app.activeDocument!;
    expect(() => doc.layers[0].move(doc.layers[1], 'placeBefore')).toThrow(/read-only/);
    await expect(doc.createPixelLayer({ name: 'x' })).rejects.toThrow(/read-only/);
    // The active layer is the stack's own object, its group known.
    expect(doc.activeLayers[0]).toBe(doc.layers[doc.layers.length - 1]);
  });
});
