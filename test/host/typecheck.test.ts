/**
 * jest runs TypeScript without type checking (isolatedModules), so the types
 * are checked here: the UXP-side code under its own tsconfig (UXP types, no
 * Node), the host tests and fakes under Node's, and a file of deliberate API
 * misuse must fail to compile against the fake and the host's Photoshop types.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

function tsc(project: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [TSC, '-p', project, '--noEmit'], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('types', () => {
  it('checks the UXP-side code with tsconfig.uxp.json (UXP and Photoshop types, no @types/node)', () => {
    const result = tsc('tsconfig.uxp.json');
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('tsconfig.uxp.json covers the host, the panel and the in-panel engine, without lib DOM, @types/node or the webview page', () => {
    const run = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.uxp.json', '--listFilesOnly'], { cwd: ROOT, encoding: 'utf8' });
    const files = run.stdout.split('\n').map((f) => path.relative(ROOT, f.trim()).split(path.sep).join('/'));
    for (const file of ['src/host/index.ts', 'src/panel/index.ts', 'src/panel/panel-view.ts', 'src/panel/webview-engine.ts', 'src/uxp-engine/wasm-colorizer.ts', 'types/uxp-runtime.d.ts']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.startsWith('src/webview/'))).toEqual([]);
    expect(files.filter((f) => /lib\.dom\.d\.ts$|@types\/node\//.test(f))).toEqual([]);
  });

  it('checks the webview page with tsconfig.webview.json (a browser: lib DOM)', () => {
    const result = tsc('tsconfig.webview.json');
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('rejects browser-only code in the UXP context (no Worker, no abort events, no append(), TextDecoder unchecked)', () => {
    const dir = path.join(ROOT, 'test-output/uxp-typecheck');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'browser-only.ts'),
      [
        'export function browserOnly(signal: AbortSignal, root: HTMLElement, bytes: Uint8Array): void {',
        "  const worker = new Worker('engine.js');", // UXP has no Web Workers
        "  signal.addEventListener('abort', () => undefined);", // UXP's AbortSignal has no events
        '  root.append(root);', // not in UXP's DOM reference (appendChild is)
        '  new TextDecoder().decode(bytes);', // undocumented in UXP: feature-detect first
        '  requestAnimationFrame(() => undefined);', // not declared for UXP
        '  void worker;',
        '}',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../tsconfig.uxp.json', include: ['browser-only.ts', '../../types/uxp-runtime.d.ts'] }),
    );
    const result = tsc(path.relative(ROOT, path.join(dir, 'tsconfig.json')));
    expect(result.status).not.toBe(0);
    const lines = result.output.split('\n').filter((line) => line.includes('browser-only.ts('));
    expect(new Set(lines.map((line) => /browser-only\.ts\((\d+),/.exec(line)?.[1]))).toEqual(new Set(['2', '3', '4', '5', '6']));
  });

  it('checks the host tests and the fakes against the host Photoshop types', () => {
    const result = tsc('test/host/tsconfig.json');
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('checks the panel and packaging tests (test/uxp) with the panel sources they import', () => {
    const result = tsc('test/uxp/tsconfig.json');
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('rejects misuse of the Photoshop API in code typed like the fake', () => {
    const dir = path.join(ROOT, 'test-output/host-typecheck');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'misuse.ts'),
      [
        "import { createFakePhotoshop } from '../../test/fakes/photoshop';",
        'async function misuse(): Promise<void> {',
        '  const ps = createFakePhotoshop().module;',
        '  const doc = ps.app.activeDocument!;',
        "  await ps.imaging!.getPixels({ layerID: 'Lineart' });", // ids are numbers
        "  doc.layers[0].move(doc.layers[1], 'above');", // not an ElementPlacement value
        "  await doc.createPixelLayer({ blendMode: 'multiplied' });", // not a BlendMode value
        "  if (doc.mode === 'RGB') return;", // modes are 'RGBColorMode', ...
        '  doc.layers[0].rasterize();', // not in the host API: must be added (and checked) there first
        '}',
        'export { misuse };',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: { types: ['node'], noEmit: true, ignoreDeprecations: '6.0' },
        files: ['misuse.ts'],
      }),
    );
    const result = tsc(path.relative(ROOT, path.join(dir, 'tsconfig.json')));
    expect(result.status).not.toBe(0);
    const lines = result.output.split('\n').filter((line) => line.includes('misuse.ts('));
    // One error per misuse line (5..9), and none elsewhere.
    expect(new Set(lines.map((line) => /misuse\.ts\((\d+),/.exec(line)?.[1]))).toEqual(new Set(['5', '6', '7', '8', '9']));
  });
});
