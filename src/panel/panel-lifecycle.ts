/**
 * The panel entrypoint's callbacks (create, show, hide, destroy) as UXP
 * calls them: the view is built once, and the document watch (Photoshop
 * notifications, see document-watch.ts) runs only while the panel is
 * visible, so a hidden or destroyed panel leaves no listener behind.
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
}

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
  return {
    documentWatch,
    create(root) {
      mount(root);
    },
    show(root) {
      mount(root);
      documentWatch.start();
    },
    hide() {
      documentWatch.stop();
    },
    destroy() {
      documentWatch.stop();
      view?.dispose();
      view = undefined;
    },
  };
}
