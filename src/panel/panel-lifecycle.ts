/**
 * The panel entrypoint's callbacks (create, show, hide, destroy) as UXP
 * calls them: the view is built once, and the document watch (Photoshop
 * notifications, see document-watch.ts) runs only while the panel is
 * visible, so a hidden or destroyed panel leaves no listener behind.
 *
 * While the panel is visible and the model is not loaded (first show, or
 * "Use GPU" switched), it asks the controller to load it a moment later,
 * in the background, so the first Colorize does not wait for it. Not at
 * once: UXP wants show() back within 300 ms, and a panel shown as
 * Photoshop starts should not slow the start.
 */
import type { DeepcolorHost } from '../host';
import { watchDocument, type DocumentWatch, type DocumentWatchOptions } from './document-watch';
import type { PanelController } from './panel-controller';

export interface PanelEntrypoint {
  create(root?: HTMLElement): void;
  show(root?: HTMLElement): void;
  hide(): void;
  destroy(): void;
}

export interface PanelLifecycleOptions {
  readonly controller: PanelController;
  readonly host: Pick<DeepcolorHost, 'watchDocumentChanges'>;
  /** Builds the widgets into the panel's root; returns undefined when there is nothing to build into yet. */
  mountView(root: HTMLElement | undefined): { dispose(): void } | undefined;
  /** Test hooks and fallback reporting for the watch. */
  readonly watch?: Pick<DocumentWatchOptions, 'coalesceMs' | 'fallbackPollMs' | 'onFallback'>;
  /** How long after the panel shows (or "Use GPU" switches) the model starts loading; default PREPARE_DELAY_MS. */
  readonly prepareDelayMs?: number;
}

export const PREPARE_DELAY_MS = 2000;

export interface PanelLifecycle extends PanelEntrypoint {
  readonly documentWatch: DocumentWatch;
}

export function createPanelLifecycle(options: PanelLifecycleOptions): PanelLifecycle {
  const { controller, host } = options;
  let view: { dispose(): void } | undefined;
  const documentWatch = watchDocument({
    ...options.watch,
    refresh: () => {
      // The run's own layer changes send events too; the controller refreshes when the run ends.
      if (!controller.isRunning()) controller.refreshDocument();
    },
    subscribe: (onChange) => host.watchDocumentChanges(() => onChange()),
  });
  const mount = (root: HTMLElement | undefined): void => {
    view ??= options.mountView(root);
  };
  const preparation = schedulePreparation(controller, options.prepareDelayMs ?? PREPARE_DELAY_MS);
  return {
    documentWatch,
    create(root) {
      mount(root);
    },
    show(root) {
      mount(root);
      documentWatch.start();
      preparation.start();
    },
    hide() {
      documentWatch.stop();
      preparation.stop();
    },
    destroy() {
      documentWatch.stop();
      preparation.stop();
      view?.dispose();
      view = undefined;
    },
  };
}

/** While started: whenever the engine is not loaded and nothing runs, prepareEngine() after delayMs. */
function schedulePreparation(controller: PanelController, delayMs: number): { start(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;
  const consider = (): void => {
    const state = controller.getState();
    if (timer !== undefined || state.engine.state !== 'notLoaded' || controller.isRunning()) return;
    timer = setTimeout(() => {
      timer = undefined;
      void controller.prepareEngine();
    }, delayMs);
  };
  return {
    start() {
      unsubscribe ??= controller.subscribe(consider);
      consider();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
