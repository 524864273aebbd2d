import { initializeCanvas, readPsd, writePsdUint8Array, type Layer, type Psd } from 'ag-psd';
import type { RgbaImage } from '../src/model/types';
import { isHintLayerName, isLineartLayerName } from '../src/model/layer-names';
import { CliError, messageOf } from './errors';

export const PSD_LAYER_NAMES = { colour: 'Deepcolor', shading: 'Shading', lineart: 'Lineart', hint: 'Hint' } as const;

/** Largest side a plain PSD allows; above it Photoshop needs PSB. */
const PSD_MAX_SIDE = 30000;
/** The most pixels a page may have, as for image files (image-io.ts). */
const MAX_PAGE_PIXELS = 30000 * 30000;

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
  /** Print resolution in pixels per inch, the page's (Photoshop opens a PSD without one at 72 ppi). */
  density?: number;
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
  if (layers.density !== undefined) psd.imageResources = { resolutionInfo: resolutionInfo(layers.density) };
  // noBackground: the opaque colour layer must stay an editable layer, not become "Background".
  return writePsdUint8Array(psd, { noBackground: true, psb: width > PSD_MAX_SIDE || height > PSD_MAX_SIDE });
}

/** A PSD's resolution record for `ppi` pixels per inch, shown in inches (Image > Image Size). */
function resolutionInfo(ppi: number): NonNullable<NonNullable<Psd['imageResources']>['resolutionInfo']> {
  return { horizontalResolution: ppi, horizontalResolutionUnit: 'PPI', widthUnit: 'Inches', verticalResolution: ppi, verticalResolutionUnit: 'PPI', heightUnit: 'Inches' };
}

/**
 * A PSD's print resolution in pixels per inch, if it records one. Photoshop
 * stores it in pixels per inch whatever unit it shows (PPCM is display only).
 */
function densityOf(psd: Psd): number | undefined {
  const ppi = psd.imageResources?.resolutionInfo?.horizontalResolution;
  return ppi !== undefined && Number.isFinite(ppi) && ppi > 0 ? ppi : undefined;
}

/** What `deepcolor relight` needs from a PSD that `colorize --psd` wrote: its layers on canvases of the document's size. */
export interface DeepcolorPsdLayers {
  readonly colour: RgbaImage;
  readonly lineart: RgbaImage;
  readonly hint?: RgbaImage;
  /** Print resolution (pixels per inch), kept in what relight writes. */
  readonly density?: number;
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

interface PsdExpectations {
  /** Read the flattened image too (a PSD without layers has nothing else). */
  readonly composite: boolean;
  /** ag-psd's colorMode numbers accepted (0 Bitmap, 1 Grayscale, 3 RGB), at 8 bits (Bitmap: 1). */
  readonly colorModes: readonly number[];
  /** The modes in words, as Photoshop's Image > Mode menu names them: "RGB Color". */
  readonly modes: string;
  /** Which PSD is expected, and how the advice ends ("relight again"). */
  readonly what: string;
  readonly again: string;
}

/** How an image file other than a PSD begins: named when one is given where a PSD was expected. */
const IMAGE_SIGNATURES: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['PNG', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG', [0xff, 0xd8, 0xff]],
  ['WebP', [0x52, 0x49, 0x46, 0x46]],
  ['TIFF', [0x49, 0x49, 0x2a, 0x00]],
  ['TIFF', [0x4d, 0x4d, 0x00, 0x2a]],
];

/** A PSD's structure and 8-bit pixels, or a CliError that says what to do. */
function parsePsd(bytes: Uint8Array, file: string, options: PsdExpectations): Psd {
  useRawPsdPixels();
  // The header says the mode and depth (bytes 22-25) before ag-psd refuses a mode it does not read (CMYK, Lab).
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 26 && view.getUint32(0) === 0x38425053 /* 8BPS */) {
    const height = view.getUint32(14);
    const width = view.getUint32(18);
    if (width * height > MAX_PAGE_PIXELS) {
      throw new CliError(`"${file}" is ${width}x${height}, larger than deepcolor handles (30000x30000). Split the page or scale it down.`);
    }
    const bits = view.getUint16(22);
    const mode = view.getUint16(24);
    if (!options.colorModes.includes(mode) || (bits !== 8 && !(bits === 1 && mode === 0))) {
      throw new CliError(`"${file}" is not an 8-bit ${options.modes} PSD. In Photoshop choose Image > Mode > ${options.modes} and 8 Bits/Channel, save, and ${options.again}.`);
    }
  }
  if (bytes.length < 4 || view.getUint32(0) !== 0x38425053) {
    const kind = IMAGE_SIGNATURES.find(([, magic]) => magic.every((byte, i) => bytes[i] === byte))?.[0];
    throw new CliError(`"${file}" is not a PSD${kind ? ` (it is a ${kind} image)` : ''}. Give ${options.what}.`);
  }
  let psd: Psd;
  try {
    psd = readPsd(bytes, { useImageData: true, skipThumbnail: true, skipCompositeImageData: !options.composite, skipLinkedFilesData: true });
  } catch (err) {
    throw new CliError(`"${file}" could not be read as a PSD (${messageOf(err)}). Give ${options.what}.`);
  }
  return psd;
}

