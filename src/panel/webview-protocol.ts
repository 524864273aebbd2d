/**
 * The JSON message protocol between the panel (UXP) and the webview page
 * that runs the engine on WebGPU. Both sides import this module, so the
 * message shapes cannot drift. The UXP message bridge JSON-encodes every
 * message, so pixels cross as base64 RGBA and nothing else is sent but
 * plain data.
 *
 * Pixels cross in strips of rows (`strip` messages of at most STRIP_BYTES
 * of RGBA), not whole pictures in one message: a picture as base64 inside
 * JSON is 5.3 bytes of text a pixel, held twice while it is posted (the
 * string and the bridge's JSON), so a 4,096 px page's lineart and hint in
 * one message held ~37 bytes a pixel on the UXP side (bench/NOTES.md,
 * session 22) and came near V8's longest string (2^29 characters) at 50
 * Mpx. Strips are made, posted and dropped one at a time.
 *
 * Flow: the page posts `status` as soon as it runs (`loading`) and again
 * once its engine is loaded (or could not load); the panel posts `colorize` (the request and its pictures' sizes),
 * the pictures' strips, then `run`; the page answers with any number of
 * `progress` messages, the result's strips, and then exactly one `result`
 * or `error` for that id. `cancel` aborts a request (answered by an `error`
 * named AbortError). The page refuses a request's sizes at `colorize`,
 * before its strips, and drops a request still arriving when the next one
 * begins (the panel posts a request's messages back to back).
 */
import type { BackendName, ColorizeOptions, ColorizeResult, RgbaImage } from '../model/types';
import { decodeBase64, encodeBase64 } from './base64';

export const PROTOCOL_VERSION = 2;

/** RGBA bytes a strip carries at most (whole rows; at least one row). */
export const STRIP_BYTES = 4 << 20;

/** A picture's size; its pixels come in strips. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** Which picture a strip belongs to: the request's lineart and hint, the result's image and shading. */
export type StripImage = 'lineart' | 'hint' | 'image' | 'shading';

/** Rows top .. top + n of a picture as base64 RGBA (n from the bytes and the picture's width). */
export interface StripMessage {
  readonly type: 'strip';
  readonly id: string;
  readonly image: StripImage;
  readonly top: number;
  readonly base64: string;
}

/** The serialisable part of ColorizeOptions (no callbacks, no signal). */
export type WireColorizeOptions = Pick<
  ColorizeOptions,
  'hintStrength' | 'workingScale' | 'tileSize' | 'tileOverlap' | 'gapRadius' | 'restoreLines' | 'blendStrokes' | 'shading' | 'pageEdges' | 'whitePaper' | 'clearAround'
>;

/** A request: its pictures' sizes and options; their strips follow, then `run`. */
export interface ColorizeRequestMessage {
  readonly type: 'colorize';
  readonly id: string;
  readonly lineart: ImageSize;
  readonly hint?: ImageSize;
  readonly options: WireColorizeOptions;
}

/** Every strip of the request's pictures has been posted: run it. */
export interface RunMessage {
  readonly type: 'run';
  readonly id: string;
}

export interface CancelMessage {
  readonly type: 'cancel';
  readonly id: string;
}

export type PanelToWebviewMessage = ColorizeRequestMessage | StripMessage | RunMessage | CancelMessage;

/**
 * The page's engine state: `loading` as soon as its script runs (the page is
 * there and the bridge works; the model is still loading), `ready` names the
 * backend it loaded; `unavailable` says why not.
 */
export type StatusMessage =
  | { readonly type: 'status'; readonly protocol: number; readonly state: 'loading' }
  | { readonly type: 'status'; readonly protocol: number; readonly state: 'ready'; readonly backend: BackendName }
  | { readonly type: 'status'; readonly protocol: number; readonly state: 'unavailable'; readonly reason: string };

export interface ProgressMessage {
  readonly type: 'progress';
  readonly id: string;
  readonly fraction: number;
  readonly tilesDone: number;
  readonly tilesTotal: number;
}

/** A finished request, after its pictures' strips. */
export interface ResultMessage {
  readonly type: 'result';
  readonly id: string;
  readonly image: ImageSize;
  /** The form shading layer, only when the request asked for shading. */
  readonly shading?: ImageSize;
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

export type WebviewToPanelMessage = StatusMessage | ProgressMessage | StripMessage | ResultMessage | ErrorMessage;

export class ProtocolError extends Error {
  constructor(message: string) {
    super(`Webview message protocol: ${message}`);
    this.name = 'ProtocolError';
  }
}

/** Rows a strip of a picture `width` pixels wide carries. */
export function stripRows(width: number): number {
  return Math.max(1, Math.floor(STRIP_BYTES / (4 * width)));
}

/** The strips of `picture` (`rows` rows each), each encoded only when it is taken: post each and let it go. */
export function* imageStrips(id: string, image: StripImage, picture: RgbaImage, rows = stripRows(picture.width)): Generator<StripMessage> {
  const rowBytes = picture.width * 4;
  for (let top = 0; top < picture.height; top += rows) {
    const end = Math.min(picture.height, top + rows);
    yield { type: 'strip', id, image, top, base64: encodeBase64(picture.data.subarray(top * rowBytes, end * rowBytes)) };
  }
}

/**
 * A picture put together from its strips: each strip decoded into place as
 * it arrives, and every row required once before the picture is taken.
 */
export class StripAssembler {
  private readonly data: Uint8Array;
  private readonly received: Uint8Array;
  private rowsReceived = 0;

