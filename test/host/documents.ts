/** Small documents for the host tests, built in the fake. */
import { createFakePhotoshop, type DocumentSpec, type FakePhotoshop, type LayerSpec, type OpenedDocument } from '../fakes/photoshop';
import type { LayerState } from '../fakes/photoshop-state';
import { shadeLayer } from '../../src/model';
import type { Contract, RgbaImage, ShadingOptions } from '../../src/model/types';

/** A layer rectangle with a 1px black frame and a diagonal stroke, transparent elsewhere: lineart with an origin. */
export function strokes(left: number, top: number, width: number, height: number): NonNullable<LayerSpec['pixels']> {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const frame = x === 0 || y === 0 || x === width - 1 || y === height - 1;
      const diagonal = Math.abs(x - y) <= 1;
      if (frame || diagonal) data.set([0, 0, 0, diagonal && !frame ? 200 : 255], (y * width + x) * 4);
    }
  }
  return { left, top, width, height, data };
}

export function patch(left: number, top: number, width: number, height: number, rgba: [number, number, number, number]): NonNullable<LayerSpec['pixels']> {
  return { left, top, width, height, fill: rgba };
}

/** Top to bottom: Hints (red patch at 40,8), Lineart (50x50 at 4,6), Background (white). Lineart selected. */
export function standardSpec(overrides: Partial<DocumentSpec> = {}): DocumentSpec {
  return {
    title: 'page-01',
    width: 64,
    height: 64,
    layers: [
      { name: 'Hints', pixels: patch(40, 8, 16, 12, [230, 40, 30, 255]) },
      { name: 'Lineart', pixels: strokes(4, 6, 50, 50) },
      { name: 'Background', background: true, pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) },
    ],
    selected: ['Lineart'],
    ...overrides,
  };
}

export function openStandard(overrides: Partial<DocumentSpec> = {}, fake: FakePhotoshop = createFakePhotoshop()): {
  fake: FakePhotoshop;
  doc: OpenedDocument;
} {
  const doc = fake.control.openDocument(standardSpec(overrides));
  return { fake, doc };
}

/** A layer's pixels on a transparent canvas, computed from the fake's state independently of the host. */
export function layerOnCanvas(layer: LayerState, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  const p = layer.pixels;
  if (p) {
    for (let y = 0; y < p.height; y++) {
      for (let x = 0; x < p.width; x++) {
        const cx = p.left + x;
        const cy = p.top + y;
        if (cx < 0 || cy < 0 || cx >= width || cy >= height) continue;
        const src = (y * p.width + x) * 4;
        if (p.data[src + 3] === 0) continue;
        data.set(p.data.subarray(src, src + 4), (cy * width + cx) * 4);
      }
    }
  }
  return { width, height, data };
}

/** Top-level layer names, top first. */
export function topLevelNames(fake: FakePhotoshop, documentId: number): string[] {
  return fake.control.documentState(documentId).layers.map((layer) => layer.name);
}

/** The document without the given layer(s), to compare user layers before and after. */
export function serializeWithout(fake: FakePhotoshop, documentId: number, layerId: number | number[]): string {
  const state = structuredClone(fake.control.documentState(documentId));
  const left = Array.isArray(layerId) ? layerId : [layerId];
  const strip = (list: LayerState[]): LayerState[] =>
    list.filter((l) => !left.includes(l.id)).map((l) => ({ ...l, children: l.children ? strip(l.children) : null }));
  state.layers = strip(state.layers);
  return JSON.stringify(state, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value));
}

/**
 * The form shading the engine makes from a standard-size document's own
 * lineart and colour layers (read from the fake's state apart from the
 * host): what a Relight of that document must write.
 */
export function shadingOfLayers(fake: FakePhotoshop, documentId: number, lineartId: number, colourId: number, options: ShadingOptions, contract: Contract): RgbaImage {
  const lineart = layerOnCanvas(fake.control.layerState(documentId, lineartId), 64, 64);
  const colour = layerOnCanvas(fake.control.layerState(documentId, colourId), 64, 64);
  return shadeLayer(lineart, colour, contract, options);
}
