/**
 * The host as the panel sees it: describe the document, check a request,
 * colorize (one modal scope, one history step, then offer an Action step),
 * relight (the shading of the last Colorize for another light, one history step),
 * flats (a layer of one flat colour per region, one history step).
 */
import { ACTION_METHOD_NAME, encodeActionInfo, encodeFlatsInfo, encodeRelightInfo, installPlaybackHandler, recordStep } from './action-recording';
import { loadFlatterOnce, resolveFlats, runFlatsCommand, type FlatsOutcome, type FlatsSettings, type FlatterSource } from './flats-command';
import { runColorizeCommand, type ColorizeOutcome, type RunHooks } from './colorize-command';
import { watchDocumentChanges, type DocumentChangeHandler, type DocumentChangeWatch } from './document-events';
import { documentSnapshot } from './document-snapshot';
import { resolveHintLayer, runHintLayerCommand, type HintLayerOutcome, type HintLayerSettings } from './hint-layer-command';
import { resolveEngine, type ColorizeEngine, type EngineSource } from './engine';
import { DeepcolorHostError, describeError, isModalBusyError } from './errors';
import { activeLayerIds, findHintLayerByName, stackOf, type HintChoice, type LineartChoice } from './layer-roles';
import { loadPhotoshop } from './photoshop-module';
import type { ExecutionContext, LayerKindName, PhotoshopApi, PsDocument } from './photoshop-api';
import { resolveJob, type JobSettings, type NewLayerBlendMode } from './validate';
import { loadShaderOnce, resolveRelight, runRelightCommand, type RelightOutcome, type RelightSettings, type ShaderSource } from './relight-command';
import type { ShadingOptions } from '../model/types';
import { selectionOnCanvas, type PixelRect } from './work-area';

export interface ColorizeRequest {
  /** The layer picked in the panel; omitted: the document's active layer. */
  readonly lineartLayerId?: number;
  /** The layer picked; omitted: a layer named like "hint"/"colors" if any; null: no hints. */
  readonly hintLayerId?: number | null;
  /** Default 'normal'. */
  readonly blendMode?: NewLayerBlendMode;
  /** Default: the model's default strength. */
  readonly hintStrength?: number;
  /** Default 'auto'. */
  readonly workingScale?: number | 'auto';
  /**
   * Close gaps in the lines up to 2 * gapRadius working pixels wide before hints
   * spread over regions (whole pixels, 0 = off, at most 16). Default: the model's trained value.
   */
  readonly gapRadius?: number;
  /** Keep hint strokes exactly as painted instead of blending them into their region's colour. Default false. */
  readonly keepStrokes?: boolean;
  /** Unpainted speech balloons (with their letters' counters) and a comic page's unpainted gutters made white. Default true. */
  readonly whitePaper?: boolean;
  /** Leave the page around the drawing (margins, comic gutters) transparent on the new layer unless hinted. Default false. */
  readonly leaveMargins?: boolean;
  /**
   * Form shading: a second layer, SHADING_LAYER_NAME in Multiply directly above
   * the colour layer, darkening the side of each shape away from the light.
   * Default (undefined or null): no shading layer.
   */
  readonly shading?: ShadingOptions | null;
}

/** Relight: the lineart as for Colorize, and the light to shade for. */
export interface RelightRequest {
  /** The layer picked in the panel; omitted: the document's active layer. */
  readonly lineartLayerId?: number;
  readonly shading: ShadingOptions;
}

/** Flats: the lineart, hint and gap closing chosen as for Colorize (its other options do not apply). */
export type FlatsRequest = Pick<ColorizeRequest, 'lineartLayerId' | 'hintLayerId' | 'gapRadius'>;

/** New hint layer: above the lineart picked (default: the active layer). */
export type HintLayerRequest = Pick<ColorizeRequest, 'lineartLayerId'>;

export interface InteractiveFlatsOutcome extends FlatsOutcome {
  /** recordAction was offered the step (Photoshop keeps it only while an Action is recording). */
  readonly actionStepOffered: boolean;
}

export interface InteractiveRelightOutcome extends RelightOutcome {
  /** recordAction was offered the step (Photoshop keeps it only while an Action is recording). */
  readonly actionStepOffered: boolean;
}

export interface InteractiveOutcome extends ColorizeOutcome {
  /** recordAction was offered the step (Photoshop keeps it only while an Action is recording). */
  readonly actionStepOffered: boolean;
}

