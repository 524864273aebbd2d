/**
 * Where the packaged plugin keeps what the engine loads, relative to the
 * plugin root. scripts/package-plugin.js writes the same layout; the UXP
 * bundle test reads through `plugin:/` paths from the built package, so a
 * mismatch fails there.
 */
export const PLUGIN_LAYOUT = {
  contract: 'assets/deepcolor.json',
  model: 'assets/deepcolor.onnx',
  /** onnxruntime-web's WASM binary matching the build bundled into index.js (ort.wasm.bundle.min.mjs). */
  uxpWasm: 'ort/ort-wasm-simd-threaded.wasm',
  /** The webview page; its bundle, its WASM binary (asyncify build for WebGPU) sit beside it. */
  webviewPage: 'webview/index.html',
} as const;
