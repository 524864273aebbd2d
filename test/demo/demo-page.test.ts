/**
 * The browser demo in Debian's Chromium, on the real model through the real
 * onnxruntime-web, served by the real `npm run demo` server. Images are
 * scaled down with the page's ?maxSide= test parameter so that the
 * CPU-emulated backends finish in seconds.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { circle, drawStrokes, rectangle } from '../helpers/synthetic';
import { openPage } from './chromium';
import { canvasStats, colorize, hintCoverage, paintStroke, setInput, waitForState, type Region } from './demo-page';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const demoServer = require('../../scripts/demo-server.js') as {
  ensureBuilt(options: { log: (line: string) => void }): Promise<void>;
  startDemoServer(options: { port: number }): Promise<{ url: string; close(): Promise<void> }>;
};

const OUTPUT_DIR = path.resolve(__dirname, '../../test-output/demo');
const RUN_TIMEOUT_MS = 90_000;

let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  await demoServer.ensureBuilt({ log: () => undefined });
  server = await demoServer.startDemoServer({ port: 0 });
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
}, 180_000);

afterAll(async () => {
  await server?.close();
});

function pngBytes(width: number, height: number, paint: (x: number, y: number) => [number, number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) png.data.set(paint(x, y), (y * width + x) * 4);
  }
  return PNG.sync.write(png);
}

/** A black ring on white paper: a lineart nothing else in the suite uses. */
function ringLineart(size: number): Buffer {
  return pngBytes(size, size, (x, y) => {
    const d = Math.hypot(x - size / 2, y - size / 2);
    const ink = Math.abs(d - size / 3) < 1.5;
    return ink ? [0, 0, 0, 255] : [255, 255, 255, 255];
  });
}

/** Waits until a run of the example at working scale 1 (four tiles) is past its first tile: a run surely in progress. */
function untilPastFirstTile(page: Page): Promise<unknown> {
  return page.waitForFunction(() => /tile [2-9] of 4/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), undefined, { timeout: RUN_TIMEOUT_MS, polling: 10 });
}

async function openReady(browser: Browser, query: string): Promise<{ page: Page; pageErrors: string[] }> {
  const opened = await openPage(browser, `${server.url}${query}`);
  await waitForState(opened.page, ['ready', 'error'], RUN_TIMEOUT_MS);
  return opened;
}

