/**
 * onnxruntime-node as an InferenceBackend, for the WASM/native comparison.
 * The bench keeps its own (twelve lines of session handling) so that its
 * figures do not move when the CLI's backend grows features.
 */
import * as ortNode from 'onnxruntime-node';
import type { InferenceBackend } from '../src/model/types';

export interface NativeBackendOptions {
  readonly modelBytes: Uint8Array;
  readonly inputName: string;
  readonly outputName: string;
  readonly channels: number;
  readonly threads: number;
}

export async function createNativeBackend(opts: NativeBackendOptions): Promise<InferenceBackend> {
  const session = await ortNode.InferenceSession.create(opts.modelBytes, {
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    // No spin-waiting after a run: spinning intra-op threads steal the 2 cores from the WASM run
    // measured right after (tiles are interleaved) and, on this shared machine, from the native
    // run itself (measured 15:57: 90 ms vs 113-137 ms per 512 tile; bench/NOTES.md).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  return {
    name: 'native',
    async run(input: Float32Array, height: number, width: number): Promise<Float32Array> {
      const tensor = new ortNode.Tensor('float32', input, [1, opts.channels, height, width]);
      const out = await session.run({ [opts.inputName]: tensor });
      const result = out[opts.outputName];
      tensor.dispose();
      if (!result || !(result.data instanceof Float32Array)) throw new Error(`model gave no float32 "${opts.outputName}"`);
      return result.data;
    },
    async dispose(): Promise<void> {
      await session.release();
    },
  };
}
