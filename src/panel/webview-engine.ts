/**
 * The panel's client for the webview page: a ColorizeEngine (what the host
 * calls) whose work happens in the webview on WebGPU. It speaks
 * src/panel/webview-protocol.ts over a transport, so the UXP <webview>
 * element and a test double plug in the same way.
 */
import { listenForAbort } from '../host/abort-signal';
import type { ColorizeEngine } from '../host/engine';
import { abortError } from '../model/errors';
import type { BackendName, ColorizeOptions, ColorizeResult, RgbaImage } from '../model/types';
import {
  PROTOCOL_VERSION,
  StripAssembler,
  errorFromMessage,
  imageStrips,
  parseWebviewMessage,
  ProtocolError,
  resultFromMessage,
  type PanelToWebviewMessage,
  type StripImage,
  type WebviewToPanelMessage,
} from './webview-protocol';

export interface WebviewTransport {
  post(message: PanelToWebviewMessage): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: (data: unknown) => void): () => void;
  /** Where the transport can tell, the page failed to load (UXP's `loaderror`); returns an unsubscribe function. */
  onFailure?(listener: (reason: string) => void): () => void;
  close(): void;
}

export class WebviewUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WebviewUnavailableError';
  }
}

/** Loading the model and compiling WebGPU shaders takes a while on first use; give up after this. */
const DEFAULT_READY_TIMEOUT_MS = 60_000;
/**
 * The page says `loading` as soon as its script runs; a page silent this long never loaded (a UXP
 * that cannot show local pages, a missing file), and the panel's own engine is used without
 * waiting out the model's time.
 */
const DEFAULT_CONTACT_TIMEOUT_MS = 15_000;
/**
 * After a cancel the page answers at its next tile (or page pass); one silent this long has hung or
 * died, and the run is given up here: otherwise Photoshop would stay in the modal state for ever.
 */
export const CANCEL_GRACE_MS = 10_000;
/**
 * How often a run looks at its signal: UXP documents AbortSignal without an abort event, and a
 * page that has stopped answering sends no progress message to notice the cancel at.
 */
const ABORT_POLL_MS = 250;

export class WebviewEngine implements ColorizeEngine {
  private closed = false;
  private unanswered = false;

  private constructor(
    private readonly transport: WebviewTransport,
    readonly backend: BackendName,
  ) {}

  /**
   * Whether this engine gave up on its page (it did not answer a cancel): its runs would hang too,
   * so the panel connects afresh or uses its own engine.
   */
  get lost(): boolean {
    return this.unanswered;
  }