describe('the demo page without WebGPU (falls back to WASM)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium({ webgpu: false });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens with the example lineart and its hints loaded, and no page errors', async () => {
    const { page, pageErrors } = await openReady(browser, '?maxSide=160');
    expect(await page.getAttribute('[data-testid=status]', 'data-state')).toBe('ready');
    expect(await page.textContent('[data-testid=image-meta]')).toContain('portrait-lineart.png · 160 × 160 px (scaled from 640 × 640)');
    const lineart = await canvasStats(page, 'lineart');
    expect([lineart.width, lineart.height]).toEqual([160, 160]);
    expect(lineart.distinctColours).toBeGreaterThan(2); // ink and paper, anti-aliased
    const coverage = await hintCoverage(page);
    expect(coverage).toBeGreaterThan(0.01); // the example's hint strokes
    expect(coverage).toBeLessThan(0.5);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('colours the example, says it fell back to WASM, and shows the time', async () => {
    const { page, pageErrors } = await openReady(browser, '?maxSide=256');
    const before = await canvasStats(page, 'result');
    expect(before.meanAlpha).toBe(0); // nothing drawn yet

    const run = await colorize(page, RUN_TIMEOUT_MS);
    expect(run).toEqual({ state: 'done', status: expect.stringMatching(/^Done in [\d.]+ m?s on WASM \(CPU\)/) });
    expect(await page.textContent('[data-testid=backend]')).toBe('WASM (CPU)');
    expect(await page.textContent('[data-testid=notice-backend]')).toMatch(/WebGPU is not available .* falling back to WASM/);

    const result = await canvasStats(page, 'result');
    expect([result.width, result.height]).toEqual([256, 256]);
    expect(result.meanAlpha).toBe(255);
    expect(result.distinctColours).toBeGreaterThan(200); // a picture, not a flat fill
    expect(result.meanChroma).toBeGreaterThan(12); // colour, not the grey lineart
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download]')]);
    expect(download.suggestedFilename()).toBe('portrait-lineart-deepcolor.png');
    const saved = PNG.sync.read(fs.readFileSync(await download.path()));
    expect([saved.width, saved.height]).toEqual([256, 256]);
    const shown = await page.$eval('[data-testid=result]', (el) => Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 256, 256).data));
    expect(Buffer.from(saved.data).equals(Buffer.from(shown))).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'demo-wasm.png') });
    await page.close();
  });

  // Full size (640 px) on WASM by choice (?backend=wasm): the screenshot a person looks at, and
  // the source of docs/demo-screenshot.png.
  it('runs on WASM without a fallback notice when the address asks for it', async () => {
    const { page, pageErrors } = await openReady(browser, '?backend=wasm');
    const run = await colorize(page, RUN_TIMEOUT_MS);
    expect(run).toEqual({ state: 'done', status: expect.stringMatching(/^Done in [\d.]+ m?s on WASM \(CPU\)/) });
    expect(await page.$('[data-testid=notice-backend]')).toBeNull();
    const result = await canvasStats(page, 'result');
    expect([result.width, result.height]).toEqual([640, 640]);
    expect(result.meanChroma).toBeGreaterThan(12);
    expect(pageErrors).toEqual([]);
    await page.mouse.move(0, 0); // no brush ring in the picture
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'demo-readme.png') });
    await page.close();
  });

  // The region is the lower robe, right of centre, where the example has no hint. A trained
  // model colours it grey-ish without a hint and red with a red stroke. The random-weight
  // stand-in model (contract.model.trained === false) also reacts to the hint channels, but
  // with no promise of which colour comes out (it made the region cyan): see the `trained` check.
  // Full size: at 640 px the interim trained model (step 1250) gave redness 14 -> 85 there; at
  // 256 px only 48 -> 79, too close to the margin for comfort.
  it('makes the region under a red stroke redder than the same run without it', async () => {
    const { page, pageErrors } = await openReady(browser, '');
    const region: Region = { x0: 0.62, y0: 0.8, x1: 0.76, y1: 0.85 };
    const without = await colorize(page, RUN_TIMEOUT_MS);
    expect(without.state).toBe('done');
    const plain = await canvasStats(page, 'result', region);

    await page.click('[data-testid=tool-brush]');
    await setInput(page, 'brush-colour', '#e01010');
    await setInput(page, 'brush-size', '40');
    await paintStroke(page, { x: 0.63, y: 0.825 }, { x: 0.75, y: 0.825 });
    const hinted = await canvasStats(page, 'hint-canvas', { x0: 0.65, y0: 0.815, x1: 0.73, y1: 0.835 });
    expect(hinted.meanAlpha).toBeGreaterThan(250); // the stroke covers the middle of the region
    expect(hinted.redness).toBeGreaterThan(150);

    const withStroke = await colorize(page, RUN_TIMEOUT_MS);
    expect(withStroke.state).toBe('done');
    const red = await canvasStats(page, 'result', region);
    const trained = await page.evaluate(async () => ((await (await fetch('assets/deepcolor.json')).json()) as { model: { trained: boolean } }).model.trained);
    if (trained) {
      expect(red.redness - plain.redness).toBeGreaterThan(15);
    } else {
      // Random weights: the hint must still change the result there (the channel is wired through).
      expect(Math.abs(red.redness - plain.redness) + Math.abs(red.meanChroma - plain.meanChroma)).toBeGreaterThan(1);
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('ignores the hints at hint strength 0, exactly as if there were none', async () => {
    const { page, pageErrors } = await openReady(browser, '?maxSide=96');
    const resultPixels = () => page.$eval('[data-testid=result]', (el) => Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 96, 96).data));
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const withHints = await resultPixels();
    await setInput(page, 'hint-strength', '0');
    expect(await page.textContent('#hint-strength-value')).toBe('0.00');
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const strengthZero = await resultPixels();
    await setInput(page, 'hint-strength', '1');
    await page.click('[data-testid=clear]');
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const noHints = await resultPixels();
    expect(strengthZero).toEqual(noHints);
    expect(withHints).not.toEqual(noHints);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('passes the Close gaps choice to the engine: the result changes with it and comes back with it', async () => {
    const { page, pageErrors } = await openReady(browser, '?maxSide=96&workingScale=1');
    const resultPixels = () => page.$eval('[data-testid=result]', (el) => Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 96, 96).data));
    expect(await page.$$eval('[data-testid=close-gaps] option', (nodes) => nodes.map((n) => n.textContent))).toEqual([
      'Model default',
      'Off',
      'Small (1 px)',
      'Large (4 px)',
      'Very large (8 px)',
    ]);
    await setInput(page, 'close-gaps', '0');
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const off = await resultPixels();
    await setInput(page, 'close-gaps', '8');
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const veryLarge = await resultPixels();
    await setInput(page, 'close-gaps', '0');
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    expect(await resultPixels()).toEqual(off); // runs are deterministic, so the difference is the choice
    expect(veryLarge).not.toEqual(off);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  // "Keep strokes" and "Light" share one 96 px page: opening it (starting the engine) takes longer
  // than their runs. Each test leaves the controls it touches as it found them; browser.close() ends it.
  let optionsPage: Promise<{ page: Page; pageErrors: string[] }> | undefined;
  const openOptionsPage = () => (optionsPage ??= openReady(browser, '?maxSide=96&workingScale=1'));

  it('passes "Keep strokes" to the engine: off (the default) blends a stroke close to its region, on keeps it as painted', async () => {
    const { page, pageErrors } = await openOptionsPage();
    const resultPixels = () => page.$eval('[data-testid=result]', (el) => Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 96, 96).data));
    expect(await page.$eval('[data-testid=keep-strokes]', (el) => (el as HTMLInputElement).checked)).toBe(false);
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const blended = await resultPixels();
    await page.click('[data-testid=keep-strokes]');
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const kept = await resultPixels();
    await page.click('[data-testid=keep-strokes]');
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    expect(await resultPixels()).toEqual(blended); // deterministic, so the difference is the choice
    expect(kept).not.toEqual(blended);
    expect(pageErrors).toEqual([]);
  });

  it('passes "Leave margins" to the engine: on, the paper around the figure is left transparent', async () => {
    const { page, pageErrors } = await openOptionsPage();
    const clearPixels = () =>
      page.$eval('[data-testid=result]', (el) => Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 96, 96).data).filter((v, i) => i % 4 === 3 && v === 0).length);
    expect(await page.$eval('[data-testid=leave-margins]', (el) => (el as HTMLInputElement).checked)).toBe(false);
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    expect(await clearPixels()).toBe(0);
    // Where the result is transparent a checkerboard shows (its grey squares are 228,225,220), not white.
    const checkerPixels = async () => {
      const shot = PNG.sync.read(await page.locator('[data-testid=result]').screenshot());
      let n = 0;
      for (let i = 0; i < shot.data.length; i += 4) if (Math.abs(shot.data[i] - 228) <= 2 && Math.abs(shot.data[i + 1] - 225) <= 2 && Math.abs(shot.data[i + 2] - 220) <= 2) n++;
      return n;
    };
    const checkerOff = await checkerPixels();
    await page.click('[data-testid=leave-margins]');
    const state = (await colorize(page, RUN_TIMEOUT_MS)).state;
    const cleared = await clearPixels();
    const checkerOn = await checkerPixels();
    await page.click('[data-testid=leave-margins]'); // back as found, before anything can fail: the next tests share the page
    expect(state).toBe('done');
    expect(cleared).toBeGreaterThan(50); // the paper around the figure that touches the page's edge
    expect(checkerOn).toBeGreaterThan(checkerOff + 50);
    expect(pageErrors).toEqual([]);
  });

  it('passes "White balloons, gutters & panel backgrounds" to the engine: on (the default), a comic page\'s unpainted gutters are white; off, the network paints them', async () => {
    // Three panels with 8 px gutters, at working scale 1: the page the engine's gutter test shows the network tinting.
    const { page, pageErrors } = await openReady(browser, '?workingScale=1');
    const panels = drawStrokes(240, 240, [...rectangle(10, 10, 230, 110), ...rectangle(10, 118, 116, 230), ...rectangle(124, 118, 230, 230), ...circle(60, 60, 30, 48)], 2);
    const lineart = pngBytes(240, 240, (x, y) => {
      const i = (y * 240 + x) * 4;
      return [panels.data[i], panels.data[i + 1], panels.data[i + 2], panels.data[i + 3]];
    });
    await page.setInputFiles('[data-testid=file-input]', { name: 'panels.png', mimeType: 'image/png', buffer: lineart });
    await page.waitForFunction(() => document.querySelector('[data-testid=image-meta]')?.textContent?.startsWith('panels.png'));
    // The gutter between the bottom panels, clear of its borders' anti-aliasing: mean of r, g, b.
    const gutter = () =>
      page.$eval('[data-testid=result]', (el) => {
        const { data } = (el as HTMLCanvasElement).getContext('2d')!.getImageData(118, 130, 4, 90);
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
        return sum / (data.length / 4);
      });
    expect(await page.$eval('[data-testid=white-paper]', (el) => (el as HTMLInputElement).checked)).toBe(true);
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const white = await gutter();
    await page.click('[data-testid=white-paper]');
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const painted = await gutter();
    expect(white).toBeGreaterThanOrEqual(250);
    expect(painted).toBeLessThan(245);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  // The shown result is the colour with the engine's shading layer multiplied in, so against the
  // same run with the light off it must change somewhere and brighten nowhere (Multiply only darkens).
  it('shades the result away from the Light: darker somewhere, brighter nowhere, and Shadows only with a light', async () => {
    const { page, pageErrors } = await openOptionsPage();
    const resultPixels = () => page.$eval('[data-testid=result]', (el) => Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 96, 96).data));
    expect(await page.$$eval('[data-testid=light] option', (nodes) => nodes.map((n) => (n as HTMLOptionElement).value))).toEqual([
      '',
      'top-left',
      'top',
      'top-right',
      'left',
      'right',
      'bottom-left',
      'bottom',
      'bottom-right',
    ]);
    expect(await page.inputValue('[data-testid=light]')).toBe('');
    expect(await page.inputValue('[data-testid=shading-strength]')).toBe('0.35');
    expect(await page.textContent('#shading-strength-value')).toBe('0.35');
    expect(await page.isDisabled('[data-testid=shading-strength]')).toBe(true);
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const off = await resultPixels();
    expect(await page.textContent('[data-testid=result-meta]')).not.toContain('light');

    await page.selectOption('[data-testid=light]', 'top-left');
    expect(await page.isDisabled('[data-testid=shading-strength]')).toBe(false);
    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    const shaded = await resultPixels();
    expect(await page.textContent('[data-testid=result-meta]')).toContain('light top-left, shadows 0.35');

    let darker = 0;
    let brighter = 0;
    let seeThrough = 0;
    for (let i = 0; i < off.length; i++) {
      if (i % 4 === 3) seeThrough += shaded[i] === 255 ? 0 : 1;
      else if (shaded[i] < off[i]) darker++;
      else if (shaded[i] > off[i]) brighter++;
    }
    expect({ brighter, seeThrough }).toEqual({ brighter: 0, seeThrough: 0 });
    expect(darker).toBeGreaterThan(0);

    // Relight: another light redoes the shading of the picture shown, without colouring again.
    await page.selectOption('[data-testid=light]', 'right');
    await page.waitForFunction(() => document.querySelector('[data-testid=result-meta]')?.textContent?.includes('light right'));
    expect(await page.textContent('[data-testid=status]')).toMatch(/Relit in .*light right, without colouring again/);
    const fromRight = await resultPixels();
    expect(fromRight).not.toEqual(shaded);
    expect(fromRight.some((v, i) => i % 4 !== 3 && v > off[i])).toBe(false); // still only darker than the flat colour
    // Light off: exactly the flat colour of the run, again without a run.
    await page.selectOption('[data-testid=light]', '');
    await page.waitForFunction(() => !document.querySelector('[data-testid=result-meta]')?.textContent?.includes('light'));
    expect(await resultPixels()).toEqual(off);
    expect(await page.isDisabled('[data-testid=shading-strength]')).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('makes flats without the network: several flat colours under the lines, and a Light change does not relight them', async () => {
    const { page, pageErrors } = await openOptionsPage();
    const resultPixels = () => page.$eval('[data-testid=result]', (el) => Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 96, 96).data));
    await page.click('[data-testid=flats]');
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent?.startsWith('Flats in'), undefined, { timeout: RUN_TIMEOUT_MS });
    expect(await page.textContent('[data-testid=result-meta]')).toBe('96 × 96 px · flats');
    const flats = await resultPixels();
    const colours = new Set<string>();
    for (let i = 0; i < flats.length; i += 4) colours.add(`${flats[i]},${flats[i + 1]},${flats[i + 2]}`);
    expect(colours.size).toBeGreaterThan(4); // regions' flats, white paper around, dark lines
    await page.selectOption('[data-testid=light]', 'left');
    await page.waitForTimeout(300);
    expect(await resultPixels()).toEqual(flats);
    expect(await page.textContent('[data-testid=result-meta]')).toBe('96 × 96 px · flats');
    await page.selectOption('[data-testid=light]', '');
    // Download saves the flats themselves under their own name, to sit under the lineart: no lines multiplied in.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download]')]);
    expect(download.suggestedFilename()).toBe('portrait-lineart-flats.png');
    const saved = PNG.sync.read(fs.readFileSync(await download.path()));
    expect([saved.width, saved.height]).toEqual([96, 96]);
    const lineart = await page.$eval('[data-testid=lineart]', (el) => Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 96, 96).data));
    let inkPixels = 0;
    let darkInSaved = 0;
    for (let i = 0; i < lineart.length; i += 4) {
      if (lineart[i] > 60) continue;
      inkPixels++;
      if (saved.data[i + 3] === 255 && Math.max(saved.data[i], saved.data[i + 1], saved.data[i + 2]) <= 60) darkInSaved++;
    }
    expect(inkPixels).toBeGreaterThan(40);
    expect(darkInSaved).toBeLessThan(inkPixels / 10); // the shown picture is dark at every ink pixel
    expect(pageErrors).toEqual([]);
  });

  it('keeps letter shortcuts out of a focused menu: "b" in the Light menu does not pick the brush', async () => {
    const { page, pageErrors } = await openOptionsPage();
    const blur = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await blur();
    await page.keyboard.press('e');
    expect(await page.getAttribute('[data-testid=tool-eraser]', 'aria-checked')).toBe('true');
    await page.focus('[data-testid=light]');
    await page.keyboard.press('b');
    expect(await page.getAttribute('[data-testid=tool-eraser]', 'aria-checked')).toBe('true');
    await page.selectOption('[data-testid=light]', '');
    await blur();
    await page.keyboard.press('b'); // back to the brush for the tests after this one
    expect(await page.getAttribute('[data-testid=tool-brush]', 'aria-checked')).toBe('true');
    // The quick colour picked shows as pressed, and only it.
    await page.click('.swatch:nth-child(2)');
    expect(await page.$$eval('.swatch', (all) => all.map((s) => s.getAttribute('aria-pressed')))).toEqual(expect.arrayContaining(['true']));
    expect(await page.$$eval('.swatch[aria-pressed=true]', (all) => all.length)).toBe(1);
    expect(await page.getAttribute('.swatch:nth-child(2)', 'aria-pressed')).toBe('true');
    expect(pageErrors).toEqual([]);
  });

  it('cancels a run when Cancel is pressed, leaving the result empty, and colours on the next click', async () => {
    const { page, pageErrors } = await openReady(browser, '?maxSide=96');
    // Both clicks in one task: the run is certainly still in progress when Cancel arrives.
    await page.evaluate(() => {
      document.querySelector<HTMLButtonElement>('[data-testid=colorize]')!.click();
      document.querySelector<HTMLButtonElement>('[data-testid=cancel]')!.click();
    });
    expect(await waitForState(page, ['done', 'cancelled', 'error'], RUN_TIMEOUT_MS)).toBe('cancelled');
    expect(await page.textContent('[data-testid=status]')).toMatch(/^Cancelled/);
    expect((await canvasStats(page, 'result')).meanAlpha).toBe(0);
    expect(await page.isHidden('[data-testid=cancel]')).toBe(true);

    expect((await colorize(page, RUN_TIMEOUT_MS)).state).toBe('done');
    expect((await canvasStats(page, 'result')).meanAlpha).toBe(255);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('draws a Light picked during a run once the run ends, and says which other options changed meanwhile', async () => {
    const { page, pageErrors } = await openReady(browser, '?workingScale=1');
    await page.click('[data-testid=colorize]');
    await untilPastFirstTile(page);
    await page.selectOption('[data-testid=light]', 'top');
    await page.click('[data-testid=keep-strokes]');
    expect(await waitForState(page, ['done', 'cancelled', 'error'], RUN_TIMEOUT_MS)).toBe('done');
    await page.waitForFunction(() => document.querySelector('[data-testid=result-meta]')?.textContent?.includes('light top'), undefined, { timeout: RUN_TIMEOUT_MS });
    expect(await page.textContent('[data-testid=notice-options]')).toMatch(/Keep strokes changed during the run/);
    expect(await page.textContent('[data-testid=notice-options]')).not.toMatch(/Light/);
    // Picked during a run that is then cancelled: drawn on the picture already there.
    await page.click('[data-testid=colorize]');
    await untilPastFirstTile(page);
    await page.selectOption('[data-testid=light]', 'left');
    await page.click('[data-testid=cancel]');
    await page.waitForFunction(() => document.querySelector('[data-testid=result-meta]')?.textContent?.includes('light left'), undefined, { timeout: RUN_TIMEOUT_MS });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('hears Cancel between tiles of a run that is already going (WASM computes on the worker\'s thread)', async () => {
    // The example at working scale 1: four 512 px tiles, each long enough to click in.
    const { page, pageErrors } = await openReady(browser, '?workingScale=1');
    await page.click('[data-testid=colorize]');
    await untilPastFirstTile(page);
    await page.click('[data-testid=cancel]');
    expect(await waitForState(page, ['done', 'cancelled', 'error'], RUN_TIMEOUT_MS)).toBe('cancelled');
    expect((await canvasStats(page, 'result')).meanAlpha).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('undoes strokes and erasing one by one, clears all hints, and brings them back with undo', async () => {
    const { page } = await openReady(browser, '?maxSide=128');
    const example = await hintCoverage(page);
    await paintStroke(page, { x: 0.1, y: 0.1 }, { x: 0.9, y: 0.1 });
    const oneStroke = await hintCoverage(page);
    await paintStroke(page, { x: 0.1, y: 0.95 }, { x: 0.9, y: 0.95 });
    const twoStrokes = await hintCoverage(page);
    expect(oneStroke).toBeGreaterThan(example);
    expect(twoStrokes).toBeGreaterThan(oneStroke);

    await page.click('[data-testid=tool-eraser]');
    await paintStroke(page, { x: 0.05, y: 0.95 }, { x: 0.95, y: 0.95 });
    expect(await hintCoverage(page)).toBeLessThan(twoStrokes);
    await page.click('[data-testid=undo]');
    expect(await hintCoverage(page)).toBeCloseTo(twoStrokes, 6);
    await page.click('[data-testid=tool-brush]');

    await page.click('[data-testid=undo]');
    expect(await hintCoverage(page)).toBeCloseTo(oneStroke, 6);
    await page.click('[data-testid=clear]');
    expect(await hintCoverage(page)).toBe(0);
    await page.click('[data-testid=undo]');
    expect(await hintCoverage(page)).toBeCloseTo(oneStroke, 6);
    await page.click('[data-testid=undo]');
    expect(await hintCoverage(page)).toBeCloseTo(example, 6);
    expect(await page.isDisabled('[data-testid=undo]')).toBe(true);

    // Hiding the layer hides it from view only.
    await page.click('[data-testid=show-hints]');
    expect(await page.$eval('[data-testid=hint-canvas]', (el) => getComputedStyle(el).opacity)).toBe('0');
    expect(await hintCoverage(page)).toBeCloseTo(example, 6);
    await page.close();
  });

  it('opens a hint picture of the lineart\'s size in place of the hints (undoable), reads white on an opaque one as unpainted, and refuses another size', async () => {
    const { page, pageErrors } = await openReady(browser, '');
    await page.setInputFiles('[data-testid=file-input]', { name: 'ring.png', mimeType: 'image/png', buffer: ringLineart(200) });
    await page.waitForFunction(() => document.querySelector('[data-testid=image-meta]')?.textContent?.startsWith('ring.png'));
    // A transparent hint: a red square, a quarter of the layer.
    const square = (x: number, y: number): boolean => x >= 50 && x < 150 && y >= 50 && y < 150;
    await page.setInputFiles('[data-testid=hint-file-input]', { name: 'ring.hint.png', mimeType: 'image/png', buffer: pngBytes(200, 200, (x, y) => (square(x, y) ? [220, 40, 40, 255] : [0, 0, 0, 0])) });
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent?.startsWith('Hints opened'));
    expect(await hintCoverage(page)).toBeCloseTo(0.25, 2);
    await page.click('[data-testid=undo]');
    expect(await hintCoverage(page)).toBe(0);
    // Strokes on white, no transparency (a JPEG-like export): the white is not paint.
    await page.setInputFiles('[data-testid=hint-file-input]', { name: 'flat.png', mimeType: 'image/png', buffer: pngBytes(200, 200, (x, y) => (square(x, y) ? [40, 90, 220, 255] : [255, 255, 255, 255])) });
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent?.includes('flat.png'));
    expect(await hintCoverage(page)).toBeCloseTo(0.25, 2);
    expect(await page.textContent('[data-testid=notice-hint]')).toMatch(/white \(75 % of it\) was read as unpainted/);
    // Another size: refused, hints unchanged.
    await page.setInputFiles('[data-testid=hint-file-input]', { name: 'small.png', mimeType: 'image/png', buffer: pngBytes(100, 100, () => [0, 200, 0, 255]) });
    await page.waitForFunction(() => document.querySelector('[data-testid=notice-error]')?.textContent?.includes('small.png'));
    expect(await page.textContent('[data-testid=notice-error]')).toContain('“small.png” is 100 × 100 px but the lineart is 200 × 200');
    expect(await hintCoverage(page)).toBeCloseTo(0.25, 2);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('says so when an opened lineart is light lines on dark (it would colour one dark mass), and not for ordinary lineart', async () => {
    const { page, pageErrors } = await openReady(browser, '');
    await page.setInputFiles('[data-testid=file-input]', { name: 'chalk.png', mimeType: 'image/png', buffer: pngBytes(200, 200, (x, y) => (x % 10 === 0 || y % 10 === 0 ? [255, 255, 255, 255] : [0, 0, 0, 255])) });
    await page.waitForFunction(() => document.querySelector('[data-testid=image-meta]')?.textContent?.startsWith('chalk.png'));
    expect(await page.textContent('[data-testid=notice-inverted]')).toMatch(/^“chalk\.png” is mostly dark \(\d+ % of it\).*invert it in your editor/);
    await page.setInputFiles('[data-testid=file-input]', { name: 'ring.png', mimeType: 'image/png', buffer: ringLineart(200) });
    await page.waitForFunction(() => document.querySelector('[data-testid=image-meta]')?.textContent?.startsWith('ring.png'));
    expect(await page.$('[data-testid=notice-inverted]')).toBeNull();
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('opens a lineart from the file picker and from a drop, with an empty hint layer', async () => {
    const { page, pageErrors } = await openReady(browser, '');
    await page.setInputFiles('[data-testid=file-input]', { name: 'ring.png', mimeType: 'image/png', buffer: ringLineart(200) });
    await page.waitForFunction(() => document.querySelector('[data-testid=image-meta]')?.textContent?.startsWith('ring.png'));
    expect(await page.textContent('[data-testid=image-meta]')).toBe('ring.png · 200 × 200 px');
    expect(await hintCoverage(page)).toBe(0);

    const dropped = ringLineart(120).toString('base64');
    await page.evaluate((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      const stage = document.querySelector('#input-stage')!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        stage.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    }, dropped);
    await page.waitForFunction(() => document.querySelector('[data-testid=image-meta]')?.textContent?.startsWith('dropped.png'));
    expect(await page.textContent('[data-testid=image-meta]')).toBe('dropped.png · 120 × 120 px');
    expect(await page.isVisible('#drop-overlay')).toBe(false);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('opens a page larger than it works at scaled down, and says so', async () => {
    const { page, pageErrors } = await openReady(browser, '');
    await page.setInputFiles('[data-testid=file-input]', { name: 'banner.png', mimeType: 'image/png', buffer: pngBytes(5000, 40, () => [255, 255, 255, 255]) });
    await page.waitForFunction(() => document.querySelector('[data-testid=image-meta]')?.textContent?.startsWith('banner.png'));
    expect(await page.textContent('[data-testid=image-meta]')).toBe('banner.png · 4096 × 33 px (scaled from 5000 × 40)');
    expect(await page.textContent('[data-testid=notice-size]')).toContain('“banner.png” is 5000 × 40 px, larger than the browser demo works at');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('explains a file that is not an image, or broken, and keeps the current lineart', async () => {
    const { page } = await openReady(browser, '?maxSide=128');
    const meta = await page.textContent('[data-testid=image-meta]');

    await page.setInputFiles('[data-testid=file-input]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await page.waitForSelector('[data-testid=notice-error]');
    expect(await page.textContent('[data-testid=notice-error]')).toContain('“notes.txt” is not an image');

    await page.setInputFiles('[data-testid=file-input]', { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG broken') });
    await page.waitForFunction(() => document.querySelector('[data-testid=notice-error]')?.textContent?.includes('broken.png'));
    expect(await page.textContent('[data-testid=notice-error]')).toContain('“broken.png” could not be read as an image');

    expect(await page.textContent('[data-testid=image-meta]')).toBe(meta);
    await page.close();
  });
});

describe('the demo page on WebGPU (swiftshader)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  // swiftshader runs WebGPU shaders on the CPU: 64 px keeps the run to seconds.
  it('colours the example on WebGPU with no fallback notice and no page errors', async () => {
    const { page, pageErrors } = await openReady(browser, '?maxSide=64&workingScale=1');
    expect(await page.textContent('[data-testid=backend]')).toBe('WebGPU');
    const run = await colorize(page, 240_000);
    expect(run).toEqual({ state: 'done', status: expect.stringMatching(/^Done in [\d.]+ m?s on WebGPU/) });
    expect(await page.$('[data-testid=notice-backend]')).toBeNull();
    const result = await canvasStats(page, 'result');
    expect([result.width, result.height]).toEqual([64, 64]);
    expect(result.meanAlpha).toBe(255);
    expect(result.distinctColours).toBeGreaterThan(100);
    expect(result.meanChroma).toBeGreaterThan(12);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'demo-webgpu.png') });
    await page.close();
  }, 300_000);
});
