/**
 * The engine really runs on WebGPU: Debian's Chromium with SwiftShader
 * WebGPU (CPU-emulated, so 64 x 64 only), the engine bundled with
 * onnxruntime-web's WebGPU build (test/browser/webpack.config.js), served
 * from 127.0.0.1 with COOP/COEP. Same page, same input on WASM: the two
 * must agree within 2 levels of 255 per channel (float32 kernels differ in
 * summation order; measured max 1).
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import type { Browser, Page } from 'playwright-core';
import type { EngineTestResult } from '../browser/engine-page';
import { CONTRACT_PATH, MODEL_PATH, REPO_ROOT } from '../helpers/engine';
import { collectPageLog, launchChromium } from '../helpers/chromium';
import { startStaticServer, type StaticServer } from '../helpers/static-server';

const OUT_DIR = path.join(REPO_ROOT, 'test-output/browser-engine');
const SIZE = 64;
const TOLERANCE = 2;

async function buildPage(): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'node_modules/webpack/bin/webpack.js'), '--config', 'test/browser/webpack.config.js'], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
}

async function openPage(browser: Browser, server: StaticServer): Promise<{ page: Page; log: string[] }> {
  const page = await browser.newPage();
  const log = collectPageLog(page);
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  return { page, log };
}

async function runEngine(page: Page, log: string[], prefer: 'webgpu' | 'wasm' | 'auto'): Promise<EngineTestResult> {
  try {
    return await page.evaluate(([p, s]) => window.deepcolorEngineTest(p, s), [prefer, SIZE] as const);
  } catch (err) {
    throw new Error(`${(err as Error).message}\npage log:\n${log.join('\n')}`);
  }
}

describe('engine in Chromium', () => {
  let server: StaticServer;
  beforeAll(async () => {
    await buildPage();
    server = await startStaticServer(OUT_DIR, { routes: { '/deepcolor.onnx': MODEL_PATH, '/deepcolor.json': CONTRACT_PATH } });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  describe('with SwiftShader WebGPU', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium({ webgpu: true });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("colorizes on the WebGPU backend ('auto' picks it) and agrees with WASM on the same page", async () => {
      const { page, log } = await openPage(browser, server);
      // 'auto' would fall back to WASM if WebGPU failed, so backend === 'webgpu' proves it ran there.
      const gpu = await runEngine(page, log, 'auto');
      const wasm = await runEngine(page, log, 'wasm');
      expect(gpu.crossOriginIsolated).toBe(true);
      expect(gpu.backend).toBe('webgpu');
      expect(wasm.backend).toBe('wasm');
      expect([gpu.width, gpu.height]).toEqual([SIZE, SIZE]);
      expect(gpu.progressFractions[gpu.progressFractions.length - 1]).toBe(1);
      let worst = 0;
      let sum = 0;
      for (let i = 0; i < gpu.pixels.length; i++) {
        const d = Math.abs(gpu.pixels[i] - wasm.pixels[i]);
        worst = Math.max(worst, d);
        sum += d;
      }
      // Not a blank image on either path: colour varies across the page.
      expect(new Set(gpu.pixels.filter((_, i) => i % 4 === 0)).size).toBeGreaterThan(20);
      if (process.env.DEEPCOLOR_TEST_VERBOSE) console.log(`webgpu vs wasm: max ${worst}, mean ${sum / gpu.pixels.length}`);
      expect(worst).toBeLessThanOrEqual(TOLERANCE);
      expect(sum / gpu.pixels.length).toBeLessThan(0.5);
    });
  });

  describe('without WebGPU', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium({ webgpu: false });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("falls back to WASM on 'auto' and refuses a forced WebGPU run with a clear error", async () => {
      const { page, log } = await openPage(browser, server);
      expect((await runEngine(page, log, 'auto')).backend).toBe('wasm');
      await expect(runEngine(page, log, 'webgpu')).rejects.toThrow(/WebGPU was requested but is not available/);
    });
  });
});
