import * as fs from 'fs';
import { stopLiveProgress } from './progress';

/**
 * Everything the CLI must remove if it stops early: temporary output files
 * and folders it created. Kept in one process-wide registry so a SIGINT
 * handler can clean up synchronously whatever step was running.
 */
const tempFiles = new Set<string>();
const createdDirs: string[] = [];

export function trackTempFile(file: string): void {
  tempFiles.add(file);
}

export function untrackTempFile(file: string): void {
  tempFiles.delete(file);
}

/** Folders created for output, outermost first; removed on failure only if still empty. */
export function trackCreatedDirs(dirs: readonly string[]): void {
  createdDirs.push(...dirs);
}

/** Outputs written under their final names so far (a folder run commits page by page). */
let committed = 0;

/** Forget created folders once something was successfully written into them; count the output. */
export function keepCreatedDirs(): void {
  createdDirs.length = 0;
  committed++;
}

export function removeTempFile(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // best effort: the file may already be gone or its folder unreadable
  }
  tempFiles.delete(file);
}

/** Synchronous, so it can run inside a signal handler before the process exits. */
export function cleanupAll(): void {
  for (const file of [...tempFiles]) removeTempFile(file);
  for (const dir of createdDirs.splice(0).reverse()) {
    try {
      fs.rmdirSync(dir); // fails (and is kept) unless empty
    } catch {
      // not empty or already gone
    }
  }
}

let installed = false;

/** 128 + the signal's number, as shells report it. */
const EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
type CleanupSignal = keyof typeof EXIT_CODES;

/**
 * On Ctrl-C / SIGTERM / SIGHUP: abort the run, remove temp files, exit 128+signal.
 * The abort callback lets the engine stop before its next tile; the exit
 * does not wait for it, because a native inference call cannot be interrupted.
 */
export function installSignalCleanup(onSignal: () => void): void {
  if (installed) return;
  installed = true;
  const handler = (signal: CleanupSignal): void => {
    onSignal();
    // The exit below skips the run's own clean-up: a bar left showing would leave the terminal with
    // no cursor and line wrapping off. Stopping it also ends its line, where the message goes next.
    const barStopped = stopLiveProgress();
    cleanupAll();
    // A folder run keeps the pages it finished; only the one in progress is not written.
    const kept = committed > 0 ? `the output in progress was not written; the ${committed} file(s) finished before it are kept` : 'no output written';
    process.stderr.write(`${barStopped ? '' : '\n'}Interrupted (${signal}); ${kept}.\n`);
    process.exit(EXIT_CODES[signal]);
  };
  // `on`, not `once`: a second signal (Ctrl-C reaches both the Linux launcher, which passes
  // it on, and this process; or a double Ctrl-C) must find the handler still installed,
  // since the default action would end the process in the middle of the clean-up.
  for (const signal of Object.keys(EXIT_CODES) as CleanupSignal[]) process.on(signal, () => handler(signal));
}
