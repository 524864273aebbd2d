/**
 * The page's handle on the engine worker: start it once, colour with
 * progress and an AbortSignal, as if the engine ran on the page.
 */
import type { BackendPreference, ColorizeProgress, ColorizeResult, RgbaImage, ShadingOptions } from '../src/model';
import { DemoError } from './demo-error';
import type { EngineInfo, FromWorker, ToWorker, WorkerFailure } from './engine-protocol';

/** Built by webpack.demo.js as its own entry, next to demo.js. */
const WORKER_URL = 'engine-worker.js';

export interface RunOptions {
  hintStrength: number;
  workingScale: number | 'auto';
  /** Undefined: the model's default. */
  gapRadius: number | undefined;
  /** Hint strokes exactly as painted (the engine's blendStrokes off). */
  keepStrokes: boolean;
  /** Unpainted balloons and a comic page's unpainted gutters made white (the engine's whitePaper). */
  whitePaper: boolean;
  /** The page around the drawing left as paper (the engine's clearAround). */
  leaveMargins: boolean;
  /** Undefined: no shading layer (the light is off). */
  shading: ShadingOptions | undefined;
  signal: AbortSignal;
  onProgress: (progress: ColorizeProgress) => void;
}

interface PendingRun {
  resolve(result: ColorizeResult): void;
  reject(err: Error): void;
  onProgress(progress: ColorizeProgress): void;
}

/** Rebuilds a worker-side failure: AbortError stays recognisable, the rest keeps its readable message. */
function toError(failure: WorkerFailure): Error {
  if (failure.name === 'AbortError') {
    const err = new Error(failure.message);
    err.name = 'AbortError';
    return err;
  }
  return new DemoError(failure.message);
}

export class EngineClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, PendingRun>();
  /** Shading (Relight) and flats requests: each answered with one image. */
  private readonly pendingImages = new Map<number, { resolve(image: RgbaImage): void; reject(err: Error): void }>();
  private nextId = 1;
  private started: Promise<EngineInfo> | undefined;
  private startWaiter: { resolve(info: EngineInfo): void; reject(err: Error): void } | undefined;

  constructor() {
    this.worker = new Worker(new URL(WORKER_URL, document.baseURI));
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(event.data));
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.failAll(new DemoError(`The colouring engine stopped (${event.message || 'its script could not be loaded'}). Reload the page to start it again.`));
    });
  }

  start(prefer: BackendPreference): Promise<EngineInfo> {
    this.started ??= new Promise<EngineInfo>((resolve, reject) => {
      this.startWaiter = { resolve, reject };
      this.send({ type: 'start', prefer, baseUrl: document.baseURI });
    });
    return this.started;
  }

  async colorize(lineart: RgbaImage, hint: RgbaImage | undefined, options: RunOptions): Promise<ColorizeResult> {
    await this.started;
    options.signal.throwIfAborted();
    const id = this.nextId++;
    return new Promise<ColorizeResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress: options.onProgress });
      options.signal.addEventListener('abort', () => this.send({ type: 'cancel', id }), { once: true });
      // Copies, not transfers: the page keeps its lineart and hints for the next run.
      this.send({
        type: 'colorize',
        id,
        lineart,
        hint,
        hintStrength: options.hintStrength,
        workingScale: options.workingScale,
        gapRadius: options.gapRadius,
        keepStrokes: options.keepStrokes,
        whitePaper: options.whitePaper,
        leaveMargins: options.leaveMargins,
        shading: options.shading,
      });
    });
  }

  /** The shading layer for `shading` from a result's flat colour and its lineart (engine shadeLayer), made in the worker. */
  async shade(lineart: RgbaImage, colour: RgbaImage, shading: ShadingOptions): Promise<RgbaImage> {
    await this.started;
    const id = this.nextId++;
    return new Promise<RgbaImage>((resolve, reject) => {
      this.pendingImages.set(id, { resolve, reject });
      // Copies: the page keeps both to relight again.
      this.send({ type: 'shade', id, lineart, colour, shading });
    });
  }

  /** The flats of a lineart and its hint (engine flatsLayer), made in the worker. */
  async flats(lineart: RgbaImage, hint: RgbaImage | undefined, gapRadius: number | undefined): Promise<RgbaImage> {
    await this.started;
    const id = this.nextId++;
    return new Promise<RgbaImage>((resolve, reject) => {
      this.pendingImages.set(id, { resolve, reject });
      this.send({ type: 'flats', id, lineart, hint, gapRadius });
    });
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        this.startWaiter?.resolve(message.info);
        break;
      case 'start-failed':
        this.startWaiter?.reject(toError(message.error));
        break;
      case 'progress':
        this.pending.get(message.id)?.onProgress(message);
        break;
      case 'result':
        this.pending.get(message.id)?.resolve(message.result);
        this.pending.delete(message.id);
        break;
      case 'shaded':
        this.pendingImages.get(message.id)?.resolve(message.shading);
        this.pendingImages.delete(message.id);
        break;
      case 'flatted':
        this.pendingImages.get(message.id)?.resolve(message.flats);
        this.pendingImages.delete(message.id);
        break;
      case 'failed':
        this.pending.get(message.id)?.reject(toError(message.error));
        this.pending.delete(message.id);
        this.pendingImages.get(message.id)?.reject(toError(message.error));
        this.pendingImages.delete(message.id);
        break;
    }
  }

  private failAll(err: Error): void {
    this.startWaiter?.reject(err);
    for (const run of this.pending.values()) run.reject(err);
    this.pending.clear();
    for (const request of this.pendingImages.values()) request.reject(err);
    this.pendingImages.clear();
  }
}
