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
import { PROTOCOL_VERSION, StripAssembler, imageStrips, type PanelToWebviewMessage, type StripImage, type WebviewToPanelMessage } from '../../src/panel/webview-protocol';
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
    // First "loading" (the page runs: the panel's short wait for contact is over), then "ready".
    const statuses = bridged.received.filter((m) => (m as WebviewToPanelMessage).type === 'status');
    expect(statuses).toEqual([
      { type: 'status', protocol: PROTOCOL_VERSION, state: 'loading' },
      { type: 'status', protocol: PROTOCOL_VERSION, state: 'ready', backend: 'webgpu' },
    ]);
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

  /** The first `error` or `result` the page posts for `id`. */
  const answer = (id: string): Promise<WebviewToPanelMessage> =>
    new Promise((resolve) => {
      const off = bridged.transport.subscribe((m) => {
        const message = m as WebviewToPanelMessage;
        if ('id' in message && message.id === id && (message.type === 'error' || message.type === 'result')) {
          off();
          resolve(message);
        }
      });
    });

  it('rejects a request whose strips do not fit its size, or miss rows, with a protocol error, and keeps serving', async () => {
    // 32 px wide rows for a lineart said to be 33 wide.
    const wide = answer('bad-1');
    bridged.transport.post({ type: 'colorize', id: 'bad-1', lineart: { width: 33, height: 32 }, options: {} });
    for (const strip of imageStrips('bad-1', 'lineart', lineartPage(32, 32))) bridged.transport.post(strip);
    bridged.transport.post({ type: 'run', id: 'bad-1' });
    const refused = await wide;
    expect(refused.type).toBe('error');
    expect((refused as Extract<WebviewToPanelMessage, { type: 'error' }>).message).toMatch(/33 px wide\) has 4096 bytes, not whole rows/);
    // Run before the last rows came.
    const short = answer('bad-2');
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

  /** A message dispatched as JSON text, as UXP's bridge may deliver it. */
  const postAsText = (message: PanelToWebviewMessage): Promise<unknown> =>
    bridged.page.evaluate((json) => window.dispatchEvent(new MessageEvent('message', { data: json })), JSON.stringify(message));

  it('puts a request together from many strips in any order, delivered as JSON text, and colours it', async () => {
    const lineart = lineartPage(40, 37);
    const hint = hintPage(40, 37);
    const done = answer('many-1');
    await postAsText({ type: 'colorize', id: 'many-1', lineart: { width: 40, height: 37 }, hint: { width: 40, height: 37 }, options: { workingScale: 1 } });
    for (const strip of [...imageStrips('many-1', 'lineart', lineart, 5)].reverse()) await postAsText(strip);
    for (const strip of imageStrips('many-1', 'hint', hint, 3)) await postAsText(strip);
    await postAsText({ type: 'run', id: 'many-1' });
    const reply = await done;
    expect(reply.type).toBe('result');
    // The same page as one strip each through the panel's own client.
    const engine = await WebviewEngine.connect(bridged.transport, 120_000);
    const whole = await engine.colorize(lineart, hint, { workingScale: 1 });
    expect(sentPicture(bridged.received, 'many-1', 'image', 40, 37)).toEqual(whole.image.data);
  }, 300_000);

  it('refuses at the request, before any strip, a page too large or a hint of another size, in the engine\'s words', async () => {
    const big = answer('big-1');
    bridged.transport.post({ type: 'colorize', id: 'big-1', lineart: { width: 200_000, height: 200_000 }, options: {} });
    expect(await big).toMatchObject({ type: 'error', name: 'EngineInputError', code: 'TOO_LARGE', message: expect.stringMatching(/200000 x 200000; the engine accepts at most/) });
    const other = answer('size-1');
    bridged.transport.post({ type: 'colorize', id: 'size-1', lineart: { width: 32, height: 32 }, hint: { width: 32, height: 16 }, options: {} });
    expect(await other).toMatchObject({ type: 'error', code: 'HINT_SIZE_MISMATCH', message: expect.stringMatching(/hint is 32 x 16 but the lineart is 32 x 32/) });
    // Strips and run for a refused request are ignored; the page serves the next one.
    for (const strip of imageStrips('size-1', 'lineart', lineartPage(32, 32))) bridged.transport.post(strip);
    bridged.transport.post({ type: 'run', id: 'size-1' });
    const engine = await WebviewEngine.connect(bridged.transport, 120_000);
    expect((await engine.colorize(lineartPage(32, 32), undefined, { workingScale: 1 })).image.width).toBe(32);
    expect((bridged.received as WebviewToPanelMessage[]).filter((m) => 'id' in m && m.id === 'size-1')).toHaveLength(1);
    expect(bridged.pageErrors).toEqual([]);
  }, 300_000);

  it('drops a request cancelled while its strips arrive (AbortError), and refuses a strip of a hint it was not told of', async () => {
    const strips = [...imageStrips('cut-1', 'lineart', lineartPage(32, 32), 8)];
    const cut = answer('cut-1');
    bridged.transport.post({ type: 'colorize', id: 'cut-1', lineart: { width: 32, height: 32 }, options: {} });
    bridged.transport.post(strips[0]);
    bridged.transport.post({ type: 'cancel', id: 'cut-1' });
    for (const strip of strips.slice(1)) bridged.transport.post(strip);
    bridged.transport.post({ type: 'run', id: 'cut-1' });
    expect(await cut).toMatchObject({ type: 'error', name: 'AbortError' });
    const stray = answer('nohint-1');
    bridged.transport.post({ type: 'colorize', id: 'nohint-1', lineart: { width: 8, height: 8 }, options: {} });
    bridged.transport.post([...imageStrips('nohint-1', 'hint', lineartPage(8, 8))][0]);
    expect(await stray).toMatchObject({ type: 'error', message: expect.stringMatching(/no hint to send strips of/) });
    // Neither ran: no progress or result for them, ever (the queue has served a later request by now).
    const engine = await WebviewEngine.connect(bridged.transport, 120_000);
    await engine.colorize(lineartPage(16, 16), undefined, { workingScale: 1 });
    const theirs = (bridged.received as WebviewToPanelMessage[]).filter((m) => 'id' in m && (m.id === 'cut-1' || m.id === 'nohint-1'));
    expect(theirs.map((m) => m.type)).toEqual(['error', 'error']);
  }, 300_000);

  it('drops a request left part way when the next one begins, and serves the next', async () => {
    const left = answer('left-1');
    bridged.transport.post({ type: 'colorize', id: 'left-1', lineart: { width: 32, height: 32 }, options: {} });
    bridged.transport.post([...imageStrips('left-1', 'lineart', lineartPage(32, 32), 8)][0]);
    const engine = await WebviewEngine.connect(bridged.transport, 120_000);
    const next = engine.colorize(lineartPage(32, 32), undefined, { workingScale: 1 });
    expect(await left).toMatchObject({ type: 'error', message: expect.stringMatching(/dropped: another began before its run/) });
    expect((await next).image.width).toBe(32);
    // Its run, coming late, is ignored: nothing more is said of it.
    bridged.transport.post({ type: 'run', id: 'left-1' });
    await (await WebviewEngine.connect(bridged.transport, 120_000)).colorize(lineartPage(16, 16), undefined, { workingScale: 1 });
    expect((bridged.received as WebviewToPanelMessage[]).filter((m) => 'id' in m && m.id === 'left-1').map((m) => m.type)).toEqual(['error']);
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
    const statuses = bridged.received.filter((m) => (m as WebviewToPanelMessage).type === 'status') as Array<Extract<WebviewToPanelMessage, { type: 'status' }>>;
    expect(statuses.map((status) => status.state)).toEqual(['loading', 'unavailable']);

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
