/**
 * The fake `imaging` module (Photoshop 24.4+), with the documented behaviour
 * that code gets wrong most easily: getPixels trims the returned bounds to the
 * layer's non-transparent pixels; layers without transparency (the
 * Background) come back as 3 components; 16-bit data runs 0..32768; image
 * data must be disposed (use after dispose throws, live ones are counted);
 * createImageDataFromBuffer throws on a length mismatch; putPixels needs the
 * modal state and an unlocked pixel layer.
 */
import type { PhotoshopImageData, PsImaging } from '../../src/host/photoshop-api';
import type { imaging } from 'photoshop/dom/ImagingModule';
import type { FakePhotoshopCore } from './photoshop-core';
import { EMPTY_RECT, intersect, isEmptyRect, layerBounds, locate, pixelAt, type Rect } from './photoshop-state';

const PS_16BIT_MAX = 32768;

type Samples = Uint8Array | Uint16Array | Float32Array;

export class FakeImageData implements PhotoshopImageData {
  readonly colorSpace = 'RGB' as const;
  readonly colorProfile = 'sRGB IEC61966-2.1';
  readonly type = 'image/uncompressed' as const;
  readonly chunky = true;
  private disposed = false;

  constructor(
    private readonly registry: Set<FakeImageData>,
    readonly width: number,
    readonly height: number,
    readonly components: number,
    readonly componentSize: 8 | 16 | 32,
    private readonly samples: Samples,
  ) {
    registry.add(this);
  }

  get hasAlpha(): boolean {
    return this.components === 4;
  }
  get pixelFormat(): 'RGB' | 'RGBA' {
    return this.components === 4 ? 'RGBA' : 'RGB';
  }
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The samples without a copy, for putPixels. */
  peek(): Samples {
    if (this.disposed) throw new Error('PhotoshopImageData was used after dispose()');
    return this.samples;
  }

  getData = async (options: imaging.GetDataOptions = {}): Promise<Samples> => {
    if (this.disposed) throw new Error('getData() called on a disposed PhotoshopImageData');
    if (options.chunky === false) {
      // Planar: all of channel 0, then channel 1, ...
      const n = this.width * this.height;
      const out = this.samples.slice(0) as Samples;
      for (let c = 0; c < this.components; c++) for (let i = 0; i < n; i++) out[c * n + i] = this.samples[i * this.components + c];
      return out;
    }
    return this.samples.slice(0) as Samples;
  };

  dispose = async (): Promise<void> => {
    this.disposed = true;
    this.registry.delete(this);
  };
}

function to16(v: number): number {
  return Math.round((v * PS_16BIT_MAX) / 255);
}

