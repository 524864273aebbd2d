/**
 * The region fill's fringe guard (src/model/fill-fringe.ts): a region whose
 * only paint is a stroke's faint resampled fringe from across a thin line
 * takes no fill; strokes, and a faint glaze painted over a region, keep theirs.
 */
import { createColorizer } from '../../src/model';
import { FRINGE_MASK, FRINGE_SHARE, withoutFringeFills } from '../../src/model/fill-fringe';
import { labelPaperRegions, planePaperRows, regionAt } from '../../src/model/paper-regions';
import { fillOfRegions, planeHintPixels } from '../../src/model/regions';
import * as path from 'path';
import { fillEchoBackend } from '../helpers/backends';
import { loadContract, REPO_ROOT } from '../helpers/engine';
import { readPng } from '../helpers/png';

const W = 100;
const H = 60;

/** Ink (0) down column 50: left and right halves are two regions. */
function twoHalves(): Float32Array {
  const line = new Float32Array(W * H).fill(1);
  for (let y = 0; y < H; y++) line[y * W + 50] = 0;
  return line;
}

/** The fill of the two halves with paint at `painted` pixels (index -> mask), all red. */
function fillWith(painted: Map<number, number>) {
  const r = new Float32Array(W * H);
  const mask = new Float32Array(W * H);
  for (const [i, m] of painted) {
    mask[i] = m;
    r[i] = m; // premultiplied
  }
  const regions = labelPaperRegions(W, H, planePaperRows(twoHalves(), W, H), 0);
  return fillOfRegions(regions, planeHintPixels(r, new Float32Array(W * H), new Float32Array(W * H), mask));
}

const left = (x: number, y: number): number => y * W + x;
const right = (x: number, y: number): number => y * W + 51 + x;

describe('the fringe guard', () => {
  it('clears a region painted only faintly over a few pixels, and leaves a stroke beside it', () => {
    const painted = new Map<number, number>();
    for (let y = 10; y < 40; y++) for (let x = 30; x < 49; x++) painted.set(left(x, y), 1); // a stroke on the left
    for (let y = 10; y < 20; y++) painted.set(right(0, y), 0.3); // its fringe across the line: 10 of 1,470 px
    const fill = fillWith(painted);
    const [l, r] = [regionAt(fill.regions, left(5, 5)), regionAt(fill.regions, right(20, 5))];
    expect(fill.table[r * 4 + 3]).toBeCloseTo(0.3, 5); // unguarded, the right half is painted
    const guarded = withoutFringeFills(fill);
    expect(guarded.table[r * 4 + 3]).toBe(0);
    expect(guarded.fillOf[fill.regions.labels[right(20, 5)]]).toBe(0);
    expect(guarded.table[l * 4 + 3]).toBe(1);
    expect(fill.table[r * 4 + 3]).toBeCloseTo(0.3, 5); // the fill given is not changed
  });

  it('keeps a faint glaze painted over a region, a faint stroke with a strong core, and a fill with no faint region as it is', () => {
    const glaze = new Map<number, number>();
    for (let y = 0; y < 20; y++) for (let x = 0; x < 49; x++) glaze.set(right(x, y), FRINGE_MASK - 0.2); // 20 % of the right half
    expect(withoutFringeFills(fillWith(glaze)).table[regionAt(fillWith(glaze).regions, right(20, 5)) * 4 + 3]).toBeGreaterThan(0);
    const cored = new Map<number, number>([[right(5, 5), 0.1], [right(6, 5), FRINGE_MASK]]);
    const coredFill = fillWith(cored);
    expect(withoutFringeFills(coredFill)).toBe(coredFill);
    const tiny = new Map<number, number>([[right(5, 5), 0.2]]);
    expect(1 / (49 * H)).toBeLessThan(FRINGE_SHARE);
    expect(withoutFringeFills(fillWith(tiny)).table[regionAt(fillWith(tiny).regions, right(5, 5)) * 4 + 3]).toBe(0);
  });

  it("through colorize at 'auto': the README portrait with its hood stroke carried past the outline fills the hood, not the page around", async () => {
    // The stroke's stub past the outline is taken out (spill.ts); what remains ends at the outline's inner
    // edge, and its resampled fringe reached 27 working pixels of the page around (masks up to 0.38).
    const lineart = readPng(path.join(REPO_ROOT, 'examples', 'portrait-lineart.png'));
    const hint = readPng(path.join(REPO_ROOT, 'test', 'fixtures', 'hints', 'portrait-hood-slip.png'));
    const { image, workingScale } = await createColorizer({ contract: loadContract(), backend: fillEchoBackend() }).colorize(lineart, hint, {
      restoreLines: false,
      whitePaper: false,
      fillWhitePatches: false,
      clearLineHalo: false,
    });
    expect(workingScale).toBeLessThan(1);
    const at = (x: number, y: number): number[] => Array.from(image.data.subarray((y * lineart.width + x) * 4, (y * lineart.width + x) * 4 + 3));
    for (const [x, y] of [[5, 5], [20, 600], [630, 300], [250, 20]]) expect(at(x, y)).toEqual([0, 0, 0]); // the page around
    expect(at(215, 130)[0]).toBeGreaterThan(20); // the hood: the stroke's brown
  });
});
