/**
 * Moving pixels between Photoshop layers and canvas-sized RGBA buffers.
 *
 * getPixels trims its answer to the layer's non-transparent pixels, so the
 * bounds it RETURNS (not the ones asked for) say where the data belongs; the
 * data is placed at that offset on a transparent canvas. Every
 * PhotoshopImageData is disposed in a finally: it holds native memory that
 * the JS garbage collector does not see.
 */
import type { RgbaImage } from '../model/types';
import { DeepcolorHostError } from './errors';
import type { BitDepthName, PsImaging } from './photoshop-api';

/** 16-bit Photoshop data runs 0..32768, not 0..65535. */
const PS_16BIT_MAX = 32768;

/** A rectangle of a document's canvas; `left`/`top` default to 0 (the whole canvas from its origin). */
export interface CanvasTarget {
  readonly documentId: number;
  readonly left?: number;
  readonly top?: number;
  readonly width: number;
  readonly height: number;
}

function to8Bit(data: Uint8Array | Uint16Array | Float32Array): Uint8Array | Uint8ClampedArray {
  if (data instanceof Uint8Array) return data;
  const out = new Uint8Array(data.length);
  const scale = data instanceof Uint16Array ? 255 / PS_16BIT_MAX : 255;
  for (let i = 0; i < data.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(data[i] * scale)));
  return out;
}

/**
 * Reads one layer's pixels inside `target` as 8-bit RGBA on a transparent canvas of the target's size.
 * Layers without an alpha channel (the Background) come back as 3 components: opaque.
 */
export async function readLayerOntoCanvas(imaging: PsImaging, target: CanvasTarget, layerId: number): Promise<RgbaImage> {
  const { width, height } = target;
  const originX = target.left ?? 0;
  const originY = target.top ?? 0;
  const canvas = new Uint8ClampedArray(width * height * 4);
  const result = await imaging.getPixels({
    documentID: target.documentId,
    layerID: layerId,
    sourceBounds: { left: originX, top: originY, right: originX + width, bottom: originY + height },
    colorSpace: 'RGB',
    componentSize: 8,
  });
  const imageData = result.imageData;
  try {
    const bounds = result.sourceBounds;
    const regionWidth = bounds.right - bounds.left;
    const regionHeight = bounds.bottom - bounds.top;
    if (regionWidth <= 0 || regionHeight <= 0) return { width, height, data: canvas };
    const components = imageData.components;
    if ((components !== 3 && components !== 4) || imageData.width !== regionWidth || imageData.height !== regionHeight) {
      throw new DeepcolorHostError(
        'PHOTOSHOP_FAILED',
        `Photoshop returned ${imageData.width}×${imageData.height}×${components} pixels for a ${regionWidth}×${regionHeight} region; expected RGB or RGBA.`,
      );
    }
    const data = to8Bit(await imageData.getData({ chunky: true }));
    if (data.length !== regionWidth * regionHeight * components) {
      throw new DeepcolorHostError('PHOTOSHOP_FAILED', `Photoshop returned ${data.length} values for ${regionWidth}×${regionHeight}×${components}.`);
    }
    // Clip to the target: a layer may extend past the document edges (and past the area asked for).
    const x0 = Math.max(originX, bounds.left);
    const y0 = Math.max(originY, bounds.top);
    const x1 = Math.min(originX + width, bounds.right);
    const y1 = Math.min(originY + height, bounds.bottom);
    for (let y = y0; y < y1; y++) {
      let src = ((y - bounds.top) * regionWidth + (x0 - bounds.left)) * components;
      let dst = ((y - originY) * width + (x0 - originX)) * 4;
      for (let x = x0; x < x1; x++) {
        canvas[dst] = data[src];
        canvas[dst + 1] = data[src + 1];
        canvas[dst + 2] = data[src + 2];
        canvas[dst + 3] = components === 4 ? data[src + 3] : 255;
        src += components;
        dst += 4;
      }
    }
    return { width, height, data: canvas };
  } finally {
    await imageData.dispose();
  }
}

/** True when the image has no pixel with any opacity. */
export function isFullyTransparent(image: RgbaImage): boolean {
  const data = image.data;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return false;
  return true;
}

/**
 * Writes a target-sized RGBA image into a (new, empty) pixel layer at the target's place.
 * 16-bit documents get 16-bit data so Photoshop never has to guess the conversion.
 */
export async function writeCanvasToLayer(
  imaging: PsImaging,
  target: CanvasTarget,
  bitsPerChannel: BitDepthName,
  layerId: number,
  image: RgbaImage,
): Promise<void> {
  const { width, height } = target;
  if (image.width !== width || image.height !== height || image.data.length !== width * height * 4) {
    throw new DeepcolorHostError(
      'ENGINE_FAILED',
      `The engine returned a ${image.width}×${image.height} image for a ${width}×${height} area.`,
    );
  }
  let buffer: Uint8Array | Uint16Array;
  if (bitsPerChannel === 'bitDepth16') {
    buffer = new Uint16Array(image.data.length);
    for (let i = 0; i < buffer.length; i++) buffer[i] = Math.round((image.data[i] * PS_16BIT_MAX) / 255);
  } else {
    buffer = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.length);
  }
  const imageData = await imaging.createImageDataFromBuffer(buffer, {
    width,
    height,
    components: 4,
    chunky: true,
    colorSpace: 'RGB',
  });
  try {
    await imaging.putPixels({
      documentID: target.documentId,
      layerID: layerId,
      imageData,
      replace: true,
      targetBounds: { left: target.left ?? 0, top: target.top ?? 0, right: (target.left ?? 0) + width, bottom: (target.top ?? 0) + height },
    });
  } finally {
    await imageData.dispose();
  }
}
