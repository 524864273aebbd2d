/** Summaries of repeated measurements: every figure the bench reports is a median with its spread. */

export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many samples the figure summarises. */
  readonly runs: number;
  readonly unit: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Rounds to 4 significant digits so result files stay readable without losing the spread. */
function tidy(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(4));
}

export function summarize(samples: readonly number[], unit: string): Figure {
  if (samples.length === 0) throw new Error(`no samples for a figure in ${unit}`);
  for (const s of samples) {
    if (!Number.isFinite(s)) throw new Error(`non-finite sample ${s} (${unit})`);
  }
  return {
    median: tidy(median(samples)),
    min: tidy(Math.min(...samples)),
    max: tidy(Math.max(...samples)),
    runs: samples.length,
    unit,
  };
}
