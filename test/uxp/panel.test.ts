/**
 * The panel's behaviour without its widgets: the controller on the real host
 * and the fake Photoshop, the engine choice (WebGPU webview, else WASM), and
 * the webview message protocol's codecs.
 */
import { createDeepcolorHost, type HostOptions } from '../../src/host';
import { decodeBase64, encodeBase64 } from '../../src/panel/base64';
import type { EngineHandle } from '../../src/panel/engine-selection';
import { PanelController } from '../../src/panel/panel-controller';
import { PanelEngine } from '../../src/panel/panel-engine';
import { progressLine } from '../../src/panel/panel-view';
import { WebviewEngine } from '../../src/panel/webview-engine';
import { DEFAULT_SETTINGS, GAP_RADIUS_CHOICES, LIGHT_CHOICES, toColorizeRequest } from '../../src/panel/panel-settings';
import { loadSettings, saveSettings } from '../../src/panel/settings-store';
import {
  PROTOCOL_VERSION,
  ProtocolError,
  StripAssembler,
  imageStrips,
  parsePanelMessage,
  parseWebviewMessage,
  resultFromMessage,
  resultMessages,
  stripRows,
  STRIP_BYTES,
  type PanelToWebviewMessage,
  type ResultMessage,
  type StripImage,
  type StripMessage,
} from '../../src/panel/webview-protocol';
import { DEFAULT_SHADING_STRENGTH, flatsLayer, LIGHT_DIRECTIONS, shadeLayer } from '../../src/model';
import type { BackendName, ColorizeResult, RgbaImage, ShadingOptions } from '../../src/model/types';
import { loadContract } from '../helpers/engine';
import { createScriptedEngine, type ScriptedEngineOptions } from '../fakes/engine';
import { createFakePhotoshop, type DocumentSpec, type FakePhotoshop } from '../fakes/photoshop';

function page(overrides: Partial<DocumentSpec> = {}): DocumentSpec {
  return {
    title: 'page',
    width: 32,
    height: 24,
    layers: [
      { name: 'colors', pixels: { left: 2, top: 2, width: 8, height: 8, fill: [200, 40, 40, 255] } },
      { name: 'Lineart', pixels: { left: 0, top: 0, width: 32, height: 24, fill: [255, 255, 255, 255] } },
    ],
    selected: ['Lineart'],
    ...overrides,
  };
}

function scripted(backend: BackendName, options: ScriptedEngineOptions = {}): EngineHandle & { disposed: boolean } {
  const engine = createScriptedEngine(options);
  const handle = {
    backend,
    disposed: false,
    colorize: engine.colorize.bind(engine),
    async dispose() {
      handle.disposed = true;
    },
  };
  return handle;
}

/** A panel on a fresh fake Photoshop with one page open, on a scripted WASM engine that records its calls. */
function panelWithScriptedWasm(): { engine: ReturnType<typeof createScriptedEngine>; panel: PanelController } {
  const photoshop = createFakePhotoshop();
  photoshop.control.openDocument(page());
  const engine = createScriptedEngine();
  const wasm: EngineHandle = { backend: 'wasm', colorize: engine.colorize.bind(engine), dispose: async () => undefined };
  const panel = panelOn(photoshop, new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: async () => wasm }));
  panel.refreshDocument();
  return { engine, panel };
}

/** A panel on the real host over a fresh fake Photoshop with one page, a scripted WASM engine, and the given network-free tools. */
function panelWithTools(tools: Pick<HostOptions, 'shader' | 'flatter'>) {
  const photoshop = createFakePhotoshop();
  const doc = photoshop.control.openDocument(page());
  const engine = createScriptedEngine();
  const wasm: EngineHandle = { backend: 'wasm', colorize: engine.colorize.bind(engine), dispose: async () => undefined };
  const panelEngine = new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: async () => wasm });
  const panel = new PanelController(createDeepcolorHost({ engine: panelEngine, photoshop: photoshop.module, ...tools }), panelEngine, DEFAULT_SETTINGS);
  panel.refreshDocument();
  return { photoshop, doc, engine, panel };
}

function panelOn(photoshop: FakePhotoshop, engine: PanelEngine): PanelController {
  return new PanelController(createDeepcolorHost({ engine, photoshop: photoshop.module }), engine, DEFAULT_SETTINGS);
}

