import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CliError, errnoCode, messageOf } from './errors';
import { keepCreatedDirs, removeTempFile, trackCreatedDirs, trackTempFile, untrackTempFile } from './cleanup';

/**
 * An output file that does not exist yet. Data goes to a hidden temporary
 * file in the target folder (same file system, so the final rename is
 * atomic); only `commit` makes it visible under its real name. Reserving it
 * early checks that the folder is writable before any slow work starts.
 */
export interface PendingOutput {
  readonly finalPath: string;
  readonly tempPath: string;
  write(data: Uint8Array): Promise<void>;
  commit(): Promise<void>;
  discard(): void;
}

/** The nearest ancestor of `p` that exists, or undefined. */
function nearestExisting(p: string): { path: string; stat: fs.Stats } | undefined {
  let cur = p;
  for (;;) {
    try {
      return { path: cur, stat: fs.statSync(cur) };
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return undefined;
      cur = parent;
    }
  }
}

function notWritable(finalPath: string, dir: string, err: unknown): CliError {
  const code = errnoCode(err);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new CliError(
      `Cannot write "${finalPath}": the folder "${dir}" is not writable (${code}). ` +
        'Choose a writable output folder with -o, or fix its permissions.',
    );
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const blocker = nearestExisting(dir);
    const which = blocker && !blocker.stat.isDirectory() ? blocker.path : dir;
    return new CliError(
      `Cannot write "${finalPath}": "${which}" is a file, not a folder. ` +
        'Choose an output path inside a folder (or remove that file).',
    );
  }
  if (code === 'ENOSPC') {
    return new CliError(`Cannot write "${finalPath}": the disk is full. Free some space or choose another output folder.`);
  }
  return new CliError(`Cannot write "${finalPath}": ${messageOf(err)}. Choose another output path with -o.`);
}

/** Folders mkdir -p would create for `dir`, outermost first. */
function missingDirs(dir: string): string[] {
  const missing: string[] = [];
  let cur = dir;
  while (!fs.existsSync(cur)) {
    missing.unshift(cur);
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  return missing;
}

/** Whether a process of this id runs (EPERM: it does, as another user's). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}

/** A temp file younger than this is left alone even if its process looks gone: on a shared folder the pid may be another machine's. */
const STALE_TEMP_AGE_MS = 10 * 60 * 1000;

/**
 * Removes the temporary files of `base` that an earlier run left in `dir`
 * when it was killed outright (kill -9, a power cut: no handler runs), as
 * their names say: `.NAME.<pid>-<random>.tmp` of a process that no longer
 * runs, untouched for STALE_TEMP_AGE_MS. A live process's files (a batch in
 * another terminal) are left alone.
 */
function removeStaleTemps(dir: string, base: string): void {
  const prefix = `.${base}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const match = /^(\d+)-[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    try {
      const file = path.join(dir, name);
      if (Date.now() - fs.statSync(file).mtimeMs < STALE_TEMP_AGE_MS) continue;
      fs.unlinkSync(file);
    } catch {
      // Gone already, or not ours to remove: nothing to do.
    }
  }
}

export async function reserveOutput(outPath: string): Promise<PendingOutput> {
  const finalPath = path.resolve(outPath);
  const dir = path.dirname(finalPath);
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(finalPath, { throwIfNoEntry: false });
  } catch (err) {
    throw notWritable(outPath, dir, err); // ENOTDIR: a file where a folder should be
  }
  if (existing?.isDirectory()) {
    throw new CliError(`Cannot write "${outPath}": it is a folder. Give a file name, e.g. -o ${path.join(outPath, 'page.png')}.`);
  }

  const toCreate = missingDirs(dir);
  try {
    await fs.promises.mkdir(dir, { recursive: true });
  } catch (err) {
    throw notWritable(outPath, dir, err);
  }
  trackCreatedDirs(toCreate);
  removeStaleTemps(dir, path.basename(finalPath));

  const tempPath = path.join(dir, `.${path.basename(finalPath)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  // Tracked before it exists: a Ctrl-C between the file appearing and the await returning must
  // still remove it (removal tolerates a file that was never made).
  trackTempFile(tempPath);
  try {
    const handle = await fs.promises.open(tempPath, 'wx', 0o644);
    await handle.close();
  } catch (err) {
    untrackTempFile(tempPath);
    throw notWritable(outPath, dir, err);
  }

  return {
    finalPath,
    tempPath,
    async write(data: Uint8Array): Promise<void> {
      try {
        // 'r+': write into the reserved (empty) file, never create it. A Ctrl-C handler removes
        // temp files synchronously while this write may still be queued on libuv's thread pool;
        // with 'w' that late open re-created the file and left it (and its folder) behind.
        await fs.promises.writeFile(tempPath, data, { flag: 'r+' });
      } catch (err) {
        throw notWritable(outPath, dir, err);
      }
    },
    async commit(): Promise<void> {
      try {
        await fs.promises.rename(tempPath, finalPath);
      } catch (err) {
        throw notWritable(outPath, dir, err);
      }
      untrackTempFile(tempPath);
      keepCreatedDirs();
    },
    discard(): void {
      removeTempFile(tempPath);
    },
  };
}
