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
 * MessageChannel: then a zero timeout.
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
