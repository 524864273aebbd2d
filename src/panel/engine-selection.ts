/**
 * Picks where the generator runs in Photoshop: the webview page on WebGPU
 * when the artist allows it and the page reports ready, else onnxruntime-web
 * WASM in the panel's own context (the path that does not depend on the
 * webview). The choice is made once and kept, because loading the model is
 * the slow part; toggling "Use GPU" makes a new choice.
 */
import type { ColorizeEngine } from '../host/engine';
import type { BackendName } from '../model/types';

export interface EngineHandle extends ColorizeEngine {
  readonly backend: BackendName;
  /** True once the engine has given up on where it runs (a webview page that stopped answering). */
  readonly lost?: boolean;
  dispose(): Promise<void>;
}

export interface SelectedEngine {
  readonly engine: EngineHandle;
  readonly backend: BackendName;
  /** The "Use GPU" setting it was chosen for. */
  readonly useGpu: boolean;
  /** Why WebGPU is not in use, when it was allowed but could not start. */
  readonly fallbackReason?: string;
}

export interface EngineFactories {
  connectWebview: () => Promise<EngineHandle>;
  createWasm: () => Promise<EngineHandle>;
}

export async function selectEngine(useGpu: boolean, factories: EngineFactories): Promise<SelectedEngine> {
  if (!useGpu) {
    const engine = await factories.createWasm();
    return { engine, backend: engine.backend, useGpu };
  }
  let fallbackReason: string;
  try {
    const engine = await factories.connectWebview();
    return { engine, backend: engine.backend, useGpu };
  } catch (error) {
    fallbackReason = error instanceof Error ? error.message : String(error);
  }
  const engine = await factories.createWasm();
  return { engine, backend: engine.backend, useGpu, fallbackReason };
}

/** Keeps one selected engine per "Use GPU" setting and loads it on first use. */
export class EngineCache {
  private current: { useGpu: boolean; selection: Promise<SelectedEngine> } | undefined;

  constructor(private readonly factories: EngineFactories) {}

  get(useGpu: boolean): Promise<SelectedEngine> {
    if (this.current && this.current.useGpu === useGpu) return this.current.selection;
    const previous = this.current?.selection;
    const selection = selectEngine(useGpu, this.factories);
    this.current = { useGpu, selection };
    // A failed load is not cached: the next Colorize tries again.
    selection.catch(() => {
      if (this.current?.selection === selection) this.current = undefined;
    });
    if (previous) void previous.then((old) => old.engine.dispose()).catch(() => undefined);
    return selection;
  }

  /** Forgets (and disposes) the current engine; the next get() selects again. */
  invalidate(): void {
    const previous = this.current?.selection;
    this.current = undefined;
    if (previous) void previous.then((old) => old.engine.dispose()).catch(() => undefined);
  }
}
