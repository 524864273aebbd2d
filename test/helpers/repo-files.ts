/**
 * The repo's own files: tracked plus untracked-but-not-ignored (so a file
 * not yet committed is seen too), without build output, bundles or scratch.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

const NOT_SOURCE = /^(node_modules|build|dist|out|plugin|coverage|test-output|training\/work)\//;

/** A path as 'src/model/index.ts': relative to the repo root, forward slashes. */
export function toRepoPath(file: string): string {
  return path.relative(REPO_ROOT, path.resolve(REPO_ROOT, file.trim())).split(path.sep).join('/');
}

/** Repo paths matching a git pathspec glob such as '*.ts'. */
export function repoFiles(...patterns: string[]): string[] {
  const run = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...patterns], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ls-files failed: ${run.stderr}`);
  const files = run.stdout.split('\n').filter(Boolean).map(toRepoPath);
  return [...new Set(files)].filter((file) => !NOT_SOURCE.test(file) && fs.existsSync(path.join(REPO_ROOT, file)));
}
