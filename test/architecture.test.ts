/**
 * The import rules of the project, checked on the syntax tree of every file:
 * - the engine (src/model) imports only its own modules, plus onnxruntime
 *   types (the caller passes the runtime in); nothing from host, panel,
 *   webview, demo, cli, bench, no Node built-ins, no 'photoshop' or 'uxp';
 * - the engine uses no DOM, Node or UXP globals: it compiles with plain
 *   ES2022 plus the two globals every runtime it targets has;
 * - only the host adapter (src/host) and its fake (test/fakes) import
 *   'photoshop'.
 * The rules are first run on made-up files that break them, so a scanner
 * that silently sees nothing cannot pass.
 */
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import { importsOf, type ModuleImport } from './helpers/module-imports';
import { REPO_ROOT, repoFiles } from './helpers/repo-files';
import { compileScratch, type TscResult } from './helpers/tsc';

const ENGINE_DIR = 'src/model/';
/** Type-only: the ORT module itself is handed to createWebBackend by the caller. */
const ENGINE_TYPE_PACKAGES = new Set(['onnxruntime-common', 'onnxruntime-web']);
const PHOTOSHOP_ALLOWED = [/^src\/host\//, /^test\/fakes\//];
const NODE_BUILTINS = new Set(builtinModules);

function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

function isPhotoshop(specifier: string): boolean {
  return specifier === 'photoshop' || specifier.startsWith('photoshop/');
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]!);
}

/** Where a relative specifier points, as a repo path without extension. */
function resolveRelative(file: string, specifier: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

function engineImportViolations(file: string, imports: readonly ModuleImport[]): string[] {
  const problems: string[] = [];
  for (const { specifier, typeOnly, line } of imports) {
    const at = `${file}:${line} imports '${specifier}'`;
    if (isRelative(specifier)) {
      const target = resolveRelative(file, specifier);
      if (!`${target}/`.startsWith(ENGINE_DIR)) problems.push(`${at}, which is outside src/model (${target})`);
    } else if (isNodeBuiltin(specifier)) {
      problems.push(`${at}: a Node built-in (the engine also runs in browsers and UXP)`);
    } else if (isPhotoshop(specifier) || specifier === 'uxp') {
      problems.push(`${at}: only src/host talks to Photoshop/UXP`);
    } else if (!ENGINE_TYPE_PACKAGES.has(specifier)) {
      problems.push(`${at}: a package the engine does not depend on`);
    } else if (!typeOnly) {
      problems.push(`${at} as a value: the engine gets the ORT module from its caller, so only \`import type\` is allowed`);
    }
  }
  return problems;
}

function photoshopImportViolations(file: string, imports: readonly ModuleImport[]): string[] {
  if (PHOTOSHOP_ALLOWED.some((allowed) => allowed.test(file))) return [];
  return imports.filter((i) => isPhotoshop(i.specifier)).map((i) => `${file}:${i.line} imports '${i.specifier}': only src/host (and its fake) may`);
}

function scan(files: readonly string[], rule: (file: string, imports: readonly ModuleImport[]) => string[]): string[] {
  return files.flatMap((file) => rule(file, importsOf(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))));
}

describe('the import scanner', () => {
  it('sees every import form and marks the type-only ones', () => {
    const text = [
      '/// <reference types="i" />',
      "import { a } from './a';",
      "import type { B } from 'b';",
      "export { c } from '../c';",
      "export type { D } from 'd';",
      "import e = require('e');",
      "const f = require('f');",
      "const g = import('g');",
      "let h: import('h').H;",
      "const notAnImport = ['photoshop', require.resolve('j')];",
    ].join('\n');
    const found = importsOf('sample.ts', text).map(({ specifier, typeOnly }) => `${specifier}${typeOnly ? ' (type)' : ''}`);
    expect(found.sort()).toEqual(['./a', '../c', 'b (type)', 'd (type)', 'e', 'f', 'g', 'h (type)', 'i (type)'].sort());
  });
});

