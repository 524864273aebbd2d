/**
 * Plays the part of UXP's message bridge for the webview page opened in
 * Chromium (test/helpers/chromium.ts, served by test/helpers/static-server.ts):
 * the page's `window.uxpHost.postMessage` reaches the test, and the test's
 * messages arrive as `message` events on the page's window. Both directions
 * go through a JSON round trip, as UXP's bridge does.
 */
import type { Browser, Page } from 'playwright-core';
import type { WebviewTransport } from '../../src/panel/webview-engine';
import type { PanelToWebviewMessage } from '../../src/panel/webview-protocol';

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
