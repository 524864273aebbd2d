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

/** The generator's output channels (r, g, b). */
const OUTPUT_CHANNELS = 3;

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
  // Two output arrays, used in turn, which onnxruntime-node writes into (a
  // pre-allocated output). A fresh array per run cost ~7 ms of a ~35 ms 512 tile
  // here (allocation, first touch, copy; bench/NOTES.md, session 7). Two, because
  // the engine blends a tile while the next one runs (InferenceBackend.run).
  const outputs: Float32Array[] = [];
  let turn = 0;

  return {
    name: 'native',
    async run(input: Float32Array, height: number, width: number): Promise<Float32Array> {
      if (!session) throw new Error('native backend used after dispose()');
      const expected = opts.inputChannels * height * width;
      if (input.length !== expected) {
        throw new Error(`native backend: input has ${input.length} values, expected ${expected} for [1,${opts.inputChannels},${height},${width}]`);
      }
      const feeds = { [opts.inputName]: new ort.Tensor('float32', input, [1, opts.inputChannels, height, width]) };
      const size = OUTPUT_CHANNELS * height * width;
      turn ^= 1;
      const output = outputs[turn]?.length === size ? outputs[turn] : (outputs[turn] = new Float32Array(size));
      // A model whose output is not [1, 3, height, width] float32 fails here, in onnxruntime's shape check.
      await session.run(feeds, { [opts.outputName]: new ort.Tensor('float32', output, [1, OUTPUT_CHANNELS, height, width]) });
      return output;
    },
    async dispose(): Promise<void> {
      const s = session;
      session = undefined;
      if (s) await s.release();
    },
  };
}
