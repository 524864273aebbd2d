/**
 * The UXP <webview> element as a WebviewTransport. The page is local
 * content from the plugin folder (manifest: webview.allowLocalRendering
 * "yes", UXP 8+ / Photoshop 26+: earlier UXP shows only remote pages in a
 * webview, so there the panel's own engine is used), and messages use UXP's bridge:
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

/** The first UXP whose webview shows local pages (`allowLocalRendering`): Photoshop 26.0. */
const LOCAL_PAGES_FROM_UXP = 8;

/**
 * Why this UXP cannot show the plugin's own page in a webview, or undefined
 * where it can (or its version cannot be read: the page's silence then
 * ends the wait). `uxpVersion` is `require('uxp').versions.uxp`, e.g.
 * "uxp-8.1.0". UXP before 8 shows only remote pages in a webview, and
 * Photoshop 25 (UXP 7.x) would otherwise wait for a page that never loads.
 */
export function whyNoLocalWebview(uxpVersion: string | undefined): string | undefined {
  if (typeof (globalThis as { HTMLWebViewElement?: unknown }).HTMLWebViewElement === 'undefined') {
    return 'this Photoshop has no <webview> (UXP 6.4+ needed; local pages need UXP 8, Photoshop 26)';
  }
  const major = /(\d+)\./.exec(uxpVersion ?? '')?.[1];
  if (major !== undefined && Number(major) < LOCAL_PAGES_FROM_UXP) {
    return `this Photoshop's UXP (${uxpVersion}) cannot show the plugin's WebGPU page (UXP 8, Photoshop 26, needed)`;
  }
  return undefined;
}

/** The transport, for a UXP that whyNoLocalWebview passes; the page is loaded at once. */
export function createUxpWebviewTransport(container: HTMLElement): WebviewTransport {
  const webview = document.createElement('webview') as WebviewElement;
  webview.setAttribute('src', WEBVIEW_PAGE_URL);
  webview.setAttribute('width', '1');
  webview.setAttribute('height', '1');
  webview.style.position = 'absolute';
  webview.style.opacity = '0';
  container.appendChild(webview);

  const listeners = new Set<(data: unknown) => void>();
  const failureListeners = new Set<(reason: string) => void>();
  // UXP's webview fires loaderror (with url, code and message) where the page cannot load.
  const onLoadError = (event: Event): void => {
    const { message, code } = event as Event & { message?: unknown; code?: unknown };
    const reason = typeof message === 'string' && message !== '' ? message : `load error${code === undefined ? '' : ` ${String(code)}`}`;
    for (const listener of [...failureListeners]) listener(reason);
  };
  webview.addEventListener('loaderror', onLoadError);
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
    onFailure(listener) {
      failureListeners.add(listener);
      return () => failureListeners.delete(listener);
    },
    close(): void {
      window.removeEventListener('message', onMessage);
      webview.removeEventListener('loaderror', onLoadError);
      listeners.clear();
      failureListeners.clear();
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
