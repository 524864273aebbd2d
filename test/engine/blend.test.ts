/**
 * The blend and compose at working scale 1, where colour and the line
 * channel are kept one tile row at a time (src/model/blend.ts): every band
 * must land on its own page rows, with its own lines multiplied over it.
 */
import { createColorizer, type RgbaImage } from '../../src/model';
import { lineChannel } from '../../src/model/preprocess';
import { unitToByte } from '../../src/model/postprocess';
import { planAxis } from '../../src/model/tiling';
import { loadContract } from '../helpers/engine';
import { pointwiseBackend } from '../helpers/backends';
import { syntheticHint, syntheticLineart } from '../helpers/synthetic';

const contract = loadContract();

/**
 * What the pointwise network gives at every pixel, whatever the tiling:
 * colour = line * (1 - mask) + hint (premultiplied), lines multiplied over it.
 */
function expectedPage(lineart: RgbaImage, hint: RgbaImage): Uint8ClampedArray {
  const line = lineChannel(lineart, contract).data;
  const out = new Uint8ClampedArray(line.length * 4);
  for (let i = 0; i < line.length; i++) {
    const m = hint.data[i * 4 + 3] / 255;
    for (let c = 0; c < 3; c++) {
      const colour = line[i] * (1 - m) + (hint.data[i * 4 + c] / 255) * m;
      out[i * 4 + c] = unitToByte(colour * line[i]);
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

describe('blend at working scale 1 (band by band)', () => {
  it('multiplies each tile row its own lines: the page equals the per-pixel expectation across many tile rows', async () => {
    const width = 150;
    const height = 333;
    const page = syntheticLineart(width, height, 2, 31);
    const hint = syntheticHint(width, height, 32, 9);
    const result = await createColorizer({ contract, backend: pointwiseBackend() }).colorize(page, hint, {
      workingScale: 1,
      tileSize: 64,
      tileOverlap: 16,
      hintStrength: 1,
    });
    // Several tile rows with uneven overlaps, so bands start at many offsets.
    expect(planAxis(height, 64, 16, contract.geometry.sizeMultiple).starts.length).toBeGreaterThanOrEqual(5);
    const expected = expectedPage(page, hint);
    let worst = 0;
    let inkPixels = 0;
    for (let i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(result.image.data[i] - expected[i]));
      if (i % 4 === 0 && expected[i] < 64) inkPixels++;
    }
    // The page has lines to misplace, and none is misplaced (1 = float rounding of the blend).
    expect(inkPixels).toBeGreaterThan(100);
    expect(worst).toBeLessThanOrEqual(1);
  });
});
