/**
 * A fake of Photoshop's `photoshop` module for tests, typed against the
 * host's PhotoshopApi (which src/host/photoshop-module.ts proves the real
 * @types/photoshop module satisfies), so misuse fails to compile.
 *
 *   const ps = createFakePhotoshop();            // or { profile: 'photoshop-24.0' }: no imaging API
 *   const doc = ps.control.openDocument({ width: 64, height: 64, layers: [...] });
 *   host uses ps.module (also what require('photoshop') should return in a UXP-like sandbox);
 *   tests use ps.control: serialize(), undo(), cancelModal(), liveImageDataCount(), actions...
 *
 * Modelled (DESIGN.md section 4): modal enforcement (mutations outside
 * executeAsModal throw; a second concurrent modal call rejects with number 9);
 * history: one step per change, suspendHistory/resumeHistory with commit or
 * rollback, rollback when the modal function throws, undo; cancellation
 * (isCancelled, onCancel, later calls throwing); getPixels with trimmed bounds
 * and layer origins, 3-component background, 16-bit 0..32768; image data
 * disposal and leak counting; imaging missing on old versions;
 * createPixelLayer landing at the top of the stack; layer kinds, locks,
 * visibility, groups; a fresh wrapper on every read; batchPlay returning
 * errors instead of throwing; recordAction checks and playback through
 * globalThis[methodName]; notification listeners (action.addNotificationListener)
 * told, after the fact, of the fake's own changes and of what the simulated
 * user does (control.user: add, rename, delete, select layers; open, switch,
 * close documents; undo).
 */
import type { ActionDescriptor, ExecutionContext, PhotoshopApi, PsApp, PsCore, PsDocument } from '../../src/host/photoshop-api';
import type { BatchPlayCommandOptions, HistoryStateInfo, HistorySuspension, OnCancelCbArgument, ResumeHistorySuspensionOptions } from 'photoshop/dom/CoreModules';
import { FakePhotoshopCore, ModalBusyError, type FakeExecutionContext, type ModalScope, type NotificationHandler } from './photoshop-core';
import { FakeDocument, layerTarget, nextLayerId } from './photoshop-dom';
import { createFakeImaging, FakeImageData } from './photoshop-imaging';
import { cloneDoc, locate, type DocState, type LayerState } from './photoshop-state';
import type { BitDepthName, BlendModeName, DocumentModeName, LayerKindName } from '../../src/host/photoshop-api';

export type PhotoshopProfile = 'photoshop-25' | 'photoshop-24.0';

export interface LayerSpec {
  name: string;
  kind?: LayerKindName;
  /** Pixels in the layer's own rectangle; or `fill` over the rectangle. */
  pixels?: { left: number; top: number; width: number; height: number; data?: Uint8Array; fill?: [number, number, number, number] };
  visible?: boolean;
  opacity?: number;
  blendMode?: BlendModeName;
  allLocked?: boolean;
  pixelsLocked?: boolean;
  positionLocked?: boolean;
  background?: boolean;
  children?: LayerSpec[];
  /** Layer effects reaching this many pixels past the layer's pixels (a drop shadow, a stroke). */
  effectsMargin?: number;
  /** Clipped to the layer below it (a clipping mask), like a line colour layer clipped to the lineart. */
  clipped?: boolean;
}

export interface DocumentSpec {
  title?: string;
  width: number;
  height: number;
  mode?: DocumentModeName;
  bitsPerChannel?: BitDepthName;
  /** Top first. */
  layers: LayerSpec[];
  /** Names of the selected layers; default: the topmost layer. */
  selected?: string[];
  /** First layer id; give documents different ranges to catch id-based lookups. */
  firstLayerId?: number;
}

export interface OpenedDocument {
  readonly id: number;
  /** Layer ids by name. */
  readonly ids: Readonly<Record<string, number>>;
}