export function createFakeImaging(core: FakePhotoshopCore, liveImageData: Set<FakeImageData>): PsImaging {
  const documentOf = (documentID: number | undefined) => {
    const id = documentID ?? core.activeDocumentId;
    if (id === null || id === undefined) throw new Error('No document');
    return core.record(id);
  };

  const getPixels: typeof imaging.getPixels = async (options) => {
    core.assertNotCancelled('imaging.getPixels');
    const record = documentOf(options.documentID);
    const doc = record.state;
    if (options.layerID === undefined) throw new Error('The fake models layer reads only: pass layerID');
    const found = locate(doc, options.layerID);
    if (!found) throw new Error(`getPixels: no layer with id ${options.layerID}`);
    const layer = found.layer;
    if (layer.kind !== 'pixel') throw new Error(`getPixels: layer ${layer.id} is not a pixel layer`);
    if (options.colorSpace !== undefined && options.colorSpace !== 'RGB') throw new Error('The fake models RGB reads only');
    if (doc.mode !== 'RGBColorMode' && options.colorSpace === 'RGB') throw new Error('The fake models colour conversion only for RGB documents');
    const canvas: Rect = { left: 0, top: 0, right: doc.width, bottom: doc.height };
    const requested: Rect = options.sourceBounds
      ? intersect(options.sourceBounds, canvas)
      : canvas;
    // Photoshop trims the returned area to the layer's pixels; callers must use the returned bounds.
    const region = intersect(requested, layerBounds(layer));
    if (isEmptyRect(region)) throw new Error('getPixels: the requested area has no pixels (the layer is empty there)');
    const width = region.right - region.left;
    const height = region.bottom - region.top;
    const components = layer.isBackground ? 3 : 4;
    const docDepth = doc.bitsPerChannel === 'bitDepth16' ? 16 : 8;
    const size = options.componentSize === undefined || options.componentSize === -1 ? docDepth : options.componentSize;
    if (size !== 8 && size !== 16) throw new Error(`The fake models componentSize 8 and 16, not ${size}`);
    const samples: Samples = size === 16 ? new Uint16Array(width * height * components) : new Uint8Array(width * height * components);
    let i = 0;
    for (let y = region.top; y < region.bottom; y++) {
      for (let x = region.left; x < region.right; x++) {
        const px = pixelAt(layer.pixels, x, y);
        for (let c = 0; c < components; c++) samples[i++] = size === 16 ? to16(px[c]) : px[c];
      }
    }
    const imageData = new FakeImageData(liveImageData, width, height, components, size, samples);
    return { imageData, sourceBounds: { ...region }, level: 0 };
  };

  const createImageDataFromBuffer: typeof imaging.createImageDataFromBuffer = async (arrayBuffer, options) => {
    core.assertNotCancelled('imaging.createImageDataFromBuffer');
    const { width, height, components } = options;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw new Error('Invalid width or height');
    if (components !== 3 && components !== 4) throw new Error('The fake models RGB and RGBA data only');
    if (options.colorSpace !== 'RGB') throw new Error('The fake models colorSpace RGB only');
    if (arrayBuffer.length !== width * height * components) {
      throw new Error(`Buffer length ${arrayBuffer.length} does not match ${width}x${height}x${components}`);
    }
    const size: 8 | 16 | 32 = arrayBuffer instanceof Uint8Array ? 8 : arrayBuffer instanceof Uint16Array ? 16 : 32;
    if (size === 16 && !options.fullRange) {
      for (let i = 0; i < arrayBuffer.length; i++) if (arrayBuffer[i] > PS_16BIT_MAX) throw new Error('16-bit values must be 0..32768');
    }
    return new FakeImageData(liveImageData, width, height, components, size, arrayBuffer.slice(0) as Samples);
  };

  const putPixels: typeof imaging.putPixels = async (options) => {
    const record = documentOf(options.documentID);
    const documentId = record.state.id;
    const imageData = options.imageData;
    if (!(imageData instanceof FakeImageData)) throw new Error('putPixels needs a PhotoshopImageData from this Photoshop');
    const samples = imageData.peek();
    core.mutate(documentId, options.commandName ?? 'Put Pixels', (doc) => {
      const found = locate(doc, options.layerID);
      if (!found) throw new Error(`putPixels: no layer with id ${options.layerID}`);
      const layer = found.layer;
      if (layer.kind !== 'pixel') throw new Error('putPixels: the target must be a pixel layer');
      if (layer.allLocked || layer.pixelsLocked) throw new Error('putPixels: the layer is locked');
      const docDepth = doc.bitsPerChannel === 'bitDepth16' ? 16 : 8;
      if (imageData.componentSize !== docDepth) {
        throw new Error(`putPixels: ${imageData.componentSize}-bit data into a ${docDepth}-bit document`);
      }
      const tb = options.targetBounds ?? { left: 0, top: 0 };
      const left = tb.left;
      const top = tb.top;
      const tbWidth = 'width' in tb ? tb.width : 'right' in tb ? tb.right - tb.left : imageData.width;
      const tbHeight = 'height' in tb ? tb.height : 'bottom' in tb ? tb.bottom - tb.top : imageData.height;
      if (tbWidth !== imageData.width || tbHeight !== imageData.height) throw new Error('putPixels: targetBounds size differs from the image data');
      const { width, height, components } = imageData;
      const data = new Uint8Array(width * height * 4);
      for (let p = 0; p < width * height; p++) {
        for (let c = 0; c < 4; c++) {
          const v = c < components ? samples[p * components + c] : docDepth === 16 ? PS_16BIT_MAX : 255;
          data[p * 4 + c] = docDepth === 16 ? Math.round((v * 255) / PS_16BIT_MAX) : v;
        }
      }
      if (options.replace === false && layer.pixels) {
        throw new Error('The fake models replace: true only');
      }
      layer.pixels = { left, top, width, height, data };
    });
  };

  /**
   * The selection as one grey component at the document's depth (16-bit:
   * 0..32768), for the requested bounds clipped to the canvas and trimmed to
   * the selected pixels, as getPixels trims to a layer's pixels (the docs
   * only say the returned bounds are "the actual bounds used": the host must
   * place the data at them); empty bounds and no data where none of the area
   * is selected. With nothing selected at all the fake refuses, as the host
   * must check `selection.bounds` first.
   */
  const getSelection: typeof imaging.getSelection = async (options) => {
    core.assertNotCancelled('imaging.getSelection');
    const doc = documentOf(options.documentID).state;
    const selection = doc.pixelSelection;
    if (!selection) throw new Error('getSelection: there is no selection');
    if (options.targetSize !== undefined) throw new Error('The fake models getSelection without targetSize only');
    const canvas: Rect = { left: 0, top: 0, right: doc.width, bottom: doc.height };
    const requested = options.sourceBounds ? intersect(options.sourceBounds, canvas) : canvas;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let y = 0; y < selection.height; y++) {
      for (let x = 0; x < selection.width; x++) {
        if (selection.mask[y * selection.width + x] === 0) continue;
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
      }
    }
    const selected: Rect = x1 > x0 ? { left: selection.left + x0, top: selection.top + y0, right: selection.left + x1, bottom: selection.top + y1 } : EMPTY_RECT;
    const region = intersect(requested, selected);
    if (isEmptyRect(region)) {
      return { imageData: new FakeImageData(liveImageData, 0, 0, 1, doc.bitsPerChannel === 'bitDepth16' ? 16 : 8, new Uint8Array(0)), sourceBounds: { ...EMPTY_RECT } };
    }
    const width = region.right - region.left;
    const height = region.bottom - region.top;
    const size = doc.bitsPerChannel === 'bitDepth16' ? 16 : 8;
    const samples: Samples = size === 16 ? new Uint16Array(width * height) : new Uint8Array(width * height);
    let i = 0;
    for (let y = region.top; y < region.bottom; y++) {
      for (let x = region.left; x < region.right; x++) {
        const sx = x - selection.left;
        const sy = y - selection.top;
        const v = sx >= 0 && sy >= 0 && sx < selection.width && sy < selection.height ? selection.mask[sy * selection.width + sx] : 0;
        samples[i++] = size === 16 ? to16(v) : v;
      }
    }
    const imageData = new FakeImageData(liveImageData, width, height, 1, size, samples);
    return { imageData, sourceBounds: { ...region } };
  };

  return { getPixels, putPixels, createImageDataFromBuffer, getSelection };
}
