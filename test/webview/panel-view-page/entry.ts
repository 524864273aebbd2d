/**
 * Test page: the real PanelView and PanelController over a scripted host,
 * so the widgets can be driven in Chromium. The host is a stand-in with the
 * DeepcolorHost shape; its runs wait for the test to release each tile.
 */
import type {
  ColorizeRequest,
  DeepcolorHost,
  DocumentSummary,
  FlatsRequest,
  HintLayerOutcome,
  HintLayerRequest,
  InteractiveFlatsOutcome,
  InteractiveOutcome,
  InteractiveRelightOutcome,
  PixelRect,
  RelightRequest,
} from '../../../src/host';
import type { RunHooks } from '../../../src/host/colorize-command';
import { DeepcolorHostError } from '../../../src/host/errors';
import { PanelController, type EngineDescription, type EngineReport } from '../../../src/panel/panel-controller';
import { DEFAULT_SETTINGS } from '../../../src/panel/panel-settings';
import { PanelView } from '../../../src/panel/panel-view';

const documentSummary: DocumentSummary = {
  id: 7,
  title: 'page-042.psd',
  width: 800,
  height: 600,
  mode: 'RGBColorMode',
  bitsPerChannel: 'bitDepth8',
  layers: [
    { id: 31, name: 'hint', kind: 'pixel', depth: 0, visible: true, isPixelLayer: true, isEmpty: false },
    { id: 30, name: 'Title', kind: 'text', depth: 0, visible: true, isPixelLayer: false, isEmpty: false },
    { id: 29, name: 'Lineart', kind: 'pixel', depth: 0, visible: true, isPixelLayer: true, isEmpty: false },
  ],
  activeLayerIds: [29],
  suggestedHintLayerId: 31,
  selection: null,
};
/** The marquee the artist has drawn (set from the test); Colorize and Flats report it back as Photoshop's host would. */
let selection: PixelRect | null = null;

const calls: {
  requests: ColorizeRequest[];
  aborted: number;
  refusal: string | null;
  relights: RelightRequest[];
  relightRefusal: string | null;
  flats: FlatsRequest[];
  hintLayers: HintLayerRequest[];
} = {
  flats: [],
  requests: [],
  aborted: 0,
  refusal: null,
  relights: [],
  relightRefusal: null,
  hintLayers: [],
};
let releaseTile: (() => void) | undefined;

const host: DeepcolorHost = {
  describeActiveDocument: () => ({ ...documentSummary, selection }),
  readSnapshot: (read) => read(),
  check: () => (calls.refusal ? new DeepcolorHostError('NOT_RGB', calls.refusal) : null),
  checkRelight: () => (calls.relightRefusal ? new DeepcolorHostError('NO_COLOUR_LAYER', calls.relightRefusal) : null),
  checkFlats: () => (calls.refusal ? new DeepcolorHostError('NOT_RGB', calls.refusal) : null),
  checkHintLayer: () => (calls.hintLayers.length > 0 ? new DeepcolorHostError('HINT_LAYER_EXISTS', 'There is a hint layer already, “hint”: select it in the Layers panel and paint your colours on it.') : null),
  async addHintLayer(request?: HintLayerRequest): Promise<HintLayerOutcome> {
    calls.hintLayers.push(request ?? {});
    return { documentId: 7, layerId: 43, lineartLayerId: 29, lineartLayerName: 'Lineart', totalMs: 20, warnings: [] };
  },
  async flats(request?: FlatsRequest): Promise<InteractiveFlatsOutcome> {
    calls.flats.push(request ?? {});
    return { documentId: 7, layerId: 42, lineartLayerName: 'Lineart', hintLayerName: 'hint', selection, totalMs: 150, warnings: [], actionStepOffered: false };
  },
  async relight(request: RelightRequest): Promise<InteractiveRelightOutcome> {
    calls.relights.push(request);
    return { documentId: 7, shadingLayerId: 41, created: false, colourLayerName: 'Deepcolor', lineartLayerName: 'Lineart', totalMs: 420, warnings: [], actionStepOffered: false };
  },
  // The page drives refreshDocument() itself; no notifications (a Photoshop without the API).
  watchDocumentChanges: async () => null,
  async colorize(request?: ColorizeRequest, hooks: RunHooks = {}): Promise<InteractiveOutcome> {
    calls.requests.push(request ?? {});
    for (let tile = 0; tile < 2; tile++) {
      await new Promise<void>((resolve) => (releaseTile = resolve));
      if (hooks.signal?.aborted) {
        calls.aborted++;
        throw new DeepcolorHostError('CANCELLED', 'Cancelled.');
      }
      hooks.onProgress?.({ fraction: (tile + 1) / 2, tilesDone: tile + 1, tilesTotal: 2 });
    }
    return {
      documentId: 7,
      layerId: 40,
      layerName: 'Deepcolor',
      shadingLayerId: request?.shading ? 41 : null,
      lineartLayerName: 'Lineart',
      hintLayerName: 'hint',
      selection,
      backend: 'wasm',
      workingScale: 0.91,
      tilesTotal: 2,
      inferenceMs: 900,
      totalMs: 1234,
      warnings: [],
      actionStepOffered: false,
    };
  },
};

/** The engine load prepareEngine() waits on, settled from the test. */
let settlePrepare: { resolve(d: EngineDescription): void; reject(e: Error): void } | undefined;
const engines: EngineReport = {
  describe: () => ({ backend: 'wasm', fallbackReason: 'WebGPU is not available in this webview' }),
  setUseGpu: () => undefined,
  prepare: () => new Promise<EngineDescription>((resolve, reject) => (settlePrepare = { resolve, reject })),
  subscribe: () => () => undefined,
};

const controller = new PanelController(host, engines, DEFAULT_SETTINGS);
new PanelView(document.getElementById('root')!, controller);
controller.refreshDocument();

Object.assign(window, {
  __panel: {
    controller,
    calls,
    releaseTile: () => releaseTile?.(),
    prepareEngine: () => void controller.prepareEngine(),
    finishPrepare: (description: EngineDescription) => settlePrepare?.resolve(description),
    failPrepare: (message: string) => settlePrepare?.reject(new Error(message)),
    setRefusal: (message: string | null) => {
      calls.refusal = message;
      controller.refreshDocument();
    },
    setSelection: (rect: PixelRect | null) => {
      selection = rect;
      controller.refreshDocument();
    },
    setRelightRefusal: (message: string | null) => {
      calls.relightRefusal = message;
      controller.refreshDocument();
    },
  },
});
