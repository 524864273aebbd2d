import * as fs from 'fs';
import sharp, { type Metadata } from 'sharp';
import type { RgbaImage } from '../src/model/types';
import { CliError, errnoCode, messageOf } from './errors';

// The CLI decodes one page at a time and never re-reads: libvips' operation
// cache would only hold on to big page buffers, so turn it off.
sharp.cache(false);

/** PSD and PNG limits aside, refuse absurd pages early rather than running out of memory. */
const MAX_PIXELS = 30000 * 30000;

/** What a file is for, used in messages ("lineart", "hint"). */
export type ImageRole = 'lineart' | 'hint';

const FORMATS = new Set(['png', 'jpeg', 'webp']);

/** The bytes of an input file, or a CliError that says what is wrong with the path and what to do. */
export async function readInputFile(file: string, role: ImageRole): Promise<Buffer> {
  const label = role === 'lineart' ? 'Lineart' : 'Hint';
  const kinds = role === 'lineart' ? 'PNG, JPEG, WebP or PSD' : 'PNG, JPEG or WebP';
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') throw new CliError(`${label} file "${file}" does not exist. Check the path (it is relative to ${process.cwd()}).`);
    if (code === 'EISDIR') throw new CliError(`${label} "${file}" is a folder, not an image file. Pass a ${kinds} file${role === 'lineart' ? ', or use `deepcolor batch` for a folder' : ''}.`);
    if (code === 'EACCES' || code === 'EPERM') throw new CliError(`${label} file "${file}" cannot be read (permission denied). Fix its permissions (chmod +r) or copy it somewhere readable.`);
    throw new CliError(`${label} file "${file}" cannot be read: ${messageOf(err)}.`);
  }
  if (bytes.length === 0) {
    throw new CliError(`${label} file "${file}" is empty (0 bytes). Export the ${role} again as ${kinds}.`);
  }
  return bytes;
}

/** An image as read, with its print resolution when the file records one. */
export interface DecodedImage {
  readonly image: RgbaImage;
  /** Pixels per inch (a PNG's pHYs, a JPEG's JFIF or EXIF resolution), to be kept in the outputs. */
  readonly density?: number;
}

/**
 * The print resolution a file records, in pixels per inch. libvips reports
 * 72 for a PNG or JPEG that records none (sharp's `density`), so only a
 * density with its unit (`resolutionUnit`, set from the file) counts: an
 * output then gets no resolution of its own where its input had none, as
 * before.
 */
function recordedDensity(meta: Metadata): number | undefined {
  return meta.density !== undefined && meta.density > 0 && meta.resolutionUnit !== undefined ? meta.density : undefined;
}

/**
 * Reads a PNG, JPEG or WebP file into 8-bit straight-alpha RGBA. Grey,
 * palette, 16-bit and alpha-less files are all normalised here so the
 * engine only ever sees RgbaImage; an EXIF orientation is applied.
 */
export async function readImage(file: string, role: ImageRole): Promise<DecodedImage> {
  const label = role === 'lineart' ? 'Lineart' : 'Hint';
  const bytes = await readInputFile(file, role);

  let format: string | undefined;
  let width = 0;
  let height = 0;
  let density: number | undefined;
  try {
    // No pixel limit for the header: the size check below says what is wrong with a huge page, not sharp's default limit.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    format = meta.format;
    width = meta.width ?? 0;
    height = meta.height ?? 0;
    density = recordedDensity(meta);
  } catch (err) {
    throw notAnImage(label, file, role, messageOf(err));
  }
  if (!format || !FORMATS.has(format)) {
    throw new CliError(
      `${label} file "${file}" is ${format ? `a ${format.toUpperCase()} image` : 'not an image'}; deepcolor reads PNG, JPEG and WebP. Convert it to PNG and try again.`,
    );
  }
  if (width * height > MAX_PIXELS) {
    throw new CliError(`${label} "${file}" is ${width}x${height}, larger than deepcolor handles (30000x30000). Split the page or scale it down.`);
  }

  try {
    // rotate(): turned as the EXIF orientation says (phone and scanner JPEGs), so the page is the one the artist sees.
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`decoded to ${info.channels} channels`);
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { image: { width: info.width, height: info.height, data: pixels }, ...(density !== undefined ? { density } : {}) };
  } catch (err) {
    throw notAnImage(label, file, role, messageOf(err));
  }
}

function notAnImage(label: string, file: string, role: ImageRole, detail: string): CliError {
  return new CliError(
    `${label} file "${file}" is not a readable PNG, JPEG or WebP image (${detail.split('\n')[0]}). ` +
      `Check that it is the right file, or export the ${role} again as PNG.`,
  );
}

/**
 * zlib level for the result PNG. Measured on a 4096 x 4096 result of the
 * interim trained model (RGB, 3 runs, load ~5): level 6 536 ms / 18.0 MB,
 * 3 453 ms / 18.8 MB, 2 367 ms / 19.9 MB, 1 274 ms / 22.3 MB. Level 3 keeps
 * the file within 5 % of level 6 for 15 % less encode time.
 */
const PNG_COMPRESSION_LEVEL = 3;

/**
 * The print resolution written for a page that records none: what Photoshop assumes for such a
 * page, and for the PSD written beside it (which records none either).
 */
export const DEFAULT_PPI = 72;

/**
 * Encodes an image as PNG: an opaque result as RGB (alpha is 255
 * everywhere, so storing it would only cost space), a layer with
 * transparency (flats) as RGBA with `keepAlpha`. It records `density`
 * (pixels per inch, the input page's), so the page opens at its size in
 * print, or DEFAULT_PPI where the page has none: left to itself, libvips
 * writes 1 pixel per mm, and Photoshop opened the result at 25.4 ppi.
 */
export async function encodePng(image: RgbaImage, keepAlpha = false, density?: number): Promise<Buffer> {
  let pixels = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 }, limitInputPixels: false });
  if (!keepAlpha) pixels = pixels.removeAlpha();
  // withDensity sets the pHYs chunk (and an EXIF resolution); withMetadata would add an ICC profile too.
  pixels = pixels.withDensity(density ?? DEFAULT_PPI);
  return pixels.png({ compressionLevel: PNG_COMPRESSION_LEVEL }).toBuffer();
}