export interface LayerSummary {
  readonly id: number;
  readonly name: string;
  readonly kind: LayerKindName;
  /** 0 at top level, 1 inside a group... */
  readonly depth: number;
  readonly visible: boolean;
  /** Only pixel layers can be lineart or hint. */
  readonly isPixelLayer: boolean;
  readonly isEmpty: boolean;
}

/** The document's own properties as Photoshop reports them (size in pixels), plus what the panel shows. */
export interface DocumentSummary extends Pick<PsDocument, 'id' | 'title' | 'width' | 'height' | 'mode' | 'bitsPerChannel'> {
  /** Top to bottom, as in the Layers panel. */
  readonly layers: LayerSummary[];
  readonly activeLayerIds: number[];
  /** What "hint: automatic" would use for the current active layer. */
  readonly suggestedHintLayerId: number | null;
  /** The pixel selection's box on the canvas, which Colorize and Flats keep to; null: none (or none on the canvas, which check() refuses). */
  readonly selection: PixelRect | null;
}

export interface HostOptions {
  readonly engine: EngineSource;
  /** Defaults to require('photoshop'); tests pass the fake. */
  readonly photoshop?: PhotoshopApi;
  readonly memoryBudgetBytes?: number;
  /** The form shading Relight runs, or a loader for it (the model's contract read on first use). Without it Relight is refused. */
  readonly shader?: ShaderSource;
  /** The flats Flats runs, or a loader for them. Without it Flats is refused. */
  readonly flatter?: FlatterSource;
}

export interface DeepcolorHost {
  describeActiveDocument(): DocumentSummary | null;
  /** The problem a Colorize with this request would be refused for, or null. Touches nothing. */
  check(request?: ColorizeRequest): DeepcolorHostError | null;
  colorize(request?: ColorizeRequest, hooks?: RunHooks): Promise<InteractiveOutcome>;
  /** The problem a Relight with this request would be refused for, or null. Touches nothing. */
  checkRelight(request: RelightRequest): DeepcolorHostError | null;
  /**
   * Replaces (or makes) the shading layer above the colour of an earlier
   * Colorize, for another light: one modal scope, one history step; then
   * offers an Action step, as colorize does.
   */
  relight(request: RelightRequest, hooks?: { signal?: AbortSignal }): Promise<InteractiveRelightOutcome>;
  /** The problem a Flats with this request would be refused for, or null. Touches nothing. */
  checkFlats(request?: FlatsRequest): DeepcolorHostError | null;
  /** Adds a layer of flats above the lineart and hint (no network): one modal scope, one history step; then offers an Action step. */
  flats(request?: FlatsRequest, hooks?: { signal?: AbortSignal }): Promise<InteractiveFlatsOutcome>;
  /** The problem a New hint layer with this request would be refused for (e.g. there is one), or null. Touches nothing. */
  checkHintLayer(request?: HintLayerRequest): DeepcolorHostError | null;
  /** Adds an empty, selected "hint" layer directly above the lineart: one modal scope, one history step, no Action step. */
  addHintLayer(request?: HintLayerRequest): Promise<HintLayerOutcome>;
  /**
   * Calls `onChange` after Photoshop events that can change what describeActiveDocument
   * returns (see DOCUMENT_CHANGE_EVENTS). Resolves null where Photoshop has no
   * notification API; stop() removes the listener.
   */
  watchDocumentChanges(onChange: DocumentChangeHandler): Promise<DocumentChangeWatch | null>;
  /**
   * Runs `read` (synchronous, touching nothing) with describeActiveDocument and the checks reading
   * one snapshot of the document (document-snapshot.ts): each layer property is asked of Photoshop
   * once for all of them, not once a check. The panel's refresh does its reads in one such call.
   */
  readSnapshot<T>(read: () => T): T;
}

/** The lineart a request names: the layer picked in the panel, or the active layer. */
function lineartChoice(request: Pick<ColorizeRequest, 'lineartLayerId'>): LineartChoice {
  return request.lineartLayerId === undefined ? { by: 'active' } : { by: 'id', id: request.lineartLayerId };
}

export function settingsFromRequest(request: ColorizeRequest = {}): JobSettings {
  const lineart = lineartChoice(request);
  const hint: HintChoice =
    request.hintLayerId === undefined ? { by: 'auto' } : request.hintLayerId === null ? { by: 'none' } : { by: 'id', id: request.hintLayerId };
  return {
    lineart,
    hint,
    blendMode: request.blendMode ?? 'normal',
    hintStrength: request.hintStrength,
    workingScale: request.workingScale ?? 'auto',
    gapRadius: request.gapRadius,
    ...(request.keepStrokes === undefined ? {} : { keepStrokes: request.keepStrokes }),
    ...(request.whitePaper === undefined ? {} : { whitePaper: request.whitePaper }),
    ...(request.leaveMargins === undefined ? {} : { leaveMargins: request.leaveMargins }),
    ...(request.shading ? { shading: request.shading } : {}),
  };
}

