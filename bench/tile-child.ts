/**
 * Raw WASM tile timing with a given thread count, in a process of its own:
 * onnxruntime-web fixes its thread count when the WASM module first starts,
 * so 1 thread (the Photoshop panel: no SharedArrayBuffer there) cannot share
 * a process with the 2-thread figures. Spawned by run.ts with a JSON job as
 * argv[2]; prints `BENCH_RESULT {json}`.
 */
import { loadModelAssets } from './machine';
import { createRawWebBackend } from './raw-web-backend';
import { tileInput } from './tile-input';
import { runAsChild } from './child-protocol';

export interface TileJob {
  readonly size: number;
  readonly runs: number;
  readonly warmupRuns: number;
  readonly threads: number;
  readonly repoRoot: string;
}

export interface TileChildResult {
  readonly job: TileJob;
  readonly samples: readonly number[];
}

export async function runTileJob(job: TileJob): Promise<TileChildResult> {
  const assets = loadModelAssets(job.repoRoot);
  const backend = await createRawWebBackend({
    modelBytes: assets.modelBytes,
    inputName: assets.contract.input.name,
    outputName: assets.contract.output.name,
    channels: assets.contract.input.channels.length,
    threads: job.threads,
  });
  const input = tileInput(assets.contract.input.channels.length, job.size);
  try {
    for (let i = 0; i < job.warmupRuns; i++) await backend.run(input, job.size, job.size);
    const samples: number[] = [];
    for (let i = 0; i < job.runs; i++) {
      const t = performance.now();
      await backend.run(input, job.size, job.size);
      samples.push(performance.now() - t);
    }
    return { job, samples };
  } finally {
    await backend.dispose();
  }
}

if (require.main === module) runAsChild('tile child', runTileJob);
