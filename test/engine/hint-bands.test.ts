/**
 * Hint channels at a resampled working size, band by band and streamed for
 * the region fill (src/model/hint-bands.ts): the values must be the whole
 * planes' (preprocess.hintChannels), bit for bit, whatever the bands.
 */
import { hintBands } from '../../src/model/hint-bands';
import { hintChannels } from '../../src/model/preprocess';
import { planeHintPixels } from '../../src/model/regions';
import { resampleRows } from '../../src/model/resample';
import { syntheticHint } from '../helpers/synthetic';

const WIDTH = 97;
const HEIGHT = 211;
/** Paint only in the middle third of the rows: the rest are transparent rows, skipped as zeros. */
function middleHint() {
  const hint = syntheticHint(WIDTH, HEIGHT, 24, 5);
  for (let y = 0; y < HEIGHT; y++) if (y < HEIGHT / 3 || y > (2 * HEIGHT) / 3) hint.data.fill(0, y * WIDTH * 4, (y + 1) * WIDTH * 4);
  return hint;
}

describe.each([
  ['shrunk', 61, 133],
  ['enlarged', 150, 320],
])('hint bands (%s to %i x %i)', (_, width, height) => {
  const hint = middleHint();
  const whole = hintChannels(hint, 0.8, width, height);

  it('are made by hintChannels with the sums of resampling the float32 channel rows (skipped transparent pixels change no bit)', () => {
    const rows = resampleRows(WIDTH, HEIGHT, width, height, 4, (y, [r, g, b, m]) => {
      for (let x = 0; x < WIDTH; x++) {
        const p = (y * WIDTH + x) * 4;
        const mask = (hint.data[p + 3] / 255) * 0.8;
        r[x] = (hint.data[p] / 255) * mask;
        g[x] = (hint.data[p + 1] / 255) * mask;
        b[x] = (hint.data[p + 2] / 255) * mask;
        m[x] = mask;
      }
    });
    expect(whole.r.data).toEqual(rows[0].data);
    expect(whole.g.data).toEqual(rows[1].data);
    expect(whole.b.data).toEqual(rows[2].data);
    expect(whole.mask.data).toEqual(rows[3].data);
  });

  it('are the same from bytes that cannot be read as 32-bit pixels (unaligned: each painted row copied first)', () => {
    const shifted = new Uint8Array(hint.data.length + 1);
    shifted.set(hint.data, 1);
    const fromBytes = hintChannels({ width: WIDTH, height: HEIGHT, data: shifted.subarray(1) }, 0.8, width, height);
    expect(fromBytes.r.data).toEqual(whole.r.data);
    expect(fromBytes.g.data).toEqual(whole.g.data);
    expect(fromBytes.b.data).toEqual(whole.b.data);
    expect(fromBytes.mask.data).toEqual(whole.mask.data);
  });

  it('give the whole planes\u2019 rows for overlapping bands in tile order, for a band asked twice, and for a jump back', () => {
    const bands = hintBands(hint, 0.8, width, height);
    const ranges: Array<[number, number]> = [];
    for (let top = 0; top < height; top += 40) ranges.push([top, Math.min(56, height - top)]);
    ranges.push(ranges[1], [0, 30]);
    let painted = 0;
    for (const [top, rows] of ranges) {
      const band = bands.rows(top, rows);
      expect(band.top).toBe(top);
      for (const channel of ['r', 'g', 'b', 'mask'] as const) {
        const expected = whole[channel].data.subarray(top * width, (top + rows) * width);
        expect(band.planes[channel].data).toEqual(expected);
        if (channel === 'mask') painted += expected.filter((v) => v > 0).length;
      }
    }
    expect(painted).toBeGreaterThan(100);
  });

  it('stream every painted pixel for the fill, in index order, with the planes\u2019 values', () => {
    const seen: number[][] = [];
    const expected: number[][] = [];
    hintBands(hint, 0.8, width, height).pixels((...values) => seen.push(values));
    planeHintPixels(whole.r.data, whole.g.data, whole.b.data, whole.mask.data)((...values) => expected.push(values));
    expect(expected.length).toBeGreaterThan(100);
    expect(seen).toEqual(expected);
  });
});

describe('resampling rows with zero rows skipped', () => {
  it('gives the same planes as reading those rows as zeros', () => {
    const value = (x: number, y: number): number => Math.sin(x * 0.3) * Math.cos(y * 0.11);
    const zero = (y: number): boolean => y % 3 !== 0;
    const skipped = resampleRows(40, 50, 17, 23, 2, (y, rows) => {
      if (zero(y)) return false;
      for (let x = 0; x < 40; x++) rows[0][x] = rows[1][x] = value(x, y);
      return true;
    });
    const read = resampleRows(40, 50, 17, 23, 2, (y, rows) => {
      for (let x = 0; x < 40; x++) rows[0][x] = rows[1][x] = zero(y) ? 0 : value(x, y);
    });
    expect(skipped[0].data).toEqual(read[0].data);
    expect(skipped[1].data).toEqual(read[1].data);
    expect(Math.max(...read[0].data)).toBeGreaterThan(0.1);
  });
});
