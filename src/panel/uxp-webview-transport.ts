/**
 * The UXP <webview> element as a WebviewTransport. The page is local
 * content from the plugin folder (manifest: webview.allowLocalRendering
 * "yes", UXP 8+ / Photoshop 26+), and messages use UXP's bridge:
 * `webview.postMessage(msg)` towards the page, and `message` events on
 * `window` (source = the webview element) from it. Both directions are
 * JSON-encoded by UXP. The element stays in the panel but invisible.
 */
import type { PanelToWebviewMessage } from './webview-protocol';
import type { WebviewTransport } from './webview-engine';

interface WebviewElement extends HTMLElement {
  postMessage(message: unknown, targetOrigin?: string): void;
}

export const WEBVIEW_PAGE_URL = 'plugin:/webview/index.html';

/** Returns undefined where this UXP has no <webview> (before UXP 6.4) so the caller can fall back at once. */
export function createUxpWebviewTransport(container: HTMLElement): WebviewTransport | undefined {
  if (typeof (globalThis as { HTMLWebViewElement?: unknown }).HTMLWebViewElement === 'undefined') return undefined;
  const webview = document.createElement('webview') as WebviewElement;
  webview.setAttribute('src', WEBVIEW_PAGE_URL);
  webview.setAttribute('width', '1');
  webview.setAttribute('height', '1');
  webview.style.position = 'absolute';
  webview.style.opacity = '0';
  container.appendChild(webview);

  const listeners = new Set<(data: unknown) => void>();
  const onMessage = (event: Event): void => {
    // Not filtered by event.source: UXP documents it only loosely ("window.HTMLWebViewElement"), and
    // this panel has one webview; the protocol parser and request ids reject anything else.
    const message = event as MessageEvent;
    const data: unknown = typeof message.data === 'string' ? parseJson(message.data) : message.data;
    for (const listener of [...listeners]) listener(data);
  };
  window.addEventListener('message', onMessage);

  return {
    post(message: PanelToWebviewMessage): void {
      webview.postMessage(message, '*');
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close(): void {
      window.removeEventListener('message', onMessage);
      listeners.clear();
      webview.remove();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
