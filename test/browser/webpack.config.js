/**
 * Builds the engine browser test page: test/browser/engine-page.ts + the
 * engine + onnxruntime-web's WebGPU build -> test-output/browser-engine/.
 * The ORT ESM bundle names its .wasm (the asyncify build in 1.30) with
 * new URL(..., import.meta.url), so webpack emits it as an asset beside the
 * bundle and the page needs no wasmPaths; the plugin below only writes
 * index.html.
 *
 *   npx webpack --config test/browser/webpack.config.js
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const outDir = path.join(root, 'test-output/browser-engine');

class WriteIndexHtml {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('WriteIndexHtml', () => {
      fs.writeFileSync(
        path.join(outDir, 'index.html'),
        '<!doctype html><html><head><meta charset="utf-8"><title>Deepcolor engine test</title></head>' +
          '<body><script src="engine-page.js"></script></body></html>\n',
      );
    });
  }
}

module.exports = {
  name: 'engine-browser-test',
  mode: 'production',
  target: 'web',
  entry: { 'engine-page': path.join(__dirname, 'engine-page.ts') },
  output: { path: outDir, filename: '[name].js', clean: true },
  devtool: false,
  resolve: { extensions: ['.ts', '.js', '.mjs'] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: 'ts-loader',
        // ES modules so webpack resolves onnxruntime-web's "import" build (WASM glue bundled in);
        // type checking is tsc's job (npm run typecheck), not the bundler's.
        options: { transpileOnly: true, compilerOptions: { module: 'es2020' } },
      },
    ],
  },
  // The ORT .wasm is ~25 MB by nature: size hints are noise here.
  performance: { hints: false },
  optimization: { minimize: false },
  plugins: [new WriteIndexHtml()],
};
