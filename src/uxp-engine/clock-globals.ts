/**
 * onnxruntime-web's Emscripten glue reads `performance.timeOrigin +
 * performance.now()` for its clock. UXP does not document `performance`
 * (or `timeOrigin`), and without them the first session run throws
 * "NaN cannot be converted to a BigInt". Fill in only what is missing.
 */
export function ensureClockGlobals(): void {
  const scope = globalThis as { performance?: { now?: () => number; timeOrigin?: number } };
  const start = Date.now();
  if (!scope.performance || typeof scope.performance.now !== 'function') {
    scope.performance = { now: () => Date.now() - start, timeOrigin: start };
    return;
  }
  if (typeof scope.performance.timeOrigin !== 'number') {
    const origin = Date.now() - scope.performance.now();
    try {
      Object.defineProperty(scope.performance, 'timeOrigin', { value: origin, configurable: true });
    } catch {
      // A frozen host object: fall back to a wrapper that has both.
      const now = scope.performance.now.bind(scope.performance);
      scope.performance = { now, timeOrigin: origin };
    }
  }
}
