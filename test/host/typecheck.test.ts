/**
 * test/typecheck.test.ts runs tsc on every tsconfig (tsconfig.uxp.json,
 * tsconfig.webview.json, test/host and test/uxp included). This file checks
 * that those configs are the right ones: tsconfig.uxp.json sees the UXP-side
 * code without lib DOM or Node, and deliberate misuse of UXP-missing browser
 * APIs or of the Photoshop API fails to compile.
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
  it('tsconfig.uxp.json covers the host, the panel and the in-panel engine, without lib DOM, @types/node or the webview page', () => {
    const run = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.uxp.json', '--listFilesOnly'], { cwd: ROOT, encoding: 'utf8' });
    const files = run.stdout.split('\n').map((f) => path.relative(ROOT, f.trim()).split(path.sep).join('/'));
    for (const file of ['src/host/index.ts', 'src/panel/index.ts', 'src/panel/panel-view.ts', 'src/panel/webview-engine.ts', 'src/uxp-engine/wasm-colorizer.ts', 'types/uxp-runtime.d.ts']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.startsWith('src/webview/'))).toEqual([]);
    expect(files.filter((f) => /lib\.dom\.d\.ts$|@types\/node\//.test(f))).toEqual([]);
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
