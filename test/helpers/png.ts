/** PNG <-> RgbaImage for tests (pngjs). Stable: other helpers' tests import it. */
import * as fs from 'fs';
import * as path from 'path';
import { PNG } from 'pngjs';
import type { RgbaImage } from '../../src/model/types';

export function readPng(file: string): RgbaImage {
  const png = PNG.sync.read(fs.readFileSync(file));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
}

export function writePng(file: string, image: RgbaImage): void {
  const png = new PNG({ width: image.width, height: image.height });
  Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length).copy(png.data);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(png));
}

/** Little-endian float32 file -> Float32Array (copied, so alignment never matters). */
export function readFloat32(file: string): Float32Array {
  const bytes = fs.readFileSync(file);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
