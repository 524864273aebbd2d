/**
 * Cancelling a WebGPU (webview) run from the panel. UXP documents its
 * AbortSignal without an abort event, so besides listening where the signal
 * is an event target, the client notices an abort at the next progress
 * message and asks the page to cancel. A scripted transport plays the page.
 */
import { WebviewEngine, type WebviewTransport } from '../../src/panel/webview-engine';
import { PROTOCOL_VERSION, type PanelToWebviewMessage } from '../../src/panel/webview-protocol';

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
