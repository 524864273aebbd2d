import type { InferenceSession } from 'onnxruntime-node';
import type { InferenceBackend } from '../src/model/types';

/**
 * The generator on onnxruntime-node's CPU provider: the CLI's default,
 * about 2.5x faster than onnxruntime-web's WASM on the same cores
 * (DESIGN.md section 3). Lives in cli/ because it needs Node; the engine
 * sees only the InferenceBackend interface.
 */
export interface NativeBackendOptions {
  modelBytes: Uint8Array;
  inputName: string;
  outputName: string;
  /** Input channels (5 in contract version 1), for the tensor shape. */
  inputChannels: number;
  /** Intra-op threads; defaults to onnxruntime's own choice (all cores). */
  threads?: number;
  /**
   * Whether idle intra-op threads spin-wait after a run (onnxruntime's default: yes).
   * The bench turns it off: spinning threads steal the cores from the WASM run it
   * interleaves (bench/NOTES.md, "Threads on a busy 2-core machine").
   */
  spinning?: boolean;
}

export async function createNativeBackend(opts: NativeBackendOptions): Promise<InferenceBackend> {
  // Loaded lazily so `--backend wasm` never pays for (or depends on) the native binding.
  const ort = await import('onnxruntime-node');
  const sessionOptions: InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    // The arena keeps the largest tile's buffers for reuse; every tile has the same shape, so this bounds memory.
    enableCpuMemArena: true,
  };
  if (opts.threads !== undefined) sessionOptions.intraOpNumThreads = opts.threads;
  if (opts.spinning === false) sessionOptions.extra = { session: { intra_op: { allow_spinning: '0' } } };
  let session: InferenceSession | undefined = await ort.InferenceSession.create(opts.modelBytes, sessionOptions);

  return {
    name: 'native',
    async run(input: Float32Array, height: number, width: number): Promise<Float32Array> {
      if (!session) throw new Error('native backend used after dispose()');
      const expected = opts.inputChannels * height * width;
      if (input.length !== expected) {
        throw new Error(`native backend: input has ${input.length} values, expected ${expected} for [1,${opts.inputChannels},${height},${width}]`);
      }
      const feeds = { [opts.inputName]: new ort.Tensor('float32', input, [1, opts.inputChannels, height, width]) };
      const results = await session.run(feeds, [opts.outputName]);
      const output = results[opts.outputName];
      if (!output || !(output.data instanceof Float32Array)) {
        throw new Error(`native backend: the model returned no float32 "${opts.outputName}" tensor`);
      }
      const dims = output.dims;
      if (dims.length !== 4 || dims[1] !== 3 || dims[2] !== height || dims[3] !== width) {
        throw new Error(`native backend: output shape [${dims.join(',')}] is not [1,3,${height},${width}]`);
      }
      return output.data;
    },
    async dispose(): Promise<void> {
      const s = session;
      session = undefined;
      if (s) await s.release();
    },
  };
}
