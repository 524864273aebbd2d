/**
 * The CLI relaunches itself once on Linux with glibc's malloc tuned.
 *
 * Why: glibc serves big blocks from their own mappings (returned on free)
 * only above a threshold that it raises each time such a block is freed. A
 * page frees many multi-MiB arrays (onnxruntime's per-tile outputs, decoded
 * pages, the engine's bands), so after the first few the threshold sits above
 * them, they come from the heap, and freed ones stay resident. Fixing the
 * threshold keeps every block over 256 KiB in its own mapping: a 4096 x 4096
 * page peaked at 527-548 MiB instead of 636-663 (bench/NOTES.md, session 6),
 * at the same speed. glibc reads the setting only at process start
 * (GLIBC_TUNABLES), hence the relaunch. Other systems (macOS, Windows, musl)
 * are left alone; DEEPCOLOR_NO_RELAUNCH=1 turns it off.
 */
import { spawn } from 'child_process';

export const MALLOC_TUNABLE = 'glibc.malloc.mmap_threshold=262144';

/**
 * In the relaunched process: when the launcher goes away (its channel closes), this stops as if
 * sent SIGTERM, so its clean-up (cleanup.ts) removes what it had started writing. The channel is
 * not let keep the process alive. Does nothing in a process not started by runRelaunched.
 */
export function stopWithLauncher(): void {
  const channel = (process as { channel?: { unref(): void } }).channel;
  if (!channel || typeof process.send !== 'function') return;
  channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

/**
 * The environment to relaunch with, or undefined where no relaunch is
 * wanted: not Linux, opted out, or the threshold is already set (by the
 * user, or because this is the relaunched process).
 */
export function tunedMallocEnv(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): NodeJS.ProcessEnv | undefined {
  if (platform !== 'linux' || env.DEEPCOLOR_NO_RELAUNCH === '1') return undefined;
  const current = env.GLIBC_TUNABLES ?? '';
  if (current.includes('glibc.malloc.mmap_threshold')) return undefined;
  return { ...env, GLIBC_TUNABLES: current ? `${current}:${MALLOC_TUNABLE}` : MALLOC_TUNABLE };
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `args` under this node with `env`, stdio shared, and settles with its
 * exit: the code it exited with, or the signal that ended it. Signals sent to
 * this process are passed on, so the child's own Ctrl-C clean-up (cleanup.ts)
 * runs whether the signal reached the whole process group or only this pid.
 * A channel to the child (`ipc`) closes when this process dies however it
 * dies (SIGKILL included, which cannot be passed on): the child then stops
 * itself (stopWithLauncher), instead of colouring a whole batch orphaned.
 */
export function runRelaunched(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, args, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve({ code, signal });
    });
  });
}
