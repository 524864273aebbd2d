import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CliError, EXIT_FAILURE, errnoCode, messageOf } from './errors';
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

/** The nearest ancestor of `p` (or `p`) that is there as a link whose target is not: mkdir -p cannot go through it. */
function brokenLink(p: string): { path: string; target: string } | undefined {
  for (let cur = p; ; cur = path.dirname(cur)) {
    let entry: fs.Stats | undefined;
    try {
      entry = fs.lstatSync(cur);
    } catch {
      // not there (or a file where a folder should be): look further up
    }
    if (entry) {
      if (!entry.isSymbolicLink() || fs.existsSync(cur)) return undefined;
      try {
        return { path: cur, target: fs.readlinkSync(cur) };
      } catch {
        return undefined; // gone meanwhile
      }
    }
    if (path.dirname(cur) === cur) return undefined;
  }
}

/**
 * The error to show for a failed write or folder creation, naming what is
 * in the way. The output folder may not exist yet (mkdir -p makes it), so
 * a refusal names the nearest folder that does: that is the one that
 * refused, and the one to fix.
 */
function notWritable(finalPath: string, dir: string, err: unknown): CliError {
  const code = errnoCode(err);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    const folder = nearestExisting(dir)?.path ?? dir;
    const making = folder === dir ? '' : `, so "${path.relative(folder, dir)}" cannot be made in it`;
    return new CliError(
      `Cannot write "${finalPath}": the folder "${folder}" is not writable (${code})${making}. ` +
        'Choose a writable output folder with -o, or fix its permissions.',
    );
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const link = brokenLink(dir);
    if (link) {
      return new CliError(
        `Cannot write "${finalPath}": "${link.path}" is a link to "${link.target}", which does not exist. ` +
          'Fix or remove the link, or choose another output folder with -o.',
      );
    }
    const blocker = nearestExisting(dir);
    const which = blocker && !blocker.stat.isDirectory() ? blocker.path : dir;
    return new CliError(
      `Cannot write "${finalPath}": "${which}" is a file, not a folder. ` +
        'Choose an output path inside a folder (or remove that file).',
    );
  }
  if (code === 'ENOENT') {
    const folder = nearestExisting(dir)?.path;
    return new CliError(
      `Cannot write "${finalPath}": the folder "${dir}" could not be made${folder ? ` in "${folder}"` : ''} (ENOENT). ` +
        'Check the path, or choose another output folder with -o.',
    );
  }
  // With the code kept: a folder run stops at these (every later page would fail the same way).
  if (code === 'ENOSPC') {
    return new CliError(`Cannot write "${finalPath}": the disk is full. Free some space or choose another output folder.`, EXIT_FAILURE, code);
  }
  if (code === 'EDQUOT') {
    return new CliError(`Cannot write "${finalPath}": your disk quota is used up. Free some space or choose another output folder.`, EXIT_FAILURE, code);
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

/**
 * Gives `tempPath` the permissions of the file it is about to replace, as
 * writing over a file in place would keep them (a page kept private stays
 * private). Done at commit, not at reservation: a read-only mode would
 * refuse the write into the temp file. Nothing to do for a new output.
 */
async function keepModeOf(finalPath: string, tempPath: string): Promise<void> {
  const existing = await fs.promises.stat(finalPath).catch(() => undefined);
  if (!existing?.isFile()) return;
  // A file system without Unix modes (FAT, some network shares) may refuse: the output is still written.
  await fs.promises.chmod(tempPath, existing.mode & 0o7777).catch(() => undefined);
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
    // 0o666 less the umask, as any program creates a file: a umask of 027 (files not for everyone) is honoured.
    const handle = await fs.promises.open(tempPath, 'wx', 0o666);
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
        await keepModeOf(finalPath, tempPath);
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
