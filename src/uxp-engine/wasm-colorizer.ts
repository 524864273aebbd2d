/**
 * The engine as it runs inside Photoshop's own UXP JavaScript context:
 * onnxruntime-web on WebAssembly, single-threaded, no proxy worker, with the
 * .wasm binary and the model read from the plugin folder as bytes.
 *
 * Why this exact configuration (see docs/PLUGIN.md):
 * - UXP has no Worker and no SharedArrayBuffer, so numThreads = 1 and
 *   proxy = false; onnxruntime-web then never constructs a Worker.
 * - The bundled build is ort.wasm.bundle.min.mjs, which embeds its
 *   Emscripten glue; with `wasmBinary` set and one thread it uses that
 *   embedded glue instead of `import()`-ing ort-wasm-simd-threaded.mjs, and
 *   with `wasmBinary` set the glue never fetches the .wasm.
 */
import * as ort from 'onnxruntime-web';
import { createColorizer, createWebBackend, parseContract } from '../model';
import type { Colorizer } from '../model';
import { ensureClockGlobals } from './clock-globals';
import { readPluginBytes, readPluginText } from './plugin-files';
import { PLUGIN_LAYOUT } from './plugin-layout';

export async function createUxpWasmColorizer(): Promise<Colorizer> {
  ensureClockGlobals();
  const [contractText, modelBytes, wasmBinary] = await Promise.all([
    readPluginText(PLUGIN_LAYOUT.contract),
    readPluginBytes(PLUGIN_LAYOUT.model),
    readPluginBytes(PLUGIN_LAYOUT.uxpWasm),
  ]);
  const contract = parseContract(JSON.parse(contractText));
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  const backend = await createWebBackend({ ort, modelBytes, wasmBinary, prefer: 'wasm', numThreads: 1, contract });
  return createColorizer({ contract, backend });
}
