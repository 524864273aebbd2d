/**
 * The engine against the Python reference (test/fixtures/parity, written by
 * training/make_parity_fixture.py): same preprocessing tensor, same network
 * output on onnxruntime-web WASM, same 8-bit page.
 * Tolerances come from meta.json (input 1e-6 max abs; output 2e-3 max abs, 2e-4 mean abs).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createColorizer, preprocess, type InferenceBackend } from '../../src/model';
import { loadContract, MODEL_PATH, REPO_ROOT, suiteWasmBackend } from '../helpers/engine';
import { readFloat32, readPng } from '../helpers/png';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/parity');

interface ParityMeta {
  height: number;
  width: number;
  hintStrength: number;
  blurSigmaFraction: number;
  modelSha256: string;
  tolerance: { inputMaxAbs: number; outputMaxAbs: number; outputMeanAbs: number };
}

const meta = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'meta.json'), 'utf8')) as ParityMeta;
const contract = loadContract();
const lineart = readPng(path.join(FIXTURE, 'lineart.png'));
const hint = readPng(path.join(FIXTURE, 'hint.png'));
const expectedInput = readFloat32(path.join(FIXTURE, 'input.bin'));
const expectedOutput = readFloat32(path.join(FIXTURE, 'output.bin'));

function diff(a: Float32Array, b: Float32Array): { max: number; mean: number } {
  expect(a.length).toBe(b.length);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    sum += d;
    if (d > max || Number.isNaN(d)) max = Number.isNaN(d) ? Infinity : d;
  }
  return { max, mean: sum / a.length };
}

describe('parity with the Python reference', () => {
  const backend = suiteWasmBackend(contract);

  it('was made for the shipped model and contract', () => {
    const sha = crypto.createHash('sha256').update(fs.readFileSync(MODEL_PATH)).digest('hex');
    expect(meta.modelSha256).toBe(sha);
    expect(contract.model.sha256).toBe(sha);
    expect(meta.blurSigmaFraction).toBe(contract.hint.blurSigmaFraction);
    expect([lineart.width, lineart.height]).toEqual([meta.width, meta.height]);
  });

  it('builds the same input tensor as training/preprocess.py', () => {
    const input = preprocess(lineart, hint, meta.hintStrength, contract);
    const d = diff(input, expectedInput);
    if (process.env.DEEPCOLOR_TEST_VERBOSE) console.log(`input: max abs diff ${d.max}`);
    expect(d.max).toBeLessThanOrEqual(meta.tolerance.inputMaxAbs);
  });

  it('gets the same network output on onnxruntime-web WASM as PyTorch', async () => {
    const output = await backend.run(expectedInput.slice(), meta.height, meta.width);
    const d = diff(output, expectedOutput);
    if (process.env.DEEPCOLOR_TEST_VERBOSE) console.log(`output: max abs diff ${d.max}, mean ${d.mean}`);
    expect(d.max).toBeLessThanOrEqual(meta.tolerance.outputMaxAbs);
    expect(d.mean).toBeLessThanOrEqual(meta.tolerance.outputMeanAbs);
  });

  it('colorize() feeds the network exactly that tensor (working scale 1, one tile)', async () => {
    let seen: Float32Array | undefined;
    const capture: InferenceBackend = {
      name: 'wasm',
      run: async (input, height, width) => {
        expect([height, width]).toEqual([meta.height, meta.width]);
        seen = input.slice();
        return backend.run(input, height, width);
      },
      dispose: async () => undefined,
    };
    // The training's region fill: a shape's paint's mean, not its base colour (an engine-only reading, base-colour.ts).
    await createColorizer({ contract, backend: capture }).colorize(lineart, hint, { hintStrength: meta.hintStrength, workingScale: 1, baseColours: false });
    expect(seen).toBeDefined();
    expect(diff(seen!, expectedInput).max).toBeLessThanOrEqual(meta.tolerance.inputMaxAbs);
  });

  it('colorize() at working scale 1 in one tile gives the reference 8-bit page (+-1 level)', async () => {
    const colorizer = createColorizer({ contract, backend });
    const result = await colorizer.colorize(lineart, hint, {
      hintStrength: meta.hintStrength,
      workingScale: 1,
      restoreLines: false,
      // The network's page as PyTorch computes it: no engine-side post-processing of the strokes or the edges.
      blendStrokes: false,
      fillWhitePatches: false,
      tintToPaint: false,
      baseColours: false,
      repairEdgeRows: false,
      clearLineHalo: false,
    });
    expect(result.backend).toBe('wasm');
    expect(result.tilesTotal).toBe(1);
    const { width, height } = lineart;
    const area = width * height;
    let worst = 0;
    for (let i = 0; i < area; i++) {
      for (let c = 0; c < 3; c++) {
        const v = Math.min(255, Math.max(0, (expectedOutput[c * area + i] + 1) * 127.5));
        const ref = Math.floor(v + 0.5);
        worst = Math.max(worst, Math.abs(result.image.data[i * 4 + c] - ref));
      }
      expect(result.image.data[i * 4 + 3]).toBe(255);
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
});