function flatsSettings(request: FlatsRequest = {}): FlatsSettings {
  const { lineart, hint, gapRadius } = settingsFromRequest(request);
  return { lineart, hint, gapRadius };
}

function hintLayerSettings(request: HintLayerRequest = {}): HintLayerSettings {
  return { lineart: lineartChoice(request) };
}

function relightSettings(request: RelightRequest): RelightSettings {
  return { lineart: lineartChoice(request), shading: request.shading };
}

/** A command's body in one modal scope; Photoshop busy with another plugin or a dialog is reported as such. */
async function inModal<O>(photoshopApi: PhotoshopApi, commandName: string, body: (context: ExecutionContext) => Promise<O>): Promise<O> {
  try {
    return await photoshopApi.core.executeAsModal(body, { commandName });
  } catch (error) {
    throw busyError(error);
  }
}

/** executeAsModal's refusal while another plugin or dialog holds Photoshop, as the panel shows it. */
function busyError(error: unknown): unknown {
  if (!isModalBusyError(error)) return error;
  return new DeepcolorHostError('PHOTOSHOP_BUSY', 'Photoshop is busy with another plugin or dialog; finish it and try again.', { cause: error });
}

/** The refusal `resolve` throws (the first problem a command would be refused for), or null. Touches nothing. */
function refusalOf(resolve: () => unknown): DeepcolorHostError | null {
  try {
    resolve();
    return null;
  } catch (error) {
    if (error instanceof DeepcolorHostError) return error;
    throw error;
  }
}

