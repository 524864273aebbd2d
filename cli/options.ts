import { InvalidArgumentError } from 'commander';
import { DEFAULT_SHADING_STRENGTH, LIGHT_DIRECTIONS, lightFromText, MAX_GAP_RADIUS, type Contract, type LightDirection, type ShadingOptions } from '../src/model';
import { CliError, EXIT_USAGE } from './errors';
import type { CliBackendName } from './backends';

/** Options shared by `colorize` and `batch`, as commander hands them over. */
export interface CommonOptions {
  output: string;
  backend: CliBackendName;
  psd?: boolean;
  strength?: number;
  scale: number | 'auto';
  closeGaps?: number;
  keepStrokes?: boolean;
  /** commander's --no-white-paper: true unless given. */
  whitePaper?: boolean;
  leaveMargins?: boolean;
  light?: LightDirection | number | 'off';
  shade?: number;
  threads?: number;
  model?: string;
  contract?: string;
  /** PSD pages: the lineart and hint layers by name (default: found by their names, psd.readPagePsd). */
  lineartLayer?: string;
  hintLayer?: string;
}

export function parseStrength(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('expected a number from 0 (ignore the hint) to 1 (as painted), e.g. --strength 0.5');
  }
  return n;
}

export function parseScale(value: string): number | 'auto' {
  if (value.trim().toLowerCase() === 'auto') return 'auto';
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 8) {
    throw new InvalidArgumentError("expected 'auto' or a factor above 0 and at most 8, e.g. --scale 0.5");
  }
  return n;
}

/** --scale against the model's smallest working scale (its contract): a typo such as 0.0001 is refused before any work. */
export function checkScaleForModel(scale: number | 'auto', contract: Contract): void {
  const min = contract.geometry.minWorkingScale;
  if (scale !== 'auto' && scale < min) {
    throw new CliError(`--scale ${scale} is below the model's smallest working scale, ${min}: the page would shrink to nothing useful. Use --scale ${min} or more, or --scale auto.`, EXIT_USAGE);
  }
}

export function parseCloseGaps(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_GAP_RADIUS) {
    throw new InvalidArgumentError(`expected a whole number of pixels from 0 (no closing) to ${MAX_GAP_RADIUS}, e.g. --close-gaps 4`);
  }
  return n;
}

export function parseMinRegion(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 1_000_000) {
    throw new InvalidArgumentError('expected a whole number of pixels, 0 (keep every region) or more, e.g. --min-region 36');
  }
  return n;
}

export function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new InvalidArgumentError('expected a whole number of threads from 1 to 256, e.g. --threads 2');
  }
  return n;
}

const LIGHT_NAMES = Object.keys(LIGHT_DIRECTIONS).join(', ');

export function parseLight(raw: string): LightDirection | number | 'off' {
  const value = raw.trim().toLowerCase(); // "Top-Left" is meant as top-left
  if (value === 'off') return value;
  const light = lightFromText(value);
  if (light === undefined) {
    throw new InvalidArgumentError(`expected ${LIGHT_NAMES}, an angle in degrees counter-clockwise from the right (135 = top-left), or off`);
  }
  return light;
}

export function parseShade(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('expected a number from 0 (no shading) to 1 (black shadows), e.g. --shade 0.35');
  }
  return n;
}

/**
 * The form shading the options ask for, or undefined for none: --light
 * alone shades at the default strength, --shade alone lights from the top
 * left (how most painted work is lit), and "--light off" or "--shade 0" turn it off.
 */
export function shadingFrom(opts: Pick<CommonOptions, 'light' | 'shade'>): ShadingOptions | undefined {
  if (opts.light === undefined && opts.shade === undefined) return undefined;
  if (opts.light === 'off' || opts.shade === 0) return undefined;
  return { light: opts.light ?? 'top-left', strength: opts.shade ?? DEFAULT_SHADING_STRENGTH };
}
