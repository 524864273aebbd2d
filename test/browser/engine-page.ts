/**
 * Browser test page for the engine: bundles src/model with onnxruntime-web's
 * WebGPU build. The test calls window.deepcolorEngineTest(prefer, size)
 * through playwright; the page fetches the model and contract itself (the
 * engine never fetches) and returns the colorized pixels.
 */
import * as ort from 'onnxruntime-web/webgpu';
import { createColorizer, createWebBackend, parseContract, type BackendPreference } from '../../src/model';
import { syntheticHint, syntheticLineart } from '../helpers/synthetic';

export interface EngineTestResult {
  backend: string;
  width: number;
  height: number;
  /** RGBA bytes as a plain array (crosses the playwright bridge as JSON). */
  pixels: number[];
  tilesTotal: number;
  progressFractions: number[];
  hasNavigatorGpu: boolean;
  crossOriginIsolated: boolean;
}

declare global {
  interface Window {
    deepcolorEngineTest(prefer: BackendPreference, size: number): Promise<EngineTestResult>;
  }
}

window.deepcolorEngineTest = async (prefer, size) => {
  const [modelBytes, contractJson] = await Promise.all([
    fetch('deepcolor.onnx').then((r) => r.arrayBuffer()),
    fetch('deepcolor.json').then((r) => r.json() as Promise<unknown>),
  ]);
  const contract = parseContract(contractJson);
  const backend = await createWebBackend({ ort, modelBytes: new Uint8Array(modelBytes), prefer, numThreads: 1, contract });
  const colorizer = createColorizer({ contract, backend });
  const progressFractions: number[] = [];
  try {
    const result = await colorizer.colorize(syntheticLineart(size, size, 1.5, 7), syntheticHint(size, size, 8, 6), {
      workingScale: 1,
      onProgress: (p) => progressFractions.push(p.fraction),
    });
    return {
      backend: result.backend,
      width: result.image.width,
      height: result.image.height,
      pixels: Array.from(result.image.data),
      tilesTotal: result.tilesTotal,
      progressFractions,
      hasNavigatorGpu: 'gpu' in navigator,
      crossOriginIsolated: self.crossOriginIsolated,
    };
  } finally {
    await colorizer.dispose();
  }
};

document.body.dataset.ready = 'true';
