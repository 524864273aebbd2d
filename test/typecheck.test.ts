/**
 * jest transpiles without type checking (ts-jest, isolatedModules) and the
 * bundles use ts-loader with transpileOnly, so nothing else in `npm test`
 * would notice a type error. This runs tsc on every tsconfig in the repo and
 * checks that every TypeScript file is covered by at least one of them, so a
 * new folder cannot silently fall outside type checking.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT as ROOT, repoFiles, toRepoPath } from './helpers/repo-files';
import { runTsc } from './helpers/tsc';

/** Configs that name their own files; tsconfig.base.json and tsconfig.test.json only hold shared options. */
function projectConfigs(): string[] {
  return repoFiles('*tsconfig*.json').filter((file) => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { include?: unknown; files?: unknown };
    return config.include !== undefined || config.files !== undefined;
  });
}

interface TscRun {
  readonly status: number | null;
  readonly errors: string;
  readonly files: string[];
}

function typecheck(config: string): TscRun {
  const run = runTsc(['-p', config, '--noEmit', '--listFiles']);
  const lines = run.output.split('\n').filter(Boolean);
  // --listFiles prints absolute paths; everything else is a diagnostic.
  const listed = lines.filter((line) => path.isAbsolute(line.trim()));
  return { status: run.status, errors: lines.filter((line) => !path.isAbsolute(line.trim())).join('\n'), files: listed.map(toRepoPath) };
}

const configs = projectConfigs();
const runs = new Map<string, TscRun>();

beforeAll(() => {
  for (const config of configs) runs.set(config, typecheck(config));
}, 600_000);

describe('type checking', () => {
  it('finds the project tsconfigs (root, build, UXP, webview, plugin bundle, demo, test folders)', () => {
    expect(configs).toEqual(
      expect.arrayContaining(['tsconfig.json', 'tsconfig.build.json', 'tsconfig.uxp.json', 'tsconfig.webview.json', 'tsconfig.plugin.json', 'demo/tsconfig.json']),
    );
  });

  it.each(configs)('%s type-checks without errors', (config) => {
    const run = runs.get(config)!;
    expect(run.errors).toBe('');
    expect(run.status).toBe(0);
  });

  it('covers every TypeScript file in the repo with at least one tsconfig', () => {
    const covered = new Set([...runs.values()].flatMap((run) => run.files));
    const uncovered = repoFiles('*.ts').filter((file) => !covered.has(file));
    expect(uncovered).toEqual([]);
  });
});
