/**
 * What an artist sees with the shipped model: a dab of colour inside a
 * closed shape colours the shape, far from the dab and across tiles, and
 * stops at the line.
 */
import { createColorizer, type RgbaImage } from '../../src/model';
import { loadContract, suiteWasmBackend } from '../helpers/engine';
import { circle, drawStrokes } from '../helpers/synthetic';

const contract = loadContract();
const SIZE = 384;

/** Mean of R - (G + B) / 2 over a square patch: how red it is. */
function redness(img: RgbaImage, cx: number, cy: number, half = 6): number {
  let sum = 0;
  let n = 0;
  for (let y = cy - half; y < cy + half; y++) {
    for (let x = cx - half; x < cx + half; x++) {
      const p = (y * img.width + x) * 4;
      sum += img.data[p] - (img.data[p + 1] + img.data[p + 2]) / 2;
      n++;
    }
  }
  return sum / n;
}

describe('a dab in a closed region, on the real model (WASM)', () => {
  const model = suiteWasmBackend(contract);

  it('turns the far side of the region red, across tiles, and not the paper outside', async () => {
    // A big circle (closed region) and a red dab just inside its left edge.
    const lineart = drawStrokes(SIZE, SIZE, circle(192, 192, 150, 64), 4.8);
    const hint: RgbaImage = { width: SIZE, height: SIZE, data: new Uint8ClampedArray(SIZE * SIZE * 4) };
    for (let y = 186; y < 198; y++) for (let x = 60; x < 72; x++) hint.data.set([220, 30, 30, 255], (y * SIZE + x) * 4);
    const options = { workingScale: 1, tileSize: 192, tileOverlap: 32 } as const;
    const colorizer = createColorizer({ contract, backend: model });
    const withDab = await colorizer.colorize(lineart, hint, options);
    const without = await colorizer.colorize(lineart, undefined, options);
    expect(withDab.tilesTotal).toBeGreaterThan(1);
    // 250 px from the dab, in another tile, inside the circle.
    const far = redness(withDab.image, 310, 192) - redness(without.image, 310, 192);
    // Outside the circle, in a corner.
    const outside = redness(withDab.image, 20, 20) - redness(without.image, 20, 20);
    if (process.env.DEEPCOLOR_TEST_VERBOSE) console.log(`redness gain: far inside ${far.toFixed(1)}, outside ${outside.toFixed(1)}`);
    expect(far).toBeGreaterThan(60);
    expect(Math.abs(outside)).toBeLessThan(15);
  });
});