/**
 * Reads the layers `colorize --psd` writes (Deepcolor, Lineart, and Hint if
 * there) from a PSD, as the artist may have saved it again from Photoshop
 * (layers trimmed, inside groups): found by name. `file` names it in errors.
 */
export function readDeepcolorPsd(bytes: Uint8Array, file: string): DeepcolorPsdLayers {
  const psd = parsePsd(bytes, file, { composite: false, colorModes: [3], modes: 'RGB Color', what: 'the .psd that `deepcolor colorize --psd` wrote', again: 'relight again' });
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
  const density = densityOf(psd);
  return {
    colour: onCanvas(colour!, psd.width, psd.height),
    lineart: onCanvas(lineart!, psd.width, psd.height),
    ...(hint?.imageData ? { hint: onCanvas(hint, psd.width, psd.height) } : {}),
    ...(density !== undefined ? { density } : {}),
  };
}

/** A page saved as PSD: its lineart and hint, and the layers they came from. */
export interface PsdPage {
  readonly lineart: RgbaImage;
  readonly hint?: RgbaImage;
  /** The lineart layer's name, or null when the PSD has no layers and its image is the lineart. */
  readonly lineartLayer: string | null;
  readonly hintLayer: string | null;
  /** The names of its pixel layers (in groups too), bottom to top: a page coloured without a hint layer says what it has. */
  readonly pixelLayers: readonly string[];
  /** Layers named like the hint that are not read as it: a group (its layers are not merged), or a layer with nothing painted. */
  readonly unreadHintLayers: readonly { readonly name: string; readonly kind: 'group' | 'empty' }[];
  /** Print resolution in pixels per inch, if the PSD records one. */
  readonly density?: number;
}

/** Layers named on the command line (--lineart-layer, --hint-layer), matched ignoring case. */
export interface PsdLayerChoice {
  readonly lineartLayer?: string;
  readonly hintLayer?: string;
}

function layerList(layers: readonly Layer[]): string {
  const names = layers.filter((layer) => layer.imageData).map((layer) => `"${layer.name ?? ''}"`);
  return names.length > 0 ? names.join(', ') : 'none';
}

/** Groups and empty layers named like the hint: found by name, but with no pixels of their own to read. */
function unreadHintLayers(layers: readonly Layer[]): PsdPage['unreadHintLayers'] {
  return layers
    .filter((layer) => !layer.imageData && isHintLayerName(layer.name ?? ''))
    .map((layer) => ({ name: layer.name ?? '', kind: layer.children ? 'group' : 'empty' }));
}

/** Where a PSD's flattened image should end, by its header and compression, when the file ends before that. */
interface Shortfall {
  readonly size: number;
  readonly end: number;
}

/**
 * Whether the flattened image of a PSD (header already checked) runs past
 * the end of the file: raw, it is channels x height rows of width x depth
 * bits; RLE, its rows are as long as the table of byte counts before them
 * says. ag-psd reads a file cut short without complaint, the missing part
 * left black or a channel missing, and the page would be coloured wrong.
 * ZIP-compressed data (rare in the flattened image) records no length: not
 * checked here.
 */
function imageDataShortfall(bytes: Uint8Array): Shortfall | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  const psb = view.getUint16(4) === 2;
  const [channels, height, width, depth] = [view.getUint16(12), view.getUint32(14), view.getUint32(18), view.getUint16(22)];
  let at = 26;
  // Colour mode data, image resources, layer and mask information: each a length, then that many bytes.
  for (const lengthBytes of [4, 4, psb ? 8 : 4]) {
    if (at + lengthBytes > size) return { size, end: at + lengthBytes };
    at += lengthBytes + (lengthBytes === 8 ? Number(view.getBigUint64(at)) : view.getUint32(at));
  }
  if (at + 2 > size) return { size, end: at + 2 };
  const compression = view.getUint16(at);
  at += 2;
  const rows = channels * height;
  let end: number;
  if (compression === 0) {
    end = at + rows * Math.ceil((width * depth) / 8);
  } else if (compression === 1) {
    const countBytes = psb ? 4 : 2;
    end = at + rows * countBytes;
    if (end > size) return { size, end };
    for (let row = 0; row < rows; row++) end += psb ? view.getUint32(at + row * 4) : view.getUint16(at + row * 2);
  } else {
    return undefined;
  }
  return end > size ? { size, end } : undefined;
}

