/**
 * The panel's state and behaviour without any DOM: it follows the active
 * document, holds the settings, runs Colorize (and Relight, and Flats) through the
 * host and turns their progress and outcome into state for the view.
 * The view (panel-view.ts) only renders this state and forwards clicks.
 */
import type { DeepcolorHost, DocumentSummary, HintLayerOutcome, InteractiveFlatsOutcome, InteractiveOutcome, InteractiveRelightOutcome, PixelRect } from '../host';
import type { BackendName } from '../model/types';
import { DEFAULT_SETTINGS, forgetLayerPicks, LIGHT_CHOICES, reconcileWithDocument, toColorizeRequest, toFlatsRequest, toHintLayerRequest, toRelightRequest, type PanelSettings } from './panel-settings';

export type RunState =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'running';
      readonly fraction: number;
      readonly tilesDone: number;
      readonly tilesTotal: number;
      /** Time left for the remaining tiles at the pace of those since the first, or null until two have finished. */
      readonly secondsLeft: number | null;
    }
  | { readonly phase: 'cancelling' }
  /** Relight and Flats: no tiles and no network, so no progress to show; they cannot be cancelled from the panel. */
  | { readonly phase: 'relighting' }
  | { readonly phase: 'flatting' }
  | { readonly phase: 'addingHintLayer' };

export interface LastRun {
  readonly layerName: string;
  readonly backend: BackendName;
  /** Why the GPU path was not used although allowed (shown next to the backend). */
  readonly fallbackReason?: string;
  readonly totalMs: number;
  readonly tilesTotal: number;
  /** The scale the page was worked at ('Auto' chooses it per page). */
  readonly workingScale: number;
  /** The pixel selection the colour was kept to, or null for the whole canvas. */
  readonly selection: PixelRect | null;
  readonly warnings: readonly string[];
}

export interface PanelState {
  readonly document: DocumentSummary | null;
  readonly settings: PanelSettings;
  readonly run: RunState;
  /** Why Colorize would be refused right now (from the host's check; shown before the click). */
  readonly blocker: string | null;
  /** Why Relight would be refused right now (no Light picked, no colour layer to relight...), or null. */
  readonly relightBlocker: string | null;
  /** What the last Relight or Flats did, until the next run of any. */
  readonly toolLine: string | null;
  /** Why Flats would be refused right now, or null. */
  readonly flatsBlocker: string | null;
  /** Why New hint layer would be refused right now (e.g. there is one), or null. */
  readonly hintLayerBlocker: string | null;
  /** How the last run ended when it did not succeed: its error, or that it was cancelled. */
  readonly runMessage: string | null;
  readonly lastRun: LastRun | null;
  /** Whether the model is loaded for the "Use GPU" setting, before any run shows it. */
  readonly engine: EngineStatus;
}

/**
 * The engine before the first Colorize: not loaded yet, loading in the
 * background (prepareEngine), ready on a backend, or failed to load (the
 * next Colorize tries again and shows the error as a run message).
 */
export type EngineStatus =
  | { readonly state: 'notLoaded' }
  | { readonly state: 'loading' }
  | ({ readonly state: 'ready' } & EngineDescription)
  | { readonly state: 'failed'; readonly message: string };

/** A backend and, when WebGPU was allowed but not used, why. */
export interface EngineDescription {
  readonly backend: BackendName;
  readonly fallbackReason?: string;
}

/** What the engine side tells the panel: an engine is ready (prepared, or a run finished on it), or was given up (WebGPU failed). */
export type EngineEvent = ({ readonly state: 'ready' } & EngineDescription) | { readonly state: 'lost' };

/** What the controller asks of the engine side: which backend ran and why not WebGPU, and loading it ahead of a run. */
export interface EngineReport {
  describe(): EngineDescription | undefined;
  setUseGpu(useGpu: boolean): void;
  /** Loads the engine for the current setting; resolves with what is ready. */
  prepare(): Promise<EngineDescription>;
  /** Hears of every engine made ready or given up, by the panel's runs, Action playback or prepare(). */
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

export class PanelController {
  private state: PanelState;
  private readonly listeners = new Set<(state: PanelState) => void>();
  private abort: AbortController | undefined;
  /** Counts what changes which engine is current (a "Use GPU" switch, the engine's news, a load), so a load that ends late reports nothing. */
  private engineGeneration = 0;

  private readonly now: () => number;

