import * as path from 'path';
import { assertBuilt, decode, hintPixels, lineartPixels, removeDir, runCli, tempDir, writeImage } from './helpers';

/**
 * The same model on onnxruntime-node (native) and onnxruntime-web (wasm)
 * must give the same picture. Tolerance: float differences between the two
 * CPU kernels may flip 8-bit rounding, so at most 3 levels (of 255) on any
 * channel and a mean below 0.5 level.
 */
const SIZE = 96;
let dir: string;

beforeAll(async () => {
  assertBuilt();
  dir = tempDir();
  await writeImage(path.join(dir, 'page.png'), lineartPixels(SIZE), SIZE);
  await writeImage(path.join(dir, 'hint.png'), hintPixels(SIZE), SIZE);
});

afterAll(() => removeDir(dir));

it('gives the same colours on the native and the wasm backend (max 3/255, mean < 0.5/255)', async () => {
  const outputs: Record<string, Buffer> = {};
  for (const backend of ['native', 'wasm']) {
    const out = path.join(dir, `${backend}.png`);
    const r = await runCli(['colorize', path.join(dir, 'page.png'), '--hint', path.join(dir, 'hint.png'), '-o', out, '--backend', backend, '--threads', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`96x96, ${backend}`);
    outputs[backend] = (await decode(out)).data;
  }
  const [a, b] = [outputs.native, outputs.wasm];
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    max = Math.max(max, d);
    sum += d;
  }
  expect(max).toBeLessThanOrEqual(3);
  expect(sum / a.length).toBeLessThan(0.5);
});
