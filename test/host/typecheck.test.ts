/**
 * test/typecheck.test.ts runs tsc on every tsconfig (tsconfig.uxp.json,
 * tsconfig.webview.json, test/host and test/uxp included). This file checks
 * that those configs are the right ones: tsconfig.uxp.json sees the UXP-side
 * code without lib DOM or Node, and deliberate misuse of UXP-missing browser
 * APIs or of the Photoshop API fails to compile.
 */
import { toRepoPath } from '../helpers/repo-files';
import { compileScratch, errorLines, runTsc } from '../helpers/tsc';

describe('types', () => {
  it('tsconfig.uxp.json covers the host, the panel and the in-panel engine, without lib DOM, @types/node or the webview page', () => {
    const files = runTsc(['-p', 'tsconfig.uxp.json', '--listFilesOnly']).output.split('\n').filter(Boolean).map(toRepoPath);
    for (const file of ['src/host/index.ts', 'src/panel/index.ts', 'src/panel/panel-view.ts', 'src/panel/webview-engine.ts', 'src/uxp-engine/wasm-colorizer.ts', 'types/uxp-runtime.d.ts']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.startsWith('src/webview/'))).toEqual([]);
    expect(files.filter((f) => /lib\.dom\.d\.ts$|@types\/node\//.test(f))).toEqual([]);
  });

  it('rejects browser-only code in the UXP context (no Worker, no abort events, no append(), TextDecoder unchecked)', () => {
    const browserOnly = [
      'export function browserOnly(signal: AbortSignal, root: HTMLElement, bytes: Uint8Array): void {',
      "  const worker = new Worker('engine.js');", // UXP has no Web Workers
      "  signal.addEventListener('abort', () => undefined);", // UXP's AbortSignal has no events
      '  root.append(root);', // not in UXP's DOM reference (appendChild is)
      '  new TextDecoder().decode(bytes);', // undocumented in UXP: feature-detect first
      '  requestAnimationFrame(() => undefined);', // not declared for UXP
      '  void worker;',
      '}',
      '',
    ].join('\n');
    const result = compileScratch(
      'uxp-typecheck',
      { 'browser-only.ts': browserOnly },
      { extends: '../../tsconfig.uxp.json', include: ['browser-only.ts', '../../types/uxp-runtime.d.ts'] },
    );
    expect(result.status).not.toBe(0);
    expect(errorLines(result, 'browser-only.ts')).toEqual(new Set(['2', '3', '4', '5', '6']));
  });

  it('rejects misuse of the Photoshop API in code typed like the fake', () => {
    const misuse = [
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
    ].join('\n');
    const result = compileScratch(
      'host-typecheck',
      { 'misuse.ts': misuse },
      { extends: '../../tsconfig.base.json', compilerOptions: { types: ['node'], noEmit: true, ignoreDeprecations: '6.0' }, files: ['misuse.ts'] },
    );
    expect(result.status).not.toBe(0);
    // One error per misuse line (5..9), and none elsewhere.
    expect(errorLines(result, 'misuse.ts')).toEqual(new Set(['5', '6', '7', '8', '9']));
  });
});
