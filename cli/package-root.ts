import * as fs from 'fs';
import * as path from 'path';

/**
 * The deepcolor package root (where assets/ lives). Found by walking up from
 * this compiled file rather than hard-coding build/cli/.., so the layout of
 * build/ can change without breaking model lookup.
 */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown };
        if (pkg.name === 'deepcolor') return dir;
      } catch {
        // an unreadable package.json further down is not ours: keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(__dirname, '..', '..');
    dir = parent;
  }
}
