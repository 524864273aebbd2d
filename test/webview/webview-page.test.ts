/**
 * The webview page (src/webview) that runs the engine on WebGPU inside
 * Photoshop's <webview>, tested in Debian's Chromium: with swiftshader
 * WebGPU it answers a colorize request with progress and a result from the
 * 'webgpu' backend; without WebGPU it reports itself unavailable and the
 * panel's engine choice falls back to WASM. The panel's own client
 * (WebviewEngine) speaks to it over the same JSON/base64 protocol UXP's
 * message bridge would carry.
 */
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { selectEngine } from '../../src/panel/engine-selection';
import { WebviewEngine, WebviewUnavailableError } from '../../src/panel/webview-engine';
import { PROTOCOL_VERSION, StripAssembler, imageStrips, type StripImage, type WebviewToPanelMessage } from '../../src/panel/webview-protocol';
import type { RgbaImage } from '../../src/model/types';
import { createNodeWasmColorizer } from '../helpers/engine';
import { circle, drawStrokes } from '../helpers/synthetic';
import { launchChromium } from '../helpers/chromium';
import { startStaticServer, type StaticServer } from '../helpers/static-server';
import { openBridgedPage, type BridgedPage } from './page-harness';

interface PackageResult {
  outDir: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packagePlugin } = require('../../scripts/package-plugin.js') as {
  packagePlugin(options: { outDir: string; ccxPath: null; webviewOnly: boolean }): Promise<PackageResult>;
};

const OUT = path.resolve(__dirname, '../../test-output/webview-page');

