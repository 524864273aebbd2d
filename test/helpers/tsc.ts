/**
 * Runs the repo's TypeScript compiler. jest (ts-jest, isolatedModules) and
 * the bundles (ts-loader, transpileOnly) do not type-check, so the type
 * tests call tsc themselves.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './repo-files';

const TSC = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

export interface TscResult {
  readonly status: number | null;
  /** stdout and stderr together: diagnostics, and file lists when asked for. */
  readonly output: string;
}

export function runTsc(args: readonly string[]): TscResult {
  const run = spawnSync(process.execPath, [TSC, ...args], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/**
 * Writes `files` and a tsconfig.json into test-output/<name>/ and compiles
 * them; paths inside `tsconfig` are relative to that folder (so the repo
 * root is '../..').
 */
export function compileScratch(name: string, files: Record<string, string>, tsconfig: object): TscResult {
  const dir = path.join(REPO_ROOT, 'test-output', name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  return runTsc(['-p', path.join(dir, 'tsconfig.json')]);
}

/** The line numbers that have errors in `file`, e.g. new Set(['5', '6']). */
export function errorLines(result: TscResult, file: string): Set<string> {
  const pattern = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\((\\d+),`);
  return new Set(result.output.split('\n').flatMap((line) => pattern.exec(line)?.[1] ?? []));
}
