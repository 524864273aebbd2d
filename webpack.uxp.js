/**
 * Builds the Photoshop plugin's two bundles:
 *
 * - dist/plugin/index.js: the panel (src/panel) with the host adapter and the
 *   engine on onnxruntime-web's WASM build, for Photoshop's UXP context. UXP
 *   loads it as a classic <script>; `photoshop`, `uxp`, `fs` and `os` are
 *   UXP's own modules, reached through its CommonJS `require`.
 * - dist/plugin/webview/webview.js: the webview page (src/webview) with the
 *   same engine on onnxruntime-web's WebGPU build.
 *
 * onnxruntime-web is aliased to a self-contained ESM build per bundle and
 * passed through scripts/uxp-ort-loader.js, which removes `import.meta`,
 * the dynamic `import()` of the glue file and `new Worker(`; see that file.
 *
 * Used by scripts/package-plugin.js (webpack Node API) and by the tests.
 */
const path = require('path');

// require.resolve('onnxruntime-web') gives dist/ort.node.min.js in Node; its folder holds every build.
const ORT_DIST = path.dirname(require.resolve('onnxruntime-web'));

function config({ name, entry, outputDir, filename, ortBuild, scriptUrl, externals, mode }) {
  return {
    name,
    mode,
    context: __dirname,
    entry,
    target: ['web', 'es2020'],
    devtool: false,
    output: {
      path: outputDir,
      filename,
      // No chunk loading at all: one file, no runtime import()/script injection.
      chunkFormat: 'array-push',
      chunkLoading: false,
      wasmLoading: false,
      workerChunkLoading: false,
      globalObject: 'globalThis',
      clean: false,
    },
    externals,
    externalsType: 'commonjs2',
    resolve: {
      extensions: ['.ts', '.js', '.mjs'],
      alias: { 'onnxruntime-web$': path.join(ORT_DIST, ortBuild) },
    },
    optimization: { splitChunks: false, runtimeChunk: false, minimize: mode === 'production' },
    performance: { hints: false },
    module: {
      parser: {
        // Keep `new URL('x.wasm', import.meta.url)` from turning into asset files; the loader rewrites it.
        javascript: { url: false, dynamicImportMode: 'eager' },
      },
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: [{ loader: 'ts-loader', options: { configFile: path.join(__dirname, 'tsconfig.plugin.json'), transpileOnly: true } }],
        },
        {
          test: new RegExp(ortBuild.replace(/\./g, '\\.') + '$'),
          use: [{ loader: path.join(__dirname, 'scripts/uxp-ort-loader.js'), options: { scriptUrl } }],
        },
      ],
    },
  };
}

/**
 * @param {{ outDir?: string, mode?: 'production' | 'development' }} [options]
 * @returns {import('webpack').Configuration[]}
 */
function uxpConfigs(options = {}) {
  const outDir = options.outDir ?? path.join(__dirname, 'dist/plugin');
  const mode = options.mode ?? 'production';
  return [
    config({
      name: 'uxp-panel',
      entry: './src/panel/index.ts',
      outputDir: outDir,
      filename: 'index.js',
      ortBuild: 'ort.wasm.bundle.min.mjs',
      scriptUrl: 'plugin:/index.js',
      externals: { photoshop: 'photoshop', uxp: 'uxp', fs: 'fs', os: 'os' },
      mode,
    }),
    config({
      name: 'webview',
      entry: './src/webview/main.ts',
      outputDir: path.join(outDir, 'webview'),
      filename: 'webview.js',
      ortBuild: 'ort.webgpu.bundle.min.mjs',
      scriptUrl: 'plugin:/webview/webview.js',
      externals: {},
      mode,
    }),
  ];
}

module.exports = (env = {}) => uxpConfigs({ outDir: env.outDir, mode: env.mode });
module.exports.uxpConfigs = uxpConfigs;
module.exports.ORT_DIST = ORT_DIST;