export interface RecordedStep {
  readonly name: string;
  readonly methodName: string;
  /** As Photoshop keeps it: a JSON round trip of what was recorded. */
  readonly info: Record<string, unknown>;
}

/** What the artist does in Photoshop's own UI; each is one history step (select: none) and sends its notification. */
export interface FakeUserActions {
  /** Layer > New Layer (or a paste): the new layer lands above `aboveLayerId` (default: the top) and becomes the selection. */
  addLayer(documentId: number, spec: LayerSpec, aboveLayerId?: number): number;
  renameLayer(documentId: number, layerId: number, name: string): void;
  deleteLayer(documentId: number, layerId: number): void;
  /** A click in the Layers panel. */
  selectLayers(documentId: number, layerIds: number[]): void;
  /** Picks a tool (`paintbrushTool`, `eraserTool`...): Photoshop sends `select` with the tool as target; no document change. */
  selectTool(toolName: string): void;
  /**
   * A marquee (a rectangle, fully selected), a feathered or lasso selection
   * (a rectangle with a 0..255 value for each pixel), or Select > Deselect
   * (null): one history step; listeners hear "set" on the selection channel.
   */
  selectPixels(documentId: number, selection: { left: number; top: number; width: number; height: number; mask?: Uint8Array } | null): void;
}

export interface FakePhotoshopControl {
  /** File > Open: the document becomes active; listeners hear "open". */
  openDocument(spec: DocumentSpec): OpenedDocument;
  /** A click on a document tab: listeners hear "select" with a document target. */
  activateDocument(id: number | null): void;
  /** File > Close: listeners hear "close". */
  closeDocument(id: number): void;
  readonly user: FakeUserActions;
  /** How many (listener, event) pairs are registered through action.addNotificationListener. */
  notificationListenerCount(): number;
  /** Resolves once every notification sent so far has been delivered. */
  notificationsSettled(): Promise<void>;
  /** Errors listeners threw while being notified. */
  readonly notificationHandlerErrors: readonly unknown[];
  /** The whole document (layers, pixels, selection, history) as one string. */
  serialize(documentId: number): string;
  historyNames(documentId: number): string[];
  undo(documentId: number): void;
  /** The live state, for reading pixels in assertions. Do not mutate. */
  documentState(documentId: number): DocState;
  layerState(documentId: number, layerId: number): LayerState;
  liveImageDataCount(): number;
  isModal(): boolean;
  /** Another plugin or dialog takes (true) or releases (false) the modal state. */
  setOtherPluginModal(busy: boolean): void;
  /** The user presses Cancel in Photoshop's progress dialog. */
  cancelModal(reason?: string): void;
  /** Called on every executionContext.reportProgress, with the value and how many reports so far in this scope. */
  onReportProgress(listener: (value: number, count: number) => void): void;
  readonly actions: {
    startRecording(): void;
    stopRecording(): RecordedStep[];
    readonly recorded: RecordedStep[];
    /** Plays a recorded step on the active document, as Photoshop does: modal scope, then globalThis[methodName](context, info). */
    play(step: RecordedStep): Promise<unknown>;
  };
  readonly batchPlayLog: ActionDescriptor[];
}

export interface FakePhotoshopModule extends PhotoshopApi {
  readonly app: PsApp & { readonly documents: PsDocument[] };
  readonly core: PsCore & { isModal(): boolean };
  readonly constants: {
    readonly ElementPlacement: Readonly<Record<string, string>>;
    readonly BlendMode: Readonly<Record<string, string>>;
    readonly LayerKind: Readonly<Record<string, string>>;
    readonly DocumentMode: Readonly<Record<string, string>>;
    readonly BitsPerChannelType: Readonly<Record<string, string>>;
  };
}

export interface FakePhotoshop {
  readonly module: FakePhotoshopModule;
  readonly control: FakePhotoshopControl;
}

