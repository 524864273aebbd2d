import { InvalidArgumentError } from 'commander';
import { MAX_GAP_RADIUS } from '../src/model';
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
  threads?: number;
  model?: string;
  contract?: string;
}

export function parseStrength(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('expected a number from 0 (ignore the hint) to 1 (as painted), e.g. --strength 0.5');
  }
  return n;
}

export function parseScale(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 8) {
    throw new InvalidArgumentError("expected 'auto' or a factor above 0 and at most 8, e.g. --scale 0.5");
  }
  return n;
}

export function parseCloseGaps(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_GAP_RADIUS) {
    throw new InvalidArgumentError(`expected a whole number of pixels from 0 (no closing) to ${MAX_GAP_RADIUS}, e.g. --close-gaps 4`);
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
