/**
 * Hint channels at a resampled working size, band by band and streamed for
 * the region fill (src/model/hint-bands.ts): the values must be the whole
 * planes' (preprocess.hintChannels), bit for bit, whatever the bands.
 */
import { hintBands } from '../../src/model/hint-bands';
import { hintChannels } from '../../src/model/preprocess';
import { planeHintPixels, type HintPixelSource } from '../../src/model/regions';
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

  it('give the same rows from what the fill read, once it has, without reading the hint again', () => {
    const copy = { width: WIDTH, height: HEIGHT, data: Uint8ClampedArray.from(hint.data) };
    const bands = hintBands(copy, 0.8, width, height);
    let runs = 0;
    bands.pixels(() => runs++);
    expect(runs).toBeGreaterThan(10);
    // Bytes changed after the fill's read are not seen: the bands are written from the kept runs.
    copy.data.fill(255);
    const ranges: Array<[number, number]> = [];
    for (let top = 0; top < height; top += 40) ranges.push([top, Math.min(56, height - top)]);
    ranges.push(ranges[1], [0, 30], [height - 7, 7]);
    for (const [top, rows] of ranges) {
      const band = bands.rows(top, rows);
      for (const channel of ['r', 'g', 'b', 'mask'] as const) {
        expect(band.planes[channel].data).toEqual(whole[channel].data.subarray(top * width, (top + rows) * width));
      }
    }
  });

  it('stream every painted pixel for the fill, in index order, with the planes\u2019 values (runs of one value merged)', () => {
    /** A source's pixels one by one: [index, r, g, b, mask]. */
    const perPixel = (source: HintPixelSource): number[][] => {
      const out: number[][] = [];
      source((from, to, ...values) => {
        for (let i = from; i < to; i++) out.push([i, ...values]);
      });
      return out;
    };
    const bands = hintBands(hint, 0.8, width, height);
    const expected = perPixel(planeHintPixels(whole.r.data, whole.g.data, whole.b.data, whole.mask.data));
    expect(expected.length).toBeGreaterThan(100);
    expect(perPixel(bands.pixels)).toEqual(expected);
    expect(perPixel(bands.pixels)).toEqual(expected); // replayed
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

describe('hint rows narrowed only where painted', () => {
  /** hintChannels' planes from resampling the float32 channel rows of every pixel (no pixel skipped). */
  function reference(hint: { width: number; height: number; data: Uint8ClampedArray }, width: number, height: number) {
    return resampleRows(hint.width, hint.height, width, height, 4, (y, [r, g, b, m]) => {
      for (let x = 0; x < hint.width; x++) {
        const p = (y * hint.width + x) * 4;
        const mask = hint.data[p + 3] / 255;
        [r[x], g[x], b[x], m[x]] = [(hint.data[p] / 255) * mask, (hint.data[p + 1] / 255) * mask, (hint.data[p + 2] / 255) * mask, mask];
      }
    });
  }

  it('gives every output the sums of all its taps, for a painted run at every position, shrinking and growing', () => {
    let compared = 0;
    for (const srcWidth of [1, 2, 3, 5, 8, 13, 24]) {
      for (const dstWidth of [1, 2, 3, 7, 11, 24, 40]) {
        for (const run of [1, 2, 9]) {
          for (let start = 0; start < srcWidth; start++) {
            // One row: a run of two colours (one pixel half transparent) from `start`, transparent around it.
            const data = new Uint8ClampedArray(srcWidth * 4);
            for (let x = start; x < Math.min(srcWidth, start + run); x++) data.set(x % 2 === 0 ? [200, 40, 90, 255] : [10, 250, 30, 128], x * 4);
            const hint = { width: srcWidth, height: 1, data };
            const got = hintChannels(hint, 1, dstWidth, 1);
            const expected = reference(hint, dstWidth, 1);
            expect([got.r.data, got.g.data, got.b.data, got.mask.data]).toEqual(expected.map((plane) => plane.data));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(7 * 3 * (1 + 2 + 3 + 5 + 8 + 13 + 24));
  });
});
