/**
 * Settings read from the page's query string. They exist for tests and for
 * people on slow machines: swiftshader WebGPU (CPU-emulated) needs tiny
 * images to finish in seconds, so `?maxSide=96` scales every opened image
 * down before anything else sees it.
 *
 *   maxSide=N        scale opened images so the long side is at most N px (16..4096)
 *   workingScale=S   fixed working scale instead of 'auto' (0.125..4; the model works no smaller)
 *   backend=B        'auto' (default), 'webgpu' or 'wasm'
 */
import type { BackendPreference } from '../src/model';

export interface PageParams {
  readonly maxSide: number | undefined;
  readonly workingScale: number | 'auto';
  readonly backend: BackendPreference;
}

function boundedNumber(raw: string | null, min: number, max: number): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min && value <= max ? value : undefined;
}

export function readPageParams(search: string): PageParams {
  const query = new URLSearchParams(search);
  const maxSide = boundedNumber(query.get('maxSide'), 16, 4096);
  const workingScale = boundedNumber(query.get('workingScale'), 0.125, 4);
  const backend = query.get('backend');
  return {
    maxSide: maxSide === undefined ? undefined : Math.round(maxSide),
    workingScale: workingScale ?? 'auto',
    backend: backend === 'webgpu' || backend === 'wasm' ? backend : 'auto',
  };
}