describe('the engine (src/model)', () => {
  const engineFiles = repoFiles(`${ENGINE_DIR}*.ts`);

  it.each([
    ["import { x } from '../host';", /outside src\/model \(src\/host\)/],
    ["import { x } from '../panel/panel-view';", /outside src\/model/],
    ["import { x } from '../../cli/native-backend';", /outside src\/model \(cli\/native-backend\)/],
    ["import { x } from '../../demo/main';", /outside src\/model/],
    ["import { x } from '..';", /outside src\/model \(src\)/],
    ["import * as fs from 'fs';", /Node built-in/],
    ["import { join } from 'path';", /Node built-in/],
    ["import { readFile } from 'node:fs/promises';", /Node built-in/],
    ["const { app } = require('photoshop');", /only src\/host/],
    ["import { storage } from 'uxp';", /only src\/host/],
    ["import sharp from 'sharp';", /does not depend on/],
    ["import * as ort from 'onnxruntime-web';", /only `import type`/],
  ])('rejects %s', (line, message) => {
    const problems = engineImportViolations('src/model/colorize.ts', importsOf('colorize.ts', line));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('allows its own modules and onnxruntime types', () => {
    const text = "import { a } from './tiling';\nimport type * as Ort from 'onnxruntime-common';\nexport type { InferenceSession } from 'onnxruntime-web';";
    expect(engineImportViolations('src/model/session.ts', importsOf('session.ts', text))).toEqual([]);
  });

  it('imports nothing from host, panel, webview, demo, cli, Node, Photoshop or UXP', () => {
    expect(engineFiles).toContain('src/model/index.ts');
    expect(scan(engineFiles, engineImportViolations)).toEqual([]);
  });

  it('uses no DOM, Node or UXP globals (compiles with ES2022 plus AbortSignal and performance.now)', () => {
    // What browsers, Node >= 20 and UXP all provide; anything else must be passed in by the caller.
    const portableGlobals = 'interface AbortSignal { readonly aborted: boolean; readonly reason: unknown }\ndeclare var performance: { now(): number };\n';
    const compile = (files: Record<string, string>, include: string[]): TscResult =>
      compileScratch('architecture', { 'portable-globals.d.ts': portableGlobals, ...files }, {
        extends: '../../tsconfig.base.json',
        compilerOptions: { lib: ['ES2022'], types: [], noEmit: true },
        files: ['portable-globals.d.ts', ...include],
      });

    // The check itself: a module that touches window, Buffer and fetch must not compile.
    const leaky = compile({ 'uses-globals.ts': 'export const leaks = [window.devicePixelRatio, Buffer.alloc(1), fetch];\n' }, ['uses-globals.ts']);
    expect(leaky.status).not.toBe(0);
    expect(leaky.output).toMatch(/Cannot find name 'window'/);

    const result = compile({}, engineFiles.map((file) => `../../${file}`));
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });
});

describe("who imports 'photoshop'", () => {
  it('rejects an import outside src/host and test/fakes, and allows one inside', () => {
    const text = "import { app } from 'photoshop';\nimport type { Layer } from 'photoshop/dom/Layer';";
    expect(photoshopImportViolations('src/panel/panel-view.ts', importsOf('panel-view.ts', text))).toHaveLength(2);
    expect(photoshopImportViolations('cli/index.ts', importsOf('index.ts', "const ps = require('photoshop');"))).toHaveLength(1);
    expect(photoshopImportViolations('src/host/photoshop-module.ts', importsOf('photoshop-module.ts', text))).toEqual([]);
  });

  it('is only src/host (and the fake under test/fakes)', () => {
    const sources = repoFiles('*.ts', '*.js', '*.mjs', '*.cjs');
    expect(sources).toEqual(expect.arrayContaining(['src/host/photoshop-module.ts', 'src/panel/index.ts', 'cli/main.ts']));
    expect(scan(sources, photoshopImportViolations)).toEqual([]);
  });
});
