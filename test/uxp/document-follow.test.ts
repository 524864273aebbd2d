/**
 * The panel follows the active document through Photoshop's notifications:
 * the entrypoint's show() subscribes (through the real host, on the fake
 * Photoshop), a rename, a new layer or a document switch updates the layer
 * pickers, and hide()/destroy() remove the listener. Where Photoshop has no
 * notification API it falls back to polling.
 */
import { createDeepcolorHost, type HostOptions } from '../../src/host';
import { PanelController } from '../../src/panel/panel-controller';
import { PanelEngine } from '../../src/panel/panel-engine';
import { watchDocument } from '../../src/panel/document-watch';
import { createPanelLifecycle, type PanelLifecycle } from '../../src/panel/panel-lifecycle';
import { DEFAULT_SETTINGS } from '../../src/panel/panel-settings';
import { hintOptions, lineartOptions } from '../../src/panel/panel-view';
import type { EngineHandle } from '../../src/panel/engine-selection';
import { createScriptedEngine, type ScriptedEngineOptions } from '../fakes/engine';
import type { RgbaImage } from '../../src/model/types';
import { createFakePhotoshop, type DocumentSpec, type FakePhotoshop, type FakePhotoshopOptions } from '../fakes/photoshop';

function page(title: string, firstLayerId: number): DocumentSpec {
  return {
    title,
    width: 32,
    height: 24,
    firstLayerId,
    layers: [
      { name: 'colors', pixels: { left: 2, top: 2, width: 8, height: 8, fill: [200, 40, 40, 255] } },
      { name: 'Lineart', pixels: { left: 0, top: 0, width: 32, height: 24, fill: [255, 255, 255, 255] } },
    ],
    selected: ['Lineart'],
  };
}

interface Setup {
  photoshop: FakePhotoshop;
  controller: PanelController;
  panel: PanelLifecycle;
  views: { mounted: number; disposed: number };
  /** Lets the fake deliver its notifications and the panel run its coalesced refresh. */
  settle(): Promise<void>;
}

function setup(options: FakePhotoshopOptions = {}, fallbackPollMs?: number, engineOptions: ScriptedEngineOptions = {}): Setup {
  const photoshop = createFakePhotoshop(options);
  const wasm = (): Promise<EngineHandle> => {
    const engine = createScriptedEngine(engineOptions);
    return Promise.resolve({ backend: 'wasm', colorize: engine.colorize.bind(engine), dispose: async () => undefined });
  };
  const engine = new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: wasm });
  const host = createDeepcolorHost({ engine, photoshop: photoshop.module });
  const controller = new PanelController(host, engine, DEFAULT_SETTINGS);
  const views = { mounted: 0, disposed: 0 };
  const panel = createPanelLifecycle({
    controller,
    host,
    mountView: () => {
      views.mounted++;
      return { dispose: () => void views.disposed++ };
    },
    watch: { coalesceMs: 0, ...(fallbackPollMs === undefined ? {} : { fallbackPollMs }) },
    prepareDelayMs: 0,
  });
  const settle = async (): Promise<void> => {
    await photoshop.control.notificationsSettled();
    await new Promise((resolve) => setTimeout(resolve, 1)); // the panel's coalescing timer (0 ms here)
  };
  return { photoshop, controller, panel, views, settle };
}

const labels = (options: Array<{ label: string }>): string[] => options.map((o) => o.label);

