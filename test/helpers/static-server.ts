/**
 * A tiny static file server for browser tests: 127.0.0.1, a free port,
 * COOP/COEP headers (so SharedArrayBuffer and WASM threads work), correct
 * MIME types for .wasm/.mjs. Stable: the demo and plugin tests use it.
 *
 *   const server = await startStaticServer(dir, { routes: { '/deepcolor.onnx': MODEL_PATH } });
 *   await page.goto(`${server.url}/index.html`); ...; await server.close();
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  readonly url: string;
  readonly port: number;
  /** URL paths requested so far, in order (for asserting what a page fetched). */
  readonly requests: string[];
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Extra URL path -> file path mappings (e.g. serve assets/ without copying). */
  routes?: Record<string, string>;
  /** Send COOP/COEP (default true). */
  crossOriginIsolated?: boolean;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export async function startStaticServer(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const rootDir = path.resolve(root);
  const routes = options.routes ?? {};
  const isolated = options.crossOriginIsolated ?? true;
  const requests: string[] = [];

  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(urlPath);
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    if (isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      headers['Cross-Origin-Resource-Policy'] = 'same-origin';
    }
    let file = routes[urlPath];
    if (!file) {
      const candidate = path.resolve(rootDir, '.' + (urlPath.endsWith('/') ? urlPath + 'index.html' : urlPath));
      // Refuse anything outside the root (../ tricks).
      if (candidate !== rootDir && !candidate.startsWith(rootDir + path.sep)) {
        res.writeHead(403, headers).end('forbidden');
        return;
      }
      file = candidate;
    }
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end(`not found: ${urlPath}`);
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': mimeType(file!), 'Content-Length': String(stat.size) });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file!).pipe(res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
