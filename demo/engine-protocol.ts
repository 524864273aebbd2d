/**
 * Messages between the page and the engine worker. The engine runs in a
 * worker so that preprocessing, tiling and blending (seconds of JavaScript on
 * a large page) never freeze the brush, the progress bar or Cancel.
 * Everything here is structured-clone data.
 */
import type { BackendName, BackendPreference, ColorizeResult, RgbaImage, ShadingOptions } from '../src/model';

export type ToWorker =
  /** baseUrl: the page's address; the model and onnxruntime-web are fetched relative to it. */
  | { readonly type: 'start'; readonly prefer: BackendPreference; readonly baseUrl: string }
  | {
      readonly type: 'colorize';
      readonly id: number;
      readonly lineart: RgbaImage;
      readonly hint: RgbaImage | undefined;
      readonly hintStrength: number;
      readonly workingScale: number | 'auto';
      /** Undefined: the model's default. */
      readonly gapRadius: number | undefined;
      readonly keepStrokes: boolean;
      readonly whitePaper: boolean;
      readonly leaveMargins: boolean;
      /** Undefined: no shading layer in the result. */
      readonly shading: ShadingOptions | undefined;
    }
  | { readonly type: 'cancel'; readonly id: number }
  /** Flats: one flat colour per region the lines enclose (src/model/flats.ts); gapRadius undefined: the model's. */
  | { readonly type: 'flats'; readonly id: number; readonly lineart: RgbaImage; readonly hint: RgbaImage | undefined; readonly gapRadius: number | undefined }
  /** Relight: the shading layer alone, from a result's flat colour and its lineart, for another light. */
  | { readonly type: 'shade'; readonly id: number; readonly lineart: RgbaImage; readonly colour: RgbaImage; readonly shading: ShadingOptions };

export interface EngineInfo {
  readonly backend: BackendName;
  /** Set when WebGPU was wanted but the engine runs on WASM: the reason, in words. */
  readonly fallbackReason: string | undefined;
  /** False for the random-weight stand-in model. */
  readonly trained: boolean;
}

/** An error after crossing the worker boundary: its name, and a message written for people. */
export interface WorkerFailure {
  readonly name: string;
  readonly message: string;
}

export type FromWorker =
  | { readonly type: 'ready'; readonly info: EngineInfo }
  | { readonly type: 'start-failed'; readonly error: WorkerFailure }
  | { readonly type: 'progress'; readonly id: number; readonly fraction: number; readonly tilesDone: number; readonly tilesTotal: number }
  /** result.shading is there exactly when the run asked for shading; result.image is the flat colour either way. */
  | { readonly type: 'result'; readonly id: number; readonly result: ColorizeResult }
  | { readonly type: 'shaded'; readonly id: number; readonly shading: RgbaImage }
  | { readonly type: 'flatted'; readonly id: number; readonly flats: RgbaImage }
  | { readonly type: 'failed'; readonly id: number; readonly error: WorkerFailure };