describe('the panel follows the active document through Photoshop notifications', () => {
  it('updates the layer pickers when a layer is renamed, added or deleted', async () => {
    const { photoshop, controller, panel, settle } = setup();
    const doc = photoshop.control.openDocument(page('page-1', 100));
    panel.show();
    await settle();
    expect(panel.documentWatch.mode).toBe('events');
    expect(labels(lineartOptions(controller.getState().document))).toEqual(['Active layer (Lineart)', 'colors', 'Lineart']);

    photoshop.control.user.renameLayer(doc.id, doc.ids['Lineart'], 'Inks');
    await settle();
    expect(labels(lineartOptions(controller.getState().document))).toEqual(['Active layer (Inks)', 'colors', 'Inks']);

    const flats = photoshop.control.user.addLayer(doc.id, { name: 'flats' }, doc.ids['colors']);
    await settle();
    const hints = hintOptions(controller.getState().document);
    expect(labels(hints)).toContain('flats (empty)');
    // The new layer became the active one, so the automatic hint is looked up for it now.
    expect(labels(lineartOptions(controller.getState().document))[0]).toBe('Active layer (flats)');

    photoshop.control.user.deleteLayer(doc.id, flats);
    await settle();
    expect(labels(hintOptions(controller.getState().document))).not.toContain('flats (empty)');
    panel.destroy();
  });

  it("catches up when a modal scope ends (an Action playing a step, another plugin's command), whose changes Photoshop never announced", async () => {
    const { photoshop, controller, panel, settle } = setup();
    const doc = photoshop.control.openDocument(page('page-1', 100));
    panel.show();
    await settle();
    await photoshop.module.core.executeAsModal(
      async () => {
        await photoshop.module.app.activeDocument!.createPixelLayer({ name: 'Deepcolor' });
      },
      { commandName: 'Deepcolor Colorize (played from an Action)' },
    );
    await settle();
    expect(controller.getState().document?.layers.map((l) => l.name)).toEqual(['Deepcolor', 'colors', 'Lineart']);
    expect(photoshop.control.documentState(doc.id).layers.map((l) => l.name)).toEqual(['Deepcolor', 'colors', 'Lineart']);
    panel.destroy();
  });

  it('switches to the document the user activates and drops picks that belong to the other one', async () => {
    const { photoshop, controller, panel, settle } = setup();
    const first = photoshop.control.openDocument(page('page-1', 100));
    panel.show();
    await settle();
    controller.updateSettings({ lineart: first.ids['Lineart'] });

    const second = photoshop.control.openDocument(page('page-2', 500));
    await settle();
    expect(controller.getState().document?.title).toBe('page-2');
    expect(controller.getState().settings.lineart).toBe('active');

    photoshop.control.activateDocument(first.id);
    await settle();
    expect(controller.getState().document?.title).toBe('page-1');
    expect(controller.getState().document?.layers.map((l) => l.id)).toEqual([first.ids['colors'], first.ids['Lineart']]);

    photoshop.control.closeDocument(first.id);
    await settle();
    expect(controller.getState().document?.title).toBe('page-2');
    // A pick does not follow the artist to another document whose layers happen to have the same ids.
    const third = photoshop.control.openDocument(page('page-3', 500));
    await settle();
    controller.updateSettings({ lineart: third.ids['Lineart'], hint: third.ids['colors'] });
    photoshop.control.activateDocument(second.id);
    await settle();
    expect(controller.getState().document?.title).toBe('page-2');
    expect(controller.getState().document?.layers.map((l) => l.id)).toEqual([third.ids['colors'], third.ids['Lineart']]);
    expect([controller.getState().settings.lineart, controller.getState().settings.hint]).toEqual(['active', 'auto']);
    panel.destroy();
  });

  it('removes its listener when the panel is hidden or destroyed, and no longer follows changes then', async () => {
    const { photoshop, controller, panel, views, settle } = setup();
    const doc = photoshop.control.openDocument(page('page-1', 100));
    panel.create();
    panel.show();
    await settle();
    expect(photoshop.control.notificationListenerCount()).toBeGreaterThan(0);

    panel.hide();
    await settle();
    expect(photoshop.control.notificationListenerCount()).toBe(0);
    photoshop.control.user.renameLayer(doc.id, doc.ids['Lineart'], 'Inks');
    await settle();
    expect(controller.getState().document?.layers.map((l) => l.name)).toContain('Lineart');

    panel.show(); // catches up at once with what changed while hidden
    expect(controller.getState().document?.layers.map((l) => l.name)).toContain('Inks');
    await settle();
    expect(photoshop.control.notificationListenerCount()).toBeGreaterThan(0);

    panel.destroy();
    await settle();
    expect(photoshop.control.notificationListenerCount()).toBe(0);
    expect(views).toEqual({ mounted: 1, disposed: 1 });
  });

  it('removes a listener whose registration finishes after the panel was already hidden', async () => {
    const { photoshop, panel, settle } = setup();
    photoshop.control.openDocument(page('page-1', 100));
    panel.show();
    panel.hide(); // before addNotificationListener's promise resolved
    await settle();
    expect(photoshop.control.notificationListenerCount()).toBe(0);
    expect(panel.documentWatch.mode).toBe('stopped');
  });

  it('does not re-read the document while Colorize runs, and shows every change once the run ends', async () => {
    // Each tile yields to the event loop, so notifications are delivered in the middle of the run.
    const { photoshop, controller, panel, settle } = setup({}, undefined, { tilesTotal: 3, afterTile: () => new Promise((resolve) => setTimeout(resolve, 2)) });
    const doc = photoshop.control.openDocument(page('page-1', 100));
    panel.show();
    await settle();
    const documentsSeenWhileRunning = new Set<unknown>();
    const unsubscribe = controller.subscribe((state) => {
      if (state.run.phase !== 'idle') documentsSeenWhileRunning.add(state.document);
    });
    photoshop.control.user.renameLayer(doc.id, doc.ids['colors'], 'flats'); // its notification arrives mid-run
    await controller.colorize();
    await settle();
    unsubscribe();
    expect(documentsSeenWhileRunning.size).toBe(1);
    expect(labels(lineartOptions(controller.getState().document))).toEqual(['Active layer (Lineart)', 'Deepcolor', 'flats', 'Lineart']);
    panel.destroy();
  });

  it('falls back to polling where Photoshop has no notification API', async () => {
    const { photoshop, controller, panel } = setup({ withoutNotificationListeners: true }, 5);
    const doc = photoshop.control.openDocument(page('page-1', 100));
    panel.show();
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(panel.documentWatch.mode).toBe('polling');
    photoshop.control.user.renameLayer(doc.id, doc.ids['Lineart'], 'Inks');
    // Polling: no event says when, so wait until the panel has caught up (jest's timeout bounds this).
    while (!controller.getState().document?.layers.some((l) => l.name === 'Inks')) await new Promise((resolve) => setTimeout(resolve, 5));
    panel.destroy();
    expect(panel.documentWatch.mode).toBe('stopped');
  });

  it('polls, and says why, when Photoshop refuses the listener', async () => {
    let refreshes = 0;
    const reasons: string[] = [];
    const watch = watchDocument({
      refresh: () => void refreshes++,
      subscribe: () => Promise.reject(new Error('listener refused')),
      fallbackPollMs: 5,
      onFallback: (reason) => reasons.push(reason),
    });
    watch.start();
    expect(refreshes).toBe(1);
    while (refreshes < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(watch.mode).toBe('polling');
    expect(reasons).toEqual([expect.stringMatching(/refused the notification listener: listener refused/)]);
    watch.stop();
  });
});

describe('the panel loads the model before the first Colorize', () => {
  /** A panel on one open page whose WASM engine counts its loads and records what it coloured. */
  function loadingSetup(prepareDelayMs: number, options: { webview?: () => Promise<EngineHandle>; flatter?: HostOptions['flatter'] } = {}) {
    const photoshop = createFakePhotoshop();
    photoshop.control.openDocument(page('page-1', 100));
    const scripted = createScriptedEngine();
    const loads = { wasm: 0, webview: 0 };
    const engine = new PanelEngine({
      connectWebview: () => {
        loads.webview++;
        return options.webview ? options.webview() : Promise.reject(new Error('no webview'));
      },
      createWasm: async () => {
        loads.wasm++;
        return { backend: 'wasm', colorize: scripted.colorize.bind(scripted), dispose: async () => undefined };
      },
    });
    const host = createDeepcolorHost({ engine, photoshop: photoshop.module, ...(options.flatter ? { flatter: options.flatter } : {}) });
    const controller = new PanelController(host, engine, DEFAULT_SETTINGS);
    const panel = createPanelLifecycle({ controller, host, mountView: () => undefined, watch: { coalesceMs: 0 }, prepareDelayMs });
    const states: string[] = [];
    controller.subscribe((state) => {
      if (states[states.length - 1] !== state.engine.state) states.push(state.engine.state);
    });
    const engineSettled = async (): Promise<void> => {
      while (controller.getState().engine.state === 'notLoaded' || controller.getState().engine.state === 'loading') {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };
    return { controller, panel, scripted, loads, states, engineSettled };
  }

  it('loads the engine a moment after the panel shows; the first Colorize then loads nothing', async () => {
    const { controller, panel, scripted, loads, states, engineSettled } = loadingSetup(20);
    panel.show();
    expect(loads.wasm).toBe(0); // not inside show(): UXP wants it back at once
    await engineSettled();
    expect(states).toEqual(['notLoaded', 'loading', 'ready']); // notLoaded: the document read at show()
    expect(controller.getState().engine).toEqual({ state: 'ready', backend: 'wasm', fallbackReason: 'no webview' });
    expect(scripted.calls).toHaveLength(0); // on WASM, loaded only: no warm-up page on the panel's thread

    await controller.colorize();
    expect(controller.getState().lastRun).toMatchObject({ layerName: 'Deepcolor' });
    expect(loads).toEqual({ wasm: 1, webview: 1 });
    expect(scripted.calls).toHaveLength(1);
    panel.destroy();
  });

  it.each(['hide', 'destroy'] as const)('loads nothing when the panel is closed (%s) before that moment', async (close) => {
    const { controller, panel, loads } = loadingSetup(20);
    panel.show();
    panel[close]();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(loads).toEqual({ wasm: 0, webview: 0 });
    expect(controller.getState().engine.state).toBe('notLoaded');
    if (close === 'destroy') return;
    panel.show(); // shown again: the moment starts over
    while (controller.getState().engine.state !== 'ready') await new Promise((resolve) => setTimeout(resolve, 2));
    expect(loads.wasm).toBe(1);
    panel.destroy();
  });

  it('loads the other engine after "Use GPU" is switched while the panel shows', async () => {
    const { controller, panel, loads, engineSettled } = loadingSetup(5);
    panel.show();
    await engineSettled();
    expect(loads).toEqual({ wasm: 1, webview: 1 });
    controller.updateSettings({ useGpu: false });
    expect(controller.getState().engine.state).toBe('notLoaded');
    await engineSettled();
    // A second WASM engine, without asking the webview this time; WebGPU was not wanted, so no reason is given.
    expect(loads).toEqual({ wasm: 2, webview: 1 });
    expect(controller.getState().engine).toEqual({ state: 'ready', backend: 'wasm' });
    panel.destroy();
  });

  it('does not load while Flats runs; loads once it has finished', async () => {
    let loadsDuringFlats = -1;
    const flatter = {
      // Loading the flats' contract takes a while: the moment to prepare comes in the middle of it.
      load: () =>
        new Promise<(lineart: RgbaImage) => RgbaImage>((resolve) =>
          setTimeout(() => resolve((lineart) => ({ width: lineart.width, height: lineart.height, data: new Uint8ClampedArray(lineart.width * lineart.height * 4) })), 40),
        ),
    };
    const { controller, panel, loads, engineSettled } = loadingSetup(5, { flatter });
    panel.show();
    const flats = controller.flats().then(() => (loadsDuringFlats = loads.wasm));
    await flats;
    expect(controller.getState().runMessage).toBeNull();
    expect(loadsDuringFlats).toBe(0);
    await engineSettled();
    expect(loads.wasm).toBe(1);
    panel.destroy();
  });

  it('after WebGPU fails in a run it had prepared, the status is no longer "ready" and WASM is prepared', async () => {
    const gpuRuns = { count: 0 };
    const gpu = (): Promise<EngineHandle> => {
      const engine = createScriptedEngine({ afterTile: () => void gpuRuns.count++ });
      return Promise.resolve({
        backend: 'webgpu',
        // The warm-up page works; the artist's page then loses the device.
        colorize: (lineart, hint, options) => (gpuRuns.count > 0 ? Promise.reject(new Error('device lost')) : engine.colorize(lineart, hint, options)),
        dispose: async () => undefined,
      });
    };
    const { controller, panel, loads, engineSettled } = loadingSetup(5, { webview: gpu });
    panel.show();
    await engineSettled();
    expect(controller.getState().engine).toEqual({ state: 'ready', backend: 'webgpu' });
    await controller.colorize();
    expect(controller.getState().runMessage).toMatch(/device lost/);
    await engineSettled();
    expect(controller.getState().engine).toEqual({ state: 'ready', backend: 'wasm', fallbackReason: 'WebGPU failed earlier: device lost' });
    expect(loads).toEqual({ wasm: 1, webview: 1 });
    panel.destroy();
  });
});
