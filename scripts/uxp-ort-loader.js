/**
 * webpack loader for onnxruntime-web's self-contained ESM builds
 * (ort.wasm.bundle.min.mjs for the UXP panel, ort.webgpu.bundle.min.mjs for
 * the webview). Those builds embed their Emscripten glue, so with
 * env.wasm.wasmBinary set and one thread they need no other file. What is
 * left would break or mislead in Photoshop's UXP context, which runs
 * classic scripts:
 *
 * - `import.meta.url`: a syntax error outside ES modules. Replaced by the
 *   bundle's plugin URL (only used to resolve files we pass as bytes).
 * - the one `import(url)` that loads the external glue .mjs when the
 *   embedded glue is not used: replaced by a rejection that says why, so no
 *   dynamic import exists in the output at all.
 * - `new Worker(`: only reached with numThreads > 1 or proxy = true (or a
 *   pthread pool); replaced by a call that throws a clear error.
 *
 * Every pattern is counted; if an onnxruntime-web upgrade changes them the
 * build fails here instead of shipping a bundle that breaks in Photoshop.
 */
const DYNAMIC_IMPORT = /import\(\/\*webpackIgnore:true\*\/ \/\*@vite-ignore\*\/([A-Za-z_$][\w$]*)\)/g;

module.exports = function uxpOrtLoader(source) {
  const { scriptUrl } = this.getOptions();
  if (typeof scriptUrl !== 'string') throw new Error('uxp-ort-loader needs the scriptUrl option');
  const file = this.resourcePath;

  let metaCount = 0;
  let out = source.replace(/import\.meta\.url/g, () => {
    metaCount++;
    return JSON.stringify(scriptUrl);
  });
  let importCount = 0;
  out = out.replace(DYNAMIC_IMPORT, (_match, urlVar) => {
    importCount++;
    return `Promise.reject(new Error("Deepcolor build: dynamic import of "+${urlVar}+" is disabled; set env.wasm.wasmBinary and numThreads=1"))`;
  });
  let workerCount = 0;
  out = out.replace(/new Worker\(/g, () => {
    workerCount++;
    return 'new (function(){throw new Error("Deepcolor build: Web Workers are not used; set env.wasm.numThreads=1 and env.wasm.proxy=false")})(';
  });

  const problems = [];
  if (metaCount === 0) problems.push('no import.meta.url found');
  if (importCount !== 1) problems.push(`expected 1 dynamic import of the glue, found ${importCount}`);
  if (/import\.meta/.test(out)) problems.push('import.meta left after rewriting');
  if (/\bimport\s*\(/.test(out)) problems.push('a dynamic import() left after rewriting');
  if (/\bWorker\s*\(/.test(out.replace(/typeof Worker/g, ''))) problems.push('a Worker call left after rewriting');
  if (problems.length > 0) {
    throw new Error(`uxp-ort-loader: ${file} no longer matches what this loader expects (${problems.join('; ')}). ` +
      'Check the onnxruntime-web version before changing the patterns.');
  }
  return out;
};
