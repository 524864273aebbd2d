/**
 * The one engine object the host is given. It loads the chosen engine on
 * first use (WebGPU in the webview if allowed and ready, else WASM in the
 * panel), follows the "Use GPU" checkbox, and remembers which backend ran
 * and why WebGPU did not, for the panel to show.
 *
 * `prepare()` loads the engine ahead of the first Colorize, so the artist's
 * click does not wait for the model. On WebGPU it also colours a small page
 * once (src/model/warm-up.ts): the webview compiles its shader pipelines
 * then, in its own process. On WASM it only loads: the engine runs on the
 * panel's own thread there, and a warm-up page would hold that thread for
 * about half a second at a moment the artist did not choose, for ~0.1 s
 * saved on the click (bench/NOTES.md, session 16: the load alone saves
 * 0.95 s of the 1.06 s a cold first click costs).
 *
 * Runs and preparation take turns: a Colorize clicked while the engine is
 * being prepared waits for it (and a cancel while it waits ends it at
 * once), then starts on the engine it prepared.
 *
 * If the webview engine fails during a run (a lost GPU device, a shader
 * the driver rejects), that run fails and rolls back as any engine failure
 * does, and later runs use WASM: an artist batch-processing pages should not
 * hit the same GPU error on every page. A page that does not answer a cancel
 * (webview-engine.ts gives it CANCEL_GRACE_MS) counts as such a failure: the
 * cancelled run ends as cancelled, later runs use WASM. A failure or a
 * hang while preparing moves to WASM the same way, and preparation goes on
 * there. Listeners
 * (the panel's status line) hear when an engine is ready, or lost.
 */
import { listenForAbort } from '../host/abort-signal';
import type { ColorizeEngine } from '../host/engine';
import { abortError } from '../model/errors';
import { warmUpPage } from '../model/warm-up';
import type { ColorizeOptions, ColorizeResult, RgbaImage } from '../model/types';
import { EngineCache, type EngineFactories, type EngineHandle, type SelectedEngine } from './engine-selection';
import type { EngineDescription, EngineEvent, EngineReport } from './panel-controller';

/** A WebGPU warm-up page that has not come back by then is taken for a hung page: WASM is used instead. */
export const WARM_UP_TIMEOUT_MS = 60_000;

export class PanelEngine implements ColorizeEngine, EngineReport {
  private useGpu = true;
  private gpuBrokenReason: string | undefined;
  private last: SelectedEngine | undefined;
  private readonly cache: EngineCache;
  /** Engines that have coloured a page already (warm-up or a real run): nothing left to prepare. */
  private readonly warmed = new WeakSet<EngineHandle>();
  /** The run or preparation in progress; the next one starts after it. */
  private turn: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(event: EngineEvent) => void>();