/** Refuses a flattened PSD cut short (an interrupted copy or download) before it is coloured as a wrong page. */
function checkNotTruncated(bytes: Uint8Array, file: string): void {
  const short = imageDataShortfall(bytes);
  if (!short) return;
  const n = (value: number): string => value.toLocaleString('en-US');
  throw new CliError(
    `"${file}" looks truncated: it is ${n(short.size)} bytes long, but its image runs to byte ${n(short.end)}. ` +
      'Copy it again (or save it again from Photoshop) and colour it again.',
  );
}

/**
 * A page saved as PSD (RGB, Grayscale or Bitmap: inks are often drawn in
 * Grayscale): the lineart is the layer named like "Lineart", "Lines" or
 * "Inks" (or `choice.lineartLayer`), else the only pixel layer that is not
 * the hint, else, in a PSD without layers (a flattened scan), its image.
 * The hint is the topmost layer named like a hint layer ("hint", "colors",
 * "flats"; or `choice.hintLayer`), if any. Layers are read wherever they are
 * (in groups, hidden, trimmed), as they are: not their opacity or blend mode.
 */
export function readPagePsd(bytes: Uint8Array, file: string, choice: PsdLayerChoice = {}): PsdPage {
  const expect: PsdExpectations = { composite: false, colorModes: [0, 1, 3], modes: 'RGB Color (or Grayscale)', what: 'a PSD page saved from Photoshop', again: 'colour it again' };
  const psd = parsePsd(bytes, file, expect);
  const pixelLayers = allLayers(psd.children).filter((layer) => layer.imageData);
  // A PSD lists layers bottom to top: the last match is the topmost.
  const topmost = (test: (name: string) => boolean): Layer | undefined => pixelLayers.filter((layer) => test(layer.name ?? '')).pop();
  /** The layer an option names (any case), or the default when the option is not given. */
  const chosen = (wanted: string | undefined, option: string, byDefault: () => Layer | undefined): Layer | undefined => {
    if (wanted === undefined) return byDefault();
    const layer = topmost((name) => name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (!layer) throw new CliError(`"${file}" has no pixel layer named "${wanted}" (${option}). Its pixel layers: ${layerList(pixelLayers)}.`);
    return layer;
  };
  const hint = chosen(choice.hintLayer, '--hint-layer', () => topmost(isHintLayerName));
  const lineart = chosen(choice.lineartLayer, '--lineart-layer', () => {
    const named = topmost(isLineartLayerName);
    if (named) return named;
    // ag-psd gives an empty layer no pixels: a "Lineart" layer with nothing drawn on it is that, not a missing layer,
    // and the lines are not to be guessed from another layer then.
    const empty = allLayers(psd.children).find((layer) => !layer.imageData && !layer.children && isLineartLayerName(layer.name ?? ''));
    if (empty) throw new CliError(`"${file}": its layer "${empty.name ?? ''}" is empty. Draw your lines on it, or choose the layer with them with --lineart-layer NAME.`);
    const others = pixelLayers.filter((layer) => layer !== hint);
    return others.length === 1 ? others[0] : undefined;
  });
  if (lineart && lineart === hint) {
    throw new CliError(`"${file}": the layer "${lineart.name ?? ''}" would be both the lineart and the hint. Name the two layers apart, or choose them with --lineart-layer and --hint-layer.`);
  }

  const { width, height } = psd;
  const density = densityOf(psd);
  const about = {
    pixelLayers: pixelLayers.map((layer) => layer.name ?? ''),
    unreadHintLayers: unreadHintLayers(allLayers(psd.children)),
    ...(density !== undefined ? { density } : {}),
  };
  if (lineart) {
    return {
      lineart: onCanvas(lineart, width, height),
      ...(hint ? { hint: onCanvas(hint, width, height) } : {}),
      lineartLayer: lineart.name ?? '',
      hintLayer: hint ? (hint.name ?? '') : null,
      ...about,
    };
  }
  if (pixelLayers.length === 0) {
    // A flattened PSD (a scan): its image is the lineart. Read only now: a layered page does not need it.
    checkNotTruncated(bytes, file);
    const flat = parsePsd(bytes, file, { ...expect, composite: true }).imageData;
    if (flat) return { lineart: { width, height, data: flat.data as Uint8ClampedArray }, lineartLayer: null, hintLayer: null, ...about };
  }
  throw new CliError(
    `"${file}" has no layer named like the lineart ("Lineart", "Lines", "Inks"). Its pixel layers: ${layerList(pixelLayers)}. ` +
      'Name the layer with your lines "Lineart", or choose it with --lineart-layer NAME.',
  );
}