  constructor(
    readonly image: StripImage,
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 4);
    this.received = new Uint8Array(height);
  }

  /** Throws ProtocolError for a strip of part rows, past the picture, or over rows it has already. */
  add(strip: StripMessage): void {
    const bytes = decodeBase64(strip.base64);
    const rowBytes = this.width * 4;
    const rows = bytes.length / rowBytes;
    const { top } = strip;
    if (!Number.isInteger(rows) || rows < 1) throw new ProtocolError(`a strip of the ${this.image} (${this.width} px wide) has ${bytes.length} bytes, not whole rows of ${rowBytes}`);
    if (!Number.isInteger(top) || top < 0 || top + rows > this.height) throw new ProtocolError(`a strip of the ${this.image} covers rows ${top}-${top + rows - 1} of ${this.height}`);
    for (let y = top; y < top + rows; y++) {
      if (this.received[y]) throw new ProtocolError(`row ${y} of the ${this.image} came twice`);
      this.received[y] = 1;
    }
    this.data.set(bytes, top * rowBytes);
    this.rowsReceived += rows;
  }

  /** The picture; ProtocolError when rows are missing. */
  finish(): RgbaImage {
    if (this.rowsReceived !== this.height) throw new ProtocolError(`the ${this.image} is ${this.width}x${this.height} but only ${this.rowsReceived} of its rows came`);
    return { width: this.width, height: this.height, data: this.data };
  }
}

/** A result's messages: its pictures' strips, then the `result` that ends it. */
export function* resultMessages(id: string, result: ColorizeResult): Generator<StripMessage | ResultMessage> {
  yield* imageStrips(id, 'image', result.image);
  if (result.shading) yield* imageStrips(id, 'shading', result.shading);
  yield {
    type: 'result',
    id,
    image: sizeOf(result.image),
    ...(result.shading ? { shading: sizeOf(result.shading) } : {}),
    backend: result.backend,
    workingScale: result.workingScale,
    tilesTotal: result.tilesTotal,
    inferenceMs: result.inferenceMs,
    totalMs: result.totalMs,
  };
}

function sizeOf(image: RgbaImage): ImageSize {
  return { width: image.width, height: image.height };
}

/**
 * The result `message` ends, from the pictures its strips made (`image`,
 * and `shading` when the message has one): ProtocolError where a picture
 * is missing, incomplete, or not the size the message says.
 */
export function resultFromMessage(message: ResultMessage, pictures: ReadonlyMap<StripImage, StripAssembler>): ColorizeResult {
  const take = (which: 'image' | 'shading', size: ImageSize): RgbaImage => {
    const assembler = pictures.get(which);
    if (!assembler) throw new ProtocolError(`the result's ${which} came without its strips`);
    const picture = assembler.finish();
    if (picture.width !== size.width || picture.height !== size.height) {
      throw new ProtocolError(`the result's ${which} is ${size.width}x${size.height} but its strips made ${picture.width}x${picture.height}`);
    }
    return picture;
  };
  const image = take('image', message.image);
  const shading = message.shading ? take('shading', message.shading) : undefined;
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

function isImageSize(v: unknown): v is ImageSize {
  return isObject(v) && Number.isInteger(v.width) && Number.isInteger(v.height) && (v.width as number) > 0 && (v.height as number) > 0;
}

const STRIP_IMAGES: readonly StripImage[] = ['lineart', 'hint', 'image', 'shading'];

function isStrip(v: Json): boolean {
  return typeof v.id === 'string' && STRIP_IMAGES.includes(v.image as StripImage) && Number.isInteger(v.top) && typeof v.base64 === 'string';
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
      if (data.state === 'loading') return data as unknown as StatusMessage;
      if (data.state === 'ready' && isBackend(data.backend)) return data as unknown as StatusMessage;
      if (data.state === 'unavailable' && typeof data.reason === 'string') return data as unknown as StatusMessage;
      break;
    case 'progress':
      if (typeof data.id === 'string' && isFiniteNumber(data.fraction) && isFiniteNumber(data.tilesDone) && isFiniteNumber(data.tilesTotal)) {
        return data as unknown as ProgressMessage;
      }
      break;
    case 'strip':
      if (isStrip(data)) return data as unknown as StripMessage;
      break;
    case 'result':
      if (
        typeof data.id === 'string' &&
        isImageSize(data.image) &&
        (data.shading === undefined || isImageSize(data.shading)) &&
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
  if (data.type === 'run' && typeof data.id === 'string') return data as unknown as RunMessage;
  if (data.type === 'strip') {
    if (isStrip(data)) return data as unknown as StripMessage;
    throw new ProtocolError('a strip needs a string id, the picture it belongs to, a whole top row and base64 text');
  }
  if (data.type === 'colorize') {
    if (typeof data.id !== 'string') throw new ProtocolError('colorize needs a string id');
    if (!isImageSize(data.lineart)) throw new ProtocolError('colorize needs the lineart\'s {width, height} in whole pixels');
    if (data.hint !== undefined && !isImageSize(data.hint)) throw new ProtocolError('hint must be {width, height} in whole pixels');
    if (!isObject(data.options)) throw new ProtocolError('colorize needs an options object');
    return data as unknown as ColorizeRequestMessage;
  }
  throw new ProtocolError(`unknown or malformed message type ${JSON.stringify(data.type)}`);
}
