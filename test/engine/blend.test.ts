/**
 * The blend and compose, where colour is kept one tile row at a time
 * (src/model/blend.ts): at working scale 1 every band must land on its own
 * page rows, with its own lines multiplied over it; at other scales every
 * working row must reach the page composer once, in order, and final.
 */
import { createColorizer, type RgbaImage } from '../../src/model';
import { hintChannels, lineChannel } from '../../src/model/preprocess';
import { composeResult, planeLineRows, unitToByte } from '../../src/model/postprocess';
import { createPlane } from '../../src/model/plane';
import { resamplePlane } from '../../src/model/resample';
import { planAxis } from '../../src/model/tiling';
import { loadContract } from '../helpers/engine';
import { pointwiseBackend } from '../helpers/backends';
import { syntheticHint, syntheticLineart } from '../helpers/synthetic';
import { PageGrids } from '../../src/model/page-grid';
import { paintedSpans } from '../../src/model/painted-spans';
import { withoutSpills } from '../../src/model/spill';

const contract = loadContract();

/**
 * The hint as every step of colorize reads it at working scale `scale`: its random blobs run over
 * the synthetic lines, and the ends that slipped over a line are not paint (spill.ts; tested in
 * spill.test.ts, here only the blend's input).
 */
function engineHint(lineart: RgbaImage, hint: RgbaImage, scale: number): RgbaImage {
  const grid = PageGrids.of(lineart, contract).withGaps(Math.ceil(contract.fill.gapRadius / scale));
  return withoutSpills(hint, paintedSpans(hint), grid.regions, grid.block);
}

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
      fillWhitePatches: false, // the blend's arithmetic alone
      tintToPaint: false,
      repairEdgeRows: false,
      clearLineHalo: false,
      whitePaper: false,
    });
    // Several tile rows with uneven overlaps, so bands start at many offsets.
    expect(planAxis(height, 64, 16, contract.geometry.sizeMultiple).starts.length).toBeGreaterThanOrEqual(5);
    const expected = expectedPage(page, engineHint(page, hint, 1));
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

describe('blend at a resampled working scale (rows streamed to the page)', () => {
  /** The pointwise network's colour on whole working planes, grown to the page in one go (composeResult). */
  function expectedResampled(lineart: RgbaImage, hint: RgbaImage, width: number, height: number): RgbaImage['data'] {
    const pageLine = lineChannel(lineart, contract);
    const line = resamplePlane(pageLine, width, height).data;
    const h = hintChannels(hint, 1, width, height);
    const colour = [h.r, h.g, h.b].map((plane) => {
      const out = createPlane(width, height);
      for (let i = 0; i < out.data.length; i++) out.data[i] = line[i] * (1 - h.mask.data[i]) + plane.data[i];
      return out;
    });
    return composeResult([colour[0], colour[1], colour[2]], lineart.width, lineart.height, planeLineRows(pageLine)).data;
  }

  it.each([
    ['shrunk', 0.7],
    ['enlarged', 1.6],
  ])('equals colouring the whole working canvas first when %s (x%p), across many tile rows', async (_, scale) => {
    const width = 150;
    const height = 333;
    const page = syntheticLineart(width, height, 2, 31);
    const hint = syntheticHint(width, height, 32, 9);
    const result = await createColorizer({ contract, backend: pointwiseBackend() }).colorize(page, hint, {
      workingScale: scale,
      tileSize: 64,
      tileOverlap: 16,
      hintStrength: 1,
      blendStrokes: false,
      fillWhitePatches: false,
      tintToPaint: false,
      repairEdgeRows: false, // the stand-in network paints no dark edges to repair
      clearLineHalo: false,
      whitePaper: false,
    });
    const workHeight = Math.round(height * scale);
    expect(planAxis(workHeight, 64, 16, contract.geometry.sizeMultiple).starts.length).toBeGreaterThanOrEqual(5);
    const expected = expectedResampled(page, engineHint(page, hint, scale), Math.round(width * scale), workHeight);
    let worst = 0;
    let wrong = 0;
    for (let i = 0; i < expected.length; i++) {
      const d = Math.abs(result.image.data[i] - expected[i]);
      worst = Math.max(worst, d);
      if (d > 0) wrong++;
    }
    // 1 = float rounding of the feathered blend; a row composed early, twice or from the wrong band differs by far more.
    expect(worst).toBeLessThanOrEqual(1);
    expect(wrong / expected.length).toBeLessThan(0.01);
  });
});

describe('composeResult (working colour grown to the page, lines multiplied)', () => {
  /** Per pixel, from whole resampled planes (resamplePlane sums each output's taps itself): the bytes composeResult must write. */
  function expectedBytes(colour: ReturnType<typeof createPlane>[], line: ReturnType<typeof createPlane> | undefined, width: number, height: number): number[] {
    const grown = colour.map((plane) => resamplePlane(plane, width, height));
    const out: number[] = [];
    for (let i = 0; i < width * height; i++) {
      const l = line ? line.data[i] : 1;
      out.push(...grown.map((plane) => unitToByte(plane.data[i] * l)), 255);
    }
    return out;
  }

  /** Three different smooth-ish channels with values past 0..1 (clamped) and a little noise. */
  function workingColour(width: number, height: number): ReturnType<typeof createPlane>[] {
    return [0, 1, 2].map((c) => {
      const plane = createPlane(width, height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) plane.data[y * width + x] = Math.sin((x + 3 * c) / 5) * 0.6 + Math.cos((y - c) / 7) * 0.5 + ((x * 7 + y * 13 + c) % 11) / 40;
      }
      return plane;
    });
  }

  it.each([
    ['grown', 23, 17, 61, 45],
    ['grown unevenly', 30, 20, 31, 59],
    ['shrunk', 40, 36, 17, 15],
  ])('writes the resampled colour times the line, per channel, when %s (%i x %i -> %i x %i)', (_, ww, wh, width, height) => {
    const colour = workingColour(ww, wh);
    const line = createPlane(width, height);
    for (let i = 0; i < line.data.length; i++) line.data[i] = i % 9 === 0 ? 0 : i % 5 === 0 ? 0.5 : 1;
    const withLines = composeResult([colour[0], colour[1], colour[2]], width, height, planeLineRows(line));
    expect(Array.from(withLines.data)).toEqual(expectedBytes(colour, line, width, height));
    const bare = composeResult([colour[0], colour[1], colour[2]], width, height, undefined);
    expect(Array.from(bare.data)).toEqual(expectedBytes(colour, undefined, width, height));
  });
});
