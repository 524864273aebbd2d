/**
 * Keeps the panel in step with Photoshop's active document while the panel
 * is visible. The host offers no event subscription (only src/host may touch
 * `photoshop`, where notification listeners live), so this polls the host's
 * cheap describeActiveDocument; the controller skips re-rendering when
 * nothing changed.
 */
export interface DocumentWatch {
  start(): void;
  stop(): void;
}

export function watchDocument(refresh: () => void, intervalMs = 1500): DocumentWatch {
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    start() {
      if (timer !== undefined) return;
      refresh();
      timer = setInterval(refresh, intervalMs);
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
