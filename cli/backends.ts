import * as os from 'os';
import { createWebBackend } from '../src/model/index';
import type { InferenceBackend } from '../src/model/types';
import { CliError, messageOf } from './errors';
import type { ModelFiles } from './model-files';
import { createNativeBackend } from './native-backend';

export type CliBackendName = 'native' | 'wasm';
export const CLI_BACKENDS: readonly CliBackendName[] = ['native', 'wasm'];

export function defaultThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * The threads to run with: --threads, or every core; never more than the
 * cores, which only slows onnxruntime down (64 threads on 2 cores took 25x
 * as long), and the artist is told.
 */
export function threadsFor(requested: number | undefined, note: (message: string) => void = (m) => process.stderr.write(`note: ${m}\n`)): number {
  const cores = defaultThreads();
  if (requested === undefined) return cores;
  if (requested > cores) {
    note(`--threads ${requested} is more than this machine's ${cores} cores; using ${cores} (more threads than cores only slow it down).`);
    return cores;
  }
  return requested;
}

/**
 * Opens one inference session; the CLI reuses it for every page of a batch.
 * native = onnxruntime-node (CPU); wasm = onnxruntime-web's WASM build in Node,
 * the same code path the Photoshop panel runs.
 */
export async function openBackend(name: CliBackendName, model: ModelFiles, threads: number): Promise<InferenceBackend> {
  try {
    if (name === 'native') {
      return await createNativeBackend({
        modelBytes: model.modelBytes,
        inputName: model.contract.input.name,
        outputName: model.contract.output.name,
        inputChannels: model.contract.input.channels.length,
        threads,
      });
    }
    const ort = await import('onnxruntime-web');
    return await createWebBackend({ ort, modelBytes: model.modelBytes, prefer: 'wasm', numThreads: threads, contract: model.contract });
  } catch (err) {
    throw new CliError(
      `Model file "${model.modelPath}" could not be loaded by onnxruntime (${name}): ${messageOf(err).split('\n')[0]}. ` +
        'Restore it (`git checkout assets/`, or reinstall deepcolor)' + (name === 'native' ? ', or try --backend wasm.' : '.'),
    );
  }
}
