import { initializeCanvas, readPsd, writePsdUint8Array, type Layer, type Psd } from 'ag-psd';
import type { RgbaImage } from '../src/model/types';
import { CliError, messageOf } from './errors';

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

/** What `deepcolor relight` needs from a PSD that `colorize --psd` wrote: its layers on canvases of the document's size. */
export interface DeepcolorPsdLayers {
  readonly colour: RgbaImage;
  readonly lineart: RgbaImage;
  readonly hint?: RgbaImage;
}

let imageDataReady = false;

/** ag-psd reads raw pixels (useImageData) through an ImageData factory; Node has no canvas, and none is needed. Idempotent. */
export function useRawPsdPixels(): void {
  if (imageDataReady) return;
  initializeCanvas(
    () => {
      throw new Error('deepcolor reads PSD pixels as raw data; no canvas is used');
    },
    (width, height) => ({ width, height, data: new Uint8ClampedArray(width * height * 4), colorSpace: 'srgb' }) as ImageData,
  );
  imageDataReady = true;
}

/** Every layer, groups opened, top-level order kept. */
function allLayers(children: readonly Layer[] | undefined): Layer[] {
  return (children ?? []).flatMap((layer) => [layer, ...allLayers(layer.children)]);
}

/** A layer's pixels on a transparent canvas of the document's size (Photoshop saves layers trimmed to their content). */
function onCanvas(layer: Layer, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  const image = layer.imageData;
  if (image) {
    const left = layer.left ?? 0;
    const top = layer.top ?? 0;
    for (let y = Math.max(0, top); y < Math.min(height, top + image.height); y++) {
      const x0 = Math.max(0, left);
      const x1 = Math.min(width, left + image.width);
      if (x1 <= x0) continue;
      const from = ((y - top) * image.width + (x0 - left)) * 4;
      data.set(image.data.subarray(from, from + (x1 - x0) * 4), (y * width + x0) * 4);
    }
  }
  return { width, height, data };
}

/**
 * Reads the layers `colorize --psd` writes (Deepcolor, Lineart, and Hint if
 * there) from a PSD, as the artist may have saved it again from Photoshop
 * (layers trimmed, inside groups): found by name. `file` names it in errors.
 */
export function readDeepcolorPsd(bytes: Uint8Array, file: string): DeepcolorPsdLayers {
  useRawPsdPixels();
  let psd: Psd;
  try {
    psd = readPsd(bytes, { useImageData: true, skipThumbnail: true, skipCompositeImageData: true, skipLinkedFilesData: true });
  } catch (err) {
    throw new CliError(`"${file}" could not be read as a PSD (${messageOf(err)}). Give the .psd that \`deepcolor colorize --psd\` wrote.`);
  }
  if (psd.colorMode !== 3 || (psd.bitsPerChannel ?? 8) !== 8) {
    throw new CliError(`"${file}" is not an 8-bit RGB PSD. In Photoshop choose Image > Mode > RGB Color and 8 Bits/Channel, save, and relight again.`);
  }
  const layers = allLayers(psd.children);
  // The topmost pixel layer of that name (a PSD lists layers bottom to top; a group of the name has no pixels).
  const find = (name: string): Layer | undefined => layers.filter((layer) => layer.name === name && layer.imageData).pop();
  const colour = find(PSD_LAYER_NAMES.colour);
  const lineart = find(PSD_LAYER_NAMES.lineart);
  for (const [layer, name] of [[colour, PSD_LAYER_NAMES.colour], [lineart, PSD_LAYER_NAMES.lineart]] as const) {
    if (!layer?.imageData) {
      throw new CliError(
        `"${file}" has no pixel layer named "${name}". Relight works on the PSDs \`deepcolor colorize --psd\` writes (layers ${PSD_LAYER_NAMES.colour}, ${PSD_LAYER_NAMES.lineart}); keep those names if you edit it.`,
      );
    }
  }
  const hint = find(PSD_LAYER_NAMES.hint);
  return {
    colour: onCanvas(colour!, psd.width, psd.height),
    lineart: onCanvas(lineart!, psd.width, psd.height),
    ...(hint?.imageData ? { hint: onCanvas(hint, psd.width, psd.height) } : {}),
  };
}
