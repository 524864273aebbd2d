import { groundBlend, MAX_SOFT_SHARE, SOFT, type GroundShapes } from '../../src/model/ground-blend';

const SIZE = 100;
const SKY = 0xebb478; // 0xBBGGRR: (120, 180, 235)
const GRASS = 0x46a050; // (80, 160, 70)
const channels = (colour: number): number[] => [colour & 255, (colour >> 8) & 255, (colour >> 16) & 255];

/**
 * One region (1) of a SIZE x SIZE page (a grid cell a pixel) cut into a sky
 * (shape 2, rows above 50) and a ground (shape 3), painted along the top and
 * bottom edges; `sliver(x, y)` cells are the ground's shape but hold no
 * colour of its own (unpainted cells given to the biggest part).
 */
function page(sliver: (x: number, y: number) => boolean = () => false, ownColourCounts = true): GroundShapes & { painted(cell: number): boolean } {
  const cellShape = new Int32Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) cellShape[y * SIZE + x] = y < 50 && !sliver(x, y) ? 2 : 3;
  return {
    cols: SIZE,
    rows: SIZE,
    block: 1,
    cellShape,
    regionOf: Int32Array.from([0, 1, 1, 1]),
    ownColour: (cell) => !ownColourCounts || !sliver(cell % SIZE, Math.floor(cell / SIZE)),
    painted: (cell) => cell < 5 * SIZE || cell >= (SIZE - 5) * SIZE,
  };
}

const parts = new Map([[2, SKY], [3, GRASS]]);

function column(shapes: ReturnType<typeof page>, x: number): number[][] {
  const blend = groundBlend(shapes, parts, new Set(parts.keys()), shapes.painted, SIZE, SIZE);
  if (!blend) throw new Error('no blend');
  return Array.from({ length: SIZE }, (_, y) => channels(blend.at(y < 50 ? 2 : 3, x, y)));
}

describe('ground blend: a soft seam between the parts of the page around the figures', () => {
  it('meets half and half at the seam, with no step, and keeps each part its own colour away from it', () => {
    const colours = column(page(), 40);
    // The hard seam this replaces stepped by the two colours' difference (40, 20, 165) from row 49 to row 50;
    // here the blue falls over 16 rows (MAX_SOFT_SHARE of 100), at most 17 levels a row where it is steepest.
    for (let y = 1; y < SIZE; y++) for (let c = 0; c < 3; c++) expect(Math.abs(colours[y][c] - colours[y - 1][c])).toBeLessThanOrEqual(24);
    const [sky, grass] = [channels(SKY), channels(GRASS)];
    for (let c = 0; c < 3; c++) {
      expect(Math.abs(colours[49][c] - (sky[c] + grass[c]) / 2)).toBeLessThanOrEqual(0.2 * Math.abs(sky[c] - grass[c]) + 1);
    }
    // A blue that falls through the seam (not a step: many tones between).
    expect(new Set(colours.slice(30, 70).map((rgb) => rgb[2])).size).toBeGreaterThan(8);
    // Past the blend (at most MAX_SOFT_SHARE of the page, SOFT of the way to the paint), each part's own colour.
    const band = Math.ceil(Math.min(MAX_SOFT_SHARE * SIZE, SOFT * 45)) + 2;
    expect(colours[50 - band - 1]).toEqual(sky);
    expect(colours[50 + band + 1]).toEqual(grass);
    expect(colours[2]).toEqual(sky);
    expect(colours[97]).toEqual(grass);
  });

  it('is as narrow as the paint is near: bands painted close together blend over fewer rows', () => {
    const near = page();
    const closePaint = { ...near, painted: (cell: number) => Math.abs(Math.floor(cell / SIZE) - 50) >= 8 && Math.abs(Math.floor(cell / SIZE) - 50) < 12 };
    const [wide, narrow] = [column(near, 40), column(closePaint, 40)];
    const blended = (colours: number[][]): number => colours.filter((rgb) => rgb[2] !== channels(SKY)[2] && rgb[2] !== channels(GRASS)[2]).length;
    expect(blended(narrow)).toBeLessThan(blended(wide));
    expect(blended(narrow)).toBeGreaterThan(0);
  });

  it("draws no halo of a part around a sliver given to it that holds none of its colour", () => {
    // A column of the ground's shape (cols 70-72) up through the sky: unpainted cells along a figure's outline.
    const sliver = (x: number, y: number): boolean => x >= 70 && x <= 72 && y < 50;
    const sky = channels(SKY);
    expect(column(page(sliver), 60).slice(0, 30)).toEqual(Array.from({ length: 30 }, () => sky));
    // Counted as the ground's, the sliver pulled its green into the sky beside it.
    expect(column(page(sliver, false), 66).slice(0, 30)).not.toEqual(Array.from({ length: 30 }, () => sky));
  });

  it('blends toward the part beside it, not across it, where that part is only a neighbour (the network coloured it whole)', () => {
    // Sky (rows 0-47), an orange band (48-52) the white fill leaves, grass (53-99). Left out, the band let the
    // sky blend toward the grass across it (a review: blue 235 -> 187 at row 47).
    const ORANGE = 0x3cb4fa; // (250, 180, 60)
    const shapes = page();
    for (let y = 48; y <= 52; y++) shapes.cellShape.fill(4, y * SIZE, (y + 1) * SIZE);
    shapes.cellShape.fill(3, 53 * SIZE);
    const banded = { ...shapes, regionOf: Int32Array.from([0, 1, 1, 1, 1]) };
    const painted = (cell: number): boolean => cell < 5 * SIZE || cell >= (SIZE - 5) * SIZE || Math.floor(cell / SIZE) === 50;
    const blend = groundBlend(banded, new Map([[2, SKY], [3, GRASS], [4, ORANGE]]), new Set([2, 3]), painted, SIZE, SIZE);
    expect(blend?.has(4)).toBe(false);
    const [r] = channels(blend?.at(2, 40, 47) ?? 0);
    expect(r).toBeGreaterThan(140); // toward orange's 250, not grass's 80 (sky: 120)
  });

  it('blends nothing where a region has one part given, and says which shapes it blends', () => {
    const shapes = page();
    expect(groundBlend(shapes, new Map([[2, SKY]]), new Set([2]), shapes.painted, SIZE, SIZE)).toBeUndefined();
    const blend = groundBlend(shapes, parts, new Set(parts.keys()), shapes.painted, SIZE, SIZE);
    expect([1, 2, 3, 4].map((s) => blend?.has(s))).toEqual([false, true, true, false]);
  });

  it('fills a row as it fills its pixels', () => {
    const shapes = page();
    const blend = groundBlend(shapes, parts, new Set(parts.keys()), shapes.painted, SIZE, SIZE);
    if (!blend) throw new Error('no blend');
    const row = new Int32Array(SIZE);
    blend.row(2, 45, 0, SIZE - 1, row);
    expect(Array.from(row)).toEqual(Array.from({ length: SIZE }, (_, x) => blend.at(2, x, 45)));
  });
});
