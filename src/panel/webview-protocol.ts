/**
 * The JSON message protocol between the panel (UXP) and the webview page
 * that runs the engine on WebGPU. Both sides import this module, so the
 * message shapes cannot drift. The UXP message bridge JSON-encodes every
 * message, so pixels cross as base64 RGBA and nothing else is sent but
 * plain data.
 *
 * Flow: the page posts `status` once its engine is loaded (or could not
 * load); the panel posts `colorize`; the page answers with any number of
 * `progress` messages and then exactly one `result` or `error` for that id.
 * `cancel` aborts a running request (answered by an `error` named
 * AbortError).
 */
import type { BackendName, ColorizeOptions, ColorizeResult, RgbaImage } from '../model/types';
import { decodeBase64, encodeBase64 } from './base64';

export const PROTOCOL_VERSION = 1;

/** 8-bit RGBA, row-major, as base64 text. */
export interface EncodedImage {
  readonly width: number;
  readonly height: number;
  readonly base64: string;
}

/** The serialisable part of ColorizeOptions (no callbacks, no signal). */
export type WireColorizeOptions = Pick<
  ColorizeOptions,
  'hintStrength' | 'workingScale' | 'tileSize' | 'tileOverlap' | 'gapRadius' | 'restoreLines' | 'blendStrokes' | 'shading' | 'pageEdges' | 'whitePaper' | 'clearAround'
>;

export interface ColorizeRequestMessage {
  readonly type: 'colorize';
  readonly id: string;
  readonly lineart: EncodedImage;
  readonly hint?: EncodedImage;
  readonly options: WireColorizeOptions;
}

export interface CancelMessage {
  readonly type: 'cancel';
  readonly id: string;
}

export type PanelToWebviewMessage = ColorizeRequestMessage | CancelMessage;

/** The page's engine state: `ready` names the backend it loaded; `unavailable` says why not. */
export type StatusMessage =
  | { readonly type: 'status'; readonly protocol: number; readonly state: 'ready'; readonly backend: BackendName }
  | { readonly type: 'status'; readonly protocol: number; readonly state: 'unavailable'; readonly reason: string };

export interface ProgressMessage {
  readonly type: 'progress';
  readonly id: string;
  readonly fraction: number;
  readonly tilesDone: number;
  readonly tilesTotal: number;
}

export interface ResultMessage {
  readonly type: 'result';
  readonly id: string;
  readonly image: EncodedImage;
  /** The form shading layer, only when the request asked for shading. */
  readonly shading?: EncodedImage;
  readonly backend: BackendName;
  readonly workingScale: number;
  readonly tilesTotal: number;
  readonly inferenceMs: number;
  readonly totalMs: number;
}

export interface ErrorMessage {
  readonly type: 'error';
  /** Absent when the error is not about one request (e.g. a message that could not be read). */
  readonly id?: string;
  /** 'AbortError' after a cancel; 'EngineInputError' for bad pixels; otherwise the error's name. */
  readonly name: string;
  readonly code?: string;
  readonly message: string;
}

export type WebviewToPanelMessage = StatusMessage | ProgressMessage | ResultMessage | ErrorMessage;

export class ProtocolError extends Error {
  constructor(message: string) {
    super(`Webview message protocol: ${message}`);
    this.name = 'ProtocolError';
  }
}

export function encodeImage(image: RgbaImage): EncodedImage {
  return { width: image.width, height: image.height, base64: encodeBase64(image.data) };
}

export function decodeImage(encoded: EncodedImage): RgbaImage {
  const data = decodeBase64(encoded.base64);
  if (data.length !== encoded.width * encoded.height * 4) {
    throw new ProtocolError(
      `image of ${encoded.width}x${encoded.height} needs ${encoded.width * encoded.height * 4} bytes, got ${data.length}`,
    );
  }
  return { width: encoded.width, height: encoded.height, data };
}

export function resultMessage(id: string, result: ColorizeResult): ResultMessage {
  return {
    type: 'result',
    id,
    image: encodeImage(result.image),
    ...(result.shading ? { shading: encodeImage(result.shading) } : {}),
    backend: result.backend,
    workingScale: result.workingScale,
    tilesTotal: result.tilesTotal,
    inferenceMs: result.inferenceMs,
    totalMs: result.totalMs,
  };
}

