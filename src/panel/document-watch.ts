/**
 * Keeps the panel in step with Photoshop's active document while the panel
 * is visible. It listens to Photoshop's notifications through the host
 * (host.watchDocumentChanges: document switched, opened, closed, layers
 * added, renamed, deleted, selected...) and re-reads the document once per
 * burst of events. Where that API is missing or refuses the listener, it
 * falls back to a slow poll (the only reason a timer runs here), so the
 * panel still follows the document, just later.
 */
import type { DocumentChangeWatch } from '../host';

export interface DocumentWatchOptions {
  /** Re-reads the document (the controller skips it while a run is going). */
  refresh(): void;
  /** The host's subscription; resolves null where Photoshop has no notification API. */
  subscribe?(onChange: () => void): Promise<DocumentChangeWatch | null>;
  /** One user action sends several events (e.g. make + set + select): refresh once, this long after the first. */
  coalesceMs?: number;
  /** Only used when there are no notifications. */
  fallbackPollMs?: number;
  /** Why the watch fell back to polling (for the console). */
  onFallback?(reason: string): void;
}

export type DocumentWatchMode = 'stopped' | 'starting' | 'events' | 'polling';

export interface DocumentWatch {
  start(): void;
  stop(): void;
  readonly mode: DocumentWatchMode;
}

export const DEFAULT_COALESCE_MS = 50;
export const DEFAULT_FALLBACK_POLL_MS = 1500;

export function watchDocument(options: DocumentWatchOptions): DocumentWatch {
  const coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
  const pollMs = options.fallbackPollMs ?? DEFAULT_FALLBACK_POLL_MS;
  let mode: DocumentWatchMode = 'stopped';
  /** Bumped by start and stop, so a subscription that resolves after stop() is undone at once. */
  let generation = 0;
  let subscription: DocumentChangeWatch | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;

  const scheduleRefresh = (): void => {
    if (pending !== undefined || mode === 'stopped') return;
    pending = setTimeout(() => {
      pending = undefined;
      if (mode !== 'stopped') options.refresh();
    }, coalesceMs);
  };

  const startPolling = (reason: string): void => {
    mode = 'polling';
    options.onFallback?.(reason);
    // Fallback only: without notifications there is no other way to notice a change.
    poll = setInterval(() => options.refresh(), pollMs);
  };

  return {
    get mode() {
      return mode;
    },
    start() {
      if (mode !== 'stopped') return;
      const current = ++generation;
      mode = 'starting';
      options.refresh(); // whatever changed while the panel was hidden
      const subscribe = options.subscribe;
      if (!subscribe) {
        startPolling('no document-change subscription was given');
        return;
      }
      // A subscribe that throws instead of rejecting is treated the same way.
      new Promise<DocumentChangeWatch | null>((resolve) => resolve(subscribe(scheduleRefresh))).then(
        (watch) => {
          if (current !== generation) {
            void watch?.stop().catch(() => undefined);
            return;
          }
          if (watch) {
            subscription = watch;
            mode = 'events';
          } else {
            startPolling('this Photoshop has no notification listeners (action.addNotificationListener)');
          }
        },
        (error: unknown) => {
          if (current !== generation) return;
          startPolling(`Photoshop refused the notification listener: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    },
    stop() {
      if (mode === 'stopped') return;
      generation++;
      mode = 'stopped';
      if (pending !== undefined) clearTimeout(pending);
      if (poll !== undefined) clearInterval(poll);
      pending = undefined;
      poll = undefined;
      const watch = subscription;
      subscription = undefined;
      if (watch) void watch.stop().catch(() => undefined);
    },
  };
}
