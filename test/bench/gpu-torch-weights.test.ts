/**
 * The GPU bench times PyTorch on "the same weights" as the shipped ONNX
 * model by reading them out of assets/deepcolor.onnx. If the exporter's
 * naming changes, that mapping breaks silently; this checks it on the CPU:
 * PyTorch (weights loaded by bench/gpu/torch_bench.py) and onnxruntime-node
 * must give the same output for the same input.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const python = '/usr/bin/python3';

describe('bench/gpu/torch_bench.py', () => {
  const dir = path.join(root, 'test-output', 'bench', `torch-${process.pid}`);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the ONNX model weights into the PyTorch generator unchanged', () => {
    fs.mkdirSync(dir, { recursive: true });
    const prefix = path.join(dir, 'check');
    const run = spawnSync(python, ['bench/gpu/torch_bench.py', '--device', 'cpu', '--out', path.join(dir, 'unused.json'), '--dump-check', prefix], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`torch_bench.py exited with ${run.status}:\n${run.stderr}`);
    const read = (f: string): Float32Array => {
      const b = fs.readFileSync(f);
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    const input = read(`${prefix}.in.f32`);
    const torchOut = read(`${prefix}.out.f32`);
    const channels = JSON.parse(fs.readFileSync(path.join(root, 'assets', 'deepcolor.json'), 'utf8')).input.channels.length;
    expect(input.length).toBe(channels * 64 * 64);
    expect(torchOut.length).toBe(3 * 64 * 64);

    // onnxruntime-node runs in its own node process: inside jest's sandbox its output tensors
    // fail the Float32Array realm check.
    const script = `
      const ort = require('onnxruntime-node'); const fs = require('fs');
      const [model, inName, outName, inFile] = process.argv.slice(1);
      const b = fs.readFileSync(inFile);
      const x = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      ort.InferenceSession.create(model).then(async (s) => {
        const out = await s.run({ [inName]: new ort.Tensor('float32', x, [1, x.length / 4096, 64, 64]) });
        process.stdout.write(JSON.stringify(Array.from(out[outName].data)));
      });`;
    const contract = JSON.parse(fs.readFileSync(path.join(root, 'assets', 'deepcolor.json'), 'utf8'));
    const ortRun = spawnSync(process.execPath, ['-e', script, path.join(root, 'assets', contract.model.file), contract.input.name, contract.output.name, `${prefix}.in.f32`], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    if (ortRun.status !== 0) throw new Error(`onnxruntime-node check exited with ${ortRun.status}:\n${ortRun.stderr}`);
    const ref: number[] = JSON.parse(ortRun.stdout);
    expect(ref.length).toBe(torchOut.length);
    let maxDiff = 0;
    for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref[i] - torchOut[i]));
    expect(maxDiff).toBeLessThan(1e-4);
    // Not a constant output: the comparison means something.
    expect(Math.max(...ref) - Math.min(...ref)).toBeGreaterThan(1e-3);
  }, 180_000);
});