describe('the panel controller', () => {
  it('follows the active document and drops layer picks the new document does not have', () => {
    const photoshop = createFakePhotoshop();
    const first = photoshop.control.openDocument(page({ title: 'page-1', firstLayerId: 100 }));
    const panel = panelOn(photoshop, new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: async () => scripted('wasm') }));
    panel.refreshDocument();
    expect(panel.getState().document?.title).toBe('page-1');
    panel.updateSettings({ lineart: first.ids['Lineart'], hint: first.ids['colors'] });
    expect(panel.getState().settings.lineart).toBe(first.ids['Lineart']);

    photoshop.control.openDocument(page({ title: 'page-2', firstLayerId: 500 }));
    panel.refreshDocument();
    expect(panel.getState().document?.title).toBe('page-2');
    expect(panel.getState().settings.lineart).toBe('active');
    expect(panel.getState().settings.hint).toBe('auto');
  });

  it("shows the host's refusal before the click (no document, CMYK) and Colorize changes nothing", async () => {
    const photoshop = createFakePhotoshop();
    const wasm = scripted('wasm');
    const panel = panelOn(photoshop, new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: async () => wasm }));
    panel.refreshDocument();
    expect(panel.getState().document).toBeNull();
    expect(panel.getState().blocker).toMatch(/No document is open/);

    const cmyk = photoshop.control.openDocument(page({ mode: 'CMYKColorMode' }));
    panel.refreshDocument();
    expect(panel.getState().blocker).toMatch(/RGB Color/);
    const before = photoshop.control.serialize(cmyk.id);
    await panel.colorize();
    expect(panel.getState().runMessage).toMatch(/RGB Color/);
    expect(photoshop.control.serialize(cmyk.id)).toBe(before);
  });

  it('cancels mid-run: the document is unchanged and the panel says so', async () => {
    const photoshop = createFakePhotoshop();
    const doc = photoshop.control.openDocument(page());
    const before = photoshop.control.serialize(doc.id);
    let panel: PanelController | undefined;
    const wasm = scripted('wasm', { tilesTotal: 4, afterTile: (tile) => (tile === 1 ? panel!.cancel() : undefined) });
    panel = panelOn(photoshop, new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: async () => wasm }));
    panel.refreshDocument();
    const phases: string[] = [];
    panel.subscribe((s) => phases.push(s.run.phase));
    const outcome = await panel.colorize();
    expect(outcome).toBeUndefined();
    expect(phases).toEqual(expect.arrayContaining(['running', 'cancelling', 'idle']));
    expect(panel.getState().runMessage).toMatch(/Cancelled/);
    expect(photoshop.control.serialize(doc.id)).toBe(before);
  });

  it('tells how long is left from the pace of the tiles after the first (which also carries the preprocessing)', async () => {
    const photoshop = createFakePhotoshop();
    photoshop.control.openDocument(page());
    let clock = 0;
    // The engine's passes over the page take 30 s (a huge page), the first tile 5 s, each later one 2 s:
    // the pace is the later tiles', not inflated by what came before them.
    const wasm = scripted('wasm', { tilesTotal: 5, beforeTiles: () => void (clock += 30_000), afterTile: (tile) => void (clock += tile === 0 ? 5000 : 2000) });
    const engine = new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: async () => wasm });
    const panel = new PanelController(createDeepcolorHost({ engine, photoshop: photoshop.module }), engine, DEFAULT_SETTINGS, { now: () => clock });
    panel.refreshDocument();
    const lines: string[] = [];
    panel.subscribe((s) => {
      if (s.run.phase === 'running' && lines[lines.length - 1] !== progressLine(s.run)) lines.push(progressLine(s.run));
    });
    await panel.colorize();
    expect(lines).toEqual([
      'Loading the model…',
      'Colorizing: reading the page (5 tiles to go)…',
      'Colorizing: tile 1 of 5',
      'Colorizing: tile 2 of 5, about 6 s left',
      'Colorizing: tile 3 of 5, about 4 s left',
      'Colorizing: tile 4 of 5, about 2 s left',
      'Colorizing: tile 5 of 5, finishing…',
    ]);
  });

  it('says the layers are being read, not the model loaded, once the engine is ready, and when the page is read before the first tile', async () => {
    const photoshop = createFakePhotoshop();
    photoshop.control.openDocument(page());
    const wasm = scripted('wasm', { tilesTotal: 3 });
    const engine = new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: async () => wasm });
    const panel = new PanelController(createDeepcolorHost({ engine, photoshop: photoshop.module }), engine, DEFAULT_SETTINGS, { now: () => 0 });
    panel.refreshDocument();
    await panel.colorize();
    expect(panel.getState().engine.state).toBe('ready');
    const lines: string[] = [];
    panel.subscribe((s) => {
      if (s.run.phase === 'running') lines.push(progressLine(s.run, s.engine.state === 'ready'));
    });
    await panel.colorize();
    expect(lines[0]).toBe('Reading the layers…');
    expect(lines).not.toContain('Loading the model…');
    // The engine says how many tiles as soon as it knows, before its own passes over the page.
    const run = { phase: 'running', fraction: 0, tilesDone: 0, tilesTotal: 25, secondsLeft: null } as const;
    expect(progressLine(run, true)).toBe('Colorizing: reading the page (25 tiles to go)…');
    expect(progressLine({ ...run, tilesTotal: 1 }, true)).toBe('Colorizing: reading the page (1 tile to go)…');
  });

  it('says minutes when more than a minute is left', () => {
    const run = { phase: 'running', fraction: 0.1, tilesDone: 10, tilesTotal: 100 } as const;
    expect(progressLine({ ...run, secondsLeft: 59.4 })).toBe('Colorizing: tile 10 of 100, about 59 s left');
    expect(progressLine({ ...run, secondsLeft: 150 })).toBe('Colorizing: tile 10 of 100, about 3 min left');
    expect(progressLine({ ...run, secondsLeft: 0.2 })).toBe('Colorizing: tile 10 of 100, about 1 s left');
  });

  it('shows an engine failure as the run message and leaves the document unchanged', async () => {
    const photoshop = createFakePhotoshop();
    const doc = photoshop.control.openDocument(page());
    const before = photoshop.control.serialize(doc.id);
    const panel = panelOn(
      photoshop,
      new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: async () => scripted('wasm', { failAtTile: 2 }) }),
    );
    panel.refreshDocument();
    await panel.colorize();
    expect(panel.getState().runMessage).toMatch(/simulated engine failure on tile 2/);
    expect(panel.getState().lastRun).toBeNull();
    expect(photoshop.control.serialize(doc.id)).toBe(before);
  });

  it('sends the "Close gaps" choice through the host to the engine, and no radius for "Model default"', async () => {
    const { engine, panel } = panelWithScriptedWasm();
    expect(panel.getState().settings.gapRadius).toBe('model');
    expect(toColorizeRequest(panel.getState().settings)).not.toHaveProperty('gapRadius');
    await panel.colorize();
    for (const choice of [0, 1, 4, 8]) {
      panel.updateSettings({ gapRadius: choice });
      expect(toColorizeRequest(panel.getState().settings).gapRadius).toBe(choice);
      await panel.colorize();
    }
    expect(engine.calls.map((call) => call.options.gapRadius)).toEqual([undefined, 0, 1, 4, 8]);
    expect(panel.getState().runMessage).toBeNull();
  });

  it.each([
    { label: 'Keep hint strokes exactly as painted', setting: 'keepStrokes', option: 'blendStrokes', asked: [true, false] },
    { label: 'Leave margins and gutters as paper', setting: 'leaveMargins', option: 'clearAround', asked: [false, true] },
  ] as const)('sends "$label" through the host (off by default)', async ({ setting, option, asked }) => {
    const { engine, panel } = panelWithScriptedWasm();
    expect(panel.getState().settings[setting]).toBe(false);
    expect(toColorizeRequest(panel.getState().settings)).not.toHaveProperty(setting);
    await panel.colorize();
    panel.updateSettings({ [setting]: true });
    expect(toColorizeRequest(panel.getState().settings)[setting]).toBe(true);
    await panel.colorize();
    expect(engine.calls.map((call) => call.options[option])).toEqual(asked);
  });

  it('sends "White balloons, gutters & panel backgrounds" through the host (on by default: the request names it only when off)', async () => {
    const { engine, panel } = panelWithScriptedWasm();
    expect(panel.getState().settings.whitePaper).toBe(true);
    expect(toColorizeRequest(panel.getState().settings)).not.toHaveProperty('whitePaper');
    await panel.colorize();
    panel.updateSettings({ whitePaper: false });
    expect(toColorizeRequest(panel.getState().settings).whitePaper).toBe(false);
    await panel.colorize();
    panel.updateSettings({ whitePaper: true });
    await panel.colorize();
    expect(engine.calls.map((call) => call.options.whitePaper)).toEqual([true, false, true]);
    expect(panel.getState().runMessage).toBeNull();
  });

  it('sends the light and shadow strength through the host to the engine as shading (off by default: none)', async () => {
    const { engine, panel } = panelWithScriptedWasm();
    expect(panel.getState().settings.light).toBe('off');
    expect(panel.getState().settings.shadingStrength).toBe(DEFAULT_SHADING_STRENGTH);
    expect(toColorizeRequest(panel.getState().settings)).not.toHaveProperty('shading');
    await panel.colorize();
    panel.updateSettings({ light: 'top-left' });
    expect(toColorizeRequest(panel.getState().settings).shading).toEqual({ light: 'top-left', strength: DEFAULT_SHADING_STRENGTH });
    await panel.colorize();
    panel.updateSettings({ light: 'bottom', shadingStrength: 0.6 });
    await panel.colorize();
    panel.updateSettings({ light: 'off' });
    expect(toColorizeRequest(panel.getState().settings)).not.toHaveProperty('shading');
    await panel.colorize();
    expect(engine.calls.map((call) => call.options.shading)).toEqual([
      undefined,
      { light: 'top-left', strength: DEFAULT_SHADING_STRENGTH },
      { light: 'bottom', strength: 0.6 },
      undefined,
    ]);
    expect(panel.getState().runMessage).toBeNull();
  });

  it('relights the last Colorize for another light from the Relight action, without running the engine again', async () => {
    const contract = loadContract();
    const shaded: string[] = [];
    const shader = (lineart: RgbaImage, colour: RgbaImage, options: ShadingOptions): RgbaImage => {
      shaded.push(String(options.light));
      return shadeLayer(lineart, colour, contract, options);
    };
    const { photoshop, doc, engine, panel } = panelWithTools({ shader });
    expect(panel.getState().relightBlocker).toBe('Pick a Light to relight.');
    expect(await panel.relight()).toBeUndefined(); // nothing to relight for: nothing happens
    panel.updateSettings({ light: 'left' });
    expect(panel.getState().relightBlocker).toMatch(/no “Deepcolor” layer above “Lineart”/);
    await panel.colorize();
    expect(panel.getState().relightBlocker).toBeNull();
    const shadingId = photoshop.control.documentState(doc.id).layers[0].id;

    panel.updateSettings({ light: 'right', shadingStrength: 0.5 });
    const outcome = await panel.relight();
    expect(outcome).toMatchObject({ shadingLayerId: shadingId, created: false });
    expect(shaded).toEqual(['right']);
    expect(engine.calls).toHaveLength(1); // the network ran once, for the Colorize
    expect(photoshop.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize', 'Deepcolor Relight']);
    expect(panel.getState().toolLine).toMatch(/^Relit: light right, \d+\.\d s$/);
    expect(panel.getState().run).toEqual({ phase: 'idle' });
    expect(panel.getState().runMessage).toBeNull();
    // A Colorize clears the relight line; a refused Relight shows why as the run message.
    await panel.colorize();
    expect(panel.getState().toolLine).toBeNull();
    photoshop.control.closeDocument(doc.id);
    panel.refreshDocument();
    expect(panel.getState().relightBlocker).toMatch(/No document is open.*Relight/);
    expect(await panel.relight()).toBeUndefined();
    expect(panel.getState().runMessage).toMatch(/No document is open/);
  });

  it('makes flats from the Flats action with the layers and Close gaps picked, without running the engine', async () => {
    const contract = loadContract();
    const asked: (number | undefined)[] = [];
    const flatter = (lineart: RgbaImage, hint: RgbaImage | undefined, options: { gapRadius?: number }): RgbaImage => {
      asked.push(options.gapRadius);
      return flatsLayer(lineart, hint, contract, options);
    };
    const { photoshop, doc, engine, panel } = panelWithTools({ flatter });
    expect(panel.getState().flatsBlocker).toBeNull();
    panel.updateSettings({ gapRadius: 4 });
    const outcome = await panel.flats();
    expect(outcome?.layerId).toBe(photoshop.control.documentState(doc.id).layers[0].id);
    expect(asked).toEqual([4]);
    expect(engine.calls).toHaveLength(0);
    expect(photoshop.control.documentState(doc.id).layers.map((l) => l.name)).toEqual(['Deepcolor flats', 'colors', 'Lineart']);
    expect(panel.getState().toolLine).toMatch(/^Flats: \d+\.\d s, a new layer above the lineart$/);
    expect(panel.getState().run).toEqual({ phase: 'idle' });
    photoshop.control.closeDocument(doc.id);
    panel.refreshDocument();
    expect(panel.getState().flatsBlocker).toMatch(/No document is open.*Flats/);
  });

  it('offers "Off" and all eight light directions under "Light", each one the host accepts', () => {
    expect(LIGHT_CHOICES.map((c) => [c.value, c.label])).toEqual([
      ['off', 'Off'],
      ['top-left', 'Top left'],
      ['top', 'Top'],
      ['top-right', 'Top right'],
      ['left', 'Left'],
      ['right', 'Right'],
      ['bottom-left', 'Bottom left'],
      ['bottom', 'Bottom'],
      ['bottom-right', 'Bottom right'],
    ]);
    expect(LIGHT_CHOICES.map((c) => c.value).filter((v) => v !== 'off').sort()).toEqual(Object.keys(LIGHT_DIRECTIONS).sort());
    const photoshop = createFakePhotoshop();
    photoshop.control.openDocument(page());
    const host = createDeepcolorHost({ engine: createScriptedEngine(), photoshop: photoshop.module });
    for (const { value } of LIGHT_CHOICES) {
      for (const shadingStrength of [0, DEFAULT_SHADING_STRENGTH, 1]) {
        expect(host.check(toColorizeRequest({ ...DEFAULT_SETTINGS, light: value, shadingStrength }))).toBeNull();
      }
    }
  });

  it('offers "Model default", "Off" and three sizes under "Close gaps", each one the host accepts', () => {
    expect(GAP_RADIUS_CHOICES.map((c) => [c.value, c.label])).toEqual([
      ['model', 'Model default'],
      [0, 'Off'],
      [1, 'Small (1 px)'],
      [4, 'Large (4 px)'],
      [8, 'Very large (8 px)'],
    ]);
    const photoshop = createFakePhotoshop();
    photoshop.control.openDocument(page());
    const host = createDeepcolorHost({ engine: createScriptedEngine(), photoshop: photoshop.module });
    for (const { value } of GAP_RADIUS_CHOICES) expect(host.check(toColorizeRequest({ ...DEFAULT_SETTINGS, gapRadius: value }))).toBeNull();
  });

  it('plans sizes with the engine that ran last where it plans (WASM): the host checks memory at the scale the engine would use', async () => {
    const photoshop = createFakePhotoshop();
    const doc = photoshop.control.openDocument(page());
    // An engine that caps every working scale at 1, as the real one caps big pages.
    const engine = createScriptedEngine({ workingScale: 1 });
    const plan = engine.planTiles;
    if (!plan) throw new Error('the scripted engine plans sizes');
    const wasm: EngineHandle = { backend: 'wasm', colorize: engine.colorize.bind(engine), planTiles: plan.bind(engine), dispose: async () => undefined };
    const panelEngine = new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: async () => wasm });
    // Between the estimates at scale 1 and at 2 of the 32 x 24 page.
    const host = createDeepcolorHost({ engine: panelEngine, photoshop: photoshop.module, memoryBudgetBytes: 32 * 24 * 100 });
    const lineartLayerId = doc.ids.Lineart;
    expect(panelEngine.planTiles).toBeUndefined();
    expect(host.check({ lineartLayerId, workingScale: 2 })?.code).toBe('CANVAS_TOO_LARGE'); // planned from the setting
    await host.colorize({ lineartLayerId });
    expect(host.check({ lineartLayerId, workingScale: 2 })).toBeNull(); // planned by the engine: scale 1
    // The webview plans nothing: after a run there, the setting again.
    const webview = scripted('webgpu');
    const gpuEngine = new PanelEngine({ connectWebview: async () => webview, createWasm: async () => wasm });
    await gpuEngine.colorize({ width: 4, height: 4, data: new Uint8ClampedArray(64).fill(255) }, undefined, {});
    expect(gpuEngine.planTiles).toBeUndefined();
  });

  it('reports the backend that ran, and why WebGPU was not used', async () => {
    const photoshop = createFakePhotoshop();
    photoshop.control.openDocument(page());
    const panel = panelOn(
      photoshop,
      new PanelEngine({ connectWebview: () => Promise.reject(new Error('WebGPU is not available in this webview')), createWasm: async () => scripted('wasm') }),
    );
    panel.refreshDocument();
    await panel.colorize();
    expect(panel.getState().lastRun).toMatchObject({ backend: 'wasm', fallbackReason: 'WebGPU is not available in this webview', layerName: 'Deepcolor' });
    expect(panel.getState().lastRun!.totalMs).toBeGreaterThanOrEqual(0);
  });
});

