/**
 * A page's paper flags kept at a bit a pixel, so that the passes reading
 * them after the first replay them instead of reading the lineart again.
 *
 * Why: the page grid, the region fill (scale 1) and the line halo ('auto')
 * each read the page's paper row by row from the lineart's RGBA (51-83 ms
 * a pass on the 4,096 px bench page); the bits cost 2 MiB there (a byte a
 * pixel would be 16) and replay at a table lookup for eight pixels (7-12
 * ms, bench/NOTES.md session 23).
 */
import type { PaperRowSource } from './paper-regions';

/** Eight paper flags (0 or 1, in pixel order) by the byte packing them, as two 32-bit words in the platform's byte order. */
const UNPACKED = (() => {
  const flags = new Uint8Array(256 * 8);
  for (let b = 0; b < 256; b++) for (let k = 0; k < 8; k++) flags[b * 8 + k] = (b >> k) & 1;
  return new Uint32Array(flags.buffer);
})();

/** Paper flags being packed row by row (add), then replayed (rows). */
export class PackedPaper {
  /** Bytes a row. */
  private readonly stride: number;
  private readonly bits: Uint8Array;
  private added = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.stride = Math.ceil(width / 8);
    this.bits = new Uint8Array(this.stride * height);
  }

  /** Row y's flags (non-zero: paper); rows in order, each once. */
  add(y: number, flags: Uint8Array): void {
    if (y !== this.added) throw new RangeError(`PackedPaper: row ${y} added after ${this.added} rows`);
    const { bits, width } = this;
    const base = y * this.stride;
    let x = 0;
    for (let j = base; x + 8 <= width; j++, x += 8) {
      bits[j] =
        (flags[x] !== 0 ? 1 : 0) |
        (flags[x + 1] !== 0 ? 2 : 0) |
        (flags[x + 2] !== 0 ? 4 : 0) |
        (flags[x + 3] !== 0 ? 8 : 0) |
        (flags[x + 4] !== 0 ? 16 : 0) |
        (flags[x + 5] !== 0 ? 32 : 0) |
        (flags[x + 6] !== 0 ? 64 : 0) |
        (flags[x + 7] !== 0 ? 128 : 0);
    }
    if (x < width) {
      let last = 0;
      for (let k = 0; x < width; x++, k++) if (flags[x] !== 0) last |= 1 << k;
      bits[base + (width >> 3)] = last;
    }
    this.added++;
  }

  /** Whether every row has been added. */
  get complete(): boolean {
    return this.added === this.height;
  }

  /** The flags as added (1 for paper, 0 for ink), row by row into one reused row. */
  readonly rows: PaperRowSource = (visit) => {
    if (!this.complete) throw new Error(`PackedPaper: replayed with ${this.added} of ${this.height} rows added`);
    const { bits, stride, width } = this;
    const words = new Uint32Array(stride * 2);
    const row = new Uint8Array(words.buffer, 0, width);
    for (let y = 0, base = 0; y < this.height; y++, base += stride) {
      for (let j = 0; j < stride; j++) {
        const b = bits[base + j] * 2;
        words[2 * j] = UNPACKED[b];
        words[2 * j + 1] = UNPACKED[b + 1];
      }
      visit(y, row);
    }
  };
}
