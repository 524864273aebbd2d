/**
 * Globals of Photoshop's UXP JavaScript context that neither the ES lib nor
 * @adobe/cc-ext-uxp-types 7.3.1 declare, for tsconfig.uxp.json only (the
 * browser and Node configs get these from lib DOM / @types/node, and would
 * clash with them). Declared as narrowly as the code uses them, and only
 * what UXP has, so the compiler catches code that assumes a browser:
 *
 * - console, setTimeout/clearTimeout, setInterval/clearInterval: not in UXP's
 *   "Global Members" reference, but used throughout Adobe's own UXP samples
 *   and documentation examples (e.g. the webview message example logs with
 *   console.log), and the UXP Developer Tool shows console output.
 * - window: the panel's global object; documented through its members
 *   (`window.localStorage`, `window.HTMLWebViewElement`, and webview messages
 *   arriving as `window.addEventListener("message", ...)`).
 * - TextDecoder: NOT documented for UXP; typed as possibly missing, so code
 *   has to feature-detect it.
 * - performance: NOT documented for UXP either. onnxruntime-web's glue needs
 *   it, so src/uxp-engine/clock-globals.ts installs `performance.now` and
 *   `timeOrigin` (from Date.now) before the engine loads when it is missing;
 *   code that runs before that must use `globalThis.performance?.now`.
 * - AbortController.abort(): cc-ext-uxp-types requires a reason, but UXP's
 *   reference says the reason is optional ("If the reason is not specified,
 *   the reason is set to AbortError").
 * Deliberately absent: Worker, SharedArrayBuffer, navigator.gpu, URL,
 * requestAnimationFrame, btoa/atob (none documented for UXP).
 * UXP's AbortSignal is documented without events ("works only for web
 * streams"): it is NOT an event target here, so code polls `signal.aborted`
 * or feature-detects `addEventListener`.
 */

interface UxpConsole {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
}
declare var console: UxpConsole;

declare function setTimeout(handler: () => void, timeout?: number): number;
declare function clearTimeout(id: number | undefined): void;
declare function setInterval(handler: () => void, timeout?: number): number;
declare function clearInterval(id: number | undefined): void;

interface UxpWindow extends EventTarget {
  readonly document: Document;
  readonly localStorage: LocalStorage;
  readonly sessionStorage: SessionStorage;
}
declare var window: UxpWindow;

interface UxpTextDecoder {
  decode(input: Uint8Array): string;
}
declare var TextDecoder: (new (label?: string) => UxpTextDecoder) | undefined;

interface UxpPerformance {
  now(): number;
  readonly timeOrigin?: number;
}
declare var performance: UxpPerformance;

interface AbortController {
  abort(reason?: unknown): void;
}
