/**
 * Deepcolor's Photoshop adapter: the only code that talks to `photoshop`.
 *
 * Public API (for src/panel):
 *
 *   createDeepcolorHost(options: {
 *     engine: ColorizeEngine | (() => Promise<ColorizeEngine>); // loader: the model loads on first Colorize
 *     photoshop?: PhotoshopApi;        // default require('photoshop'); tests pass test/fakes/photoshop
 *     memoryBudgetBytes?: number;      // default DEFAULT_MEMORY_BUDGET_BYTES (1 GiB)
 *     shader?: Shader | { load(): Promise<Shader> }; // form shading for Relight (src/model shadeLayer + contract)
 *     flatter?: Flatter | { load(): Promise<Flatter> }; // flats for Flats (src/model flatsLayer + contract)
 *   }): DeepcolorHost
 *
 *   interface DeepcolorHost {
 *     describeActiveDocument(): DocumentSummary | null;   // layers (top to bottom, depth), active ids, suggested hint,
 *                                                         // the pixel selection's box; null: no document
 *     check(request?: ColorizeRequest): DeepcolorHostError | null; // why Colorize would be refused; touches nothing
 *     colorize(request?: ColorizeRequest, hooks?: { onProgress?(p: ColorizeProgress): void; signal?: AbortSignal })
 *       : Promise<InteractiveOutcome>; // one executeAsModal, one history step; records the Action step after success;
 *       // the new layer goes above the sources and any earlier results stacked there; with a pixel
 *       // selection only the selection (and context around it) is read and coloured (work-area.ts)
 *     checkRelight(request: RelightRequest): DeepcolorHostError | null;
 *     relight(request: RelightRequest, hooks?: { signal?: AbortSignal }): Promise<InteractiveRelightOutcome>;
 *       // the form shading of an earlier Colorize made again for another light (no network run): the
 *       // SHADING_LAYER_NAME layer directly above the nearest RESULT_LAYER_NAME layer above the lineart (the newest of a stack of them)
 *       // gets new pixels (its opacity, blend mode and visibility kept), or is made there in Multiply;
 *       // one history step RELIGHT_HISTORY_STEP_NAME; then offered as an Action step
 *       // (RELIGHT_ACTION_STEP_NAME, lineart by role or name), played by the same handler
 *     checkFlats(request?: FlatsRequest): DeepcolorHostError | null;
 *     flats(request?: FlatsRequest, hooks?: { signal?: AbortSignal }): Promise<InteractiveFlatsOutcome>;
 *     checkHintLayer(request?: HintLayerRequest): DeepcolorHostError | null;
 *     addHintLayer(request?: HintLayerRequest): Promise<HintLayerOutcome>;
 *       // an empty HINT_LAYER_NAME layer directly above the lineart, left selected for painting;
 *       // refused while a hint-named layer exists; one history step HINT_LAYER_HISTORY_STEP_NAME, no Action step
 *       // FLATS_LAYER_NAME in Multiply directly above the lineart and hint: one flat colour per region the
 *       // lines enclose (the hint's where painted), no network run; one history step FLATS_HISTORY_STEP_NAME,
 *       // offered as an Action step (FLATS_ACTION_STEP_NAME)
 *     watchDocumentChanges(onChange: (eventName, descriptor) => void): Promise<{ stop(): Promise<void> } | null>;
 *       // Photoshop notifications (DOCUMENT_CHANGE_EVENTS) that can change describeActiveDocument's answer;
 *       // null: no notification API in this Photoshop (poll instead)
 *   }
 *   ColorizeRequest = { lineartLayerId?: number;        // default: the active layer
 *                       hintLayerId?: number | null;    // default: a layer named like "hint"/"colors"; null: no hints
 *                       blendMode?: 'normal' | 'multiply'; hintStrength?: number; workingScale?: number | 'auto';
 *                       gapRadius?: number;          // close line gaps up to 2 * gapRadius px (0..16); default: the model's
 *                       keepStrokes?: boolean;       // hint strokes exactly as painted; default: blended into their region
 *                       whitePaper?: boolean;        // unpainted speech balloons and comic gutters made white; default: true
 *                       leaveMargins?: boolean;      // margins and comic gutters left transparent unless hinted; default: coloured
 *                       shading?: { light, strength } | null } // form shading as a second layer, SHADING_LAYER_NAME in
 *                                                    // Multiply directly above the colour; default none
 *   RelightRequest = { lineartLayerId?: number; shading: { light, strength } }
 *   InteractiveRelightOutcome = { documentId, shadingLayerId, created, colourLayerName, lineartLayerName, totalMs, warnings,
 *                                 actionStepOffered }
 *   InteractiveOutcome = { documentId, layerId, layerName, shadingLayerId (null: none), lineartLayerName, hintLayerName, backend, workingScale,
 *                          tilesTotal, inferenceMs, totalMs, warnings: string[], actionStepOffered: boolean }
 *   DeepcolorHostError extends Error { code: HostErrorCode; message: actionable text for the panel }
 *     codes: NO_DOCUMENT NOT_RGB BIT_DEPTH_32 NO_ACTIVE_LAYER SEVERAL_ACTIVE_LAYERS LAYER_NOT_FOUND NOT_PIXEL_LAYER
 *            EMPTY_LINEART NO_COLOUR_LAYER LOCKED_LAYER SAME_LAYER LOCKED_GROUP CANVAS_TOO_LARGE IMAGING_MISSING PHOTOSHOP_BUSY BAD_OPTION
 *            BAD_ACTION_INFO CANCELLED ENGINE_FAILED PHOTOSHOP_FAILED
 *
 *   installPlaybackHandler({ photoshop, engine, memoryBudgetBytes?, shader?, flatter? }): assigns globalThis.deepcolorPlayback
 *     (call it once when the plugin loads so recorded Actions play even before the panel is used;
 *      colorize() also installs it on first success if missing). loadPhotoshop() gives the real module.
 *
 *   interface ColorizeEngine {  // src/model's Colorizer satisfies it; so can the webview bridge
 *     colorize(lineart: RgbaImage, hint: RgbaImage | undefined, options: ColorizeOptions): Promise<ColorizeResult>;
 *     planTiles?(width, height, options?): { workingScale: number; tilesTotal: number };
 *   }
 */
