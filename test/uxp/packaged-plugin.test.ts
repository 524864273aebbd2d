/**
 * The packaged plugin as Photoshop would get it: `npm run package`'s build
 * (dist/deepcolor.ccx and the folder inside it), its UXP bundle loaded in a
 * UXP-like profile (test/uxp/uxp-sandbox.ts) and driven through the panel's
 * controller on the fake Photoshop, with the real model on onnxruntime-web
 * WASM read from the package through plugin:/ paths.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createFakePhotoshop, type FakePhotoshop } from '../fakes/photoshop';
import { describeMissingUxpFeatures } from '../fakes/uxp';
import { createUxpSandbox, runBundle, type UxpSandbox } from './uxp-sandbox';
import { readZip, type ZipEntry } from './zip-reader';
import type { PanelController } from '../../src/panel/panel-controller';

interface PackageResult {
  outDir: string;
  files: string[];
  ccxPath: string | null;
  ccxBytes: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packagePlugin } = require('../../scripts/package-plugin.js') as { packagePlugin(options: { outDir: string; ccxPath: string }): Promise<PackageResult> };

const WORK = path.resolve(__dirname, '../../test-output/uxp-package');
const REPO = path.resolve(__dirname, '../..');

const EXPECTED_FILES = [
  'manifest.json',
  'index.html',
  'index.js',
  'icons/icon-dark.png',
  'icons/icon-dark@2x.png',
  'icons/icon-light.png',
  'icons/icon-light@2x.png',
  'ort/ort-wasm-simd-threaded.wasm',
  'webview/index.html',
  'webview/webview.js',
  'webview/ort-wasm-simd-threaded.asyncify.wasm',
  'assets/deepcolor.onnx',
  'assets/deepcolor.json',
];

let built: PackageResult;

beforeAll(async () => {
  built = await packagePlugin({ outDir: path.join(WORK, 'plugin'), ccxPath: path.join(WORK, 'deepcolor.ccx') });
}, 300_000);

describe('the .ccx package', () => {
  let entries: ZipEntry[];
  beforeAll(() => {
    entries = readZip(fs.readFileSync(built.ccxPath!));
  });

  it('has manifest.json at the zip root and every file the plugin loads', () => {
    const names = entries.map((e) => e.name);
    expect(names).toContain('manifest.json');
    for (const file of EXPECTED_FILES) expect(names).toContain(file);
    expect(names.every((n) => !n.startsWith('/') && !n.includes('\\'))).toBe(true);
  });

  it('carries the repository manifest and the exact model and WASM binaries', () => {
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(JSON.parse(byName.get('manifest.json')!.read().toString('utf8'))).toEqual(JSON.parse(fs.readFileSync(path.join(REPO, 'manifest.json'), 'utf8')));
    expect(byName.get('assets/deepcolor.onnx')!.read().equals(fs.readFileSync(path.join(REPO, 'assets/deepcolor.onnx')))).toBe(true);
    const ortDist = path.dirname(require.resolve('onnxruntime-web'));
    expect(byName.get('ort/ort-wasm-simd-threaded.wasm')!.read().equals(fs.readFileSync(path.join(ortDist, 'ort-wasm-simd-threaded.wasm')))).toBe(true);
  });

  it('points every manifest path (main, icons in both themes and @2x) at a packaged file', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'manifest.json'), 'utf8')) as {
      manifestVersion: number;
      main: string;
      host: { app: string; minVersion: string; data: unknown };
      entrypoints: Array<{ type: string; id: string; icons: Array<{ path: string; scale: number[]; theme: string[] }> }>;
      icons: Array<{ path: string; scale: number[] }>;
      requiredPermissions: Record<string, unknown>;
    };
    expect(manifest.manifestVersion).toBe(5);
    // One host object (an array is for development only; the marketplace takes one), loaded at
    // Photoshop's start, so recorded Actions find their handler with the panel never opened.
    expect(manifest.host).toEqual({ app: 'PS', minVersion: '25.0.0', data: { apiVersion: 2, loadEvent: 'startup' } });
    const panels = manifest.entrypoints.filter((e) => e.type === 'panel');
    expect(panels.map((p) => p.id)).toEqual(['deepcolorPanel']);
    const names = new Set(entries.map((e) => e.name));
    expect(names.has(manifest.main)).toBe(true);
    for (const icon of [...panels[0].icons, ...manifest.icons]) {
      expect(names.has(icon.path)).toBe(true);
      if (icon.scale.includes(2)) expect(names.has(icon.path.replace(/\.png$/, '@2x.png'))).toBe(true);
    }
    const themes = panels[0].icons.flatMap((i) => i.theme);
    expect(themes).toEqual(expect.arrayContaining(['light', 'dark']));
    // Least privilege: the plugin folder and a local webview, no network.
    expect(Object.keys(manifest.requiredPermissions).sort()).toEqual(['localFileSystem', 'webview']);
    expect(manifest.requiredPermissions.localFileSystem).toBe('plugin');
    expect(manifest.requiredPermissions.webview).toMatchObject({ allow: 'yes', domains: [], allowLocalRendering: 'yes' });
  });
});

describe('the UXP bundle (dist/plugin/index.js) as built', () => {
  let code: string;
  beforeAll(() => {
    code = fs.readFileSync(path.join(built.outDir, 'index.js'), 'utf8');
  });

  it('contains no import.meta, no dynamic import(), no new Worker and no eval', () => {
    expect(code).not.toMatch(/import\.meta/);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toMatch(/new\s+Worker\s*\(/);
    expect(code).not.toMatch(/new Function\(|\beval\(/);
  });

  it('requires only the modules UXP provides', () => {
    const required = new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]));
    expect([...required].every((name) => ['photoshop', 'uxp', 'fs', 'os'].includes(name))).toBe(true);
    expect(required.has('photoshop')).toBe(true);
  });
});

describe('the UXP bundle in a UXP-like profile', () => {
  let photoshop: FakePhotoshop;
  let sandbox: UxpSandbox;

  beforeAll(() => {
    photoshop = createFakePhotoshop();
    sandbox = createUxpSandbox({ pluginFolder: built.outDir, photoshop });
    runBundle(sandbox, path.join(built.outDir, 'index.js'));
  });

  it('runs in a context without Worker, SharedArrayBuffer, navigator.gpu, fetch, or dynamic import()', async () => {
    expect(describeMissingUxpFeatures(sandbox.evaluate<Record<string, unknown>>('globalThis'))).toEqual({
      worker: true,
      sharedArrayBuffer: true,
      webgpu: true,
    });
    expect(sandbox.evaluate<string>('typeof fetch')).toBe('undefined');
    await expect(sandbox.evaluate<Promise<unknown>>('import("./ort-wasm-simd-threaded.mjs")')).rejects.toThrow();
  });

  it('registers the deepcolorPanel entrypoint and the Action playback handler at load', () => {
    const config = sandbox.uxp.entrypoints.config as { panels: Record<string, { show?: unknown; create?: unknown }> };
    expect(Object.keys(config.panels)).toEqual(['deepcolorPanel']);
    expect(typeof config.panels.deepcolorPanel.show).toBe('function');
    expect(sandbox.evaluate<string>('typeof globalThis.deepcolorPlayback')).toBe('function');
    expect(sandbox.required).toEqual(expect.arrayContaining(['photoshop', 'uxp']));
  });

  it('loads the real model on WASM before the first Colorize (what the panel does after it shows), touching no document', async () => {
    const opened = photoshop.control.openDocument({
      title: 'page-000',
      width: 32,
      height: 32,
      layers: [{ name: 'Lineart', pixels: { left: 0, top: 0, width: 32, height: 32, fill: [255, 255, 255, 255] } }],
      selected: ['Lineart'],
    });
    const historyBefore = photoshop.control.historyNames(opened.id);
    const panel = sandbox.global<{ controller: PanelController }>('deepcolorPanel');
    expect(panel.controller.getState().engine).toEqual({ state: 'notLoaded' });
    await panel.controller.prepareEngine();
    const engine = panel.controller.getState().engine;
    expect(engine).toMatchObject({ state: 'ready', backend: 'wasm' });
    expect(engine.state === 'ready' && engine.fallbackReason).toMatch(/webview|panel is not open/i);
    expect(panel.controller.getState().lastRun).toBeNull();
    expect(photoshop.control.historyNames(opened.id)).toEqual(historyBefore);
    expect(photoshop.control.documentState(opened.id).layers.map((l) => l.name)).toEqual(['Lineart']);
  });

  it('colorizes through the panel on WASM: one new coloured layer above the source layers, one history step', async () => {
    const W = 96;
    const H = 64;
    const line = new Uint8Array(W * H * 4);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const ink = x % 24 < 2 || y % 20 < 2;
        line.set(ink ? [0, 0, 0, 255] : [255, 255, 255, 255], (y * W + x) * 4);
      }
    }
    const opened = photoshop.control.openDocument({
      title: 'page-001',
      width: W,
      height: H,
      layers: [
        { name: 'hint', pixels: { left: 8, top: 8, width: 30, height: 20, fill: [230, 60, 40, 255] } },
        { name: 'Lineart', pixels: { left: 0, top: 0, width: W, height: H, data: line } },
      ],
      selected: ['Lineart'],
    });
    const historyBefore = photoshop.control.historyNames(opened.id).length;
    const panel = sandbox.global<{ controller: PanelController }>('deepcolorPanel');

    panel.controller.refreshDocument();
    expect(panel.controller.getState().document?.title).toBe('page-001');
    expect(panel.controller.getState().blocker).toBeNull();
    const progress: number[] = [];
    const unsubscribe = panel.controller.subscribe((s) => {
      if (s.run.phase === 'running') progress.push(s.run.fraction);
    });
    const outcome = await panel.controller.colorize();
    unsubscribe();

    const state = panel.controller.getState();
    expect(state.runMessage).toBeNull();
    expect(outcome).toBeDefined();
    // "Use GPU" is on by default; without a webview the panel falls back to WASM and says why.
    expect(state.lastRun?.backend).toBe('wasm');
    expect(state.lastRun?.fallbackReason).toMatch(/webview|panel is not open/i);
    expect(progress[progress.length - 1]).toBe(1);

    const doc = photoshop.control.documentState(opened.id);
    const names = doc.layers.map((l) => l.name);
    // Directly above the topmost source layer (here the hint layer); the user's layers untouched.
    expect(names).toEqual(['Deepcolor', 'hint', 'Lineart']);
    expect(photoshop.control.historyNames(opened.id).length).toBe(historyBefore + 1);
    const result = doc.layers[0].pixels!;
    let coloured = 0;
    for (let i = 0; i < result.data.length; i += 4) {
      const [r, g, b, a] = [result.data[i], result.data[i + 1], result.data[i + 2], result.data[i + 3]];
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 8) coloured++;
    }
    expect(coloured).toBeGreaterThan(0);
    expect(photoshop.control.liveImageDataCount()).toBe(0);

    // Relight: the packaged contract read through plugin:/, the shading made in the panel's own context.
    panel.controller.updateSettings({ light: 'top-left' });
    expect(panel.controller.getState().relightBlocker).toBeNull();
    const relit = await panel.controller.relight();
    expect(panel.controller.getState().runMessage).toBeNull();
    expect(relit?.created).toBe(true);
    const after = photoshop.control.documentState(opened.id);
    expect(after.layers.map((l) => l.name)).toEqual(['Deepcolor shading', 'Deepcolor', 'hint', 'Lineart']);
    expect(after.layers[0].blendMode).toBe('multiply');
    expect(photoshop.control.historyNames(opened.id).length).toBe(historyBefore + 2);
    const shading = after.layers[0].pixels!.data;
    let darkened = 0;
    for (let i = 0; i < shading.length; i += 4) if (shading[i] < 250) darkened++;
    expect(darkened).toBeGreaterThan(0);
    expect(photoshop.control.liveImageDataCount()).toBe(0);

    // Flats, from the same packaged contract: a layer above the sources, one more history step.
    const flats = await panel.controller.flats();
    expect(panel.controller.getState().runMessage).toBeNull();
    const withFlats = photoshop.control.documentState(opened.id);
    expect(withFlats.layers.map((l) => l.name)).toEqual(['Deepcolor shading', 'Deepcolor', 'Deepcolor flats', 'hint', 'Lineart']);
    expect(withFlats.layers[2].id).toBe(flats?.layerId);
    expect(photoshop.control.historyNames(opened.id).length).toBe(historyBefore + 3);
    const flatPixels = withFlats.layers[2].pixels!.data;
    const colours = new Set<number>();
    for (let i = 0; i < flatPixels.length; i += 4) if (flatPixels[i + 3] === 255) colours.add((flatPixels[i] << 16) | (flatPixels[i + 1] << 8) | flatPixels[i + 2]);
    expect(colours.size).toBeGreaterThan(3); // the grid's cells: one flat each (the hint's red among them)
    expect(photoshop.control.liveImageDataCount()).toBe(0);
  });
});