describe('the engine choice', () => {
  const fakeImage = { width: 2, height: 2, data: new Uint8Array(16).fill(255) };

  it('uses the webview engine when "Use GPU" is on and it reports ready, WASM when off', async () => {
    const gpu = scripted('webgpu');
    const wasm = scripted('wasm');
    const engine = new PanelEngine({ connectWebview: async () => gpu, createWasm: async () => wasm });
    expect((await engine.colorize(fakeImage, undefined, {})).backend).toBe('wasm'); // scripted engines report 'wasm' results
    expect(engine.describe()).toEqual({ backend: 'webgpu' });
    engine.setUseGpu(false);
    await engine.colorize(fakeImage, undefined, {});
    expect(engine.describe()).toEqual({ backend: 'wasm' });
    expect(gpu.disposed).toBe(true);
  });

  it('after the webview engine fails during a run, later runs go to WASM and say why', async () => {
    const gpu = scripted('webgpu', { failAtTile: 0 });
    const wasm = scripted('wasm');
    let connects = 0;
    const engine = new PanelEngine({
      connectWebview: async () => {
        connects++;
        return gpu;
      },
      createWasm: async () => wasm,
    });
    await expect(engine.colorize(fakeImage, undefined, {})).rejects.toThrow(/simulated engine failure/);
    await engine.colorize(fakeImage, undefined, {});
    expect(engine.describe()?.backend).toBe('wasm');
    expect(engine.describe()?.fallbackReason).toMatch(/WebGPU failed earlier: simulated engine failure/);
    expect(connects).toBe(1);
  });

  it('does not give up WebGPU when a run was only cancelled', async () => {
    const engine = new PanelEngine({ connectWebview: async () => scripted('webgpu'), createWasm: async () => scripted('wasm') });
    const abort = new AbortController();
    abort.abort();
    await expect(engine.colorize(fakeImage, undefined, { signal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await engine.colorize(fakeImage, undefined, {});
    expect(engine.describe()).toEqual({ backend: 'webgpu' });
  });

  /** A scripted engine handle that records the width of every page it colours. */
  function recording(backend: BackendName, options: ScriptedEngineOptions = {}): EngineHandle & { disposed: boolean; widths: number[] } {
    const handle = Object.assign(scripted(backend, options), { widths: [] as number[] });
    const colorize = handle.colorize;
    handle.colorize = (lineart, hint, opts) => {
      handle.widths.push(lineart.width);
      return colorize(lineart, hint, opts);
    };
    return handle;
  }

  it('prepare on WASM loads the engine and colours nothing (it runs on the panel\'s thread); runs after it load nothing more', async () => {
    const wasm = recording('wasm');
    let loads = 0;
    const engine = new PanelEngine({
      connectWebview: () => Promise.reject(new Error('no webview')),
      createWasm: async () => {
        loads++;
        return wasm;
      },
    });
    expect(await engine.prepare()).toEqual({ backend: 'wasm', fallbackReason: 'no webview' });
    expect(engine.describe()).toBeUndefined(); // no run yet: the panel's "last run" stays empty
    expect(await engine.prepare()).toEqual({ backend: 'wasm', fallbackReason: 'no webview' });
    await engine.colorize(fakeImage, undefined, {});
    expect(loads).toBe(1);
    expect(wasm.widths).toEqual([2]);
  });

  it('prepare on WebGPU also colours the warm-up page once (the webview compiles its shaders then)', async () => {
    const gpu = recording('webgpu');
    const engine = new PanelEngine({ connectWebview: async () => gpu, createWasm: async () => scripted('wasm') });
    expect(await engine.prepare()).toEqual({ backend: 'webgpu' });
    expect(await engine.prepare()).toEqual({ backend: 'webgpu' });
    await engine.colorize(fakeImage, undefined, {});
    expect(gpu.widths).toEqual([512, 2]); // one warm-up, then the page
  });

  it('a WebGPU page that never finishes its warm-up is given up after the timeout: WASM is prepared instead, and says why', async () => {
    const hung: EngineHandle = { backend: 'webgpu', colorize: () => new Promise<never>(() => undefined), dispose: async () => undefined };
    const engine = new PanelEngine({ connectWebview: async () => hung, createWasm: async () => scripted('wasm') }, 20);
    const ready = await engine.prepare();
    expect(ready.backend).toBe('wasm');
    expect(ready.fallbackReason).toMatch(/WebGPU failed earlier: the WebGPU page did not finish its first run within 0.02 s/);
  });

  it('tells its listeners when an engine is ready (prepare or any run, Action playback included) and when WebGPU is given up', async () => {
    const events: unknown[] = [];
    const engine = new PanelEngine({ connectWebview: async () => scripted('webgpu', { failAtTile: 0 }), createWasm: async () => scripted('wasm') });
    engine.subscribe((event) => events.push(event));
    engine.setUseGpu(false);
    await engine.prepare();
    engine.setUseGpu(true);
    await expect(engine.colorize(fakeImage, undefined, {})).rejects.toThrow(/simulated engine failure/);
    await engine.colorize(fakeImage, undefined, {});
    expect(events).toEqual([
      { state: 'ready', backend: 'wasm' },
      { state: 'lost' },
      { state: 'ready', backend: 'wasm', fallbackReason: 'WebGPU failed earlier: simulated engine failure on tile 0' },
    ]);
  });

  it('a Colorize asked for while the engine is being prepared waits for it: two pages never run at once', async () => {
    let running = 0;
    let most = 0;
    const wasm = scripted('wasm', {
      tilesTotal: 3,
      afterTile: async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
      },
    });
    const engine = new PanelEngine({ connectWebview: () => Promise.reject(new Error('no webview')), createWasm: async () => wasm });
    const preparing = engine.prepare();
    const result = await engine.colorize(fakeImage, undefined, {});
    await preparing;
    expect(result.image.width).toBe(2);
    expect(most).toBe(1);
  });

  it('a WebGPU engine that fails its warm-up is given up: WASM is prepared instead, and says why', async () => {
    const gpu = scripted('webgpu', { failAtTile: 0 });
    const engine = new PanelEngine({ connectWebview: async () => gpu, createWasm: async () => scripted('wasm') });
    const ready = await engine.prepare();
    expect(ready.backend).toBe('wasm');
    expect(ready.fallbackReason).toMatch(/WebGPU failed earlier: simulated engine failure on tile 0/);
    expect(gpu.disposed).toBe(true);
  });

  /** An engine whose first WASM load fails (the model unreadable), and later ones work; `loads` counts them. */
  function failingFirstLoad(): { engine: PanelEngine; loads: () => number } {
    let loads = 0;
    const engine = new PanelEngine({
      connectWebview: () => Promise.reject(new Error('no webview')),
      createWasm: async () => {
        if (++loads === 1) throw new Error('could not read deepcolor.onnx');
        return scripted('wasm');
      },
    });
    return { engine, loads: () => loads };
  }

  it('a load that fails is not kept: prepare rejects, and the next Colorize loads again', async () => {
    const { engine, loads } = failingFirstLoad();
    await expect(engine.prepare()).rejects.toThrow(/could not read deepcolor.onnx/);
    await engine.colorize(fakeImage, undefined, {});
    expect(loads()).toBe(2);
  });

  it('a Cancel while the Colorize waits behind the warm-up ends it at once, and the document is unchanged', async () => {
    const photoshop = createFakePhotoshop();
    const doc = photoshop.control.openDocument(page());
    const before = photoshop.control.serialize(doc.id);
    let releaseWarmUp: (() => void) | undefined;
    const gpu = scripted('webgpu', { afterTile: () => (releaseWarmUp ? undefined : new Promise<void>((resolve) => (releaseWarmUp = resolve))) });
    const panel = panelOn(photoshop, new PanelEngine({ connectWebview: async () => gpu, createWasm: async () => scripted('wasm') }));
    panel.refreshDocument();
    const preparing = panel.prepareEngine();
    while (!releaseWarmUp) await new Promise((resolve) => setTimeout(resolve, 1)); // the warm-up page is on its first tile
    const run = panel.colorize();
    await new Promise((resolve) => setTimeout(resolve, 5));
    panel.cancel();
    const settled = await Promise.race([run.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1000))]);
    expect(settled).toBe('ended');
    expect(panel.getState().runMessage).toMatch(/Cancelled/);
    expect(photoshop.control.serialize(doc.id)).toBe(before);
    releaseWarmUp();
    await preparing;
    expect(panel.getState().engine).toEqual({ state: 'ready', backend: 'webgpu' });
  });

  it('shows the engine ready after a run it did not start (Action playback), even after its own load failed', async () => {
    const photoshop = createFakePhotoshop();
    photoshop.control.openDocument(page());
    const { engine } = failingFirstLoad();
    const panel = panelOn(photoshop, engine);
    await panel.prepareEngine();
    expect(panel.getState().engine).toEqual({ state: 'failed', message: 'could not read deepcolor.onnx' });
    await engine.colorize(fakeImage, undefined, {}); // what the playback handler calls
    expect(panel.getState().engine).toEqual({ state: 'ready', backend: 'wasm', fallbackReason: 'no webview' });
  });

  it('the panel reports a load that ends after "Use GPU" was switched as nothing: the new choice is loaded anew', async () => {
    const photoshop = createFakePhotoshop();
    photoshop.control.openDocument(page());
    let releaseGpu: (() => void) | undefined;
    const engine = new PanelEngine({
      connectWebview: () => new Promise<EngineHandle>((resolve) => (releaseGpu = () => resolve(scripted('webgpu')))),
      createWasm: async () => scripted('wasm'),
    });
    const panel = panelOn(photoshop, engine);
    const first = panel.prepareEngine();
    expect(panel.getState().engine).toEqual({ state: 'loading' });
    while (!releaseGpu) await new Promise((resolve) => setTimeout(resolve, 1)); // the webview is starting
    panel.updateSettings({ useGpu: false });
    expect(panel.getState().engine).toEqual({ state: 'notLoaded' });
    releaseGpu();
    await first;
    expect(panel.getState().engine).toEqual({ state: 'notLoaded' });
    await panel.prepareEngine();
    expect(panel.getState().engine).toEqual({ state: 'ready', backend: 'wasm' });
  });
});

