/**
 * Builds the browser demo into dist/demo/:
 *   demo.js (+ map)           the page (demo/main.ts and what it imports)
 *   engine-worker.js (+ map)  the engine (src/model) in a worker, so the page never freezes
 *   index.html, style.css     copied from demo/
 *   ort/                      onnxruntime-web's WebGPU build (ESM, glue inlined) and its one .wasm
 *   assets/                   the model and its contract
 *   examples/                 the bundled example lineart + hint
 *
 * onnxruntime-web is NOT bundled: it finds its .wasm and spawns its thread
 * workers through import.meta.url, which webpack would freeze to a build-time
 * file:// path. The page imports the copied module at run time instead.
 * Everything is same-origin, so the demo works offline with no CDN.
 */
const path = require('path');
const fs = require('fs');
const webpack = require('webpack');

const root = __dirname;
const ortDist = path.join(root, 'node_modules', 'onnxruntime-web', 'dist');

/** [source, destination inside dist/demo]; the WebGPU bundle pairs with the asyncify .wasm. */
const copies = [
  [path.join(root, 'demo', 'index.html'), 'index.html'],
  [path.join(root, 'demo', 'style.css'), 'style.css'],
  [path.join(ortDist, 'ort.webgpu.bundle.min.mjs'), 'ort/ort.webgpu.bundle.min.mjs'],
  [path.join(ortDist, 'ort-wasm-simd-threaded.asyncify.wasm'), 'ort/ort-wasm-simd-threaded.asyncify.wasm'],
  [path.join(root, 'assets', 'deepcolor.onnx'), 'assets/deepcolor.onnx'],
  [path.join(root, 'assets', 'deepcolor.json'), 'assets/deepcolor.json'],
  [path.join(root, 'examples', 'portrait-lineart.png'), 'examples/portrait-lineart.png'],
  [path.join(root, 'examples', 'portrait-hint.png'), 'examples/portrait-hint.png'],
];

/** Emits the static files as webpack assets, so they are watched and cleaned like the bundle. */
class CopyStaticFilesPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyStaticFilesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'CopyStaticFilesPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          for (const [source, destination] of copies) {
            if (!fs.existsSync(source)) {
              compilation.errors.push(new webpack.WebpackError(`demo: missing ${path.relative(root, source)} (needed as ${destination})`));
              continue;
            }
            compilation.fileDependencies.add(source);
            // minimized: true keeps Terser off the already-minified ORT build (and off the HTML/CSS).
            compilation.emitAsset(destination, new webpack.sources.RawSource(fs.readFileSync(source)), { minimized: true });
          }
        },
      );
    });
  }
}

module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode ?? (env.development ? 'development' : 'production');
  return {
    mode,
    target: 'web',
    context: root,
    entry: { demo: './demo/main.ts', 'engine-worker': './demo/engine-worker.ts' },
    // publicPath '': nothing is loaded through webpack's runtime, so it must not go looking for document.currentScript (absent in the worker).
    output: { path: path.join(root, 'dist', 'demo'), filename: '[name].js', publicPath: '', clean: true },
    // Source maps for the bundle only, not for the copied files.
    devtool: false,
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          include: [path.join(root, 'demo'), path.join(root, 'src', 'model')],
          loader: 'ts-loader',
          // Type checking is `npx tsc -p demo/tsconfig.json`; transpiling alone keeps the build
          // independent of unrelated files and fast on small machines.
          options: { configFile: path.join(root, 'demo', 'tsconfig.json'), transpileOnly: true },
        },
      ],
    },
    plugins: [new CopyStaticFilesPlugin(), new webpack.SourceMapDevToolPlugin({ test: /^(demo|engine-worker)\.js$/, filename: '[file].map' })],
    performance: { hints: false },
    stats: 'errors-warnings',
  };
};
