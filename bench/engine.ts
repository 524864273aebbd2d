/** The engine as the bench uses it: the public API of src/model (src/model/index.ts). */
import * as engine from '../src/model/index';

export type BenchEngine = typeof engine;
export type BenchColorizer = engine.Colorizer;

/** The compiled engine; a function so run.ts can report (not crash on) a broken engine build. */
export function loadEngine(): BenchEngine {
  return engine;
}
