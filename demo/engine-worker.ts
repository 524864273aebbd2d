/**
 * The engine worker (dist/demo/engine-worker.js): owns the onnxruntime-web
 * session and the colorizer, and answers the page's messages
 * (engine-protocol.ts). One run at a time; Cancel aborts it between tiles.
 * Relight asks for the shading alone and Flats for the flats: neither runs the network.
 */
import type { EngineSession } from './engine-session';
import { startEngine } from './engine-session';
import type { FromWorker, ToWorker, WorkerFailure } from './engine-protocol';
import { describeError, isAbort } from './messages';
import { flatsLayer, shadeLayer } from '../src/model';

let session: Promise<EngineSession> | undefined;
const runs = new Map<number, AbortController>();

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, { transfer });
}

function failure(err: unknown, backend: string | undefined): WorkerFailure {
  if (isAbort(err)) return { name: 'AbortError', message: 'Colorization cancelled' };
  console.error(err); // the full error, for whoever opens the console
  return { name: err instanceof Error ? err.name : 'Error', message: describeError(err, backend) };
}

async function start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  session ??= startEngine(message.prefer, message.baseUrl);
  try {
    const { colorizer, contract, fallbackReason } = await session;
    post({ type: 'ready', info: { backend: colorizer.backend, fallbackReason, trained: contract.model.trained } });
  } catch (err) {
    post({ type: 'start-failed', error: failure(err, undefined) });
  }
}

async function colorize(message: Extract<ToWorker, { type: 'colorize' }>): Promise<void> {
  const controller = new AbortController();
  runs.set(message.id, controller);
  let backend: string | undefined;
  try {
    if (!session) throw new Error('the engine was asked to colour before it was started');
    const { colorizer } = await session;
    backend = colorizer.backend;
    const result = await colorizer.colorize(message.lineart, message.hint, {
      hintStrength: message.hintStrength,
      workingScale: message.workingScale,
      gapRadius: message.gapRadius,
      blendStrokes: !message.keepStrokes,
      whitePaper: message.whitePaper,
      clearAround: message.leaveMargins,
      shading: message.shading,
      // The message's own copy (the page keeps its hints): nothing here reads it after.
      consumeHint: true,
      signal: controller.signal,
      onProgress: ({ fraction, tilesDone, tilesTotal }) => post({ type: 'progress', id: message.id, fraction, tilesDone, tilesTotal }),
    });
    // Transferred, not copied: the worker has no further use for either picture.
    const transfer = [result.image, ...(result.shading ? [result.shading] : [])].map((image) => image.data.buffer as ArrayBuffer);
    post({ type: 'result', id: message.id, result }, transfer);
  } catch (err) {
    post({ type: 'failed', id: message.id, error: failure(err, backend) });
  } finally {
    runs.delete(message.id);
  }
}

/** Relight: no network run, only the engine's form shading with the model's contract. */
async function shade(message: Extract<ToWorker, { type: 'shade' }>): Promise<void> {
  try {
    if (!session) throw new Error('the engine was asked to shade before it was started');
    const { contract } = await session;
    const shading = shadeLayer(message.lineart, message.colour, contract, message.shading);
    post({ type: 'shaded', id: message.id, shading }, [shading.data.buffer as ArrayBuffer]);
  } catch (err) {
    post({ type: 'failed', id: message.id, error: failure(err, undefined) });
  }
}

/** Flats: no network run, only the engine's region labelling with the model's contract. */
async function flats(message: Extract<ToWorker, { type: 'flats' }>): Promise<void> {
  try {
    if (!session) throw new Error('the engine was asked for flats before it was started');
    const { contract } = await session;
    const layer = flatsLayer(message.lineart, message.hint, contract, { gapRadius: message.gapRadius });
    post({ type: 'flatted', id: message.id, flats: layer }, [layer.data.buffer as ArrayBuffer]);
  } catch (err) {
    post({ type: 'failed', id: message.id, error: failure(err, undefined) });
  }
}

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'start') void start(message);
  else if (message.type === 'colorize') void colorize(message);
  else if (message.type === 'shade') void shade(message);
  else if (message.type === 'flats') void flats(message);
  else if (message.type === 'cancel') runs.get(message.id)?.abort();
});