export { createDeepcolorHost, settingsFromRequest } from './deepcolor-host';
export type {
  ColorizeRequest,
  DeepcolorHost,
  DocumentSummary,
  HostOptions,
  InteractiveOutcome,
  InteractiveFlatsOutcome,
  InteractiveRelightOutcome,
  FlatsRequest,
  HintLayerRequest,
  LayerSummary,
  RelightRequest,
} from './deepcolor-host';
export { FLATS_HISTORY_STEP_NAME, FLATS_LAYER_NAME, runFlatsCommand } from './flats-command';
export { HINT_LAYER_HISTORY_STEP_NAME, HINT_LAYER_NAME } from './hint-layer-command';
export type { HintLayerOutcome } from './hint-layer-command';
export type { Flatter, FlatterSource, FlatsOutcome } from './flats-command';
export { RELIGHT_HISTORY_STEP_NAME, runRelightCommand } from './relight-command';
export type { RelightOutcome, Shader, ShaderSource } from './relight-command';
export type { ColorizeOutcome, RunHooks } from './colorize-command';
export { HISTORY_STEP_NAME, RESULT_LAYER_NAME, SHADING_LAYER_NAME, runColorizeCommand } from './colorize-command';
export type { ColorizeEngine, EngineSource } from './engine';
export { DOCUMENT_CHANGE_EVENTS } from './document-events';
export type { DocumentChangeHandler, DocumentChangeWatch } from './document-events';
export { DeepcolorHostError } from './errors';
export type { HostErrorCode } from './errors';
export {
  ACTION_METHOD_NAME,
  ACTION_STEP_NAME,
  RELIGHT_ACTION_STEP_NAME,
  FLATS_ACTION_STEP_NAME,
  createPlaybackHandler,
  decodeActionInfo,
  decodeFlatsInfo,
  decodeRelightInfo,
  encodeActionInfo,
  encodeFlatsInfo,
  encodeRelightInfo,
  INFO_KEY_PREFIX,
  installPlaybackHandler,
  recordedCommand,
} from './action-recording';
export type { PlaybackDeps, PlaybackHandler, RecordedColorizeInfo, RecordedFlatsInfo, RecordedRelightInfo } from './action-recording';
export { isHintLayerName } from './layer-roles';
export { loadPhotoshop } from './photoshop-module';
export type { PhotoshopApi } from './photoshop-api';
export { DEFAULT_MEMORY_BUDGET_BYTES, estimateWorkingBytes } from './validate';
export type { NewLayerBlendMode } from './validate';
export type { PixelRect } from './work-area';
