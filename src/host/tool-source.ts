/**
 * The engine's network-free tools the host runs (Relight's shading, the
 * flats), given as the tool itself or as a loader: in Photoshop each needs
 * the model's contract, read from the plugin folder on first use.
 */
import { DeepcolorHostError, describeError } from './errors';

/** Any function: the tools' signatures differ (every function is assignable to this). */
type AnyTool = (...args: never[]) => unknown;

export type ToolSource<T extends AnyTool> = T | { readonly load: () => Promise<T> };

/**
 * The tool of a source, loaded on the first call and kept (a failed load is
 * tried again next time); without a source, a refusal naming the command.
 */
export function loadToolOnce<T extends AnyTool>(source: ToolSource<T> | undefined, command: string, what: string): () => Promise<T> {
  return async () => {
    if (typeof source === 'function') return source;
    if (!source) throw new DeepcolorHostError('ENGINE_FAILED', `${command} is not available in this build: it has no ${what.replace(/^the /, '')} to run.`);
    const loaded = loadedTools.get(source);
    if (loaded) return loaded as T;
    let tool: T;
    try {
      tool = await source.load();
    } catch (error) {
      throw new DeepcolorHostError('ENGINE_FAILED', `${what[0].toUpperCase()}${what.slice(1)} could not be loaded: ${describeError(error)}.`, { cause: error });
    }
    loadedTools.set(source, tool);
    return tool;
  };
}

/**
 * Tools loaded so far, by their loader object: the host and the Action
 * playback handler are given the same loader and share what it loaded.
 */
const loadedTools = new WeakMap<object, AnyTool>();
