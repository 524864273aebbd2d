/**
 * Opening images (files, dropped files, the bundled example) and saving the
 * result. Every failure becomes a DemoError whose message is written for the
 * person at the page, not for a developer console.
 */
import type { RgbaImage } from '../src/model';
import { DemoError } from './demo-error';

/** The largest page the demo opens: bigger ones exhaust a tab's memory during tiling. */
export const MAX_SIDE = 4096;
export const MAX_PIXELS = 4096 * 4096;

export { DemoError };

export interface OpenedImage {
  readonly name: string;
  /** Pixels at the size the demo works with (after any ?maxSide downscale). */
  readonly image: RgbaImage;
  /** The file's own size, to tell the person what was opened. */
  readonly fileWidth: number;
  readonly fileHeight: number;
}

/** The size an image gets when its long side must not exceed maxSide. */
export function fitWithin(width: number, height: number, maxSide: number | undefined): { width: number; height: number } {
  if (maxSide === undefined || Math.max(width, height) <= maxSide) return { width, height };
  const scale = maxSide / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function decode(blob: Blob, name: string): Promise<ImageBitmap> {
  if (blob.type !== '' && !blob.type.startsWith('image/')) {
    throw new DemoError(`“${name}” is not an image (it is ${blob.type}). Open a PNG, JPEG or WebP picture of your lineart.`);
  }
  try {
    return await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    throw new DemoError(`“${name}” could not be read as an image. Open a PNG, JPEG or WebP picture of your lineart.`);
  }
}

function checkSize(width: number, height: number, name: string): void {
  if (width === 0 || height === 0) throw new DemoError(`“${name}” is empty (0 pixels).`);
}

/** Whether a picture is larger than the demo works at (it is then opened scaled down to MAX_SIDE). */
export function beyondLimit(width: number, height: number): boolean {
  return Math.max(width, height) > MAX_SIDE || width * height > MAX_PIXELS;
}

/** Draws a bitmap at the given size and reads it back as straight-alpha RGBA bytes. */
export function rasterize(source: CanvasImageSource, width: number, height: number): RgbaImage {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new DemoError('This browser could not create a 2D canvas, which the demo needs.');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, width, height);
  const { data } = ctx.getImageData(0, 0, width, height);
  return { width, height, data };
}

export async function openImage(blob: Blob, name: string, maxSide: number | undefined): Promise<OpenedImage> {
  const bitmap = await decode(blob, name);
  try {
    checkSize(bitmap.width, bitmap.height, name);
    // A page larger than the demo works at (a 600 dpi scan) is opened scaled down, not refused.
    const size = fitWithin(bitmap.width, bitmap.height, Math.min(maxSide ?? MAX_SIDE, MAX_SIDE));
    return { name, image: rasterize(bitmap, size.width, size.height), fileWidth: bitmap.width, fileHeight: bitmap.height };
  } finally {
    bitmap.close();
  }
}

/** Reads a same-origin file shipped with the demo (the example pictures). */
export async function fetchBlob(url: string, what: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new DemoError(`Could not load ${what}: the demo server is not answering. Is \`npm run demo\` still running?`);
  }
  if (!response.ok) throw new DemoError(`Could not load ${what} (${url}: HTTP ${response.status}). Rebuild the demo with \`npm run demo\`.`);
  return response.blob();
}

/**
 * A hint picture for a page whose file is `page.fileWidth` x `page.fileHeight` (the example's, or
 * one the artist opens), read at the size the page was opened at, so it is scaled like its lineart;
 * refused, with the two sizes, when it is not the page's size.
 */
export async function openHintImage(blob: Blob, name: string, page: OpenedImage): Promise<RgbaImage> {
  const bitmap = await decode(blob, name);
  try {
    if (bitmap.width !== page.fileWidth || bitmap.height !== page.fileHeight) {
      throw new DemoError(`“${name}” is ${bitmap.width} × ${bitmap.height} px but the lineart is ${page.fileWidth} × ${page.fileHeight}: a hint picture must be the lineart's size.`);
    }
    return rasterize(bitmap, page.image.width, page.image.height);
  } finally {
    bitmap.close();
  }
}

export function putImage(canvas: HTMLCanvasElement, image: RgbaImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new DemoError('This browser could not create a 2D canvas, which the demo needs.');
  const pixels = new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
  ctx.putImageData(pixels, 0, 0);
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new DemoError('The browser could not encode the result as PNG.'))), 'image/png');
  });
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
