/**
 * The plugin's entry (dist/plugin/index.js, loaded by index.html). It wires
 * the host adapter, the engine choice and the panel, registers the panel
 * with UXP and the Action playback handler with Photoshop. Nothing slow
 * runs here: UXP entrypoint callbacks must return within 300 ms, so the
 * model loads on the first Colorize.
 */
import { createDeepcolorHost, installPlaybackHandler, loadPhotoshop } from '../host';
import { createUxpWasmColorizer } from '../uxp-engine/wasm-colorizer';
import { watchDocument } from './document-watch';
import { PanelController } from './panel-controller';
import { PanelEngine } from './panel-engine';
import { PanelView } from './panel-view';
import { loadSettings, saveSettings } from './settings-store';
import { createUxpWebviewTransport } from './uxp-webview-transport';
import { WebviewEngine } from './webview-engine';

interface UxpEntrypoints {
  setup(definition: {
    panels: Record<string, { create?(root?: HTMLElement): void; show?(root?: HTMLElement): void; hide?(): void; destroy?(): void }>;
  }): void;
}

export const PANEL_ID = 'deepcolorPanel';

/** Where the hidden webview goes; set once the panel's DOM exists (Action playback can run before that). */
let webviewContainer: HTMLElement | undefined;

const engine = new PanelEngine({
  createWasm: createUxpWasmColorizer,
  connectWebview: async () => {
    if (!webviewContainer) throw new Error('the panel is not open, so there is no webview to run WebGPU in');
    const transport = createUxpWebviewTransport(webviewContainer);
    if (!transport) throw new Error('this Photoshop has no <webview> (UXP 6.4+ needed; local pages need UXP 8)');
    try {
      return await WebviewEngine.connect(transport);
    } catch (error) {
      transport.close();
      throw error;
    }
  },
});

const host = createDeepcolorHost({ engine });
export const controller = new PanelController(host, engine, loadSettings());
let savedSettings = controller.getState().settings;
controller.subscribe((state) => {
  if (state.settings === savedSettings) return;
  savedSettings = state.settings;
  saveSettings(state.settings);
});
const documentWatch = watchDocument(() => {
  if (!controller.isRunning()) controller.refreshDocument();
});
let view: PanelView | undefined;

function mount(root: HTMLElement | undefined): void {
  const target = document.getElementById('deepcolor-root') ?? root;
  if (!target || view) return;
  webviewContainer = target.ownerDocument?.body ?? target;
  view = new PanelView(target, controller);
}

try {
  // Recorded Actions call globalThis.deepcolorPlayback even if the panel was never opened.
  installPlaybackHandler({ photoshop: loadPhotoshop(), engine });
} catch (error) {
  console.error('Deepcolor: could not install the Action playback handler', error);
}

const uxp = require('uxp') as { entrypoints: UxpEntrypoints };
uxp.entrypoints.setup({
  panels: {
    [PANEL_ID]: {
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
    },
  },
});

// For automation and the packaged-bundle test: the same controller the panel's buttons drive.
(globalThis as { deepcolorPanel?: unknown }).deepcolorPanel = { controller, engine, PANEL_ID };
