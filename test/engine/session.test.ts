import * as fs from 'fs';
import { BackendUnavailableError, createWebBackend, type OrtModule } from '../../src/model';
import { loadContract, MODEL_PATH, nodeOrt } from '../helpers/engine';

const contract = loadContract();
const channels = contract.input.channels.length;
const modelBytes = new Uint8Array(fs.readFileSync(MODEL_PATH));

describe('createWebBackend in Node (no navigator.gpu)', () => {
  it("falls back to WASM on 'auto' and runs the model from bytes", async () => {
    const backend = await createWebBackend({ ort: nodeOrt(), modelBytes, prefer: 'auto', numThreads: 1, contract });
    try {
      expect(backend.name).toBe('wasm');
      expect(backend.computesInBackground).toBe(false); // WASM computes on this thread: tiles go one by one
      // One size multiple high, two wide: the smallest non-square input the network accepts.
      const [h, w] = [contract.geometry.sizeMultiple, 2 * contract.geometry.sizeMultiple];
      const out = await backend.run(new Float32Array(channels * h * w).fill(1), h, w);
      expect(out.length).toBe(3 * h * w);
      // tanh range; onnxruntime's float32 tanh may overshoot by an ulp or so (measured 1.0000001).
      expect(out.every((v) => v >= -1 - 1e-6 && v <= 1 + 1e-6)).toBe(true);
    } finally {
      await backend.dispose();
    }
  });

  it('refuses a forced WebGPU backend with a clear error instead of silently using WASM', async () => {
    const attempt = createWebBackend({ ort: nodeOrt(), modelBytes, prefer: 'webgpu', contract });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(createWebBackend({ ort: nodeOrt(), modelBytes, prefer: 'webgpu', contract })).rejects.toThrow(/WebGPU was requested but is not available/);
  });

  it('rejects empty model bytes before touching onnxruntime', async () => {
    // Any use of this module (env, InferenceSession, Tensor) throws, and that message would not match.
    const untouchable = new Proxy({} as OrtModule, {
      get: (_target, key) => {
        throw new Error(`onnxruntime was touched: ort.${String(key)}`);
      },
    });
    await expect(createWebBackend({ ort: untouchable, modelBytes: new Uint8Array(0), contract })).rejects.toThrow(/modelBytes must be a non-empty Uint8Array/);
  });

  it('rejects a wrongly sized input and any run after dispose()', async () => {
    const backend = await createWebBackend({ ort: nodeOrt(), modelBytes, prefer: 'wasm', contract });
    await expect(backend.run(new Float32Array(10), 32, 32)).rejects.toThrow(`expected ${channels}x32x32`);
    await backend.dispose();
    await expect(backend.run(new Float32Array(channels * 32 * 32), 32, 32)).rejects.toThrow(/after dispose/);
  });
});
