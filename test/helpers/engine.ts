/**
 * The real engine on onnxruntime-web's WASM backend in Node, for tests.
 * Stable: other helpers' tests import it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createColorizer, createWebBackend, parseContract, type Colorizer, type Contract, type InferenceBackend, type OrtModule } from '../../src/model';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const MODEL_PATH = path.join(REPO_ROOT, 'assets/deepcolor.onnx');
export const CONTRACT_PATH = path.join(REPO_ROOT, 'assets/deepcolor.json');

export function loadContract(): Contract {
  return parseContract(JSON.parse(fs.readFileSync(CONTRACT_PATH, 'utf8')));
}

/** onnxruntime-web for Node, single-threaded (jest workers share two cores). */
export function nodeOrt(): OrtModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ort = require('onnxruntime-web') as OrtModule;
  ort.env.wasm.numThreads = 1;
  return ort;
}

export async function createNodeWasmBackend(contract: Contract = loadContract()): Promise<InferenceBackend> {
  return createWebBackend({ ort: nodeOrt(), modelBytes: new Uint8Array(fs.readFileSync(MODEL_PATH)), prefer: 'wasm', numThreads: 1, contract });
}

export async function createNodeWasmColorizer(contract: Contract = loadContract()): Promise<Colorizer> {
  return createColorizer({ contract, backend: await createNodeWasmBackend(contract) });
}

/**
 * The real model on onnxruntime-web WASM for the describe block that calls
 * this: created before its tests, disposed after them. The returned backend
 * forwards to it, so tests can hold it from the start of the block.
 */
export function suiteWasmBackend(contract: Contract = loadContract()): InferenceBackend {
  let backend: InferenceBackend | undefined;
  beforeAll(async () => {
    backend = await createNodeWasmBackend(contract);
  });
  afterAll(async () => {
    await backend?.dispose();
  });
  const ready = (): InferenceBackend => {
    if (!backend) throw new Error('suiteWasmBackend: used outside the tests of the describe block that created it');
    return backend;
  };
  return {
    get name() {
      return ready().name;
    },
    run: (input, height, width) => ready().run(input, height, width),
    // The suite's afterAll disposes it; a test must not.
    dispose: async () => undefined,
  };
}
