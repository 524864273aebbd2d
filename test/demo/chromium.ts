/**
 * The demo page in Debian's Chromium: launching is test/helpers/chromium.ts
 * (shared with the engine and webview tests); this adds the demo's viewport
 * and the record of uncaught page errors.
 */
import type { Browser, Page } from 'playwright-core';

/** A page that records uncaught errors, so a test can assert there were none. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(url);
  return { page, pageErrors };
}
