import { PackedPaper } from '../../src/model/packed-paper';

/** Deterministic pseudo-random flags (0 or 1) with long runs and single pixels, as lineart's paper has. */
function flagsRows(width: number, height: number, seed: number): Uint8Array[] {
  let s = seed;
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  return Array.from({ length: height }, () => {
    const row = new Uint8Array(width);
    let paper = 1;
    for (let x = 0; x < width; x++) {
      if (next() < 0.2) paper ^= 1;
      row[x] = paper;
    }
    return row;
  });
}

describe('PackedPaper, the page paper flags at a bit a pixel', () => {
  it.each([1, 7, 8, 9, 15, 16, 17, 64, 101])('replays rows of width %i exactly as they were added', (width) => {
    const rows = flagsRows(width, 13, width);
    const packed = new PackedPaper(width, rows.length);
    rows.forEach((row, y) => packed.add(y, row));
    const replayed: Uint8Array[] = [];
    packed.rows((y, flags) => {
      expect(y).toBe(replayed.length);
      expect(flags.length).toBe(width);
      replayed.push(flags.slice());
    });
    expect(replayed).toEqual(rows);
    // A second replay gives the same (its row buffer is written afresh each row).
    const again: Uint8Array[] = [];
    packed.rows((_y, flags) => again.push(flags.slice()));
    expect(again).toEqual(rows);
  });

  it('keeps any non-zero flag as paper (1)', () => {
    const packed = new PackedPaper(10, 1);
    packed.add(0, Uint8Array.of(0, 2, 255, 0, 1, 0, 0, 9, 0, 3));
    packed.rows((_y, flags) => expect(Array.from(flags)).toEqual([0, 1, 1, 0, 1, 0, 0, 1, 0, 1]));
  });

  it('refuses rows out of order and a replay before every row is in', () => {
    const packed = new PackedPaper(4, 2);
    expect(() => packed.add(1, new Uint8Array(4))).toThrow(RangeError);
    packed.add(0, new Uint8Array(4));
    expect(packed.complete).toBe(false);
    expect(() => packed.rows(() => undefined)).toThrow(/1 of 2 rows/);
    packed.add(1, new Uint8Array(4));
    expect(packed.complete).toBe(true);
  });
});
