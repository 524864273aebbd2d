/**
 * One tile through each backend, interleaved round by round so that load from
 * other processes hits all of them alike; the WASM/native ratio is taken per
 * round, then summarised.
 */
import * as ortWeb from 'onnxruntime-web';
import type { InferenceBackend } from '../src/model/types';
import type { BenchEngine } from './engine';
import type { ModelAssets } from './machine';
import { createNativeBackend } from '../cli/native-backend';
import { createRawWebBackend } from './raw-web-backend';
import { tileInput } from './tile-input';

export interface TileSamples {
  readonly wasm: number[];
  readonly native: number[];
  readonly ratio: number[];
  /** The engine's own createWebBackend. */
  readonly engineWasm: number[];
  readonly createMs: Record<string, number>;
}

async function timed(backend: InferenceBackend, input: Float32Array, size: number): Promise<number> {
  const t0 = performance.now();
  const out = await backend.run(input, size, size);
  const ms = performance.now() - t0;
  if (out.length !== 3 * size * size) throw new Error(`${backend.name}: output has ${out.length} values, expected ${3 * size * size}`);
  return ms;
}

export async function measureTiles(assets: ModelAssets, engine: BenchEngine, size: number, runs: number, warmup: number, threads: number): Promise<TileSamples> {
  const common = {
    modelBytes: assets.modelBytes,
    inputName: assets.contract.input.name,
    outputName: assets.contract.output.name,
    channels: assets.contract.input.channels.length,
    threads,
  };
  const createMs: Record<string, number> = {};
  let t = performance.now();
  const wasm = await createRawWebBackend(common);
  createMs.wasm = performance.now() - t;
  t = performance.now();
  // The CLI's own backend, without spin-waiting so it leaves the cores to the WASM run interleaved with it.
  const native = await createNativeBackend({ ...common, inputChannels: common.channels, spinning: false });
  createMs.native = performance.now() - t;
  t = performance.now();
  const engineWasm = await engine.createWebBackend({ ort: ortWeb, modelBytes: assets.modelBytes, prefer: 'wasm', numThreads: threads, contract: engine.parseContract(assets.contractJson) });
  createMs.engineWasm = performance.now() - t;
  const input = tileInput(common.channels, size);
  const samples: TileSamples = { wasm: [], native: [], ratio: [], engineWasm: [], createMs };
  try {
    for (let i = 0; i < warmup; i++) {
      await timed(wasm, input, size);
      await timed(native, input, size);
      await timed(engineWasm, input, size);
    }
    for (let i = 0; i < runs; i++) {
      const w = await timed(wasm, input, size);
      const n = await timed(native, input, size);
      samples.wasm.push(w);
      samples.native.push(n);
      samples.ratio.push(w / n);
      samples.engineWasm.push(await timed(engineWasm, input, size));
    }
  } finally {
    await wasm.dispose();
    await native.dispose();
    await engineWasm.dispose();
  }
  return samples;
}