function buildLayer(spec: LayerSpec, nextId: () => number): LayerState {
  const kind: LayerKindName = spec.children ? 'group' : (spec.kind ?? 'pixel');
  let pixels: LayerState['pixels'] = null;
  if (spec.pixels) {
    const { left, top, width, height } = spec.pixels;
    let data = spec.pixels.data;
    if (!data) {
      data = new Uint8Array(width * height * 4);
      const fill = spec.pixels.fill ?? [0, 0, 0, 255];
      for (let i = 0; i < data.length; i += 4) data.set(fill, i);
    }
    if (data.length !== width * height * 4) throw new Error(`Layer ${spec.name}: pixel data length`);
    pixels = { left, top, width, height, data: new Uint8Array(data) };
  }
  const id = nextId();
  return {
    id,
    name: spec.name,
    kind,
    visible: spec.visible ?? true,
    opacity: spec.opacity ?? 100,
    blendMode: spec.blendMode ?? (kind === 'group' ? 'passThrough' : 'normal'),
    allLocked: spec.allLocked ?? false,
    pixelsLocked: spec.pixelsLocked ?? false,
    positionLocked: spec.positionLocked ?? false,
    isBackground: spec.background ?? false,
    pixels,
    children: spec.children ? spec.children.map((child) => buildLayer(child, nextId)) : null,
    effectsMargin: spec.effectsMargin ?? 0,
    clipped: spec.clipped ?? false,
  };
}

function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 8) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1));
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value as Record<string, unknown>).every((v) => isJsonValue(v, depth + 1));
  }
  return false;
}

export interface FakePhotoshopOptions {
  profile?: PhotoshopProfile;
  /** Leave out action.addNotificationListener/removeNotificationListener (they exist since Photoshop 23.0). */
  withoutNotificationListeners?: boolean;
}

function checkNotificationArguments(call: string, events: unknown, handler: unknown): asserts events is string[] {
  if (!Array.isArray(events) || events.length === 0 || !events.every((e) => typeof e === 'string' && e !== '')) {
    throw new TypeError(`${call} needs an array of event names, e.g. ['select', 'open']`);
  }
  if (typeof handler !== 'function') throw new TypeError(`${call} needs a listener function`);
}