/** A WebviewEngine on a page played by the test; `send` passes messages through JSON, as UXP's bridge does. */
async function connectedToScriptedPage(): Promise<{ engine: WebviewEngine; posted: PanelToWebviewMessage[]; send(message: unknown): void }> {
  const posted: PanelToWebviewMessage[] = [];
  const listeners = new Set<(data: unknown) => void>();
  const send = (message: unknown): void => {
    const json: unknown = JSON.parse(JSON.stringify(message));
    for (const listener of [...listeners]) listener(json);
  };
  const connecting = WebviewEngine.connect(
    {
      post: (message) => void posted.push(message),
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close: () => listeners.clear(),
    },
    1000,
  );
  send({ type: 'status', protocol: PROTOCOL_VERSION, state: 'ready', backend: 'webgpu' });
  return { engine: await connecting, posted, send };
}

describe('the webview protocol', () => {
  it('base64-encodes bytes exactly as Node does, for every padding case', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 31) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
    }
  });

  it('sends a picture in strips of whole rows that put it together again in any order, and refuses broken ones', () => {
    const image = { width: 3, height: 7, data: Uint8Array.from({ length: 84 }, (_, i) => (i * 10) & 255) };
    const strips = [...imageStrips('r', 'lineart', image, 2)];
    expect(strips.map((m) => m.top)).toEqual([0, 2, 4, 6]);
    // Through the JSON bridge, in another order: the same bytes.
    const assembler = new StripAssembler('lineart', 3, 7);
    for (const strip of [strips[2], strips[0], strips[3], strips[1]]) assembler.add(parsePanelMessage(JSON.parse(JSON.stringify(strip))) as StripMessage);
    expect(Array.from(assembler.finish().data)).toEqual(Array.from(image.data));

    const missing = new StripAssembler('lineart', 3, 7);
    strips.slice(1).forEach((strip) => missing.add(strip));
    expect(() => missing.finish()).toThrow(/only 5 of its rows came/);
    expect(() => missing.add(strips[1])).toThrow(/row 2 of the lineart came twice/);
    expect(() => new StripAssembler('hint', 4, 7).add(strips[0])).toThrow(/not whole rows/);
    expect(() => new StripAssembler('hint', 3, 5).add(strips[3])).toThrow(/rows 6-6 of 5/);
    expect(() => new StripAssembler('hint', 3, 5).add({ ...strips[0], base64: '' })).toThrow(ProtocolError);
    expect(() => decodeBase64('ab$=')).toThrow(/invalid base64 character/);
  });

  it('keeps each strip to a few MiB of pixels however wide the page', () => {
    expect(stripRows(4096)).toBe(STRIP_BYTES / (4 * 4096));
    expect(stripRows(4096) * 4096 * 4).toBeLessThanOrEqual(STRIP_BYTES);
    expect(stripRows(10 * STRIP_BYTES)).toBe(1); // wider than a strip: a row each
    const page = { width: 4096, height: 600, data: new Uint8Array(4096 * 600 * 4) };
    const strips = [...imageStrips('r', 'hint', page)];
    expect(strips.length).toBe(Math.ceil(600 / stripRows(4096)));
    expect(Math.max(...strips.map((m) => m.base64.length))).toBeLessThanOrEqual((STRIP_BYTES / 3) * 4 + 4);
  });

  it('rejects malformed messages on both sides with a ProtocolError naming the problem', () => {
    expect(() => parseWebviewMessage({ type: 'result', id: 'x' })).toThrow(/malformed "result"/);
    expect(() => parseWebviewMessage({ type: 'hello' })).toThrow(/unknown message type/);
    expect(() => parsePanelMessage({ type: 'colorize', id: 'x', lineart: { width: 1 }, options: {} })).toThrow(/lineart/);
    expect(parsePanelMessage({ type: 'cancel', id: 'x' })).toEqual({ type: 'cancel', id: 'x' });
    expect(parsePanelMessage({ type: 'run', id: 'x' })).toEqual({ type: 'run', id: 'x' });
    const strip = { type: 'strip', id: 'x', image: 'hint', top: 0, base64: 'AAAA' };
    expect(parsePanelMessage(strip)).toEqual(strip);
    expect(() => parsePanelMessage({ ...strip, image: 'mask' })).toThrow(/strip needs/);
    expect(() => parsePanelMessage({ ...strip, top: 0.5 })).toThrow(/strip needs/);
    expect(parseWebviewMessage({ ...strip, image: 'image' })).toEqual({ ...strip, image: 'image' });
    expect(() => parseWebviewMessage({ ...strip, base64: 3 })).toThrow(/malformed "strip"/);
  });

  it('carries the gap radius to the webview page in the colorize options', async () => {
    const posted: PanelToWebviewMessage[] = [];
    const listeners = new Set<(data: unknown) => void>();
    const transport = {
      post: (message: PanelToWebviewMessage) => void posted.push(message),
      subscribe(listener: (data: unknown) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close: () => listeners.clear(),
    };
    const connecting = WebviewEngine.connect(transport, 1000);
    for (const listener of [...listeners]) listener({ type: 'status', protocol: PROTOCOL_VERSION, state: 'ready', backend: 'webgpu' });
    const engine = await connecting;
    void engine.colorize({ width: 1, height: 1, data: new Uint8Array(4) }, undefined, { gapRadius: 4, workingScale: 1 });
    // The UXP bridge JSON-encodes messages: what the page parses is what survives that.
    const received = parsePanelMessage(JSON.parse(JSON.stringify(posted[0])));
    if (received.type !== 'colorize') throw new Error(`expected a colorize message, got ${received.type}`);
    expect(received.options).toEqual({ gapRadius: 4, workingScale: 1 });
    await engine.dispose();
  });

  it('carries "White balloons, gutters & panel backgrounds" off to the webview page in the colorize options', async () => {
    const { engine, posted } = await connectedToScriptedPage();
    void engine.colorize({ width: 1, height: 1, data: new Uint8Array(4) }, undefined, { whitePaper: false, clearAround: true });
    const received = parsePanelMessage(JSON.parse(JSON.stringify(posted[0])));
    if (received.type !== 'colorize') throw new Error(`expected a colorize message, got ${received.type}`);
    expect(received.options).toEqual({ whitePaper: false, clearAround: true });
    await engine.dispose();
  });

  it('carries the shading option to the page and the shading layer back, intact through the JSON bridge', async () => {
    const { engine, posted, send } = await connectedToScriptedPage();
    const lineart = { width: 3, height: 2, data: new Uint8Array(24).fill(255) };
    const run = engine.colorize(lineart, undefined, { shading: { light: 'top-left', strength: 0.5 } });
    const received = parsePanelMessage(JSON.parse(JSON.stringify(posted[0])));
    if (received.type !== 'colorize') throw new Error(`expected a colorize message, got ${received.type}`);
    expect(received.options).toEqual({ shading: { light: 'top-left', strength: 0.5 } });

    // What the page sends back for it (src/webview/main.ts: resultMessages of the engine's result).
    const shading = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => (i % 4 === 3 ? 255 : 100 + i)) };
    const image = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => i * 7) };
    const result: ColorizeResult = { image, shading, backend: 'webgpu', workingScale: 1, tilesTotal: 1, inferenceMs: 3, totalMs: 4 };
    for (const message of resultMessages(received.id, result)) send(message);
    const answer = await run;
    expect(Array.from(answer.shading?.data ?? [])).toEqual(Array.from(shading.data));
    expect(answer.shading).toMatchObject({ width: 3, height: 2 });
    expect(Array.from(answer.image.data)).toEqual(Array.from(image.data));
    await engine.dispose();
  });

  it('sends no shading field or strips when the engine made none, and refuses a malformed shading layer', () => {
    const image = { width: 2, height: 1, data: new Uint8Array(8).fill(9) };
    const base: ColorizeResult = { image, backend: 'webgpu', workingScale: 1, tilesTotal: 1, inferenceMs: 3, totalMs: 4 };
    /** A result's messages through the JSON bridge, put together as the panel does. */
    const received = (result: ColorizeResult): { message: ResultMessage; pictures: Map<StripImage, StripAssembler> } => {
      const pictures = new Map<StripImage, StripAssembler>();
      let message: ResultMessage | undefined;
      for (const sent of resultMessages('r', result)) {
        const parsed = parseWebviewMessage(JSON.parse(JSON.stringify(sent)));
        if (parsed.type === 'strip') {
          if (!pictures.has(parsed.image)) pictures.set(parsed.image, new StripAssembler(parsed.image, 2, 1));
          pictures.get(parsed.image)?.add(parsed);
        } else if (parsed.type === 'result') message = parsed;
      }
      if (!message) throw new Error('no result message');
      return { message, pictures };
    };
    const plain = received(base);
    expect(plain.message).not.toHaveProperty('shading');
    expect([...plain.pictures.keys()]).toEqual(['image']);
    expect(resultFromMessage(plain.message, plain.pictures)).not.toHaveProperty('shading');

    const shaded = received({ ...base, shading: { width: 2, height: 1, data: new Uint8Array(8).fill(200) } });
    expect(Array.from(resultFromMessage(shaded.message, shaded.pictures).shading?.data ?? [])).toEqual(Array(8).fill(200));
    // Not a size at all: the message is refused when it arrives, like a bad `image`.
    expect(() => parseWebviewMessage({ ...shaded.message, shading: { width: 2 } })).toThrow(/malformed "result"/);
    expect(() => parseWebviewMessage({ ...shaded.message, shading: null })).toThrow(/malformed "result"/);
    // A size its strips did not make, or shading promised without strips: refused when put together.
    expect(() => resultFromMessage({ ...shaded.message, shading: { width: 2, height: 2 } }, shaded.pictures)).toThrow(/is 2x2 but its strips made 2x1/);
    expect(() => resultFromMessage({ ...plain.message, shading: { width: 2, height: 1 } }, plain.pictures)).toThrow(/shading came without its strips/);
  });

  it('rejects the run when the shading layer that comes back is broken', async () => {
    const { engine, posted, send } = await connectedToScriptedPage();
    const lineart = { width: 2, height: 2, data: new Uint8Array(16).fill(255) };
    const run = engine.colorize(lineart, undefined, { shading: { light: 'top', strength: 0.35 } });
    const { id } = posted[0] as { id: string };
    for (const strip of imageStrips(id, 'image', lineart)) send(strip);
    // Half a row of shading: not whole rows of a 2 px wide picture.
    send({ type: 'strip', id, image: 'shading', top: 0, base64: encodeBase64(new Uint8Array(4)) });
    await expect(run).rejects.toThrow(ProtocolError);
    await engine.dispose();
  });

  it('uses its own engine when the page speaks another protocol (a stale copy of the page)', async () => {
    const listeners = new Set<(data: unknown) => void>();
    const connecting = WebviewEngine.connect(
      { post: () => undefined, subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)), close: () => listeners.clear() },
      1000,
    );
    for (const listener of [...listeners]) listener({ type: 'status', protocol: PROTOCOL_VERSION - 1, state: 'ready', backend: 'webgpu' });
    await expect(connecting).rejects.toThrow(new RegExp(`speaks protocol ${PROTOCOL_VERSION - 1}, the panel ${PROTOCOL_VERSION}`));
  });

  it('rejects, tells the page to drop the request and stops listening when posting fails part way', async () => {
    const posted: PanelToWebviewMessage[] = [];
    const listeners = new Set<(data: unknown) => void>();
    let failNext = false;
    const connecting = WebviewEngine.connect(
      {
        post: (message) => {
          if (failNext && message.type === 'strip' && message.image === 'hint') throw new Error('the bridge refused the message');
          posted.push(message);
        },
        subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
        close: () => listeners.clear(),
      },
      1000,
    );
    for (const listener of [...listeners]) listener({ type: 'status', protocol: PROTOCOL_VERSION, state: 'ready', backend: 'webgpu' });
    const engine = await connecting;
    failNext = true;
    const picture = { width: 2, height: 2, data: new Uint8Array(16).fill(255) };
    await expect(engine.colorize(picture, picture, {})).rejects.toThrow(/the bridge refused/);
    expect(posted.map((m) => (m.type === 'strip' ? `strip ${m.image}` : m.type))).toEqual(['colorize', 'strip lineart', 'cancel']);
    expect(listeners.size).toBe(0);
    await engine.dispose();
  });

  it('posts the request, its pictures in strips of whole rows, then run; and refuses strips of its own pictures coming back', async () => {
    const { engine, posted, send } = await connectedToScriptedPage();
    const lineart = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => i) };
    const hint = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => 200 - i) };
    const run = engine.colorize(lineart, hint, {});
    expect(posted.map((m) => (m.type === 'strip' ? `strip ${m.image}` : m.type))).toEqual(['colorize', 'strip lineart', 'strip hint', 'run']);
    const header = posted[0];
    if (header.type !== 'colorize') throw new Error('expected the request first');
    expect(header.lineart).toEqual({ width: 3, height: 2 });
    expect(header.hint).toEqual({ width: 3, height: 2 });
    const put = (which: 'lineart' | 'hint'): number[] => {
      const assembler = new StripAssembler(which, 3, 2);
      for (const m of posted) if (m.type === 'strip' && m.image === which) assembler.add(m);
      return Array.from(assembler.finish().data);
    };
    expect(put('lineart')).toEqual(Array.from(lineart.data));
    expect(put('hint')).toEqual(Array.from(hint.data));
    send({ type: 'strip', id: header.id, image: 'hint', top: 0, base64: encodeBase64(new Uint8Array(12)) });
    await expect(run).rejects.toThrow(/the page sent a strip of the hint/);
    await engine.dispose();
  });

  it('checks every field a page message declares, not only the ones the panel reads first', () => {
    const result = { type: 'result', id: 'r', image: { width: 1, height: 1 }, backend: 'webgpu', workingScale: 1, tilesTotal: 1, inferenceMs: 5, totalMs: 9 };
    expect(parseWebviewMessage(result)).toEqual(result);
    expect(() => parseWebviewMessage({ ...result, tilesTotal: '1' })).toThrow(/malformed "result"/);
    expect(() => parseWebviewMessage({ ...result, workingScale: undefined })).toThrow(/malformed "result"/);
    expect(() => parseWebviewMessage({ ...result, inferenceMs: NaN })).toThrow(/malformed "result"/);
    const ready = { type: 'status', protocol: 1, state: 'ready', backend: 'wasm' };
    expect(parseWebviewMessage(ready)).toEqual(ready);
    expect(() => parseWebviewMessage({ ...ready, protocol: undefined })).toThrow(/malformed "status"/);
    const failure = { type: 'error', id: 'r', name: 'EngineInputError', code: 'BAD_BUFFER', message: 'bad pixels' };
    expect(parseWebviewMessage(failure)).toEqual(failure);
    expect(() => parseWebviewMessage({ ...failure, code: 7 })).toThrow(/malformed "error"/);
    expect(() => parseWebviewMessage({ ...failure, id: 3 })).toThrow(/malformed "error"/);
  });
});

