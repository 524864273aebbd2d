/**
 * The page's end of the UXP message bridge. Inside a UXP <webview> the page
 * sends with `window.uxpHost.postMessage(msg)` and receives plugin messages
 * as `message` events on `window`; the bridge JSON-encodes both ways, so a
 * message may also arrive as a JSON string.
 */
import type { WebviewToPanelMessage } from '../panel/webview-protocol';

interface UxpHostBridge {
  postMessage(message: unknown): void;
}

export function postToPanel(message: WebviewToPanelMessage): void {
  const host = (window as unknown as { uxpHost?: UxpHostBridge }).uxpHost;
  if (!host) {
    // Opened outside UXP (e.g. straight in a browser): nobody to answer.
    console.warn('Deepcolor webview: window.uxpHost is missing; message dropped', message.type);
    return;
  }
  host.postMessage(message);
}

export function onPanelMessage(listener: (data: unknown) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = typeof event.data === 'string' ? safeParse(event.data) : event.data;
    listener(data);
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
