/**
 * Procedural test pages: anti-aliased strokes on white (or transparent)
 * paper and coloured hint dabs, deterministic from a seed. Stable: other
 * helpers' tests import it.
 */
import type { RgbaImage } from '../../src/model/types';

/** Small deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function distanceToSegment(px: number, py: number, s: Segment): number {
  const dx = s.x1 - s.x0;
  const dy = s.y1 - s.y0;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - s.x0) * dx + (py - s.y0) * dy) / len2));
  return Math.hypot(px - (s.x0 + t * dx), py - (s.y0 + t * dy));
}

/** Black strokes of `strokeWidth` px (1 px linear anti-aliasing) on opaque white paper, or on transparent paper. */
export function drawStrokes(width: number, height: number, segments: readonly Segment[], strokeWidth: number, transparentPaper = false): RgbaImage {
  const cover = new Float32Array(width * height);
  const reach = strokeWidth / 2 + 0.5;
  // Each segment only touches its own bounding box (grown by the stroke's reach).
  for (const s of segments) {
    const x0 = Math.max(0, Math.floor(Math.min(s.x0, s.x1) - reach));
    const x1 = Math.min(width - 1, Math.ceil(Math.max(s.x0, s.x1) + reach));
    const y0 = Math.max(0, Math.floor(Math.min(s.y0, s.y1) - reach));
    const y1 = Math.min(height - 1, Math.ceil(Math.max(s.y0, s.y1) + reach));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const c = Math.max(0, Math.min(1, reach - distanceToSegment(x + 0.5, y + 0.5, s)));
        const i = y * width + x;
        if (c > cover[i]) cover[i] = c;
      }
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, p = 0; i < cover.length; i++, p += 4) {
    if (transparentPaper) {
      data[p + 3] = Math.round(cover[i] * 255);
    } else {
      const v = Math.round(255 * (1 - cover[i]));
      data[p] = data[p + 1] = data[p + 2] = v;
      data[p + 3] = 255;
    }
  }
  return { width, height, data };
}

/** A closed polygon (as segments) approximating a circle. */
export function circle(cx: number, cy: number, r: number, sides = 48): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < sides; i++) {
    const a0 = (i / sides) * 2 * Math.PI;
    const a1 = ((i + 1) / sides) * 2 * Math.PI;
    out.push({ x0: cx + r * Math.cos(a0), y0: cy + r * Math.sin(a0), x1: cx + r * Math.cos(a1), y1: cy + r * Math.sin(a1) });
  }
  return out;
}

/** A closed axis-aligned rectangle (as segments) with corners (x0, y0) and (x1, y1). */
export function rectangle(x0: number, y0: number, x1: number, y1: number): Segment[] {
  return [
    { x0, y0, x1, y1: y0 },
    { x0: x1, y0, x1, y1 },
    { x0: x1, y0: y1, x1: x0, y1 },
    { x0, y0: y1, x1: x0, y1: y0 },
  ];
}

/** A page of random circles and lines, like simple lineart. */
export function syntheticLineart(width: number, height: number, strokeWidth: number, seed = 1): RgbaImage {
  const rand = seededRandom(seed);
  const segments: Segment[] = [];
  const shapes = Math.max(3, Math.round((width * height) / 6000));
  for (let i = 0; i < shapes; i++) {
    if (rand() < 0.5) {
      segments.push(...circle(rand() * width, rand() * height, 6 + rand() * Math.min(width, height) * 0.2));
    } else {
      segments.push({ x0: rand() * width, y0: rand() * height, x1: rand() * width, y1: rand() * height });
    }
  }
  return drawStrokes(width, height, segments, strokeWidth);
}

/** Transparent hint layer with a few opaque coloured discs. */
export function syntheticHint(width: number, height: number, seed = 2, dabs = 6): RgbaImage {
  const rand = seededRandom(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < dabs; i++) {
    const cx = rand() * width;
    const cy = rand() * height;
    const r = 3 + rand() * Math.min(width, height) * 0.08;
    const rgb = [rand() * 255, rand() * 255, rand() * 255].map(Math.round);
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(height, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(width, Math.ceil(cx + r)); x++) {
        if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > r) continue;
        const p = (y * width + x) * 4;
        data[p] = rgb[0];
        data[p + 1] = rgb[1];
        data[p + 2] = rgb[2];
        data[p + 3] = 255;
      }
    }
  }
  return { width, height, data };
}

/** A uniform RGBA image. */
export function solidImage(width: number, height: number, rgba: readonly [number, number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}
