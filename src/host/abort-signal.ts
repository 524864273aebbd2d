/**
 * Calls `onAbort` when the signal aborts, where the signal is an event target
 * (browsers, Node). UXP documents its AbortSignal without events, so there
 * callers also check `signal.aborted` where they can (after each tile, on
 * each message, or on a timer). Returns the function that stops listening.
 */
export function listenForAbort(signal: AbortSignal, onAbort: () => void): () => void {
  type Listen = (type: 'abort', listener: () => void) => void;
  const target = signal as unknown as { addEventListener?: Listen; removeEventListener?: Listen };
  const add = target.addEventListener;
  const remove = target.removeEventListener;
  if (typeof add !== 'function' || typeof remove !== 'function') return () => undefined;
  add.call(target, 'abort', onAbort);
  return () => remove.call(target, 'abort', onAbort);
}
