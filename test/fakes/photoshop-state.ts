/**
 * The fake Photoshop's document model: plain data, deep-cloned for history
 * snapshots and serialized for byte-identical comparisons. Pixels are stored
 * 8-bit RGBA in the layer's own rectangle (layers have origins, may be smaller
 * than the canvas or stick out of it), as Photoshop stores layers.
 */
import type { BitDepthName, BlendModeName, DocumentModeName, LayerKindName } from '../../src/host/photoshop-api';

export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
  /** 8-bit RGBA, straight alpha, width * height * 4. */
  data: Uint8Array;
}

export interface LayerState {
  id: number;
  name: string;
  kind: LayerKindName;
  visible: boolean;
  opacity: number;
  blendMode: BlendModeName;
  allLocked: boolean;
  pixelsLocked: boolean;
  positionLocked: boolean;
  isBackground: boolean;
  /** Pixel layers: their pixels. Other kinds: a rendering, used only for bounds. */
  pixels: PixelRect | null;
  /** Groups only. Top first. */
  children: LayerState[] | null;
  /**
   * How far the layer's effects (a drop shadow, a stroke) reach past its pixels: `bounds`
   * includes them, `boundsNoEffects` and getPixels do not (Layer.d.ts). 0 for no effects.
   */
  effectsMargin: number;
  /** Clipped to the layer below (Layer > Create Clipping Mask): shows only where that one has pixels. */
  clipped: boolean;
}

/** The pixel selection: how much of each pixel of its rectangle is selected (0..255); nothing outside it. */
export interface SelectionState {
  left: number;
  top: number;
  width: number;
  height: number;
  /** width * height values. */
  mask: Uint8Array;
}

export interface DocState {
  id: number;
  title: string;
  width: number;
  height: number;
  mode: DocumentModeName;
  bitsPerChannel: BitDepthName;
  /** Top first. */
  layers: LayerState[];
  selectedLayerIds: number[];
  /** The marquee/lasso selection (a history step in Photoshop, so part of the snapshots); null: nothing selected. */
  pixelSelection: SelectionState | null;
}

export interface HistoryEntry {
  readonly name: string;
  /** The document as it was before this step. */
  readonly before: DocState;
}

export interface Suspension {
  readonly id: number;
  readonly name: string;
  readonly before: DocState;
}

export interface DocRecord {
  state: DocState;
  history: HistoryEntry[];
  suspension: Suspension | null;
}

export function cloneDoc(doc: DocState): DocState {
  return structuredClone(doc);
}

export interface Located {
  readonly layer: LayerState;
  /** The list holding the layer (the document's or a group's children). */
  readonly siblings: LayerState[];
  readonly parent: LayerState | null;
}

export function locate(doc: DocState, id: number): Located | undefined {
  const walk = (list: LayerState[], parent: LayerState | null): Located | undefined => {
    for (const layer of list) {
      if (layer.id === id) return { layer, siblings: list, parent };
      if (layer.children) {
        const found = walk(layer.children, layer);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(doc.layers, null);
}

export function allLayers(doc: DocState): LayerState[] {
  const out: LayerState[] = [];
  const walk = (list: LayerState[]): void => {
    for (const layer of list) {
      out.push(layer);
      if (layer.children) walk(layer.children);
    }
  };
  walk(doc.layers);
  return out;
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const EMPTY_RECT: Rect = { left: 0, top: 0, right: 0, bottom: 0 };

/** Bounding box of pixels with alpha > 0, in document coordinates (not clipped to the canvas). */
export function opaqueBounds(rect: PixelRect | null): Rect {
  if (!rect) return EMPTY_RECT;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      if (rect.data[(y * rect.width + x) * 4 + 3] !== 0) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return EMPTY_RECT;
  return { left: rect.left + minX, top: rect.top + minY, right: rect.left + maxX + 1, bottom: rect.top + maxY + 1 };
}

export function layerBounds(layer: LayerState): Rect {
  if (!layer.children) return opaqueBounds(layer.pixels);
  let out: Rect | null = null;
  for (const child of layer.children) {
    const b = layerBounds(child);
    if (b.right <= b.left || b.bottom <= b.top) continue;
    out = out
      ? { left: Math.min(out.left, b.left), top: Math.min(out.top, b.top), right: Math.max(out.right, b.right), bottom: Math.max(out.bottom, b.bottom) }
      : b;
  }
  return out ?? EMPTY_RECT;
}

export function intersect(a: Rect, b: Rect): Rect {
  const r = { left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) };
  return r.right > r.left && r.bottom > r.top ? r : EMPTY_RECT;
}

export function isEmptyRect(r: Rect): boolean {
  return r.right <= r.left || r.bottom <= r.top;
}

/** RGBA of the layer's pixel at document coordinates; transparent outside its rectangle. */
export function pixelAt(rect: PixelRect | null, x: number, y: number): [number, number, number, number] {
  if (!rect) return [0, 0, 0, 0];
  const lx = x - rect.left;
  const ly = y - rect.top;
  if (lx < 0 || ly < 0 || lx >= rect.width || ly >= rect.height) return [0, 0, 0, 0];
  const i = (ly * rect.width + lx) * 4;
  return [rect.data[i], rect.data[i + 1], rect.data[i + 2], rect.data[i + 3]];
}

function hashBytes(data: Uint8Array): string {
  // FNV-1a over the bytes plus the length: enough to tell documents apart in a readable serialization.
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) {
    h ^= data[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${data.length}:${h.toString(16).padStart(8, '0')}`;
}

function serializeLayer(layer: LayerState, fullPixels: boolean): unknown {
  return {
    id: layer.id,
    name: layer.name,
    kind: layer.kind,
    visible: layer.visible,
    opacity: layer.opacity,
    blendMode: layer.blendMode,
    locks: [layer.allLocked, layer.pixelsLocked, layer.positionLocked],
    isBackground: layer.isBackground,
    pixels: layer.pixels
      ? {
          left: layer.pixels.left,
          top: layer.pixels.top,
          width: layer.pixels.width,
          height: layer.pixels.height,
          data: fullPixels ? Buffer.from(layer.pixels.data).toString('base64') : hashBytes(layer.pixels.data),
        }
      : null,
    children: layer.children ? layer.children.map((child) => serializeLayer(child, fullPixels)) : null,
  };
}

/** Everything that makes up the document, history included, as one string: equal strings = identical documents. */
export function serializeRecord(record: DocRecord, fullPixels = true): string {
  const s = record.state;
  return JSON.stringify({
    id: s.id,
    title: s.title,
    width: s.width,
    height: s.height,
    mode: s.mode,
    bitsPerChannel: s.bitsPerChannel,
    selectedLayerIds: s.selectedLayerIds,
    pixelSelection: s.pixelSelection ? { ...s.pixelSelection, mask: Array.from(s.pixelSelection.mask) } : null,
    layers: s.layers.map((layer) => serializeLayer(layer, fullPixels)),
    history: record.history.map((entry) => entry.name),
    suspended: record.suspension ? record.suspension.name : null,
  });
}
