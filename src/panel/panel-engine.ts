/**
 * The one engine object the host is given. It loads the chosen engine on
 * first use (WebGPU in the webview if allowed and ready, else WASM in the
 * panel), follows the "Use GPU" checkbox, and remembers which backend ran
 * and why WebGPU did not, for the panel to show.
 *
 * `prepare()` loads the engine ahead of the first Colorize and colours a
 * small page with it once (src/model/warm-up.ts), so the artist's first
 * click does not wait for the model to load and its kernels to compile.
 * Runs and preparation take turns: a Colorize clicked while the engine is
 * being prepared waits for it, then starts on the engine it prepared.
 *
 * If the webview engine fails during a run (a lost GPU device, a shader
 * the driver rejects), that run fails and rolls back as any engine failure
 * does, and later runs use WASM: an artist batch-processing pages should not
 * hit the same GPU error on every page. A failure while preparing moves to
 * WASM the same way, and preparation goes on there.
 */
import type { ColorizeEngine } from '../host/engine';
import { warmUpPage } from '../model/warm-up';
import type { ColorizeOptions, ColorizeResult, RgbaImage } from '../model/types';
import { EngineCache, type EngineFactories, type EngineHandle, type SelectedEngine } from './engine-selection';
import type { EngineDescription, EngineReport } from './panel-controller';

export class PanelEngine implements ColorizeEngine, EngineReport {
  private useGpu = true;
  private gpuBrokenReason: string | undefined;
  private last: SelectedEngine | undefined;
  private readonly cache: EngineCache;
  /** Engines that have coloured a page already (warm-up or a real run): nothing left to prepare. */
  private readonly warmed = new WeakSet<EngineHandle>();
  /** The run or preparation in progress; the next one starts after it. */
  private turn: Promise<unknown> = Promise.resolve();

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

  describe(): EngineDescription | undefined {
    return this.last ? describeSelection(this.last) : undefined;
  }

  /**
   * Loads the engine the "Use GPU" setting picks and runs it once on a small
   * page. Resolves with the backend it made ready; rejects as loading does
   * (nothing is kept then: the next Colorize loads again).
   */
  prepare(): Promise<EngineDescription> {
    return this.inTurn(async () => {
      // Twice at most: a WebGPU engine that fails its warm-up is given up, and WASM prepared instead.
      for (let attempt = 0; ; attempt++) {
        const selected = await this.cache.get(this.useGpu);
        if (this.warmed.has(selected.engine)) return describeSelection(selected);
        const page = warmUpPage();
        try {
          await this.runOn(selected, (engine) => engine.colorize(page.lineart, page.hint, { workingScale: 1 }));
          return describeSelection(selected);
        } catch (error) {
          if (selected.backend !== 'webgpu' || attempt > 0) throw error;
        }
      }
    });
  }

  colorize(lineart: RgbaImage, hint: RgbaImage | undefined, options: ColorizeOptions): Promise<ColorizeResult> {
    return this.inTurn(async () => {
      const selected = await this.cache.get(this.useGpu);
      this.last = selected;
      return this.runOn(selected, (engine) => engine.colorize(lineart, hint, options));
    });
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.turn.then(work);
    this.turn = next.catch(() => undefined);
    return next;
  }

  /** Runs work on the selected engine; a WebGPU failure other than a cancel or bad input moves later runs to WASM. */
  private async runOn<T>(selected: SelectedEngine, work: (engine: EngineHandle) => Promise<T>): Promise<T> {
    try {
      const result = await work(selected.engine);
      this.warmed.add(selected.engine);
      return result;
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

function describeSelection(selected: SelectedEngine): EngineDescription {
  return { backend: selected.backend, ...(selected.fallbackReason !== undefined ? { fallbackReason: selected.fallbackReason } : {}) };
}
