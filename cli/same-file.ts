import * as fs from 'fs';
import * as path from 'path';

/**
 * Whether two paths name one file: the same path once resolved, or, where
 * both exist, the same file on disk (a symlink or hard link to it, or
 * another spelling on a case-insensitive file system, as on macOS and
 * Windows: `Page.png` and `page.png`). Used to refuse writing over an input.
 */
export function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    // bigint: Windows file ids do not fit a double (nodejs/node#12115); an id of 0 (some file systems) says nothing.
    const [first, second] = [fs.statSync(a, { bigint: true }), fs.statSync(b, { bigint: true })];
    return first.ino !== 0n && first.dev === second.dev && first.ino === second.ino;
  } catch {
    return false; // one of them does not exist (yet): nothing to overwrite
  }
}
