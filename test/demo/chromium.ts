/**
 * Debian's Chromium through playwright-core (never a downloaded browser),
 * headless, with or without swiftshader WebGPU.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

const BASE_ARGS = ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** WebGPU on the CPU: swiftshader implements Vulkan in software, so no GPU is needed. */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];
/** navigator.gpu stays defined but hands out no adapter, like a browser on a machine without a usable GPU. */
const NO_WEBGPU_ARGS = ['--disable-webgpu'];

export type GpuMode = 'swiftshader-webgpu' | 'no-webgpu';

export function launchChromium(gpu: GpuMode): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...BASE_ARGS, ...(gpu === 'swiftshader-webgpu' ? WEBGPU_ARGS : NO_WEBGPU_ARGS)],
  });
}

/** A page that records uncaught errors, so a test can assert there were none. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(url);
  return { page, pageErrors };
}
