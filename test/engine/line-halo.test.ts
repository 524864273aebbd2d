/**
 * The network's dark rim along the lines taken away (src/model/line-halo.ts).
 */
import { clearLineHalo } from '../../src/model/line-halo';
import { valuePaperRows } from '../../src/model/page-grid';
import type { LineValues } from '../../src/model/linewidth';
import type { RgbaImage } from '../../src/model/types';
import { solidImage } from '../helpers/synthetic';

const [W, H] = [40, 12];
const RED = [200, 60, 50];
const BLUE = [60, 90, 210];

/** A vertical line at columns 19-20 (line value `ink`; a 2 px strand of paper at 30-31 between lines at 29 and 32 when `strand`). */
function lineValues(ink: number, strand = false): LineValues {
  const values = new Float32Array(W * H).fill(1);
  for (let y = 0; y < H; y++) {
    values[y * W + 19] = ink;
    values[y * W + 20] = ink;
    if (strand) {
      values[y * W + 29] = 0;
      values[y * W + 32] = 0;
    }
  }
  return { width: W, height: H, at: (i) => values[i] };
}

/** Red left of the line, blue right, darkened toward the line over 3 px on each side as the network does; ink near black. */
function networkPage(): RgbaImage {
  const image = solidImage(W, H, [0, 0, 0, 255]);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const base = x < 20 ? RED : BLUE;
      const d = x < 19 ? 19 - x : x > 20 ? x - 20 : 0;
      const dark = d === 0 ? 0.1 : d <= 3 ? 0.4 + 0.15 * d : 1;
      image.data.set([...base.map((v) => Math.round(v * dark)), 255], (y * W + x) * 4);
    }
  }
  return image;
}

/** clearLineHalo with the paper flags of the same line values. */
const halo = (image: RgbaImage, line: LineValues, radius: number, multiplied: boolean, hint?: RgbaImage): number => clearLineHalo(image, valuePaperRows(line), line, radius, multiplied, hint);

const at = (image: RgbaImage, x: number, y = 5): number[] => Array.from(image.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 3));

describe('clearLineHalo', () => {
  it("gives the paper beside a line its own side's colour, never the other side's", () => {
    const image = networkPage();
    halo(image, lineValues(0), 3, false);
    for (const x of [16, 17, 18]) expect(at(image, x)).toEqual(RED);
    for (const x of [21, 22, 23]) expect(at(image, x)).toEqual(BLUE);
  });

  it('shows the shapes\' colour through a grey line multiplied over them, where the network painted it near black', () => {
    const image = networkPage();
    halo(image, lineValues(0.35), 3, true);
    // Ink takes the colour beside it (its own side's first), times the grey.
    expect(at(image, 19)).toEqual(RED.map((v) => Math.round(v * Math.fround(0.35))));
    expect(at(image, 20)).toEqual(BLUE.map((v) => Math.round(v * Math.fround(0.35))));
    expect(at(image, 18)).toEqual(RED); // paper: line value 1
  });

  it('keeps the colour of paper no clear paper reaches (a strand narrower than the rim) and of painted pixels', () => {
    const image = networkPage();
    for (let y = 0; y < H; y++) image.data.set([10, 200, 10, 255], (y * W + 30) * 4);
    const strand = at(image, 30);
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    hint.data[(5 * W + 17) * 4 + 3] = 255;
    const painted = at(image, 17);
    halo(image, lineValues(0, true), 3, false, hint);
    expect(at(image, 30)).toEqual(strand);
    expect(at(image, 17)).toEqual(painted);
    expect(at(image, 16)).toEqual(RED);
  });

  it('changes nothing without ink or with a radius of 0', () => {
    const image = networkPage();
    const before = Uint8ClampedArray.from(image.data);
    expect(halo(image, lineValues(1), 3, false)).toBe(0);
    expect(halo(image, lineValues(0), 0, false)).toBe(0);
    expect(image.data).toEqual(before);
  });
});
