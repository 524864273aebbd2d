/**
 * onnxruntime-web's WASM backend with nothing around session.run: the raw
 * figure the engine's own backend is compared with (tile512_wasm_ms vs
 * tile512_wasm_engine_ms), and the WASM side of the WASM/native ratio.
 */
import * as ortWeb from 'onnxruntime-web';
import type { InferenceBackend } from '../src/model/types';

export interface RawWebBackendOptions {
  readonly modelBytes: Uint8Array;
  readonly inputName: string;
  readonly outputName: string;
  readonly channels: number;
  readonly threads: number;
}

export async function createRawWebBackend(opts: RawWebBackendOptions): Promise<InferenceBackend> {
  // numThreads is read when the WASM module is first initialised; every session in the process shares it.
  ortWeb.env.wasm.numThreads = opts.threads;
  const session = await ortWeb.InferenceSession.create(opts.modelBytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  return {
    name: 'wasm',
    async run(input: Float32Array, height: number, width: number): Promise<Float32Array> {
      const tensor = new ortWeb.Tensor('float32', input, [1, opts.channels, height, width]);
      const out = await session.run({ [opts.inputName]: tensor });
      const result = out[opts.outputName];
      if (!result || !(result.data instanceof Float32Array)) throw new Error(`model gave no float32 "${opts.outputName}"`);
      return result.data;
    },
    async dispose(): Promise<void> {
      await session.release();
    },
  };
}