  constructor(
    private readonly host: DeepcolorHost,
    private readonly engines: EngineReport,
    settings: PanelSettings = DEFAULT_SETTINGS,
    options: { readonly now?: () => number } = {},
  ) {
    this.now = options.now ?? (() => Date.now());
    this.state = {
      document: null,
      settings,
      run: { phase: 'idle' },
      blocker: null,
      relightBlocker: null,
      flatsBlocker: null,
      hintLayerBlocker: null,
      runMessage: null,
      toolLine: null,
      lastRun: null,
      engine: { state: 'notLoaded' },
    };
    engines.setUseGpu(settings.useGpu);
    // The engine is shared with Action playback, which runs without the panel: its news comes from the engine.
    engines.subscribe((event) => {
      this.engineGeneration++;
      this.set({ engine: event.state === 'lost' ? { state: 'notLoaded' } : event });
    });
  }

  getState(): PanelState {
    return this.state;
  }

  subscribe(listener: (state: PanelState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads the active document (call on Photoshop events and when the panel shows). */
  refreshDocument(): void {
    // One snapshot for the description and every check: each layer property is read from Photoshop once.
    const change = this.host.readSnapshot((): Partial<PanelState> => {
      let document: DocumentSummary | null;
      try {
        document = this.host.describeActiveDocument();
      } catch (error) {
        return { blocker: `Could not read the document: ${messageOf(error)}` };
      }
      // Layer ids mean nothing in another document (and repeat there): picks belong to the one they were made in.
      const switched = this.state.document !== null && document !== null && document.id !== this.state.document.id;
      const settings = reconcileWithDocument(switched ? forgetLayerPicks(this.state.settings) : this.state.settings, document);
      return { document, settings, ...this.checkProblems(settings) };
    });
    this.set(change);
  }

  updateSettings(change: Partial<PanelSettings>): void {
    const settings = reconcileWithDocument({ ...this.state.settings, ...change }, this.state.document);
    const engineChanged = change.useGpu !== undefined && change.useGpu !== this.state.settings.useGpu;
    if (change.useGpu !== undefined) this.engines.setUseGpu(change.useGpu);
    if (engineChanged) this.engineGeneration++;
    // Another "Use GPU" choice is another engine: it is loaded anew (on the next run, or prepareEngine).
    this.set({ settings, ...this.host.readSnapshot(() => this.checkProblems(settings)), ...(engineChanged ? { engine: { state: 'notLoaded' } as const } : {}) });
  }

  /**
   * Loads the engine in the background, before the first Colorize (the panel
   * calls this a moment after it is shown). Does nothing while a run or a
   * load is under way or once the engine is ready; a failure is kept in the
   * state, not thrown, and the next Colorize tries again.
   */
  async prepareEngine(): Promise<void> {
    if (this.isRunning() || this.state.engine.state !== 'notLoaded') return;
    const generation = ++this.engineGeneration;
    this.set({ engine: { state: 'loading' } });
    let engine: EngineStatus;
    try {
      engine = { state: 'ready', ...(await this.engines.prepare()) };
    } catch (error) {
      engine = { state: 'failed', message: messageOf(error) };
    }
    // Only if nothing has said more since: "Use GPU" switched, or a run reported the engine it used.
    if (generation === this.engineGeneration) this.set({ engine });
  }

  isRunning(): boolean {
    return this.state.run.phase !== 'idle';
  }

  /** Runs Colorize; resolves when it finished, failed or was cancelled (the state says which). */
  async colorize(): Promise<InteractiveOutcome | undefined> {
    if (this.isRunning()) return undefined;
    const abort = new AbortController();
    this.abort = abort;
    this.set({ run: { phase: 'running', fraction: 0, tilesDone: 0, tilesTotal: 0, secondsLeft: null }, runMessage: null, toolLine: null });
    // The pace is measured from the first finished tile on: the engine's passes over the page come
    // before it (reported as 0 tiles done), and the first tile may carry some of them too.
    let first: { at: number; tilesDone: number } | undefined;
    try {
      const outcome = await this.host.colorize(toColorizeRequest(this.state.settings), {
        signal: abort.signal,
        onProgress: (p) => {
          if (this.state.run.phase !== 'running') return;
          const at = this.now();
          if (p.tilesDone > 0) first ??= { at, tilesDone: p.tilesDone };
          const done = first ? p.tilesDone - first.tilesDone : 0;
          const secondsLeft = first && done > 0 ? ((at - first.at) / done) * (p.tilesTotal - p.tilesDone) / 1000 : null;
          this.set({ run: { phase: 'running', fraction: p.fraction, tilesDone: p.tilesDone, tilesTotal: p.tilesTotal, secondsLeft } });
        },
      });
      const engine = this.engines.describe();
      this.set({
        run: { phase: 'idle' },
        lastRun: {
          layerName: outcome.layerName,
          backend: outcome.backend,
          ...(engine?.fallbackReason !== undefined && outcome.backend !== 'webgpu' ? { fallbackReason: engine.fallbackReason } : {}),
          totalMs: outcome.totalMs,
          tilesTotal: outcome.tilesTotal,
          workingScale: outcome.workingScale,
          selection: outcome.selection,
          warnings: outcome.warnings,
        },
      });
      this.refreshDocument();
      return outcome;
    } catch (error) {
      const cancelled = abort.signal.aborted || (error as { code?: unknown }).code === 'CANCELLED';
      this.set({ run: { phase: 'idle' }, runMessage: cancelled ? 'Cancelled: the document is unchanged.' : messageOf(error) });
      return undefined;
    } finally {
      this.abort = undefined;
    }
  }

  /**
   * Relight: the shading layer of the last Colorize made again for the Light
   * now picked, without colouring again. Resolves when it finished or failed.
   */
  async relight(): Promise<InteractiveRelightOutcome | undefined> {
    const request = toRelightRequest(this.state.settings);
    if (this.isRunning() || !request) return undefined;
    const light = LIGHT_CHOICES.find((choice) => choice.value === request.shading.light)?.label ?? String(request.shading.light);
    return this.runTool(
      'relighting',
      () => this.host.relight(request),
      (outcome, seconds) => `Relit: light ${light.toLowerCase()}, ${seconds} s${outcome.created ? ' (new shading layer)' : ''}`,
    );
  }

  /**
   * New hint layer: an empty "hint" layer above the lineart, selected for
   * painting. The panel then keeps to that lineart: with "Active layer"
   * picked, the active layer is now the hint, which would make it the lineart.
   */
  async addHintLayer(): Promise<HintLayerOutcome | undefined> {
    // Greyed out then; a click that still arrives (a double click as the first one ends) is ignored.
    if (this.isRunning() || this.state.hintLayerBlocker !== null) return undefined;
    const outcome = await this.runTool(
      'addingHintLayer',
      () => this.host.addHintLayer(toHintLayerRequest(this.state.settings)),
      (made) => `New layer “hint” above “${made.lineartLayerName}”: paint your colours on it, then Colorize.`,
    );
    if (outcome) this.updateSettings({ lineart: outcome.lineartLayerId });
    return outcome;
  }

  /** Flats: a layer of one flat colour per region, for the lineart and hint picked. Resolves when it finished or failed. */
  async flats(): Promise<InteractiveFlatsOutcome | undefined> {
    if (this.isRunning()) return undefined;
    return this.runTool(
      'flatting',
      () => this.host.flats(toFlatsRequest(this.state.settings)),
      (outcome, seconds) =>
        `Flats: ${seconds} s, a new layer above the lineart${outcome.selection ? ` (inside the ${outcome.selection.width}×${outcome.selection.height} selection)` : ''}`,
    );
  }

  /**
   * A network-free tool (Relight, Flats): its phase while it runs, then a line
   * of what it did (with its warnings), or its error as the run message.
   */
  private async runTool<O extends { readonly totalMs: number; readonly warnings: readonly string[] }>(
    phase: 'relighting' | 'flatting' | 'addingHintLayer',
    run: () => Promise<O>,
    describe: (outcome: O, seconds: string) => string,
  ): Promise<O | undefined> {
    this.set({ run: { phase }, runMessage: null, toolLine: null });
    try {
      const outcome = await run();
      const done = describe(outcome, (outcome.totalMs / 1000).toFixed(1));
      this.set({ run: { phase: 'idle' }, toolLine: [done, ...outcome.warnings].join('\n') });
      this.refreshDocument();
      return outcome;
    } catch (error) {
      this.set({ run: { phase: 'idle' }, runMessage: messageOf(error) });
      return undefined;
    }
  }

  cancel(): void {
    if (this.state.run.phase !== 'running' || !this.abort) return;
    this.set({ run: { phase: 'cancelling' } });
    this.abort.abort();
  }

  private checkProblems(settings: PanelSettings): Pick<PanelState, 'blocker' | 'relightBlocker' | 'flatsBlocker' | 'hintLayerBlocker'> {
    const ask = (check: () => { message: string } | null): string | null => {
      try {
        return check()?.message ?? null;
      } catch (error) {
        return messageOf(error);
      }
    };
    const relight = toRelightRequest(settings);
    return {
      blocker: ask(() => this.host.check(toColorizeRequest(settings))),
      relightBlocker: relight ? ask(() => this.host.checkRelight(relight)) : 'Pick a Light to relight.',
      flatsBlocker: ask(() => this.host.checkFlats(toFlatsRequest(settings))),
      hintLayerBlocker: ask(() => this.host.checkHintLayer(toHintLayerRequest(settings))),
    };
  }

  private set(change: Partial<PanelState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of [...this.listeners]) listener(this.state);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
