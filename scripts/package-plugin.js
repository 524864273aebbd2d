#!/usr/bin/env node
/**
 * `npm run package`: builds the Photoshop plugin folder (dist/plugin) and
 * zips it into dist/deepcolor.ccx, with manifest.json at the zip's root.
 *
 *   dist/plugin/
 *     manifest.json  index.html  index.js (panel + host + WASM engine)
 *     icons/         panel icons, light and dark themes, @1x and @2x
 *     ort/ort-wasm-simd-threaded.wasm          WASM binary for index.js
 *     webview/index.html  webview/webview.js   WebGPU engine page
 *     webview/ort-wasm-simd-threaded.asyncify.wasm
 *     assets/deepcolor.onnx  assets/deepcolor.json
 *
 * Options: --out DIR (plugin folder), --ccx FILE, --no-ccx, --development.
 * The folder itself is what UXP Developer Tool loads (Add Plugin -> its manifest.json).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const webpack = require('webpack');
const yazl = require('yazl');
const { uxpConfigs, ORT_DIST } = require('../webpack.uxp.js');

const ROOT = path.resolve(__dirname, '..');

/** Files copied as they are: [source, destination inside the plugin folder]. */
const STATIC_FILES = [
  ['manifest.json', 'manifest.json'],
  ['plugin/index.html', 'index.html'],
  ['plugin/icons/icon-dark.png', 'icons/icon-dark.png'],
  ['plugin/icons/icon-dark@2x.png', 'icons/icon-dark@2x.png'],
  ['plugin/icons/icon-light.png', 'icons/icon-light.png'],
  ['plugin/icons/icon-light@2x.png', 'icons/icon-light@2x.png'],
  ['src/webview/index.html', 'webview/index.html'],
  ['assets/deepcolor.onnx', 'assets/deepcolor.onnx'],
  ['assets/deepcolor.json', 'assets/deepcolor.json'],
  [path.join(ORT_DIST, 'ort-wasm-simd-threaded.wasm'), 'ort/ort-wasm-simd-threaded.wasm'],
  [path.join(ORT_DIST, 'ort-wasm-simd-threaded.asyncify.wasm'), 'webview/ort-wasm-simd-threaded.asyncify.wasm'],
];

/** The bundles must load as classic scripts with no module loader, workers or fetch of code. */
const FORBIDDEN_IN_BUNDLES = [
  [/import\.meta/, 'import.meta'],
  [/\bimport\s*\(/, 'a dynamic import()'],
  [/new\s+Worker\s*\(/, 'new Worker('],
];

function runWebpack(configs) {
  return new Promise((resolve, reject) => {
    webpack(configs, (error, stats) => {
      if (error) return reject(error);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true, colors: false })));
      resolve(stats);
    });
  });
}

function listFiles(dir, base = dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
    })
    .sort();
}

function checkBundle(file) {
  const code = fs.readFileSync(file, 'utf8');
  for (const [pattern, what] of FORBIDDEN_IN_BUNDLES) {
    if (pattern.test(code)) throw new Error(`${path.relative(ROOT, file)} contains ${what}; UXP cannot run it (see scripts/uxp-ort-loader.js)`);
  }
}

function checkModelMatchesContract(outDir) {
  const contract = JSON.parse(fs.readFileSync(path.join(outDir, 'assets/deepcolor.json'), 'utf8'));
  const expected = contract && contract.model && contract.model.sha256;
  if (typeof expected !== 'string') return;
  const actual = crypto.createHash('sha256').update(fs.readFileSync(path.join(outDir, 'assets/deepcolor.onnx'))).digest('hex');
  if (actual !== expected) {
    throw new Error(`assets/deepcolor.onnx (sha256 ${actual}) is not the model assets/deepcolor.json describes (${expected}); re-export both together`);
  }
}

function writeZip(folder, files, ccxPath) {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const file of files) {
      // .wasm and .onnx compress well enough to be worth it; PNGs are already compressed.
      zip.addFile(path.join(folder, file), file, { compress: !file.endsWith('.png'), mtime: new Date(0) });
    }
    zip.end();
    fs.mkdirSync(path.dirname(ccxPath), { recursive: true });
    const out = fs.createWriteStream(ccxPath);
    zip.outputStream.pipe(out).on('close', resolve).on('error', reject);
  });
}

/** What the webview page needs, for building just that (tests of the page in Chromium). */
const WEBVIEW_FILES = new Set(['webview/index.html', 'assets/deepcolor.onnx', 'assets/deepcolor.json', 'webview/ort-wasm-simd-threaded.asyncify.wasm']);

/**
 * @param {{ outDir?: string, ccxPath?: string | null, mode?: 'production' | 'development', webviewOnly?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ outDir: string, files: string[], ccxPath: string | null, ccxBytes: number }>}
 */
async function packagePlugin(options = {}) {
  const outDir = path.resolve(options.outDir ?? path.join(ROOT, 'dist/plugin'));
  const ccxPath = options.ccxPath === null ? null : path.resolve(options.ccxPath ?? path.join(ROOT, 'dist/deepcolor.ccx'));
  const log = options.log ?? (() => {});

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  log(`building bundles into ${path.relative(ROOT, outDir)} ...`);
  const configs = uxpConfigs({ outDir, mode: options.mode ?? 'production' });
  await runWebpack(options.webviewOnly ? configs.filter((c) => c.name === 'webview') : configs);

  for (const [source, destination] of STATIC_FILES) {
    if (options.webviewOnly && !WEBVIEW_FILES.has(destination)) continue;
    const from = path.isAbsolute(source) ? source : path.join(ROOT, source);
    if (!fs.existsSync(from)) throw new Error(`missing ${source}: cannot package the plugin without it`);
    const to = path.join(outDir, destination);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
  if (!options.webviewOnly) checkBundle(path.join(outDir, 'index.js'));
  checkBundle(path.join(outDir, 'webview/webview.js'));
  checkModelMatchesContract(outDir);

  const files = listFiles(outDir);
  let ccxBytes = 0;
  if (ccxPath && !options.webviewOnly) {
    await writeZip(outDir, files, ccxPath);
    ccxBytes = fs.statSync(ccxPath).size;
    log(`wrote ${path.relative(ROOT, ccxPath)} (${(ccxBytes / 1048576).toFixed(1)} MiB, ${files.length} files)`);
  }
  return { outDir, files, ccxPath, ccxBytes };
}

module.exports = { packagePlugin, STATIC_FILES };

if (require.main === module) {
  const args = process.argv.slice(2);
  const valueOf = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  packagePlugin({
    outDir: valueOf('--out'),
    ccxPath: args.includes('--no-ccx') ? null : valueOf('--ccx'),
    mode: args.includes('--development') ? 'development' : 'production',
    log: (line) => console.log(line),
  }).then(
    (result) => {
      for (const file of result.files) console.log(`  ${file}`);
    },
    (error) => {
      console.error(`package failed: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
