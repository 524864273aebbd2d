/** Milliseconds for timing the engine's stages: performance.now where the host has it (UXP may not), else Date.now. */
export const now: () => number =
  typeof globalThis.performance?.now === 'function' ? () => globalThis.performance.now() : () => Date.now();
