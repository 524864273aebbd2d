/**
 * Deterministic synthetic pages: lineart (black strokes on white, like an
 * inked page) and a sparse colour hint (opaque blobs on transparency, like a
 * hint layer). Drawn as SVG and rasterised by sharp, cached as PNG so every
 * run decodes the same bytes. Strokes are max(1.5, size/1024) px wide, so a
 * 4096 page has 4 px lines: what 'auto' working scale sees on a scanned page.
 */
import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';

/** Small fast seeded PRNG (mulberry32): same page on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function strokeWidthFor(size: number): number {
  return Math.max(1.5, size / 1024);
}

export function lineartSvg(size: number, seed = 1): string {
  const rnd = prng(seed);
  const w = strokeWidthFor(size);
  const f = (x: number): string => x.toFixed(1);
  const parts: string[] = [];
  // Panel borders: a 2x3 grid like a comic page.
  const m = size * 0.04;
  const pw = (size - 3 * m) / 2;
  const ph = (size - 4 * m) / 3;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 2; c++) {
      parts.push(`<rect x="${f(m + c * (pw + m))}" y="${f(m + r * (ph + m))}" width="${f(pw)}" height="${f(ph)}" stroke-width="${f(w * 1.5)}"/>`);
    }
  }
  // Curves and closed shapes, density proportional to area (about 12 per megapixel).
  const count = Math.max(4, Math.round((size * size) / 1e6 * 12));
  for (let i = 0; i < count; i++) {
    const x = rnd() * size;
    const y = rnd() * size;
    const s = size * (0.02 + rnd() * 0.08);
    if (rnd() < 0.35) {
      parts.push(`<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(s * (0.3 + rnd()))}" ry="${f(s * (0.3 + rnd()))}" stroke-width="${f(w)}"/>`);
    } else {
      const p = (): string => `${f(x + (rnd() - 0.5) * 2 * s)} ${f(y + (rnd() - 0.5) * 2 * s)}`;
      parts.push(`<path d="M${f(x)} ${f(y)} C${p()}, ${p()}, ${p()} S${p()}, ${p()}" stroke-width="${f(w * (0.6 + rnd() * 0.8))}"/>`);
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<g fill="none" stroke="#111" stroke-linecap="round" stroke-linejoin="round">${parts.join('')}</g></svg>`
  );
}

export function hintSvg(size: number, seed = 2): string {
  const rnd = prng(seed);
  const f = (x: number): string => x.toFixed(1);
  const parts: string[] = [];
  const count = Math.max(3, Math.round((size * size) / 1e6 * 8));
  for (let i = 0; i < count; i++) {
    const r = Math.round(rnd() * 255);
    const g = Math.round(rnd() * 255);
    const b = Math.round(rnd() * 255);
    const x = rnd() * size;
    const y = rnd() * size;
    const rad = size * (0.01 + rnd() * 0.04);
    parts.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(rad)}" fill="rgb(${r},${g},${b})"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">${parts.join('')}</svg>`;
}

export interface PageFiles {
  readonly size: number;
  readonly lineartPng: string;
  readonly hintPng: string;
}

/**
 * How the page's lineart is stored: opaque grey on white (a scan, lineart
 * drawn on white), or the same ink on a transparent layer (black, alpha
 * 255 - grey: Photoshop's usual lineart layer). The same line values.
 */
export type LineartKind = 'opaque' | 'transparent';

/** Writes (once) the page's two PNGs under cacheDir and returns their paths. */
export async function ensurePage(size: number, cacheDir: string, kind: LineartKind = 'opaque'): Promise<PageFiles> {
  fs.mkdirSync(cacheDir, { recursive: true });
  const opaquePng = path.join(cacheDir, `lineart-${size}.png`);
  const lineartPng = kind === 'opaque' ? opaquePng : path.join(cacheDir, `lineart-transparent-${size}.png`);
  const hintPng = path.join(cacheDir, `hint-${size}.png`);
  if (!fs.existsSync(opaquePng)) {
    await sharp(Buffer.from(lineartSvg(size))).png().toFile(opaquePng + '.part');
    fs.renameSync(opaquePng + '.part', opaquePng);
  }
  if (!fs.existsSync(lineartPng)) {
    const { data, info } = await sharp(opaquePng).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const ink = Buffer.alloc(data.length);
    for (let i = 0; i < data.length; i += 4) ink[i + 3] = 255 - data[i]; // RGB 0; the grey level becomes coverage
    await sharp(ink, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toFile(lineartPng + '.part');
    fs.renameSync(lineartPng + '.part', lineartPng);
  }
  if (!fs.existsSync(hintPng)) {
    await sharp(Buffer.from(hintSvg(size))).png().toFile(hintPng + '.part');
    fs.renameSync(hintPng + '.part', hintPng);
  }
  return { size, lineartPng, hintPng };
}
