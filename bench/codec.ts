/** PNG in and out with sharp, as the CLI does: part of a page's measured time. */
import sharp from 'sharp';
import type { RgbaImage } from '../src/model/types';

export async function decodePng(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`${file}: expected 4 channels after ensureAlpha, got ${info.channels}`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export async function encodePng(image: RgbaImage): Promise<Buffer> {
  // A view, not a copy: the result buffer can be 64 MB at 4096x4096.
  const view = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return sharp(view, { raw: { width: image.width, height: image.height, channels: 4 } }).png().toBuffer();
}
