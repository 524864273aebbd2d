/**
 * Waits for the next task of the event loop, so that events queued behind
 * the current work (a click on Cancel, Escape, a worker's cancel message)
 * are handled before it goes on.
 *
 * Why: onnxruntime-web's WASM backend computes a tile synchronously and its
 * promise is already settled when awaited, so a run of tiles awaits only
 * microtasks and never lets an event in: Cancel in the demo's worker and in
 * the panel did nothing until the page was done (session 17's walkthrough).
 *
 * A MessageChannel message is a task without setTimeout's clamp (4 ms once
 * timers nest in a browser). Not `scheduler.yield()`: its continuation is
 * queued ahead of the tasks already waiting (measured in Chromium: the
 * worker's cancel message still waited for the page). UXP may have no
 * MessageChannel: then a zero timeout (and a host with neither: only microtasks, as before).
 */
/** The parts of the host's globals this uses; each may be missing (the engine assumes no DOM or Node). */
interface TaskGlobals {
  MessageChannel?: new () => { port1: { onmessage: (() => void) | null; close(): void }; port2: { postMessage(message: unknown): void } };
  setTimeout?: (callback: () => void, ms: number) => unknown;
}

export function nextTask(): Promise<void> {
  const host = globalThis as TaskGlobals;
  const Channel = host.MessageChannel;
  if (typeof Channel === 'function') {
    return new Promise((resolve) => {
      const channel = new Channel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  const later = host.setTimeout;
  return typeof later === 'function' ? new Promise((resolve) => later(resolve, 0)) : Promise.resolve();
}
