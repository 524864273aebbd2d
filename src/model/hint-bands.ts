/**
 * The hint channels at a working size other than the page's, without
 * working-size planes (four float planes: 100 MiB for a 4096 page at 0.6):
 * the tiles read them one band of working rows at a time, and the region
 * fill reads every painted working pixel from a stream. Both come from the
 * RGBA hint through the same filters as preprocess.hintChannels, so the
 * values are the ones its planes would hold, bit for bit.
 *
 * The fill resamples the hint once, keeping what it read as runs of one
 * value (regions.KeptHintPixels); the bands are then written from those
 * runs, not resampled again: its painted pixels hold exactly the values the
 * fill read (float32), and every other pixel is 0 in all four channels
 * (weights are positive and colour is premultiplied: no paint, no colour).
 * Where nothing is kept (no fill, or a hint of too many runs), the bands are
 * resampled (rows the next tile row shares are slid up, not resampled);
 * rows with no paint cost only the scan that finds them empty.
 */
import type { RgbaImage } from './types';
import { hintNarrowedReader, type HintPlanes } from './preprocess';
import { axisWeights, resampleNarrowedRowRange, type NarrowedRowReader } from './resample';
import { KeptHintPixels, type HintPixelSource } from './regions';

/** Working rows of the four channels: `planes`' first row is working row `top`. */
export interface HintBand {
  readonly planes: HintPlanes;
  readonly top: number;
}

export interface HintBands {
  /**
   * Working rows top .. top + rows (float32, as hintChannels' planes hold
   * them), in a buffer the next band with another top reuses.
   */
  rows(top: number, rows: number): HintBand;
  /** Every working pixel with paint (mask > 0), in index order, as the fill reads it; kept as first read. */
  readonly pixels: HintPixelSource;
}

export function hintBands(hint: RgbaImage, strength: number, width: number, height: number): HintBands {
  const xw = axisWeights(hint.width, width);
  const yw = axisWeights(hint.height, height);
  const read: NarrowedRowReader = hintNarrowedReader(hint, strength, xw);
  const kept = new KeptHintPixels((visit) => {
    resampleNarrowedRowRange(xw, yw, 4, read, (y, [r, g, b, mask]) => {
      for (let x = 0; x < width; x++) {
        const m = Math.fround(mask[x]);
        if (m > 0) visit(y * width + x, y * width + x + 1, Math.fround(r[x]), Math.fround(g[x]), Math.fround(b[x]), m);
      }
    });
  });
  let buffers: Float32Array[] = [];
  let band: HintBand | undefined;
  return {
    rows(top, rows) {
      if (band && band.top === top && band.planes.mask.height === rows) return band;
      if (buffers.length === 0 || buffers[0].length < width * rows) {
        buffers = [0, 1, 2, 3].map(() => new Float32Array(width * rows));
        band = undefined;
      }
      // Tile rows overlap: rows the last band already holds are slid up, not made again.
      let from = top;
      if (band && top >= band.top && top < band.top + band.planes.mask.height) {
        const held = Math.min(band.top + band.planes.mask.height, top + rows) - top;
        for (const data of buffers) data.copyWithin(0, (top - band.top) * width, (top - band.top + held) * width);
        from = top + held;
      }
      const [r, g, b, mask] = buffers.map((data) => ({ width, height: rows, data: data.subarray(0, width * rows) }));
      const out = [r.data, g.data, b.data, mask.data];
      if (from < top + rows && kept.replayable) {
        const origin = top * width;
        for (const data of out) data.fill(0, (from - top) * width);
        kept.within(from * width, (top + rows) * width, (start, end, vr, vg, vb, vm) => {
          out[0].fill(vr, start - origin, end - origin);
          out[1].fill(vg, start - origin, end - origin);
          out[2].fill(vb, start - origin, end - origin);
          out[3].fill(vm, start - origin, end - origin);
        });
      } else if (from < top + rows) {
        resampleNarrowedRowRange(xw, yw, 4, read, (i, acc) => {
          for (let c = 0; c < 4; c++) out[c].set(acc[c], (i - top) * width);
        }, from, top + rows);
      }
      band = { planes: { r, g, b, mask }, top };
      return band;
    },
    pixels: kept.pixels,
  };
}
