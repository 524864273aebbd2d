/**
 * onnxruntime-web sessions behind the InferenceBackend interface.
 *
 * The ORT module is passed in, not imported: UXP bundles a WASM-only build,
 * the browser a WebGPU build, Node `require('onnxruntime-web')`. The model
 * (and optionally the .wasm) arrive as bytes, so nothing here fetches or
 * touches a path. WebGPU is chosen when asked for (or on 'auto' when
 * navigator.gpu hands out an adapter); otherwise WASM.
 */
import type * as OrtCommon from 'onnxruntime-common';
import type { BackendName, Contract, InferenceBackend } from './types';

/** The parts of an onnxruntime-web module the engine uses (every ORT web build has them). */
export interface OrtModule {
  readonly env: OrtCommon.Env;
  readonly InferenceSession: typeof OrtCommon.InferenceSession;
  readonly Tensor: typeof OrtCommon.Tensor;
}

export type BackendPreference = 'auto' | 'webgpu' | 'wasm';

export interface WebBackendOptions {
  ort: OrtModule;
  modelBytes: Uint8Array;
  /** If given, becomes ort.env.wasm.wasmBinary (no fetch of the .wasm file). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  prefer?: BackendPreference;
  /** WASM threads; 1 where there is no SharedArrayBuffer (UXP). Leaves ORT's default when omitted. */
  numThreads?: number;
  contract: Contract;
}

export class BackendUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

/** navigator.gpu without depending on DOM typings (absent in Node and UXP). */
async function webGpuAdapterAvailable(): Promise<boolean> {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  const gpu = nav?.gpu;
  if (!gpu || typeof gpu.requestAdapter !== 'function') return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

class OrtWebBackend implements InferenceBackend {
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** The WebGPU EP computes on the GPU; the WASM EP on this thread at the next await. */
  get computesInBackground(): boolean {
    return this.name === 'webgpu';
  }

  constructor(
    readonly name: BackendName,
    private readonly ort: OrtModule,
    private readonly session: OrtCommon.InferenceSession,
    private readonly contract: Contract,
  ) {}

  run(input: Float32Array, height: number, width: number): Promise<Float32Array> {
    // ORT web sessions must not run concurrently: chain calls.
    const next = this.queue.then(() => this.runNow(input, height, width));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(input: Float32Array, height: number, width: number): Promise<Float32Array> {
    if (this.disposed) throw new Error('InferenceBackend.run called after dispose()');
    const channels = this.contract.input.channels.length;
    if (input.length !== channels * height * width) {
      throw new RangeError(`input has ${input.length} values, expected ${channels}x${height}x${width}`);
    }
    const tensor = new this.ort.Tensor('float32', input, [1, channels, height, width]);
    const results = await this.session.run({ [this.contract.input.name]: tensor });
    const out = results[this.contract.output.name];
    try {
      if (!out) throw new Error(`model produced no output named "${this.contract.output.name}"`);
      const expected = this.contract.output.channels.length * height * width;
      const data = (out.location === 'cpu' ? out.data : await out.getData()) as Float32Array;
      if (!(data instanceof Float32Array) || data.length !== expected) {
        throw new Error(`model output has shape [${out.dims.join(',')}], expected [1,${this.contract.output.channels.length},${height},${width}] float32`);
      }
      return data;
    } finally {
      for (const value of Object.values(results)) value.dispose();
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await this.session.release();
  }
}

export async function createWebBackend(options: WebBackendOptions): Promise<InferenceBackend> {
  const { ort, modelBytes, wasmBinary, contract } = options;
  const prefer = options.prefer ?? 'auto';
  if (!(modelBytes instanceof Uint8Array) || modelBytes.length === 0) {
    throw new TypeError('createWebBackend: modelBytes must be a non-empty Uint8Array (the contents of deepcolor.onnx)');
  }
  if (wasmBinary !== undefined) {
    ort.env.wasm.wasmBinary = wasmBinary instanceof Uint8Array ? wasmBinary : new Uint8Array(wasmBinary);
  }
  if (options.numThreads !== undefined) {
    if (!Number.isInteger(options.numThreads) || options.numThreads < 0) {
      throw new RangeError(`createWebBackend: numThreads must be a non-negative integer, got ${options.numThreads}`);
    }
    ort.env.wasm.numThreads = options.numThreads;
  }

  const create = (ep: 'webgpu' | 'wasm'): Promise<OrtCommon.InferenceSession> =>
    ort.InferenceSession.create(modelBytes, { executionProviders: [ep], graphOptimizationLevel: 'all' });

  if (prefer === 'webgpu' || prefer === 'auto') {
    const hasGpu = await webGpuAdapterAvailable();
    if (!hasGpu && prefer === 'webgpu') {
      throw new BackendUnavailableError(
        'WebGPU was requested but is not available here (no navigator.gpu or no adapter). Use prefer: "wasm" or "auto".',
      );
    }
    if (hasGpu) {
      try {
        return new OrtWebBackend('webgpu', ort, await create('webgpu'), contract);
      } catch (err) {
        if (prefer === 'webgpu') {
          const reason = err instanceof Error ? err.message : String(err);
          throw new BackendUnavailableError(`WebGPU was requested but onnxruntime-web could not start it: ${reason}`);
        }
        // 'auto': a WebGPU failure (unsupported build, driver) falls back to WASM below.
      }
    }
  } else if (prefer !== 'wasm') {
    throw new RangeError(`createWebBackend: prefer must be "auto", "webgpu" or "wasm", got ${String(prefer)}`);
  }
  return new OrtWebBackend('wasm', ort, await create('wasm'), contract);
}
