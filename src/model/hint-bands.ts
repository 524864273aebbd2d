/**
 * The hint channels at a working size other than the page's, without
 * working-size planes (four float planes: 100 MiB for a 4096 page at 0.6):
 * the tiles read them one band of working rows at a time, and the region
 * fill reads every painted working pixel from a stream. Both come from the
 * RGBA hint through the same filters as preprocess.hintChannels, so the
 * values are the ones its planes would hold, bit for bit.
 *
 * The price is arithmetic: the fill resamples the hint once, and the bands
 * once more (rows the next tile row shares are slid up, not resampled); rows
 * with no paint cost only the scan that finds them empty.
 */
import type { RgbaImage } from './types';
import { hintNarrowedReader, type HintPlanes } from './preprocess';
import { axisWeights, resampleNarrowedRowRange, type NarrowedRowReader } from './resample';
import type { HintPixelSource } from './regions';

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
  /** Every working pixel with paint (mask > 0), in index order, as the fill reads it. */
  readonly pixels: HintPixelSource;
}

export function hintBands(hint: RgbaImage, strength: number, width: number, height: number): HintBands {
  const xw = axisWeights(hint.width, width);
  const yw = axisWeights(hint.height, height);
  const read: NarrowedRowReader = hintNarrowedReader(hint, strength, xw);
  let buffers: Float32Array[] = [];
  let band: HintBand | undefined;
  return {
    rows(top, rows) {
      if (band && band.top === top && band.planes.mask.height === rows) return band;
      if (buffers.length === 0 || buffers[0].length < width * rows) {
        buffers = [0, 1, 2, 3].map(() => new Float32Array(width * rows));
        band = undefined;
      }
      // Tile rows overlap: rows the last band already holds are slid up, not resampled again.
      let from = top;
      if (band && top >= band.top && top < band.top + band.planes.mask.height) {
        const kept = Math.min(band.top + band.planes.mask.height, top + rows) - top;
        for (const data of buffers) data.copyWithin(0, (top - band.top) * width, (top - band.top + kept) * width);
        from = top + kept;
      }
      const [r, g, b, mask] = buffers.map((data) => ({ width, height: rows, data: data.subarray(0, width * rows) }));
      const out = [r.data, g.data, b.data, mask.data];
      if (from < top + rows) {
        resampleNarrowedRowRange(xw, yw, 4, read, (i, acc) => {
          for (let c = 0; c < 4; c++) out[c].set(acc[c], (i - top) * width);
        }, from, top + rows);
      }
      band = { planes: { r, g, b, mask }, top };
      return band;
    },
    pixels(visit) {
      resampleNarrowedRowRange(xw, yw, 4, read, (y, [r, g, b, mask]) => {
        for (let x = 0; x < width; x++) {
          const m = Math.fround(mask[x]);
          if (m > 0) visit(y * width + x, y * width + x + 1, Math.fround(r[x]), Math.fround(g[x]), Math.fround(b[x]), m);
        }
      });
    },
  };
}