describe('the remembered options', () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    (globalThis as { localStorage?: unknown }).localStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) };
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('keeps blend mode, strength, working resolution, close gaps and "Use GPU", but never layer picks', () => {
    saveSettings({ ...DEFAULT_SETTINGS, lineart: 12, hint: 'none', blendMode: 'multiply', hintStrength: 0.5, workingScale: 0.5, gapRadius: 4, useGpu: false, keepStrokes: true, leaveMargins: true });
    expect(loadSettings()).toEqual({ ...DEFAULT_SETTINGS, blendMode: 'multiply', hintStrength: 0.5, workingScale: 0.5, gapRadius: 4, useGpu: false, keepStrokes: true, leaveMargins: true });
  });

  it('remembers "White balloons, gutters & panel backgrounds" turned off, and reads options saved before it existed with it on', () => {
    saveSettings({ ...DEFAULT_SETTINGS, whitePaper: false });
    expect(JSON.parse(store.get('deepcolor.panelSettings.v1') ?? '{}')).toMatchObject({ whitePaper: false });
    expect(loadSettings()).toEqual({ ...DEFAULT_SETTINGS, whitePaper: false });
    saveSettings({ ...DEFAULT_SETTINGS, whitePaper: true });
    expect(loadSettings().whitePaper).toBe(true);
    // Saved by a version without it (keepStrokes and leaveMargins were already there): on, as those runs were.
    store.set('deepcolor.panelSettings.v1', JSON.stringify({ blendMode: 'multiply', keepStrokes: true, leaveMargins: true }));
    expect(loadSettings()).toEqual({ ...DEFAULT_SETTINGS, blendMode: 'multiply', keepStrokes: true, leaveMargins: true, whitePaper: true });
    store.set('deepcolor.panelSettings.v1', JSON.stringify({ whitePaper: 'no' }));
    expect(loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('remembers every light choice and the shadow strength', () => {
    for (const { value } of LIGHT_CHOICES) {
      saveSettings({ ...DEFAULT_SETTINGS, light: value, shadingStrength: 0.6 });
      expect(loadSettings()).toEqual({ ...DEFAULT_SETTINGS, light: value, shadingStrength: 0.6 });
    }
    saveSettings({ ...DEFAULT_SETTINGS, light: 'top-left', shadingStrength: 0 });
    expect(loadSettings()).toMatchObject({ light: 'top-left', shadingStrength: 0 });
  });

  it('remembers every "Close gaps" choice, "Off" (0) and "Model default" included', () => {
    for (const { value } of GAP_RADIUS_CHOICES) {
      saveSettings({ ...DEFAULT_SETTINGS, gapRadius: value });
      expect(loadSettings().gapRadius).toBe(value);
    }
  });

  it('reads options saved before "Close gaps" existed, with the model default', () => {
    store.set('deepcolor.panelSettings.v1', JSON.stringify({ blendMode: 'multiply', hintStrength: 0.5, workingScale: 0.5, useGpu: false }));
    expect(loadSettings()).toEqual({ ...DEFAULT_SETTINGS, blendMode: 'multiply', hintStrength: 0.5, workingScale: 0.5, useGpu: false });
    expect(loadSettings().gapRadius).toBe('model');
  });

  it('ignores stored values it does not understand', () => {
    store.set('deepcolor.panelSettings.v1', JSON.stringify({ blendMode: 'screen', hintStrength: 9, workingScale: 0.3, gapRadius: 3, useGpu: 'yes' }));
    expect(loadSettings()).toEqual(DEFAULT_SETTINGS);
    store.set('deepcolor.panelSettings.v1', JSON.stringify({ gapRadius: '4' }));
    expect(loadSettings()).toEqual(DEFAULT_SETTINGS);
    // The panel offers named lights only; an angle is the CLI's, and 'north' is no direction at all.
    for (const light of ['north', 135, null, 'Top']) {
      store.set('deepcolor.panelSettings.v1', JSON.stringify({ light }));
      expect(loadSettings()).toEqual(DEFAULT_SETTINGS);
    }
    for (const shadingStrength of [1.5, -0.1, '0.5', null]) {
      store.set('deepcolor.panelSettings.v1', JSON.stringify({ light: 'left', shadingStrength }));
      expect(loadSettings()).toEqual({ ...DEFAULT_SETTINGS, light: 'left' });
    }
    store.set('deepcolor.panelSettings.v1', '{not json');
    expect(loadSettings()).toEqual(DEFAULT_SETTINGS);
  });
});