export function createFakePhotoshop(options: FakePhotoshopOptions = {}): FakePhotoshop {
  const profile = options.profile ?? 'photoshop-25';
  const core = new FakePhotoshopCore();
  const liveImageData = new Set<FakeImageData>();
  const imaging = createFakeImaging(core, liveImageData);
  const batchPlayLog: ActionDescriptor[] = [];
  let recording: RecordedStep[] | null = null;
  const recorded: RecordedStep[] = [];

  const modalError = (): ModalBusyError => new ModalBusyError();

  const newContext = (): FakeExecutionContext => {
    let cancelled = false;
    const progress: number[] = [];
    const context: FakeExecutionContext & { cancel(reason: string): void } = {
      get isCancelled() {
        return cancelled;
      },
      onCancel: undefined,
      progress,
      reportProgress: (params) => {
        if (params.value !== undefined && !(params.value >= 0 && params.value <= 1)) throw new Error(`reportProgress value ${params.value} is outside 0..1`);
        if (params.value !== undefined) progress.push(params.value);
        for (const listener of core.progressListeners) listener(params.value ?? NaN, progress.length);
      },
      hostControl: {
        suspendHistory: async (params: HistoryStateInfo): Promise<HistorySuspension> => {
          core.assertModal('suspendHistory');
          const record = core.record(params.documentID);
          if (record.suspension) throw new Error('The history of this document is already suspended');
          if (typeof params.name !== 'string' || params.name === '') throw new Error('suspendHistory needs a name');
          const id = core.newSuspensionId();
          record.suspension = { id, name: params.name, before: cloneDoc(record.state) };
          scope().suspensionDocs.set(id, params.documentID);
          return { historySuspensionID: id };
        },
        // Allowed after a cancel: it is how the plugin rolls back.
        resumeHistory: async (params: ResumeHistorySuspensionOptions, commit = true): Promise<void> => {
          if (!core.modal) throw new Error('resumeHistory must be called inside core.executeAsModal');
          const documentId = scope().suspensionDocs.get(params.historySuspensionID);
          if (documentId === undefined) throw new Error(`Unknown history suspension ${params.historySuspensionID}`);
          scope().suspensionDocs.delete(params.historySuspensionID);
          resume(documentId, commit, params.finalName);
        },
        registerAutoCloseDocument: async () => undefined,
        unregisterAutoCloseDocument: async () => undefined,
      },
      cancel(reason: string) {
        cancelled = true;
        const handler = context.onCancel;
        if (handler) handler({ reason } satisfies OnCancelCbArgument);
      },
    };
    return context;
  };

  const scope = (): ModalScope => {
    if (!core.modal) throw new Error('Not in a modal scope');
    return core.modal;
  };

  const resume = (documentId: number, commit: boolean, finalName?: string): void => {
    const record = core.record(documentId);
    const suspension = record.suspension;
    if (!suspension) throw new Error('History is not suspended');
    record.suspension = null;
    if (commit) record.history.push({ name: finalName ?? suspension.name, before: suspension.before });
    else record.state = suspension.before;
  };

  /** Runs `body` holding the modal state, with Photoshop's clean-up rules. */
  const runModal = async <T>(commandName: string, body: (context: ExecutionContext) => Promise<T>): Promise<T> => {
    if (core.modal || core.otherPluginModal) throw modalError();
    const context = newContext();
    const modal: ModalScope = { commandName, context, suspensionDocs: new Map() };
    core.modal = modal;
    core.notify('modalJavaScriptScopeEnter', { _obj: 'modalJavaScriptScopeEnter' });
    try {
      const result = await body(context);
      // Suspensions left open when the scope ends are committed.
      for (const documentId of modal.suspensionDocs.values()) resume(documentId, true);
      return result;
    } catch (error) {
      // A throw out of the modal scope rolls back suspended history.
      for (const documentId of modal.suspensionDocs.values()) resume(documentId, false);
      throw error;
    } finally {
      modal.suspensionDocs.clear();
      core.modal = null;
      core.notify('modalJavaScriptScopeExit', { _obj: 'modalJavaScriptScopeExit' });
    }
  };

  const executeAsModal: PsCore['executeAsModal'] = async (targetFunction, modalOptions) => {
    if (typeof modalOptions?.commandName !== 'string' || modalOptions.commandName === '') {
      throw new TypeError('executeAsModal needs options.commandName');
    }
    return runModal(modalOptions.commandName, (context) => targetFunction(context, undefined));
  };

  const batchPlay = async (commands: ActionDescriptor[], _options?: BatchPlayCommandOptions): Promise<ActionDescriptor[]> => {
    return commands.map((command): ActionDescriptor => {
      batchPlayLog.push(structuredClone(command));
      try {
        if (command._obj === 'select') {
          const result = selectLayer(command);
          if (result._obj !== 'error') core.notify('select', structuredClone(command));
          return result;
        }
        return { _obj: 'error', result: -25920, message: `The command “${command._obj}” is not available.` };
      } catch (error) {
        return { _obj: 'error', result: -1, message: error instanceof Error ? error.message : String(error) };
      }
    });
  };

  const selectLayer = (command: ActionDescriptor): ActionDescriptor => {
    core.assertModal('select');
    const targets: Array<{ _ref?: string; _id?: number }> = Array.isArray(command._target) ? command._target : [];
    const layerRef = targets.find((t) => t._ref === 'layer');
    const docRef = targets.find((t) => t._ref === 'document');
    const documentId = docRef?._id ?? core.activeDocumentId;
    if (documentId === null || documentId === undefined || !layerRef || typeof layerRef._id !== 'number') {
      return { _obj: 'error', result: -25920, message: 'select needs a layer reference by _id' };
    }
    const record = core.record(documentId);
    if (!locate(record.state, layerRef._id)) return { _obj: 'error', result: -25920, message: `No layer with id ${layerRef._id}` };
    const modifier = (command.selectionModifier as { _value?: string } | undefined)?._value;
    // Selection is document state (restored by rollback) but not a history step.
    const state = record.state;
    if (modifier === 'addToSelection') {
      if (!state.selectedLayerIds.includes(layerRef._id)) state.selectedLayerIds = [...state.selectedLayerIds, layerRef._id];
    } else if (modifier === 'removeFromSelection') {
      state.selectedLayerIds = state.selectedLayerIds.filter((id) => id !== layerRef._id);
    } else {
      state.selectedLayerIds = [layerRef._id];
    }
    return { _obj: 'select' };
  };

  const recordAction = async (recordOptions: { name: string; methodName: string }, info: object): Promise<void> => {
    if (typeof recordOptions !== 'object' || recordOptions === null) throw new TypeError('recordAction needs an options object');
    if (typeof recordOptions.name !== 'string' || recordOptions.name === '') throw new TypeError('recordAction needs options.name');
    if (typeof recordOptions.methodName !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(recordOptions.methodName)) {
      throw new TypeError('recordAction needs options.methodName naming a global function');
    }
    if (typeof (globalThis as Record<string, unknown>)[recordOptions.methodName] !== 'function') {
      throw new Error(`recordAction: globalThis.${recordOptions.methodName} is not a function, so the step could never play`);
    }
    if (typeof info !== 'object' || info === null || Array.isArray(info) || !isJsonValue(info)) {
      throw new TypeError('recordAction: info must be a plain object of JSON values');
    }
    if (!recording) return; // Not recording: Photoshop ignores the step.
    recording.push({ name: recordOptions.name, methodName: recordOptions.methodName, info: JSON.parse(JSON.stringify(info)) });
  };

  const addNotificationListener = async (events: string[], handler: NotificationHandler): Promise<void> => {
    checkNotificationArguments('addNotificationListener', events, handler);
    const registered = core.notificationListeners.get(handler) ?? new Set<string>();
    for (const event of events) registered.add(event);
    core.notificationListeners.set(handler, registered);
  };

  const removeNotificationListener = async (events: string[], handler: NotificationHandler): Promise<void> => {
    checkNotificationArguments('removeNotificationListener', events, handler);
    const registered = core.notificationListeners.get(handler);
    if (!registered) return;
    for (const event of events) registered.delete(event);
    if (registered.size === 0) core.notificationListeners.delete(handler);
  };

  const app: FakePhotoshopModule['app'] = {
    get activeDocument(): PsDocument | null {
      return core.activeDocumentId === null ? null : new FakeDocument(core, core.activeDocumentId);
    },
    get documents(): PsDocument[] {
      return [...core.documents.keys()].map((id) => new FakeDocument(core, id));
    },
  };

  const module: FakePhotoshopModule = {
    app,
    core: { executeAsModal, isModal: () => core.modal !== null },
    action: options.withoutNotificationListeners
      ? { batchPlay, recordAction }
      : { batchPlay, recordAction, addNotificationListener, removeNotificationListener },
    imaging: profile === 'photoshop-24.0' ? undefined : imaging,
    constants: {
      ElementPlacement: { PLACEBEFORE: 'placeBefore', PLACEAFTER: 'placeAfter', PLACEINSIDE: 'placeInside', PLACEATBEGINNING: 'placeAtBeginning', PLACEATEND: 'placeAtEnd' },
      BlendMode: { NORMAL: 'normal', MULTIPLY: 'multiply', PASSTHROUGH: 'passThrough' },
      LayerKind: { NORMAL: 'pixel', GROUP: 'group', TEXT: 'text', SMARTOBJECT: 'smartObject', CURVES: 'curves', LEVELS: 'levels' },
      DocumentMode: { RGB: 'RGBColorMode', CMYK: 'CMYKColorMode', LAB: 'labColorMode', GRAYSCALE: 'grayscaleMode', INDEXEDCOLOR: 'indexedColorMode', BITMAP: 'bitmapMode', MULTICHANNEL: 'multichannelMode', DUOTONE: 'duotoneMode' },
      BitsPerChannelType: { ONE: 'bitDepth1', EIGHT: 'bitDepth8', SIXTEEN: 'bitDepth16', THIRTYTWO: 'bitDepth32' },
    },
  };

  /** The user changes one existing layer in Photoshop's UI: one history step, then `event` about that layer. */
  const userLayerChange = (
    documentId: number,
    layerId: number,
    stepName: string,
    event: string,
    apply: (found: NonNullable<ReturnType<typeof locate>>, doc: DocState) => void,
    extra: Record<string, unknown>,
  ): void => {
    core.userChange(
      documentId,
      stepName,
      (doc) => {
        const found = locate(doc, layerId);
        if (!found) throw new Error(`No layer ${layerId}`);
        apply(found, doc);
      },
      () => ({ event, descriptor: { _obj: event, _target: layerTarget(documentId, layerId), ...extra } }),
    );
  };

  const control: FakePhotoshopControl = {
    openDocument(spec: DocumentSpec): OpenedDocument {
      const id = core.newDocumentId();
      let next = spec.firstLayerId ?? 1;
      const layers = spec.layers.map((layer) => buildLayer(layer, () => next++));
      const state: DocState = {
        id,
        title: spec.title ?? `Untitled-${id}`,
        width: spec.width,
        height: spec.height,
        mode: spec.mode ?? 'RGBColorMode',
        bitsPerChannel: spec.bitsPerChannel ?? 'bitDepth8',
        layers,
        selectedLayerIds: [],
        pixelSelection: null,
      };
      const ids: Record<string, number> = {};
      const walk = (list: LayerState[]): void => {
        for (const l of list) {
          ids[l.name] = l.id;
          if (l.children) walk(l.children);
        }
      };
      walk(layers);
      const selected = spec.selected ?? (layers.length > 0 ? [layers[0].name] : []);
      state.selectedLayerIds = selected.map((name) => {
        const layerId = ids[name];
        if (layerId === undefined) throw new Error(`No layer named ${name}`);
        return layerId;
      });
      core.documents.set(id, { state, history: [], suspension: null });
      core.activeDocumentId = id;
      core.notify('open', { _obj: 'open', documentID: id });
      return { id, ids };
    },
    activateDocument(id) {
      if (id !== null) core.record(id);
      core.activeDocumentId = id;
      if (id !== null) core.notify('select', { _obj: 'select', _target: [{ _ref: 'document', _id: id }], documentID: id });
    },
    closeDocument(id) {
      core.documents.delete(id);
      if (core.activeDocumentId === id) core.activeDocumentId = [...core.documents.keys()].pop() ?? null;
      core.notify('close', { _obj: 'close', documentID: id });
    },
    user: {
      addLayer(documentId, spec, aboveLayerId) {
        return core.userChange(
          documentId,
          'New Layer',
          (doc) => {
            let next = nextLayerId(doc);
            const layer = buildLayer(spec, () => next++);
            const above = aboveLayerId === undefined ? undefined : locate(doc, aboveLayerId);
            if (aboveLayerId !== undefined && !above) throw new Error(`No layer ${aboveLayerId}`);
            const siblings = above ? above.siblings : doc.layers;
            siblings.splice(above ? siblings.indexOf(above.layer) : 0, 0, layer);
            doc.selectedLayerIds = [layer.id];
            return layer.id;
          },
          (layerId) => ({ event: 'make', descriptor: { _obj: 'make', _target: [{ _ref: 'layer' }], layerID: [layerId], documentID: documentId } }),
        );
      },
      renameLayer(documentId, layerId, name) {
        userLayerChange(documentId, layerId, 'Rename Layer', 'set', (found) => (found.layer.name = name), { to: { _obj: 'layer', name } });
      },
      deleteLayer(documentId, layerId) {
        userLayerChange(
          documentId,
          layerId,
          'Delete Layer',
          'delete',
          (found, doc) => {
            found.siblings.splice(found.siblings.indexOf(found.layer), 1);
            doc.selectedLayerIds = doc.selectedLayerIds.filter((id) => locate(doc, id) !== undefined);
          },
          { layerID: [layerId] },
        );
      },
      selectLayers(documentId, layerIds) {
        core.assertUserCanAct('Select layers');
        const state = core.record(documentId).state;
        for (const layerId of layerIds) if (!locate(state, layerId)) throw new Error(`No layer ${layerId}`);
        // Selection is document state, not a history step.
        state.selectedLayerIds = [...layerIds];
        core.notify('select', { _obj: 'select', _target: layerIds.map((layerId) => ({ _ref: 'layer', _id: layerId })), layerID: [...layerIds] });
      },
      selectTool(toolName) {
        core.assertUserCanAct('Select a tool');
        core.notify('select', { _obj: 'select', _target: [{ _ref: toolName }] });
      },
      selectPixels(documentId, selection) {
        core.userChange(
          documentId,
          selection ? 'Rectangular Marquee' : 'Deselect',
          (doc) => {
            if (!selection) {
              doc.pixelSelection = null;
              return;
            }
            const { left, top, width, height } = selection;
            if (!(width > 0 && height > 0)) throw new Error('A selection needs a width and a height');
            const mask = selection.mask ? new Uint8Array(selection.mask) : new Uint8Array(width * height).fill(255);
            if (mask.length !== width * height) throw new Error('The selection mask needs width * height values');
            doc.pixelSelection = { left, top, width, height, mask };
          },
          () => ({
            event: 'set',
            descriptor: { _obj: 'set', _target: [{ _ref: 'channel', _property: 'selection' }], to: selection ? { _obj: 'rectangle' } : { _enum: 'ordinal', _value: 'none' } },
          }),
        );
      },
    },
    notificationListenerCount: () => [...core.notificationListeners.values()].reduce((sum, events) => sum + events.size, 0),
    notificationsSettled: () => core.notificationsSettled(),
    notificationHandlerErrors: core.notificationHandlerErrors,
    serialize: (documentId) => core.serialize(documentId),
    historyNames: (documentId) => core.record(documentId).history.map((entry) => entry.name),
    undo: (documentId) => core.undo(documentId),
    documentState: (documentId) => core.record(documentId).state,
    layerState(documentId, layerId) {
      const found = locate(core.record(documentId).state, layerId);
      if (!found) throw new Error(`No layer ${layerId}`);
      return found.layer;
    },
    liveImageDataCount: () => liveImageData.size,
    isModal: () => core.modal !== null,
    setOtherPluginModal(busy) {
      core.otherPluginModal = busy;
    },
    cancelModal(reason = 'user') {
      const modal = core.modal;
      if (!modal) throw new Error('Nothing to cancel: no modal scope is running');
      (modal.context as FakeExecutionContext & { cancel(reason: string): void }).cancel(reason);
    },
    onReportProgress(listener) {
      core.progressListeners.push(listener);
    },
    actions: {
      startRecording() {
        recording = [];
      },
      stopRecording() {
        const steps = recording ?? [];
        recording = null;
        recorded.push(...steps);
        return steps;
      },
      recorded,
      async play(step) {
        const handler = (globalThis as Record<string, unknown>)[step.methodName];
        if (typeof handler !== 'function') throw new Error(`The plugin's ${step.methodName} is not loaded`);
        const info = JSON.parse(JSON.stringify(step.info)) as Record<string, unknown>;
        return runModal(step.name, (context) => Promise.resolve(handler(context, info)));
      },
    },
    batchPlayLog,
  };

  return { module, control };
}
