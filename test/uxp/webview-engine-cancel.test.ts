/**
 * Cancelling a WebGPU (webview) run from the panel. UXP documents its
 * AbortSignal without an abort event, so besides listening where the signal
 * is an event target, the client notices an abort at the next progress
 * message and asks the page to cancel. A page that never answers the cancel
 * ends the run anyway; connecting gives up early on a page that never loads.
 * A scripted transport plays the page.
 */
import { PanelEngine } from '../../src/panel/panel-engine';
import { whyNoLocalWebview } from '../../src/panel/uxp-webview-transport';
import { CANCEL_GRACE_MS, WebviewEngine, WebviewUnavailableError, type WebviewTransport } from '../../src/panel/webview-engine';
import { PROTOCOL_VERSION, type PanelToWebviewMessage } from '../../src/panel/webview-protocol';
import { createScriptedEngine } from '../fakes/engine';

function scriptedPage(): { transport: WebviewTransport; posted: PanelToWebviewMessage[]; send(message: unknown): void } {
  const listeners = new Set<(data: unknown) => void>();
  const posted: PanelToWebviewMessage[] = [];
  return {
    posted,
    send: (message) => {
      for (const listener of [...listeners]) listener(message);
    },
    transport: {
      post: (message) => void posted.push(message),
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close: () => listeners.clear(),
    },
  };
}

async function connected(): Promise<{ engine: WebviewEngine; page: ReturnType<typeof scriptedPage> }> {
  const page = scriptedPage();
  const connecting = WebviewEngine.connect(page.transport, 1000);
  page.send({ type: 'status', protocol: PROTOCOL_VERSION, state: 'ready', backend: 'webgpu' });
  return { engine: await connecting, page };
}

const image = { width: 2, height: 2, data: new Uint8Array(16).fill(255) };
const cancels = (posted: PanelToWebviewMessage[]): number => posted.filter((m) => m.type === 'cancel').length;

