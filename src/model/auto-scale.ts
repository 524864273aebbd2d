/**
 * The working scale 'auto' picks, from two measures of the page:
 *
 *   d = how far the enclosed paper is from the nearest line (interior-distance.ts)
 *   w = the median stroke width (linewidth.ts)
 *
 * Each is compared with its target (the contract's geometry.autoScale): the
 * network was trained on figures whose inside is about interiorPx from a
 * line and whose strokes are about strokePx wide at the working scale.
 * scale = (geometric mean of interiorPx / d and strokePx / w) ** exponent,
 * at most maxScale; with one measure missing (nothing enclosed, too little
 * ink) the other alone; with neither, 1.
 *
 * Why both (training/NOTES.md, session 9): the interior distance tells an
 * open figure that would be painted with white patches from a detailed one,
 * but on big pages whose lines leak it finds little or nothing enclosed; the
 * stroke width grows with a page's resolution whatever the lines enclose.
 * On 576 validation pages from 1x to 6x their geometric mean scored better
 * than either alone.
 */
import type { AutoScalePolicy, Contract } from './types';

/** The working scale for measured interior distance d and stroke width w (page pixels; undefined = not measurable). */
export function autoScaleFor(interior: number | undefined, stroke: number | undefined, policy: AutoScalePolicy, contract: Contract): number {
  const ratios: number[] = [];
  if (interior !== undefined && interior > 0) ratios.push(policy.interiorPx / interior);
  if (stroke !== undefined && stroke > 0) ratios.push(policy.strokePx / stroke);
  // Nothing measurable: nothing says the page needs resizing (a mean of 1, so 1 at any exponent).
  const geometricMean = ratios.length === 0 ? 1 : ratios.reduce((a, b) => a * b, 1) ** (1 / ratios.length);
  const wanted = geometricMean ** policy.exponent;
  const { minWorkingScale, maxWorkingScale } = contract.geometry;
  return Math.min(policy.maxScale, maxWorkingScale, Math.max(minWorkingScale, wanted));
}
