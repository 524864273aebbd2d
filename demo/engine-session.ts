/**
 * Starts the engine (inside the engine worker): onnxruntime-web's WebGPU
 * build, the model and its contract, all from the demo's own origin (no CDN;
 * works offline). Knows which backend it got and why, so the page can say so.
 */
import { createColorizer, createWebBackend, parseContract, type BackendPreference, type Colorizer, type Contract, type OrtModule } from '../src/model';
import { DemoError } from './demo-error';

/** Copied next to the bundle by webpack.demo.js. */
const ORT_MODULE_URL = 'ort/ort.webgpu.bundle.min.mjs';
const MODEL_URL = 'assets/deepcolor.onnx';
const CONTRACT_URL = 'assets/deepcolor.json';

export interface EngineSession {
  readonly colorizer: Colorizer;
  readonly contract: Contract;
  /** Set when WebGPU was wanted but the page runs on WASM: the reason, in words. */
  readonly fallbackReason: string | undefined;
}

/**
 * onnxruntime-web's ESM build finds its .wasm and its worker script through
 * import.meta.url, which a bundler rewrites to a build-time file path. Loading
 * the copied module at run time (webpackIgnore) keeps its real http URL.
 */
async function loadOrt(baseUrl: string): Promise<OrtModule> {
  const url = new URL(ORT_MODULE_URL, baseUrl).href;
  try {
    return (await import(/* webpackIgnore: true */ url)) as OrtModule;
  } catch (err) {
    throw new DemoError(`Could not load onnxruntime-web (${url}): ${err instanceof Error ? err.message : String(err)}. Rebuild the demo with \`npm run demo\`.`);
  }
}

async function fetchBytes(baseUrl: string, path: string, what: string): Promise<Uint8Array> {
  const url = new URL(path, baseUrl).href;
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new DemoError(`Could not download ${what}: the demo server is not answering. Is \`npm run demo\` still running?`);
  }
  if (!response.ok) throw new DemoError(`Could not download ${what} (${path}: HTTP ${response.status}). Rebuild the demo with \`npm run demo\`.`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Why WebGPU cannot be used here, or undefined if an adapter is available. */
async function webGpuMissingReason(): Promise<string | undefined> {
  // TypeScript's DOM library has no WebGPU types yet; this is the one call needed.
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'this browser has no WebGPU';
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? undefined : 'WebGPU is switched off or no graphics adapter is available';
  } catch {
    return 'WebGPU is switched off or no graphics adapter is available';
  }
}

export async function startEngine(prefer: BackendPreference, baseUrl: string): Promise<EngineSession> {
  const [ort, modelBytes, contractJson] = await Promise.all([
    loadOrt(baseUrl),
    fetchBytes(baseUrl, MODEL_URL, 'the model'),
    fetchBytes(baseUrl, CONTRACT_URL, 'the model description').then((bytes) => JSON.parse(new TextDecoder().decode(bytes)) as unknown),
  ]);
  const contract = parseContract(contractJson);
  // ORT warns on every WebGPU session that shape ops stay on the CPU (by design); keep the console for real problems.
  ort.env.logLevel = 'error';
  // Threads need cross-origin isolation (the demo server sends COOP/COEP). The engine has its
  // own worker, so the page stays responsive even when every core computes; past 4 threads a
  // 512 px tile barely gets faster.
  const numThreads = self.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
  const backend = await createWebBackend({ ort, modelBytes, contract, prefer, numThreads });

  let fallbackReason: string | undefined;
  if (backend.name === 'wasm' && prefer !== 'wasm') {
    fallbackReason = (await webGpuMissingReason()) ?? 'WebGPU did not start on this graphics adapter';
  }
  return { colorizer: createColorizer({ contract, backend }), contract, fallbackReason };
}
