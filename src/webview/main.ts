/**
 * The webview page's engine: the same src/model engine as everywhere else,
 * on onnxruntime-web's WebGPU build, answering the panel's colorize
 * requests over the message bridge (src/panel/webview-protocol.ts).
 *
 * `?prefer=webgpu` (the default) reports `unavailable` when WebGPU is
 * missing, so the panel falls back to its in-process WASM engine rather
 * than running a second WASM engine in a separate process. `?prefer=auto`
 * lets the page use WASM itself (for browsers without WebGPU).
 */
import * as ort from 'onnxruntime-web';
import { checkHintSize, checkImageSize, createColorizer, createWebBackend, parseContract } from '../model';
import type { Colorizer } from '../model';
import type { RgbaImage } from '../model/types';
import { abortError } from '../model/errors';
import {
  PROTOCOL_VERSION,
  StripAssembler,
  errorMessage,
  parsePanelMessage,
  ProtocolError,
  resultMessages,
  type ColorizeRequestMessage,
} from '../panel/webview-protocol';
import { onPanelMessage, postToPanel } from './bridge';

type Preference = 'webgpu' | 'auto';

/** A request whose pictures are arriving. */
interface Arriving {
  readonly request: ColorizeRequestMessage;
  readonly lineart: StripAssembler;
  readonly hint?: StripAssembler;
}

const WASM_FILE = 'ort-wasm-simd-threaded.asyncify.wasm';

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url} (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

async function loadColorizer(prefer: Preference): Promise<Colorizer> {
  const [contractJson, modelBytes, wasmBinary] = await Promise.all([
    fetch('../assets/deepcolor.json').then((r) => {
      if (!r.ok) throw new Error(`could not load ../assets/deepcolor.json (HTTP ${r.status})`);
      return r.json() as Promise<unknown>;
    }),
    fetchBytes('../assets/deepcolor.onnx'),
    fetchBytes(WASM_FILE),
  ]);
  const contract = parseContract(contractJson);
  // The UXP webview is not cross-origin isolated, so WASM threads are not available there.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  const backend = await createWebBackend({ ort, modelBytes, wasmBinary, prefer, numThreads: 1, contract });
  return createColorizer({ contract, backend });
}

function showState(text: string): void {
  const node = document.getElementById('state');
  if (node) node.textContent = text;
}

async function main(): Promise<void> {
  const prefer: Preference = new URLSearchParams(location.search).get('prefer') === 'auto' ? 'auto' : 'webgpu';
  const running = new Map<string, AbortController>();
  let colorizer: Colorizer | undefined;
  let queue: Promise<void> = Promise.resolve();

  /** Requests whose pictures are still arriving, strip by strip. */
  const arriving = new Map<string, Arriving>();

  onPanelMessage((data) => {
    let message;
    try {
      message = parsePanelMessage(data);
    } catch (error) {
      postToPanel(errorMessage(undefined, error));
      return;
    }
    if (message.type === 'cancel') {
      if (arriving.delete(message.id)) postToPanel(errorMessage(message.id, abortError()));
      running.get(message.id)?.abort();
      return;
    }
    if (message.type === 'colorize') {
      const { id, lineart, hint } = message;
      // The panel posts a request's messages back to back (header, strips, run): one still arriving
      // when the next begins lost its end (the panel failed or reloaded part way). Its pictures go.
      for (const orphan of arriving.keys()) {
        arriving.delete(orphan);
        postToPanel(errorMessage(orphan, new ProtocolError('the request was dropped: another began before its run')));
      }
      try {
        // Refused before any strip crosses, with the engine's own words (and before a page-sized buffer).
        checkImageSize(lineart.width, lineart.height, 'lineart');
        if (hint) {
          checkImageSize(hint.width, hint.height, 'hint');
          checkHintSize(lineart, hint);
        }
        arriving.set(id, {
          request: message,
          lineart: new StripAssembler('lineart', lineart.width, lineart.height),
          ...(hint ? { hint: new StripAssembler('hint', hint.width, hint.height) } : {}),
        });
      } catch (error) {
        postToPanel(errorMessage(id, error));
      }
      return;
    }
    const pending = arriving.get(message.id);
    if (!pending) return; // cancelled, or refused already
    let pictures: { lineart: RgbaImage; hint: RgbaImage | undefined };
    try {
      if (message.type === 'strip') {
        const picture = message.image === 'lineart' ? pending.lineart : message.image === 'hint' ? pending.hint : undefined;
        if (!picture) throw new ProtocolError(`the request has no ${message.image} to send strips of`);
        picture.add(message);
        return;
      }
      // run: every strip is in.
      arriving.delete(message.id);
      pictures = { lineart: pending.lineart.finish(), hint: pending.hint?.finish() };
    } catch (error) {
      arriving.delete(message.id);
      postToPanel(errorMessage(message.id, error));
      return;
    }
    const request = pending.request;
    const controller = new AbortController();
    running.set(request.id, controller);
    // One request at a time: the GPU is shared and tiles are already batched inside a request.
    queue = queue.then(() => serve(request, pictures.lineart, pictures.hint, controller.signal)).finally(() => running.delete(request.id));
  });

  async function serve(request: ColorizeRequestMessage, lineart: RgbaImage, hint: RgbaImage | undefined, signal: AbortSignal): Promise<void> {
    try {
      if (!colorizer) throw Object.assign(new Error('The WebGPU engine is not loaded in this webview.'), { code: 'ENGINE_UNAVAILABLE' });
      const result = await colorizer.colorize(lineart, hint, {
        ...request.options,
        // Put together from the request's strips for this run only.
        consumeHint: true,
        signal,
        onProgress: (p) =>
          postToPanel({ type: 'progress', id: request.id, fraction: p.fraction, tilesDone: p.tilesDone, tilesTotal: p.tilesTotal }),
      });
      // Strip by strip, each encoded and posted before the next is made.
      for (const message of resultMessages(request.id, result)) postToPanel(message);
    } catch (error) {
      postToPanel(errorMessage(request.id, error));
    }
  }

  // The page is up and the bridge works: the panel waits for the model from here, and gives up much
  // sooner on a page that never says even this (a UXP that cannot load local pages).
  postToPanel({ type: 'status', protocol: PROTOCOL_VERSION, state: 'loading' });
  try {
    if (prefer === 'webgpu' && !(await hasWebGpuAdapter())) {
      throw new Error('WebGPU is not available in this webview (no navigator.gpu adapter)');
    }
    colorizer = await loadColorizer(prefer);
    if (prefer === 'webgpu' && colorizer.backend !== 'webgpu') {
      const got = colorizer.backend;
      await colorizer.dispose();
      colorizer = undefined;
      throw new Error(`WebGPU could not run the model here (the engine chose ${got})`);
    }
    showState(`Deepcolor engine ready on ${colorizer.backend}`);
    postToPanel({ type: 'status', protocol: PROTOCOL_VERSION, state: 'ready', backend: colorizer.backend });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    showState(`Deepcolor engine unavailable: ${reason}`);
    postToPanel({ type: 'status', protocol: PROTOCOL_VERSION, state: 'unavailable', reason });
  }
}

void main();
