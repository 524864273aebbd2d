import { writePsdUint8Array, type Layer, type Psd } from 'ag-psd';
import type { RgbaImage } from '../src/model/types';

export const PSD_LAYER_NAMES = { colour: 'Deepcolor', shading: 'Shading', lineart: 'Lineart', hint: 'Hint' } as const;

/** Largest side a plain PSD allows; above it Photoshop needs PSB. */
const PSD_MAX_SIDE = 30000;

export interface PsdLayers {
  /** The network's colour without lines (bottom layer). */
  colour: RgbaImage;
  /** Form shading (grey, opaque), Multiply over the colour; absent when not asked for. */
  shading?: RgbaImage;
  /** The page as read (keeps its transparency); Multiply on top. */
  lineart: RgbaImage;
  /** The hint as read, kept hidden so the artist can edit and re-run. */
  hint?: RgbaImage;
  /** The flattened result, stored as the PSD's composite so previews are right. */
  composite: RgbaImage;
}

function pixels(image: RgbaImage): { width: number; height: number; data: Uint8Array | Uint8ClampedArray } {
  return { width: image.width, height: image.height, data: image.data };
}

/**
 * A layered PSD, bottom to top: Deepcolor (normal), Shading (Multiply, if
 * any), Hint (hidden, if any), Lineart (Multiply). ag-psd writes raw imageData, so no canvas is needed in Node.
 */
export function buildPsd(layers: PsdLayers): Uint8Array {
  const { width, height } = layers.colour;
  const children: Layer[] = [
    { name: PSD_LAYER_NAMES.colour, top: 0, left: 0, blendMode: 'normal', opacity: 1, imageData: pixels(layers.colour) },
  ];
  if (layers.shading) {
    children.push({ name: PSD_LAYER_NAMES.shading, top: 0, left: 0, blendMode: 'multiply', opacity: 1, imageData: pixels(layers.shading) });
  }
  if (layers.hint) {
    children.push({ name: PSD_LAYER_NAMES.hint, top: 0, left: 0, blendMode: 'normal', opacity: 1, hidden: true, imageData: pixels(layers.hint) });
  }
  children.push({ name: PSD_LAYER_NAMES.lineart, top: 0, left: 0, blendMode: 'multiply', opacity: 1, imageData: pixels(layers.lineart) });
  const psd: Psd = { width, height, channels: 3, bitsPerChannel: 8, colorMode: 3, children, imageData: pixels(layers.composite) };
  // noBackground: the opaque colour layer must stay an editable layer, not become "Background".
  return writePsdUint8Array(psd, { noBackground: true, psb: width > PSD_MAX_SIDE || height > PSD_MAX_SIDE });
}
