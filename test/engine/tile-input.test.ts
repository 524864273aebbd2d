/**
 * A tile's input tensor (src/model/tile-input.ts): the hint channels read
 * straight from the RGBA hint at working scale 1 must be the hint planes'
 * values (preprocess.hintChannels), bit for bit, inside the canvas and in
 * the mirrored padding, whether the bytes can be read as 32-bit pixels or not.
 */
import { createPlane } from '../../src/model/plane';
import { hintChannels } from '../../src/model/preprocess';
import { fillTileInput, rgbaTileHint } from '../../src/model/tile-input';
import { planGrid, tilesOf } from '../../src/model/tiling';
import type { RgbaImage } from '../../src/model/types';
import { seededRandom, syntheticHint } from '../helpers/synthetic';

const WIDTH = 70;
const HEIGHT = 150;
const CHANNELS = 5; // line + four hint channels

/** A hint with flat dabs, runs of one colour across tile edges, speckles of single pixels and half-transparent paint. */
function mixedHint(): RgbaImage {
  const hint = syntheticHint(WIDTH, HEIGHT, 7, 8);
  const random = seededRandom(11);
  for (let i = 0; i < 300; i++) {
    const p = Math.floor(random() * WIDTH * HEIGHT) * 4;
    hint.data.set([Math.floor(random() * 256), Math.floor(random() * 256), Math.floor(random() * 256), Math.floor(random() * 256)], p);
  }
  hint.data.fill(0, 0, WIDTH * 4); // a transparent row
  for (let x = 0; x < WIDTH; x++) hint.data.set([200, 40, 90, 255], (5 * WIDTH + x) * 4); // a row of one colour
  for (let x = 0; x < WIDTH; x++) hint.data.set(x % 7 < 3 ? [10, 200, 30, 255] : [240, 220, 10, 255], (6 * WIDTH + x) * 4); // colours side by side, one alpha
  for (let x = 0; x < WIDTH; x++) hint.data.set([10, 200, 30, x % 5 < 2 ? 255 : 128], (7 * WIDTH + x) * 4); // one colour, alphas side by side
  return hint;
}

/** The same pixels in bytes that start one byte into their buffer: not readable as 32-bit words. */
function unaligned(image: RgbaImage): RgbaImage {
  const data = new Uint8Array(image.data.length + 1).subarray(1);
  data.set(image.data);
  return { width: image.width, height: image.height, data };
}

describe('fillTileInput', () => {
  const line = createPlane(WIDTH, HEIGHT);
  const random = seededRandom(3);
  for (let i = 0; i < line.data.length; i++) line.data[i] = Math.fround(random());
  const hint = mixedHint();
  const strength = 0.7;
  const planes = hintChannels(hint, strength, WIDTH, HEIGHT);
  // Tiles of 64 with a size multiple of 48: the rows (70 wide) are one tile, padded to 96 by mirroring; the columns are tiled.
  const grid = planGrid(WIDTH, HEIGHT, 64, 16, 48);
  const tiles = Array.from(tilesOf(grid));

  it('has tiles with mirrored padding to check', () => {
    expect(tiles.some((t) => t.paddedWidth > t.width)).toBe(true);
  });

  it.each([
    ['32-bit pixels', hint],
    ['unaligned bytes', unaligned(hint)],
  ])('writes the hint planes\' values from the RGBA hint (%s)', (_, source) => {
    for (const tile of tiles) {
      const n = CHANNELS * tile.paddedWidth * tile.paddedHeight;
      const fromPlanes = new Float32Array(n).fill(NaN);
      const fromRgba = new Float32Array(n).fill(NaN);
      fillTileInput(fromPlanes, { plane: line, top: 0 }, { kind: 'planes', planes }, undefined, tile);
      fillTileInput(fromRgba, { plane: line, top: 0 }, rgbaTileHint(source, strength), undefined, tile);
      expect(fromRgba).toEqual(fromPlanes);
      expect(fromRgba.some(Number.isNaN)).toBe(false);
    }
  });

  it('is told apart from a wrong strength (the comparison can fail)', () => {
    const tile = tiles[0];
    const n = CHANNELS * tile.paddedWidth * tile.paddedHeight;
    const a = new Float32Array(n);
    const b = new Float32Array(n);
    fillTileInput(a, { plane: line, top: 0 }, { kind: 'planes', planes }, undefined, tile);
    fillTileInput(b, { plane: line, top: 0 }, rgbaTileHint(hint, 0.69), undefined, tile);
    expect(b).not.toEqual(a);
  });
});
