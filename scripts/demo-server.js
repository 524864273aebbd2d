#!/usr/bin/env node
/**
 * `npm run demo -- --port N`: builds the browser demo if its sources changed
 * and serves dist/demo/ on http://127.0.0.1:N (default 8791).
 *
 * Plain node:http on the loopback interface only. Every response carries
 * COOP/COEP (plus CORP), which make the page cross-origin isolated: without
 * that there is no SharedArrayBuffer and onnxruntime-web's WASM runs on one
 * thread. .wasm must be application/wasm for streaming compilation and .mjs
 * text/javascript for module imports.
 *
 * Also a module: the demo tests start the same server on a free port.
 */
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'demo');
const STAMP = path.join(DIST, '.build-stamp');
const DEFAULT_PORT = 8791;
const HOST = '127.0.0.1';

/** What the bundle is made of: any of these newer than the last build means rebuild. */
const BUILD_INPUTS = [
  'demo',
  'src/model',
  'assets/deepcolor.onnx',
  'assets/deepcolor.json',
  'examples/portrait-lineart.png',
  'examples/portrait-hint.png',
  'webpack.demo.js',
  'node_modules/onnxruntime-web/package.json',
];

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers on every response: cross-origin isolation for WASM threads, and no guessing of types. */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

function newestMtimeMs(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtimeMs(path.join(target, entry)));
  return newest;
}

function needsBuild() {
  if (!fs.existsSync(STAMP) || !fs.existsSync(path.join(DIST, 'index.html'))) return true;
  const built = fs.statSync(STAMP).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtimeMs(path.join(ROOT, input)) > built);
}

/** Runs webpack.demo.js through webpack's Node API (no shell, same node). */
function buildDemo(log = console.log) {
  const webpack = require('webpack');
  const config = require(path.join(ROOT, 'webpack.demo.js'))({}, { mode: 'production' });
  log('Building the demo (webpack.demo.js -> dist/demo/)…');
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(`The demo build failed:\n${stats.toString('errors-only')}`));
      fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
      resolve();
    });
  });
}

async function ensureBuilt({ force = false, log = console.log } = {}) {
  if (force || needsBuild()) await buildDemo(log);
}

/** Maps a request path to a file under root, or undefined if it would leave root. */
function resolveRequestPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

function createDemoServer({ root = DIST } = {}) {
  const base = path.resolve(root);
  return http.createServer((req, res) => {
    const send = (status, text, extra = {}) => {
      res.writeHead(status, { ...ISOLATION_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
      res.end(req.method === 'HEAD' ? undefined : `${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed', { Allow: 'GET, HEAD' });

    const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    let file = resolveRequestPath(base, urlPath);
    if (!file) return send(404, 'Not found');
    fs.stat(file, (err, stat) => {
      if (!err && stat.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = fs.existsSync(file) ? fs.statSync(file) : undefined;
      }
      if (err || !stat || !stat.isFile()) return send(404, 'Not found');
      res.writeHead(200, {
        ...ISOLATION_HEADERS,
        'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': stat.size,
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
    });
  });
}

/** Listens on 127.0.0.1 only; port 0 picks a free one. */
function startDemoServer({ port = DEFAULT_PORT, root = DIST } = {}) {
  const server = createDemoServer({ root });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      const actual = server.address().port;
      resolve({
        server,
        port: actual,
        url: `http://${HOST}:${actual}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

const USAGE = `Usage: npm run demo -- [--port N] [--rebuild | --no-build]

Serves the Deepcolor browser demo on http://${HOST}:N/ (default port ${DEFAULT_PORT}).
  --port N     port to listen on (1-65535; 0 = any free port)
  --rebuild    build dist/demo/ even if it looks up to date
  --no-build   serve dist/demo/ as it is`;

function parseArgs(argv) {
  const options = { port: DEFAULT_PORT, build: 'auto', help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--rebuild') options.build = 'force';
    else if (arg === '--no-build') options.build = 'never';
    else if (arg === '--port' || arg === '-p' || arg.startsWith('--port=')) {
      const raw = arg.startsWith('--port=') ? arg.slice('--port='.length) : argv[++i];
      const port = Number(raw);
      if (raw === undefined || !/^\d+$/.test(raw) || port > 65535) {
        throw new Error(`--port needs a whole number from 0 to 65535, got ${raw === undefined ? 'nothing' : `"${raw}"`}.`);
      }
      options.port = port;
    } else {
      throw new Error(`Unknown option "${arg}".`);
    }
  }
  return options;
}

async function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (err) {
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  // Take the port first: a busy port should fail in a second, not after a build.
  let running;
  try {
    running = await startDemoServer({ port: options.port });
  } catch (err) {
    if (err.code === 'EADDRINUSE') console.error(`Port ${options.port} is already in use. Pick another: npm run demo -- --port ${options.port + 1}`);
    else if (err.code === 'EACCES') console.error(`Not allowed to listen on port ${options.port}. Use a port above 1023.`);
    else console.error(`Could not start the server: ${err.message}`);
    return 1;
  }
  try {
    if (options.build !== 'never') await ensureBuilt({ force: options.build === 'force' });
    else if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('dist/demo/ is empty: run without --no-build once.');
  } catch (err) {
    console.error(err.message);
    await running.close();
    return 1;
  }
  console.log(`Deepcolor demo: ${running.url}  (Ctrl+C to stop)`);
  return undefined;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    if (code !== undefined) process.exitCode = code;
  });
}

module.exports = { DEFAULT_PORT, DIST, MIME_TYPES, ISOLATION_HEADERS, createDemoServer, startDemoServer, ensureBuilt, needsBuild, parseArgs, resolveRequestPath };
