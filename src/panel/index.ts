/**
 * The plugin's entry (dist/plugin/index.js, loaded by index.html). It wires
 * the host adapter, the engine choice and the panel, registers the panel
 * with UXP and the Action playback handler with Photoshop. Nothing slow
 * runs here: UXP entrypoint callbacks must return within 300 ms, so the
 * model loads a moment after the panel shows (panel-lifecycle.ts), or on
 * the first Colorize or Action playback if that comes first.
 */
import { createDeepcolorHost, installPlaybackHandler, loadPhotoshop } from '../host';
import { createUxpWasmColorizer } from '../uxp-engine/wasm-colorizer';
import { loadUxpFlatter, loadUxpShader } from '../uxp-engine/shader';
import { PanelController } from './panel-controller';
import { PanelEngine } from './panel-engine';
import { createPanelLifecycle, type PanelEntrypoint } from './panel-lifecycle';
import { PanelView } from './panel-view';
import { loadSettings, saveSettings } from './settings-store';
import { createUxpWebviewTransport, whyNoLocalWebview } from './uxp-webview-transport';
import { WebviewEngine } from './webview-engine';

interface UxpEntrypoints {
  setup(definition: { panels: Record<string, PanelEntrypoint> }): void;
}

export const PANEL_ID = 'deepcolorPanel';

/** UXP's version ("uxp-8.1.0"), or undefined where it cannot be read. */
function uxpVersion(): string | undefined {
  try {
    const versions = (require('uxp') as unknown as { versions?: { uxp?: unknown } }).versions;
    return typeof versions?.uxp === 'string' ? versions.uxp : undefined;
  } catch {
    return undefined;
  }
}

/** Where the hidden webview goes; set once the panel's DOM exists (Action playback can run before that). */
let webviewContainer: HTMLElement | undefined;

const engine = new PanelEngine({
  createWasm: createUxpWasmColorizer,
  connectWebview: async () => {
    if (!webviewContainer) throw new Error('the panel is not open, so there is no webview to run WebGPU in');
    const why = whyNoLocalWebview(uxpVersion());
    if (why !== undefined) throw new Error(why);
    const transport = createUxpWebviewTransport(webviewContainer);
    try {
      return await WebviewEngine.connect(transport);
    } catch (error) {
      transport.close();
      throw error;
    }
  },
});

/** Relight's shading and the flats: each reads the contract from the plugin folder once, on first use (panel or Action). */
const shader = { load: loadUxpShader };
const flatter = { load: loadUxpFlatter };
const host = createDeepcolorHost({ engine, shader, flatter });
export const controller = new PanelController(host, engine, loadSettings());
let savedSettings = controller.getState().settings;
controller.subscribe((state) => {
  if (state.settings === savedSettings) return;
  savedSettings = state.settings;
  saveSettings(state.settings);
});
const panel = createPanelLifecycle({
  controller,
  host,
  mountView(root) {
    const target = (document.getElementById('deepcolor-root') as HTMLElement | null) ?? root;
    if (!target) return undefined;
    webviewContainer = (target.ownerDocument?.body as HTMLElement | undefined) ?? target;
    return new PanelView(target, controller);
  },
  watch: {
    onFallback: (reason) => console.warn(`Deepcolor: following the document by polling (${reason})`),
  },
});

try {
  // Recorded Actions call globalThis.deepcolorPlayback even if the panel was never opened.
  installPlaybackHandler({ photoshop: loadPhotoshop(), engine, shader, flatter });
} catch (error) {
  console.error('Deepcolor: could not install the Action playback handler', error);
}

// cc-ext-uxp-types 7.3.1 types setup()'s argument with every entrypoint kind required (plugin, commands,
// panels with invokeMenu...); UXP's reference treats each as optional, so the panel-only shape is declared here.
const uxp = require('uxp') as unknown as { entrypoints: UxpEntrypoints };
uxp.entrypoints.setup({
  panels: {
    [PANEL_ID]: {
      create: (root) => panel.create(root),
      show: (root) => panel.show(root),
      hide: () => panel.hide(),
      destroy: () => panel.destroy(),
    },
  },
});

// For automation and the packaged-bundle test: the same controller the panel's buttons drive.
(globalThis as { deepcolorPanel?: unknown }).deepcolorPanel = { controller, engine, panel, PANEL_ID };