  /**
   * Waits for the page's status; rejects with WebviewUnavailableError when it reports it cannot
   * run, fails to load, says nothing within `contactTimeoutMs`, or is not ready within `readyTimeoutMs`.
   */
  static connect(transport: WebviewTransport, readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS, contactTimeoutMs = DEFAULT_CONTACT_TIMEOUT_MS): Promise<WebviewEngine> {
    return new Promise<WebviewEngine>((resolve, reject) => {
      let settled = false;
      // A transport may deliver queued messages synchronously inside subscribe().
      let unsubscribe: (() => void) | undefined;
      let unsubscribeFailure: (() => void) | undefined;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(contact);
        unsubscribe?.();
        unsubscribeFailure?.();
        outcome();
      };
      const unavailable = (reason: string): void => finish(() => reject(new WebviewUnavailableError(reason)));
      const timer = setTimeout(() => unavailable(`the WebGPU page did not report ready within ${readyTimeoutMs / 1000} s`), readyTimeoutMs);
      const contact = setTimeout(() => unavailable(`the WebGPU page did not load (no answer within ${contactTimeoutMs / 1000} s)`), contactTimeoutMs);
      unsubscribeFailure = transport.onFailure?.((reason) => unavailable(`the WebGPU page did not load: ${reason}`));
      unsubscribe = transport.subscribe((data) => {
        let message: WebviewToPanelMessage;
        try {
          message = parseWebviewMessage(data);
        } catch {
          return; // not ours, or not yet understood: keep waiting for a status
        }
        if (message.type !== 'status') return;
        // The page ships with the panel; another protocol is a stale copy of it, which would not
        // understand the requests: the panel's own engine is used instead.
        if (message.protocol !== PROTOCOL_VERSION) {
          unavailable(`the WebGPU page speaks protocol ${message.protocol}, the panel ${PROTOCOL_VERSION}; reinstall the plugin`);
        } else if (message.state === 'loading') clearTimeout(contact);
        else if (message.state === 'ready') finish(() => resolve(new WebviewEngine(transport, message.backend)));
        else unavailable(message.reason);
      });
      if (settled) {
        unsubscribe();
        unsubscribeFailure?.();
      }
    });
  }

  colorize(lineart: RgbaImage, hint: RgbaImage | undefined, options: ColorizeOptions = {}): Promise<ColorizeResult> {
    if (this.closed) return Promise.reject(new Error('The WebGPU engine was closed.'));
    const id = nextRequestId();
    const { signal, onProgress, ...wire } = options;
    return new Promise<ColorizeResult>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      let cancelSent = false;
      let grace: ReturnType<typeof setTimeout> | undefined;
      let poll: ReturnType<typeof setInterval> | undefined;
      const onAbort = (): void => {
        if (cancelSent) return;
        cancelSent = true;
        clearInterval(poll); // noticed: the grace below takes over
        try {
          this.transport.post({ type: 'cancel', id });
        } catch {
          // The bridge is down: the grace below ends the run.
        }
        // A page that does not answer the cancel has hung or died: the run ends here, and this
        // engine is given up (lost), so the next run does not wait on the same page.
        grace = setTimeout(() => {
          this.unanswered = true;
          void this.dispose();
          settle(() => reject(abortError(signal?.reason)));
        }, CANCEL_GRACE_MS);
      };
      let settled = false;
      let unsubscribe: (() => void) | undefined;
      const pictures = new Map<StripImage, StripAssembler>();
      let unlistenAbort: () => void = () => undefined;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(grace);
        clearInterval(poll);
        unsubscribe?.();
        unlistenAbort();
        outcome();
      };
      unsubscribe = this.transport.subscribe((data) => {
        let message: WebviewToPanelMessage;
        try {
          message = parseWebviewMessage(data);
        } catch {
          return; // malformed or foreign: only this request's messages can settle it
        }
        if (!('id' in message) || message.id !== id) return;
        if (message.type === 'strip') {
          // The result's pictures, decoded into place as their strips come: the page's own size.
          if (message.image !== 'image' && message.image !== 'shading') {
            settle(() => reject(new ProtocolError(`the page sent a strip of the ${message.image}, which is the panel's to send`)));
            return;
          }
          try {
            let picture = pictures.get(message.image);
            if (!picture) pictures.set(message.image, (picture = new StripAssembler(message.image, lineart.width, lineart.height)));
            picture.add(message);
          } catch (error) {
            settle(() => reject(error));
          }
        } else if (message.type === 'progress') {
          // Where the signal has no abort event (see listenForAbort), each tile's progress is where a cancel is noticed.
          if (signal?.aborted) onAbort();
          onProgress?.({ fraction: message.fraction, tilesDone: message.tilesDone, tilesTotal: message.tilesTotal });
        } else if (message.type === 'result') {
          settle(() => {
            try {
              resolve(resultFromMessage(message, pictures));
            } catch (error) {
              reject(error);
            }
          });
        } else if (message.type === 'error') {
          settle(() => reject(errorFromMessage(message)));
        }
      });
      if (signal) {
        unlistenAbort = listenForAbort(signal, onAbort);
        poll = setInterval(() => {
          if (signal.aborted) onAbort();
        }, ABORT_POLL_MS);
      }
      // The request, its pictures a strip at a time (each encoded, posted and let go), then run.
      try {
        this.transport.post({
          type: 'colorize',
          id,
          lineart: { width: lineart.width, height: lineart.height },
          ...(hint ? { hint: { width: hint.width, height: hint.height } } : {}),
          options: wire,
        });
        for (const strip of imageStrips(id, 'lineart', lineart)) this.transport.post(strip);
        if (hint) for (const strip of imageStrips(id, 'hint', hint)) this.transport.post(strip);
        this.transport.post({ type: 'run', id });
      } catch (error) {
        // Part of the request may have crossed: the page is told to drop what it holds of it.
        try {
          this.transport.post({ type: 'cancel', id });
        } catch {
          // The bridge itself is down: nothing more to tell the page.
        }
        settle(() => reject(error));
      }
    });
  }

  async dispose(): Promise<void> {
    this.closed = true;
    this.transport.close();
  }
}

/** Unique across engine instances (a reconnect must never pick up an old request's answer). */
let requestCounter = 0;
const SESSION_PREFIX = Date.now().toString(36);
function nextRequestId(): string {
  requestCounter += 1;
  return `${SESSION_PREFIX}-${requestCounter}`;
}
