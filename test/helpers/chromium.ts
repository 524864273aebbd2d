/**
 * Debian's Chromium (/usr/bin/chromium) driven by playwright-core, headless.
 * Stable: the demo and plugin tests use it.
 *
 *   const browser = await launchChromium({ webgpu: true });   // SwiftShader WebGPU (CPU, slow: keep inputs small)
 *   const browser = await launchChromium({ webgpu: false });  // no WebGPU at all (navigator.gpu gives no adapter)
 *   ...
 *   afterAll(() => browser.close());
 */
import * as fs from 'fs';
import { chromium, type Browser, type Page, type ConsoleMessage } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BASE_ARGS = ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * SwiftShader WebGPU: Dawn's Vulkan backend on SwiftShader's CPU Vulkan.
 * --enable-unsafe-webgpu exposes WebGPU on Linux (not on by default there),
 * --use-webgpu-adapter=swiftshader picks the CPU adapter, and
 * --enable-unsafe-swiftshader lets Chromium use SwiftShader at all (it is
 * otherwise refused as a WebGL fallback since Chromium 137).
 */
export const WEBGPU_SWIFTSHADER_ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-unsafe-swiftshader', '--enable-features=Vulkan'];
export const NO_WEBGPU_ARGS = ['--disable-gpu', '--disable-webgpu'];

export interface LaunchOptions {
  /** true: SwiftShader WebGPU; false: WebGPU disabled. Default false. */
  webgpu?: boolean;
  extraArgs?: string[];
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const args = [...BASE_ARGS, ...(options.webgpu ? WEBGPU_SWIFTSHADER_ARGS : NO_WEBGPU_ARGS), ...(options.extraArgs ?? [])];
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

/** Collects console messages and page errors, for failure messages that say what the page saw. */
export function collectPageLog(page: Page): string[] {
  const log: string[] = [];
  page.on('console', (m: ConsoleMessage) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e: Error) => log.push(`[pageerror] ${e.message}`));
  return log;
}