describe('cancelling a webview run', () => {
  it('with a UXP-like signal (no abort event): sends one cancel at the next progress message and rejects with AbortError', async () => {
    const { engine, page } = await connected();
    const signal = { aborted: false, reason: undefined, throwIfAborted() {} }; // what UXP documents
    const run = engine.colorize(image, undefined, { signal: signal as unknown as AbortSignal });
    const id = (page.posted[0] as { id: string }).id;
    page.send({ type: 'progress', id, fraction: 0.25, tilesDone: 1, tilesTotal: 4 });
    expect(cancels(page.posted)).toBe(0);
    signal.aborted = true;
    page.send({ type: 'progress', id, fraction: 0.5, tilesDone: 2, tilesTotal: 4 });
    page.send({ type: 'progress', id, fraction: 0.75, tilesDone: 3, tilesTotal: 4 });
    expect(page.posted.filter((m) => m.type === 'cancel')).toEqual([{ type: 'cancel', id }]);
    page.send({ type: 'error', id, name: 'AbortError', message: 'Colorize was cancelled.' });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('with an event-target signal: sends the cancel as soon as it aborts', async () => {
    const { engine, page } = await connected();
    const abort = new AbortController();
    const run = engine.colorize(image, undefined, { signal: abort.signal });
    const id = (page.posted[0] as { id: string }).id;
    abort.abort();
    expect(page.posted[page.posted.length - 1]).toEqual({ type: 'cancel', id });
    page.send({ type: 'error', id, name: 'AbortError', message: 'Colorize was cancelled.' });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('a page that stops answering', () => {
  afterEach(() => jest.useRealTimers());

  it('a cancel it never answers still ends the run (AbortError) after CANCEL_GRACE_MS, and the engine is given up', async () => {
    const { engine, page } = await connected();
    jest.useFakeTimers();
    const abort = new AbortController();
    const run = engine.colorize(image, undefined, { signal: abort.signal });
    let outcome: unknown;
    run.catch((error: unknown) => (outcome = error));
    abort.abort();
    expect(cancels(page.posted)).toBe(1);
    await jest.advanceTimersByTimeAsync(CANCEL_GRACE_MS - 1);
    expect(outcome).toBeUndefined(); // the page may still answer
    expect(engine.lost).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome).toMatchObject({ name: 'AbortError' });
    expect(engine.lost).toBe(true);
    await expect(engine.colorize(image, undefined, {})).rejects.toThrow(/closed/);
  });

  it('with a UXP-like signal (no abort event) and a page that sends nothing more, the cancel is still noticed and the run ends', async () => {
    const { engine, page } = await connected();
    jest.useFakeTimers();
    const signal = { aborted: false, reason: undefined, throwIfAborted() {} };
    const run = engine.colorize(image, undefined, { signal: signal as unknown as AbortSignal });
    let outcome: unknown;
    run.catch((error: unknown) => (outcome = error));
    signal.aborted = true;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(cancels(page.posted)).toBe(1);
    await jest.advanceTimersByTimeAsync(CANCEL_GRACE_MS);
    expect(outcome).toMatchObject({ name: 'AbortError' });
    expect(engine.lost).toBe(true);
  });

  it('a page that answers the cancel in time keeps its engine', async () => {
    const { engine, page } = await connected();
    jest.useFakeTimers();
    const abort = new AbortController();
    const run = engine.colorize(image, undefined, { signal: abort.signal });
    const id = (page.posted[0] as { id: string }).id;
    abort.abort();
    await jest.advanceTimersByTimeAsync(CANCEL_GRACE_MS / 2);
    page.send({ type: 'error', id, name: 'AbortError', message: 'Colorize was cancelled.' });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await jest.advanceTimersByTimeAsync(CANCEL_GRACE_MS);
    expect(engine.lost).toBe(false);
  });

  it('after a cancel the page never answered, the panel runs on WASM and says why', async () => {
    const { engine: gpu } = await connected();
    const wasm = createScriptedEngine();
    const panel = new PanelEngine({ connectWebview: async () => gpu, createWasm: async () => ({ backend: 'wasm', colorize: wasm.colorize.bind(wasm), dispose: async () => undefined }) });
    jest.useFakeTimers();
    const abort = new AbortController();
    const run = panel.colorize(image, undefined, { signal: abort.signal });
    let outcome: unknown;
    run.catch((error: unknown) => (outcome = error));
    await jest.advanceTimersByTimeAsync(0); // the run reaches the page
    abort.abort();
    await jest.advanceTimersByTimeAsync(CANCEL_GRACE_MS);
    expect(outcome).toMatchObject({ name: 'AbortError' });
    jest.useRealTimers();
    await panel.colorize(image, undefined, {});
    expect(panel.describe()).toEqual({ backend: 'wasm', fallbackReason: 'WebGPU failed earlier: the WebGPU page stopped answering' });
  });
});

describe('connecting to the page', () => {
  afterEach(() => jest.useRealTimers());

  it('gives up at the contact timeout on a page that never says anything, long before the ready timeout', async () => {
    jest.useFakeTimers();
    const page = scriptedPage();
    const connecting = WebviewEngine.connect(page.transport, 60_000, 5_000);
    let outcome: unknown;
    connecting.catch((error: unknown) => (outcome = error));
    await jest.advanceTimersByTimeAsync(5_000);
    expect(outcome).toBeInstanceOf(WebviewUnavailableError);
    expect(String(outcome)).toMatch(/did not load \(no answer within 5 s\)/);
  });

  it('waits for the model, up to the ready timeout, once the page says it is loading', async () => {
    jest.useFakeTimers();
    const page = scriptedPage();
    const connecting = WebviewEngine.connect(page.transport, 60_000, 5_000);
    let outcome: unknown;
    connecting.then((engine) => (outcome = engine)).catch((error: unknown) => (outcome = error));
    page.send({ type: 'status', protocol: PROTOCOL_VERSION, state: 'loading' });
    await jest.advanceTimersByTimeAsync(30_000);
    expect(outcome).toBeUndefined();
    page.send({ type: 'status', protocol: PROTOCOL_VERSION, state: 'ready', backend: 'webgpu' });
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome).toBeInstanceOf(WebviewEngine);

    const slow = scriptedPage();
    const waiting = WebviewEngine.connect(slow.transport, 60_000, 5_000);
    slow.send({ type: 'status', protocol: PROTOCOL_VERSION, state: 'loading' });
    const failed = expect(waiting).rejects.toThrow(/did not report ready within 60 s/);
    await jest.advanceTimersByTimeAsync(60_000);
    await failed;
  });

  it("fails at once, saying why, when the webview reports that the page did not load (UXP's loaderror)", async () => {
    const page = scriptedPage();
    const failures = new Set<(reason: string) => void>();
    const transport: WebviewTransport = { ...page.transport, onFailure: (listener) => (failures.add(listener), () => failures.delete(listener)) };
    const connecting = WebviewEngine.connect(transport, 60_000, 15_000);
    expect(failures.size).toBe(1);
    for (const listener of failures) listener('ERR_FILE_NOT_FOUND');
    await expect(connecting).rejects.toThrow('the WebGPU page did not load: ERR_FILE_NOT_FOUND');
    expect(failures.size).toBe(0);
  });
});

describe('which UXP can show the page', () => {
  const global = globalThis as { HTMLWebViewElement?: unknown };
  afterEach(() => delete global.HTMLWebViewElement);

  it('refuses a UXP without <webview>, and UXP 7 (Photoshop 25: remote pages only); allows UXP 8 and a version it cannot read', () => {
    expect(whyNoLocalWebview('uxp-8.1.0')).toMatch(/no <webview>/);
    global.HTMLWebViewElement = class {};
    expect(whyNoLocalWebview('uxp-7.4.3')).toMatch(/UXP \(uxp-7\.4\.3\) cannot show the plugin's WebGPU page/);
    expect(whyNoLocalWebview('uxp-8.0.0')).toBeUndefined();
    expect(whyNoLocalWebview('uxp-10.2.1')).toBeUndefined();
    expect(whyNoLocalWebview(undefined)).toBeUndefined();
  });
});