export function createDeepcolorHost(options: HostOptions): DeepcolorHost {
  let photoshop: PhotoshopApi | undefined = options.photoshop;
  const ps = (): PhotoshopApi => (photoshop ??= loadPhotoshop());
  /** Inside readSnapshot, the snapshot the read-only methods share; else Photoshop itself. */
  let snapshot: PhotoshopApi | undefined;
  const reader = (): PhotoshopApi => snapshot ?? ps();
  let engine: ColorizeEngine | undefined = typeof options.engine === 'function' ? undefined : options.engine;
  let loading: Promise<ColorizeEngine> | undefined;
  /** Loads the engine once, shared by panel runs and Action playback. */
  const getEngine = (): Promise<ColorizeEngine> => {
    if (engine) return Promise.resolve(engine);
    loading ??= resolveEngine(options.engine).then(
      (loaded) => (engine = loaded),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };

  const getShader = loadShaderOnce(options.shader);
  const getFlatter = loadFlatterOnce(options.flatter);

  const ensurePlaybackInstalled = (): void => {
    if (typeof (globalThis as unknown as Record<string, unknown>)[ACTION_METHOD_NAME] !== 'function') {
      installPlaybackHandler({ photoshop: ps(), engine: getEngine, memoryBudgetBytes: options.memoryBudgetBytes, shader: options.shader, flatter: options.flatter });
    }
  };

  /** Offers a finished run's Action step (installing the playback handler first); a failure is a warning, not an error. */
  const offerStep = async (
    photoshopApi: PhotoshopApi,
    info: Parameters<typeof recordStep>[1],
    runWarnings: readonly string[],
  ): Promise<{ warnings: string[]; actionStepOffered: boolean }> => {
    const warnings = [...runWarnings];
    try {
      ensurePlaybackInstalled();
      return { warnings, actionStepOffered: await recordStep(photoshopApi, info) };
    } catch (error) {
      warnings.push(`The Action step could not be recorded (${describeError(error)}).`);
      return { warnings, actionStepOffered: false };
    }
  };

  /**
   * Runs a command's body in one modal scope (Photoshop busy with something
   * else is reported as such), then offers the finished run's Action step.
   */
  const runModal = async <O extends { readonly warnings: readonly string[] }>(
    photoshopApi: PhotoshopApi,
    commandName: string,
    body: (context: ExecutionContext) => Promise<O>,
    info: (outcome: O) => Parameters<typeof recordStep>[1],
  ): Promise<O & { warnings: string[]; actionStepOffered: boolean }> => {
    const outcome = await inModal(photoshopApi, commandName, body);
    return { ...outcome, ...(await offerStep(photoshopApi, info(outcome), outcome.warnings)) };
  };

  return {
    describeActiveDocument(): DocumentSummary | null {
      const doc = reader().app.activeDocument;
      if (!doc) return null;
      const active = activeLayerIds(doc);
      const hint = findHintLayerByName(doc, active.length === 1 ? active[0] : undefined);
      return {
        id: doc.id,
        title: doc.title,
        width: doc.width,
        height: doc.height,
        mode: doc.mode,
        bitsPerChannel: doc.bitsPerChannel,
        layers: stackOf(doc).map(({ layer, depth }) => {
          const bounds = layer.boundsNoEffects;
          return {
            id: layer.id,
            name: layer.name,
            kind: layer.kind,
            depth,
            visible: layer.visible,
            isPixelLayer: layer.kind === 'pixel',
            isEmpty: bounds.width <= 0 || bounds.height <= 0,
          };
        }),
        activeLayerIds: active,
        suggestedHintLayerId: hint ? hint.id : null,
        selection: selectionOnCanvas(doc),
      };
    },

    check(request?: ColorizeRequest): DeepcolorHostError | null {
      return refusalOf(() => resolveJob(reader(), settingsFromRequest(request), engine, options.memoryBudgetBytes));
    },

    async colorize(request?: ColorizeRequest, hooks: RunHooks = {}): Promise<InteractiveOutcome> {
      const photoshopApi = ps();
      const settings = settingsFromRequest(request);
      // Refuse bad input before loading anything or entering the modal state.
      resolveJob(photoshopApi, settings, engine, options.memoryBudgetBytes);
      const loadedEngine = await getEngine();
      return runModal(
        photoshopApi,
        'Colorize',
        (context) => runColorizeCommand({ photoshop: photoshopApi, engine: loadedEngine, memoryBudgetBytes: options.memoryBudgetBytes }, context, settings, hooks),
        (outcome) => encodeActionInfo(settings, outcome),
      );
    },

    checkRelight(request: RelightRequest): DeepcolorHostError | null {
      return refusalOf(() => resolveRelight(reader(), relightSettings(request), options.memoryBudgetBytes));
    },

    async relight(request: RelightRequest, hooks: { signal?: AbortSignal } = {}): Promise<InteractiveRelightOutcome> {
      const photoshopApi = ps();
      const settings = relightSettings(request);
      resolveRelight(photoshopApi, settings, options.memoryBudgetBytes);
      const shade = await getShader();
      return runModal(
        photoshopApi,
        'Relight',
        (context) => runRelightCommand({ photoshop: photoshopApi, shade, memoryBudgetBytes: options.memoryBudgetBytes }, context, settings, hooks.signal),
        (outcome) => encodeRelightInfo(settings, outcome),
      );
    },

    checkFlats(request?: FlatsRequest): DeepcolorHostError | null {
      return refusalOf(() => resolveFlats(reader(), flatsSettings(request), options.memoryBudgetBytes));
    },

    async flats(request?: FlatsRequest, hooks: { signal?: AbortSignal } = {}): Promise<InteractiveFlatsOutcome> {
      const photoshopApi = ps();
      const settings = flatsSettings(request);
      resolveFlats(photoshopApi, settings, options.memoryBudgetBytes);
      const flats = await getFlatter();
      return runModal(
        photoshopApi,
        'Flats',
        (context) => runFlatsCommand({ photoshop: photoshopApi, flats, memoryBudgetBytes: options.memoryBudgetBytes }, context, settings, hooks.signal),
        (outcome) => encodeFlatsInfo(settings, outcome),
      );
    },

    checkHintLayer(request?: HintLayerRequest): DeepcolorHostError | null {
      return refusalOf(() => resolveHintLayer(reader(), hintLayerSettings(request)));
    },

    async addHintLayer(request?: HintLayerRequest): Promise<HintLayerOutcome> {
      const photoshopApi = ps();
      const settings = hintLayerSettings(request);
      resolveHintLayer(photoshopApi, settings);
      return inModal(photoshopApi, 'New hint layer', (context) => runHintLayerCommand(photoshopApi, context, settings));
    },

    // async: a failure to load `photoshop` rejects (the panel then polls) instead of throwing from show().
    async watchDocumentChanges(onChange: DocumentChangeHandler): Promise<DocumentChangeWatch | null> {
      return watchDocumentChanges(ps(), onChange);
    },

    readSnapshot<T>(read: () => T): T {
      const outer = snapshot;
      snapshot ??= documentSnapshot(ps());
      try {
        return read();
      } finally {
        snapshot = outer;
      }
    },
  };
}