/** Small pages only: swiftshader runs WebGPU on the CPU. */
function lineartPage(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ink = x % 16 < 2 || y % 16 < 2;
      data.set(ink ? [0, 0, 0, 255] : [255, 255, 255, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

function hintPage(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 4; y < 20; y++) for (let x = 4; x < 20; x++) data.set([40, 90, 220, 255], (y * width + x) * 4);
  return { width, height, data };
}

let server: StaticServer;

/** A picture of the result of request `id` put together from the strips the page posted. */
function sentPicture(received: unknown[], id: string, image: StripImage, width: number, height: number): RgbaImage['data'] {
  const assembler = new StripAssembler(image, width, height);
  for (const m of received as WebviewToPanelMessage[]) if (m.type === 'strip' && m.id === id && m.image === image) assembler.add(m);
  return assembler.finish().data;
}

beforeAll(async () => {
  await packagePlugin({ outDir: OUT, ccxPath: null, webviewOnly: true });
  server = await startStaticServer(OUT);
}, 300_000);

afterAll(async () => {
  await server?.close();
});

describe('with WebGPU (swiftshader)', () => {
  let browser: Browser;
  let bridged: BridgedPage;

  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
    bridged = await openBridgedPage(browser, `${server.url}/webview/index.html`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('reports ready on the webgpu backend', async () => {
    const engine = await WebviewEngine.connect(bridged.transport, 120_000);
    expect(engine.backend).toBe('webgpu');
    const status = bridged.received.find((m) => (m as WebviewToPanelMessage).type === 'status');
    expect(status).toEqual({ type: 'status', protocol: PROTOCOL_VERSION, state: 'ready', backend: 'webgpu' });
  }, 150_000);

  it('answers a colorize request with progress messages and one result from webgpu', async () => {
    const engine = await WebviewEngine.connect(bridged.transport, 120_000);
    const lineart = lineartPage(64, 64);
    const progress: number[] = [];
    const result = await engine.colorize(lineart, hintPage(64, 64), {
      workingScale: 1,
      onProgress: (p) => progress.push(p.fraction),
    });
    expect(result.backend).toBe('webgpu');
    expect(result.image.width).toBe(64);
    expect(result.image.height).toBe(64);
    expect(result.image.data.length).toBe(64 * 64 * 4);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(1);
    // Lines survive (restoreLines multiplies them back) and the rest is not blank.
    expect(Math.max(...result.image.data.subarray(0, 4 * 2).filter((_, i) => i % 4 !== 3))).toBeLessThan(40);
    const messages = bridged.received as WebviewToPanelMessage[];
    const results = messages.filter((m) => m.type === 'result');
    expect(results).toHaveLength(1);
    expect(sentPicture(messages, results[0].id, 'image', 64, 64)).toEqual(result.image.data);
    expect(bridged.pageErrors).toEqual([]);
  }, 300_000);

  it('with shading asked for, sends the shading layer back with the colour, and only then', async () => {
    const engine = await WebviewEngine.connect(bridged.transport, 120_000);
    // A ring: a shape with a form to shade (the grid's squares read as comic panels, which shading leaves alone).
    const lineart = drawStrokes(64, 64, circle(32, 32, 22, 96), 3);
    const hint: RgbaImage = { width: 64, height: 64, data: new Uint8Array(64 * 64 * 4) };
    for (let y = 26; y < 38; y++) for (let x = 26; x < 38; x++) hint.data.set([200, 60, 40, 255], (y * 64 + x) * 4);
    const result = await engine.colorize(lineart, hint, { workingScale: 1, shading: { light: 'top-left', strength: 0.5 } });
    const shading = result.shading;
    if (!shading) throw new Error('the result carries no shading layer');
    expect([shading.width, shading.height, shading.data.length]).toEqual([64, 64, 64 * 64 * 4]);
    // An opaque grey layer for Multiply: alpha 255, R = G = B, and the ring darkened somewhere.
    let darkest = 255;
    for (let i = 0; i < shading.data.length; i += 4) {
      expect([shading.data[i + 3], shading.data[i + 1], shading.data[i + 2]]).toEqual([255, shading.data[i], shading.data[i]]);
      darkest = Math.min(darkest, shading.data[i]);
    }
    expect(darkest).toBeLessThan(255);
    const results = (bridged.received as WebviewToPanelMessage[]).filter((m): m is Extract<WebviewToPanelMessage, { type: 'result' }> => m.type === 'result');
    const sent = results[results.length - 1];
    expect(sent.shading).toEqual({ width: 64, height: 64 });
    expect(sentPicture(bridged.received, sent.id, 'shading', 64, 64)).toEqual(shading.data);

    const plain = await engine.colorize(lineart, hint, { workingScale: 1 });
    expect(plain.shading).toBeUndefined();
    const plainSent = (bridged.received as WebviewToPanelMessage[]).filter((m) => m.type === 'result').pop();
    expect(plainSent).not.toHaveProperty('shading');
    expect((bridged.received as WebviewToPanelMessage[]).some((m) => m.type === 'strip' && m.id === plainSent?.id && m.image === 'shading')).toBe(false);
    expect(bridged.pageErrors).toEqual([]);
  }, 300_000);

  it('rejects a request whose strips do not fit its size, or miss rows, with a protocol error, and keeps serving', async () => {
    const reply = (id: string): Promise<WebviewToPanelMessage> =>
      new Promise((resolve) => {
        const off = bridged.transport.subscribe((m) => {
          const message = m as WebviewToPanelMessage;
          if ('id' in message && message.id === id && (message.type === 'error' || message.type === 'result')) {
            off();
            resolve(message);
          }
        });
      });
    // 32 px wide rows for a lineart said to be 33 wide.
    const wide = reply('bad-1');
    bridged.transport.post({ type: 'colorize', id: 'bad-1', lineart: { width: 33, height: 32 }, options: {} });
    for (const strip of imageStrips('bad-1', 'lineart', lineartPage(32, 32))) bridged.transport.post(strip);
    bridged.transport.post({ type: 'run', id: 'bad-1' });
    const refused = await wide;
    expect(refused.type).toBe('error');
    expect((refused as Extract<WebviewToPanelMessage, { type: 'error' }>).message).toMatch(/33 px wide\) has 4096 bytes, not whole rows/);
    // Run before the last rows came.
    const short = reply('bad-2');
    bridged.transport.post({ type: 'colorize', id: 'bad-2', lineart: { width: 32, height: 32 }, options: {} });
    bridged.transport.post([...imageStrips('bad-2', 'lineart', lineartPage(32, 32), 8)][0]);
    bridged.transport.post({ type: 'run', id: 'bad-2' });
    const missing = await short;
    expect((missing as Extract<WebviewToPanelMessage, { type: 'error' }>).message).toMatch(/only 8 of its rows came/);
    // And the page still serves a good request.
    const engine = await WebviewEngine.connect(bridged.transport, 120_000);
    const result = await engine.colorize(lineartPage(32, 32), undefined, { workingScale: 1 });
    expect(result.image.width).toBe(32);
  }, 300_000);

  it('stops a running request on cancel and answers with an AbortError', async () => {
    const engine = await WebviewEngine.connect(bridged.transport, 120_000);
    const abort = new AbortController();
    const run = engine.colorize(lineartPage(128, 128), undefined, {
      workingScale: 1,
      tileSize: 64,
      tileOverlap: 0,
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  }, 300_000);
});

describe('without WebGPU', () => {
  let browser: Browser;
  let bridged: BridgedPage;

  beforeAll(async () => {
    browser = await launchChromium({ webgpu: false });
    bridged = await openBridgedPage(browser, `${server.url}/webview/index.html`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('reports itself unavailable with the reason, and the panel falls back to WASM', async () => {
    await expect(WebviewEngine.connect(bridged.transport, 60_000)).rejects.toBeInstanceOf(WebviewUnavailableError);
    const status = bridged.received.find((m) => (m as WebviewToPanelMessage).type === 'status') as Extract<WebviewToPanelMessage, { type: 'status' }>;
    expect(status.state).toBe('unavailable');

    const selected = await selectEngine(true, {
      connectWebview: () => WebviewEngine.connect(bridged.transport, 60_000),
      createWasm: () => createNodeWasmColorizer(),
    });
    try {
      expect(selected.backend).toBe('wasm');
      expect(selected.fallbackReason).toMatch(/WebGPU/);
      const result = await selected.engine.colorize(lineartPage(32, 32), undefined, { workingScale: 1 });
      expect(result.backend).toBe('wasm');
    } finally {
      await selected.engine.dispose();
    }
  }, 120_000);
});