  constructor(
    factories: EngineFactories,
    private readonly warmUpTimeoutMs = WARM_UP_TIMEOUT_MS,
  ) {
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
   * The size planning of the engine that ran last, where it has one (the
   * WASM engine; the webview's runs in another process and has none): the
   * host's memory check then uses the working scale the engine would use
   * (capped for big pages), and refuses a scale below the model's smallest
   * before anything is read. Before a first run, or on the webview, none:
   * the host plans from the setting.
   */
  get planTiles(): ColorizeEngine['planTiles'] {
    const engine = this.last?.engine;
    const plan = engine?.planTiles;
    return engine && plan ? (width, height, options) => plan.call(engine, width, height, options) : undefined;
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Loads the engine the "Use GPU" setting picks (and on WebGPU colours the
   * warm-up page with it). Resolves with the backend it made ready; rejects
   * as loading does, and a failed load is not kept: the next Colorize loads again.
   */
  prepare(): Promise<EngineDescription> {
    return this.inTurn(async () => {
      // Twice at most: a WebGPU engine that fails its warm-up is given up, and WASM prepared instead.
      for (let attempt = 0; ; attempt++) {
        const useGpu = this.useGpu;
        const selected = await this.cache.get(useGpu);
        // "Use GPU" switched while it loaded: that engine is not the one wanted any more, so no warm-up and no news.
        if (useGpu !== this.useGpu) return describeSelection(selected);
        if (selected.backend !== 'webgpu' || this.warmed.has(selected.engine)) {
          this.emit({ state: 'ready', ...describeSelection(selected) });
          return describeSelection(selected);
        }
        try {
          await this.runOn(selected, (engine) => this.warmUp(engine));
          return describeSelection(selected);
        } catch (error) {
          if (attempt > 0) throw error;
        }
      }
    });
  }

  colorize(lineart: RgbaImage, hint: RgbaImage | undefined, options: ColorizeOptions): Promise<ColorizeResult> {
    return this.inTurn(async () => {
      const selected = await this.cache.get(this.useGpu);
      this.last = selected;
      return this.runOn(selected, (engine) => engine.colorize(lineart, hint, options));
    }, options.signal);
  }

  /**
   * Runs `work` after whatever is in progress. With a signal, an abort
   * while waiting rejects at once (AbortError) and `work` never starts; the
   * turn after it still waits for the one in progress.
   */
  private inTurn<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const before = this.turn;
    const next = (signal ? untilAborted(before, signal) : before).then(work);
    this.turn = before.then(() => next).catch(() => undefined);
    return next;
  }

  /**
   * The warm-up page, given up (as a WebGPU failure) if it has not come back
   * in warmUpTimeoutMs. Raced, not only aborted: a hung page never answers
   * the cancel either.
   */
  private async warmUp(engine: EngineHandle): Promise<void> {
    const page = warmUpPage();
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new Error(`the WebGPU page did not finish its first run within ${this.warmUpTimeoutMs / 1000} s`));
      }, this.warmUpTimeoutMs);
    });
    try {
      await Promise.race([engine.colorize(page.lineart, page.hint, { workingScale: 1, signal: abort.signal }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs work on the selected engine; a WebGPU failure other than a cancel or bad input moves later runs to WASM. */
  private async runOn<T>(selected: SelectedEngine, work: (engine: EngineHandle) => Promise<T>): Promise<T> {
    try {
      const result = await work(selected.engine);
      this.warmed.add(selected.engine);
      if (selected.useGpu === this.useGpu) this.emit({ state: 'ready', ...describeSelection(selected) });
      return result;
    } catch (error) {
      const name = (error as { name?: unknown }).name;
      // A cancel is no failure, unless the page never answered it (the engine is lost then).
      if (selected.backend === 'webgpu' && ((name !== 'AbortError' && name !== 'EngineInputError') || selected.engine.lost === true)) {
        this.gpuBrokenReason = selected.engine.lost
          ? 'WebGPU failed earlier: the WebGPU page stopped answering'
          : `WebGPU failed earlier: ${error instanceof Error ? error.message : String(error)}`;
        this.cache.invalidate();
        this.emit({ state: 'lost' });
      }
      throw error;
    }
  }

  private emit(event: EngineEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

function describeSelection(selected: SelectedEngine): EngineDescription {
  return { backend: selected.backend, ...(selected.fallbackReason !== undefined ? { fallbackReason: selected.fallbackReason } : {}) };
}

/** How often a run waiting for its turn looks at its signal where the signal has no abort event (UXP). */
const ABORT_POLL_MS = 100;

/** Resolves when `before` does, or rejects with an AbortError as soon as `signal` aborts. */
function untilAborted(before: Promise<unknown>, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal.reason));
    const stop = (): void => {
      clearInterval(poll);
      unlisten();
    };
    const onAbort = (): void => {
      stop();
      reject(abortError(signal.reason));
    };
    const poll = setInterval(() => {
      if (signal.aborted) onAbort();
    }, ABORT_POLL_MS);
    const unlisten = listenForAbort(signal, onAbort);
    void before.then(() => {
      stop();
      resolve();
    });
  });
}
