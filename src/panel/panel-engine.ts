/**
 * The one engine object the host is given. It loads the chosen engine on
 * first use (WebGPU in the webview if allowed and ready, else WASM in the
 * panel), follows the "Use GPU" checkbox, and remembers which backend ran
 * and why WebGPU did not, for the panel to show.
 *
 * If the webview engine fails during a run (a lost GPU device, a shader
 * the driver rejects), that run fails and rolls back as any engine failure
 * does, and later runs use WASM: an artist batch-processing pages should not
 * hit the same GPU error on every page.
 */
import type { ColorizeEngine } from '../host/engine';
import type { ColorizeOptions, ColorizeResult, RgbaImage } from '../model/types';
import { EngineCache, type EngineFactories, type SelectedEngine } from './engine-selection';
import type { EngineReport } from './panel-controller';

export class PanelEngine implements ColorizeEngine, EngineReport {
  private useGpu = true;
  private gpuBrokenReason: string | undefined;
  private last: SelectedEngine | undefined;
  private readonly cache: EngineCache;

  constructor(factories: EngineFactories) {
    this.cache = new EngineCache({
      createWasm: factories.createWasm,
      connectWebview: () => {
        if (this.gpuBrokenReason !== undefined) return Promise.reject(new Error(this.gpuBrokenReason));
        return factories.connectWebview();
      },
    });
  }

  setUseGpu(useGpu: boolean): void {
    this.useGpu = useGpu;
  }

  describe(): { backend: SelectedEngine['backend']; fallbackReason?: string } | undefined {
    if (!this.last) return undefined;
    return { backend: this.last.backend, ...(this.last.fallbackReason !== undefined ? { fallbackReason: this.last.fallbackReason } : {}) };
  }

  async colorize(lineart: RgbaImage, hint: RgbaImage | undefined, options: ColorizeOptions): Promise<ColorizeResult> {
    const selected = await this.cache.get(this.useGpu);
    this.last = selected;
    try {
      return await selected.engine.colorize(lineart, hint, options);
    } catch (error) {
      const name = (error as { name?: unknown }).name;
      if (selected.backend === 'webgpu' && name !== 'AbortError' && name !== 'EngineInputError') {
        this.gpuBrokenReason = `WebGPU failed earlier: ${error instanceof Error ? error.message : String(error)}`;
        this.cache.invalidate();
      }
      throw error;
    }
  }
}
