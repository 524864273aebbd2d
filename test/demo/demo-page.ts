/** Driving and measuring the demo page from tests. Regions are fractions of the image (0..1). */
import type { Page } from 'playwright-core';

export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface CanvasStats {
  width: number;
  height: number;
  /** Mean of max(r,g,b) - min(r,g,b): 0 for greys, large for saturated colour. */
  meanChroma: number;
  /** Mean of r - (g + b) / 2. */
  redness: number;
  /** Mean alpha. */
  meanAlpha: number;
  /** Distinct packed RGB values seen (capped sample), to tell a picture from a flat fill. */
  distinctColours: number;
}

export type RunState = 'loading' | 'ready' | 'running' | 'done' | 'cancelled' | 'error';

export async function waitForState(page: Page, states: RunState[], timeout: number): Promise<RunState> {
  await page.waitForFunction(
    (wanted: string[]) => wanted.includes(document.querySelector<HTMLElement>('[data-testid=status]')?.dataset.state ?? ''),
    states,
    { timeout, polling: 100 },
  );
  return (await page.getAttribute('[data-testid=status]', 'data-state')) as RunState;
}

/** Clicks Colorize and waits until the run ends; returns how it ended and the status line. */
export async function colorize(page: Page, timeout: number): Promise<{ state: RunState; status: string }> {
  await page.click('[data-testid=colorize]');
  const state = await waitForState(page, ['done', 'error', 'cancelled'], timeout);
  return { state, status: (await page.textContent('[data-testid=status]')) ?? '' };
}

/** Pixel statistics of a canvas (by data-testid) over a region. */
export function canvasStats(page: Page, testId: string, region: Region = { x0: 0, y0: 0, x1: 1, y1: 1 }): Promise<CanvasStats> {
  return page.evaluate(
    ({ testId, region }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid=${testId}]`);
      if (!canvas) throw new Error(`no canvas ${testId}`);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      const x0 = Math.floor(region.x0 * canvas.width);
      const y0 = Math.floor(region.y0 * canvas.height);
      const w = Math.max(1, Math.ceil(region.x1 * canvas.width) - x0);
      const h = Math.max(1, Math.ceil(region.y1 * canvas.height) - y0);
      const { data } = ctx.getImageData(x0, y0, w, h);
      let chroma = 0;
      let red = 0;
      let alpha = 0;
      const distinct = new Set<number>();
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i];
        const g = data[i + 1];
        const b = data[i + 2];
        chroma += Math.max(r, g, b) - Math.min(r, g, b);
        red += r - (g + b) / 2;
        alpha += data[i + 3];
        if (distinct.size < 4096) distinct.add((r << 16) | (g << 8) | b);
      }
      return { width: canvas.width, height: canvas.height, meanChroma: chroma / n, redness: red / n, meanAlpha: alpha / n, distinctColours: distinct.size };
    },
    { testId, region },
  );
}

/** Paints one stroke with real mouse events on the hint canvas, from one image point to another. */
export async function paintStroke(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  const box = await page.locator('[data-testid=hint-canvas]').boundingBox();
  if (!box) throw new Error('hint canvas is not visible');
  const at = (p: { x: number; y: number }) => [box.x + p.x * box.width, box.y + p.y * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps });
  await page.mouse.up();
}

/** Sets a range or colour input the way a person would (fires 'input'). */
export async function setInput(page: Page, testId: string, value: string): Promise<void> {
  await page.$eval(
    `[data-testid=${testId}]`,
    (el, v) => {
      (el as HTMLInputElement).value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

/** Fraction of hint-layer pixels that carry a hint (alpha > 0). */
export function hintCoverage(page: Page): Promise<number> {
  return page.$eval('[data-testid=hint-canvas]', (el) => {
    const canvas = el as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted / (data.length / 4);
  });
}