export function resultFromMessage(message: ResultMessage): ColorizeResult {
  const image = decodeImage(message.image);
  const shading = message.shading ? decodeImage(message.shading) : undefined;
  // The host lays the shading over the colour pixel for pixel; a layer of another size would land misplaced.
  if (shading && (shading.width !== image.width || shading.height !== image.height)) {
    throw new ProtocolError(`shading of ${shading.width}x${shading.height} does not match the image's ${image.width}x${image.height}`);
  }
  return {
    image,
    ...(shading ? { shading } : {}),
    backend: message.backend,
    workingScale: message.workingScale,
    tilesTotal: message.tilesTotal,
    inferenceMs: message.inferenceMs,
    totalMs: message.totalMs,
  };
}

export function errorMessage(id: string | undefined, error: unknown): ErrorMessage {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return {
    type: 'error',
    ...(id === undefined ? {} : { id }),
    name: e.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: e.message,
  };
}

/** Rebuilds an Error from an ErrorMessage, keeping name and code so callers can tell a cancel from a failure. */
export function errorFromMessage(message: ErrorMessage): Error & { code?: string } {
  const error: Error & { code?: string } = new Error(message.message);
  error.name = message.name;
  if (message.code !== undefined) error.code = message.code;
  return error;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isOptionalString(v: unknown): v is string | undefined {
  return v === undefined || typeof v === 'string';
}

function isEncodedImage(v: unknown): v is EncodedImage {
  return (
    isObject(v) &&
    Number.isInteger(v.width) &&
    Number.isInteger(v.height) &&
    (v.width as number) > 0 &&
    (v.height as number) > 0 &&
    typeof v.base64 === 'string'
  );
}

const BACKENDS: readonly BackendName[] = ['webgpu', 'wasm', 'native'];

function isBackend(v: unknown): v is BackendName {
  return typeof v === 'string' && (BACKENDS as readonly string[]).includes(v);
}

/**
 * Checks a message arriving at the panel; throws ProtocolError naming what
 * is wrong. Every field its type declares is checked, so the casts below
 * only narrow what was verified.
 */
export function parseWebviewMessage(data: unknown): WebviewToPanelMessage {
  if (!isObject(data)) throw new ProtocolError(`expected an object, got ${typeof data}`);
  switch (data.type) {
    case 'status':
      if (!isFiniteNumber(data.protocol)) break;
      if (data.state === 'ready' && isBackend(data.backend)) return data as unknown as StatusMessage;
      if (data.state === 'unavailable' && typeof data.reason === 'string') return data as unknown as StatusMessage;
      break;
    case 'progress':
      if (typeof data.id === 'string' && isFiniteNumber(data.fraction) && isFiniteNumber(data.tilesDone) && isFiniteNumber(data.tilesTotal)) {
        return data as unknown as ProgressMessage;
      }
      break;
    case 'result':
      if (
        typeof data.id === 'string' &&
        isEncodedImage(data.image) &&
        (data.shading === undefined || isEncodedImage(data.shading)) &&
        isBackend(data.backend) &&
        isFiniteNumber(data.workingScale) &&
        isFiniteNumber(data.tilesTotal) &&
        isFiniteNumber(data.inferenceMs) &&
        isFiniteNumber(data.totalMs)
      ) {
        return data as unknown as ResultMessage;
      }
      break;
    case 'error':
      if (typeof data.name === 'string' && typeof data.message === 'string' && isOptionalString(data.id) && isOptionalString(data.code)) {
        return data as unknown as ErrorMessage;
      }
      break;
    default:
      throw new ProtocolError(`unknown message type ${JSON.stringify(data.type)}`);
  }
  throw new ProtocolError(`malformed "${String(data.type)}" message`);
}

/** Checks a message arriving at the webview page; throws ProtocolError naming what is wrong. */
export function parsePanelMessage(data: unknown): PanelToWebviewMessage {
  if (!isObject(data)) throw new ProtocolError(`expected an object, got ${typeof data}`);
  if (data.type === 'cancel' && typeof data.id === 'string') return data as unknown as CancelMessage;
  if (data.type === 'colorize') {
    if (typeof data.id !== 'string') throw new ProtocolError('colorize needs a string id');
    if (!isEncodedImage(data.lineart)) throw new ProtocolError('colorize needs lineart {width, height, base64}');
    if (data.hint !== undefined && !isEncodedImage(data.hint)) throw new ProtocolError('hint must be {width, height, base64}');
    if (!isObject(data.options)) throw new ProtocolError('colorize needs an options object');
    return data as unknown as ColorizeRequestMessage;
  }
  throw new ProtocolError(`unknown or malformed message type ${JSON.stringify(data.type)}`);
}
