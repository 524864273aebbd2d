/**
 * Serves the built webview page from 127.0.0.1 and opens it in Debian's
 * Chromium (playwright-core, never a downloaded browser), playing the part
 * of UXP's message bridge: the page's `window.uxpHost.postMessage` reaches
 * the test, and the test's messages arrive as `message` events on the
 * page's window. Both directions go through a JSON round trip, as UXP's
 * bridge does.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { WebviewTransport } from '../../src/panel/webview-engine';
import type { PanelToWebviewMessage } from '../../src/panel/webview-protocol';

const BASE_ARGS = ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** swiftshader: Vulkan (hence WebGPU) on the CPU, so no GPU is needed. */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];
const NO_WEBGPU_ARGS = ['--disable-webgpu'];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

export async function serveFolder(root: string): Promise<StaticServer> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const file = path.resolve(root, '.' + decodeURIComponent(url.pathname));
    if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function launchChromium(webgpu: boolean): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...BASE_ARGS, ...(webgpu ? WEBGPU_ARGS : NO_WEBGPU_ARGS)],
  });
}

export interface BridgedPage {
  readonly page: Page;
  /** Every message the page posted, in order. */
  readonly received: unknown[];
  readonly pageErrors: string[];
  readonly transport: WebviewTransport;
}

/** Opens the page with a fake `window.uxpHost` wired to the test. */
export async function openBridgedPage(browser: Browser, url: string): Promise<BridgedPage> {
  const page = await browser.newPage();
  const received: unknown[] = [];
  const pageErrors: string[] = [];
  const listeners = new Set<(data: unknown) => void>();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.exposeFunction('__deepcolorToPanel', (json: string) => {
    const data: unknown = JSON.parse(json);
    received.push(data);
    for (const listener of [...listeners]) listener(data);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { uxpHost: unknown; __deepcolorToPanel(json: string): void };
    w.uxpHost = { postMessage: (message: unknown) => w.__deepcolorToPanel(JSON.stringify(message)) };
  });
  const transport: WebviewTransport = {
    post(message: PanelToWebviewMessage) {
      void page
        .evaluate((json) => window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(json) })), JSON.stringify(message))
        .catch(() => undefined);
    },
    subscribe(listener) {
      listeners.add(listener);
      // Messages that arrived before subscribing (the page may report ready first) are replayed.
      for (const data of received) listener(data);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
    },
  };
  await page.goto(url);
  return { page, received, pageErrors, transport };
}
