/** PNG in and out with sharp, as the CLI does: part of a page's measured time. */
import sharp from 'sharp';
import type { RgbaImage } from '../src/model/types';

// The result is encoded exactly as the CLI writes it (RGB, the CLI's zlib
// level), so the page figures measure the product's path, not a bench-only one.
export { encodePng } from '../cli/image-io';

export async function decodePng(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`${file}: expected 4 channels after ensureAlpha, got ${info.channels}`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
