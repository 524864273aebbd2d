/**
 * The panel's widgets (src/panel/panel-view.ts) rendered by Chromium from
 * the real view and controller over a scripted host. Chromium does not have
 * UXP's Spectrum implementation: sp-* elements are plain custom elements
 * here, so this checks what the view sets and how it reacts (attributes,
 * properties, events), not how Photoshop draws them.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import webpack from 'webpack';
import { launchChromium } from '../helpers/chromium';
import { startStaticServer, type StaticServer } from '../helpers/static-server';

const OUT = path.resolve(__dirname, '../../test-output/panel-view-page');
const PAGE_DIR = path.join(__dirname, 'panel-view-page');

function buildPage(): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(
      {
        mode: 'development',
        devtool: false,
        context: path.resolve(__dirname, '../..'),
        entry: path.join(PAGE_DIR, 'entry.ts'),
        target: ['web', 'es2020'],
        output: { path: OUT, filename: 'panel-view.js' },
        resolve: { extensions: ['.ts', '.js'] },
        module: {
          rules: [
            {
              test: /\.ts$/,
              exclude: /node_modules/,
              use: [{ loader: 'ts-loader', options: { configFile: path.resolve(__dirname, '../../tsconfig.plugin.json'), transpileOnly: true } }],
            },
          ],
        },
      },
      (error, stats) => {
        if (error) return reject(error);
        if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
        fs.copyFileSync(path.join(PAGE_DIR, 'index.html'), path.join(OUT, 'index.html'));
        resolve();
      },
    );
  });
}

let server: StaticServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await buildPage();
  server = await startStaticServer(OUT);
  browser = await launchChromium({ webgpu: false });
  page = await browser.newPage();
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector('sp-button');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (selector: string) => page.$eval(selector, (node) => node.textContent ?? '');
const hasAttribute = (selector: string, name: string) => page.$eval(selector, (node, n) => node.hasAttribute(n), name);
const buttons = () => page.$$eval('sp-button', (nodes) => nodes.map((n) => ({ label: n.textContent, disabled: n.hasAttribute('disabled') })));


/** Lets the fake engine's two tiles finish, waits for the panel to be idle, and returns the host request it made. */
async function finishRunAndReadRequest(): Promise<unknown> {
  await page.evaluate(() => (window as unknown as { __panel: { releaseTile(): void } }).__panel.releaseTile());
  await page.waitForFunction(() => document.body.textContent?.includes('tile 1 of 2'));
  await page.evaluate(() => (window as unknown as { __panel: { releaseTile(): void } }).__panel.releaseTile());
  await page.waitForFunction(() => !document.querySelector('sp-button:nth-of-type(1)')?.hasAttribute('disabled'));
  return page.evaluate(() => {
    const calls = (window as unknown as { __panel: { calls: { requests: unknown[] } } }).__panel.calls;
    return calls.requests[calls.requests.length - 1];
  });
}

it('shows the built-in Spectrum widgets with the document and its layers', async () => {
  expect(await page.$$eval('sp-picker', (nodes) => nodes.map((n) => n.getAttribute('label')))).toEqual([
    'Lineart layer',
    'Hint layer',
    'New layer blend mode',
    'Working resolution',
    'Close gaps',
    'Light',
  ]);
  expect(await page.$$eval('sp-slider', (nodes) => nodes.map((n) => [n.textContent, n.hasAttribute('disabled')]))).toEqual([
    ['Hint strength', false],
    ['Shadows', true], // the light starts off
  ]);
  expect(await page.$$eval('sp-checkbox', (nodes) => nodes.map((node) => [node.textContent, node.hasAttribute('checked')]))).toEqual([
    ['Keep hint strokes exactly as painted', false],
    ['White balloons, gutters & panel backgrounds', true],
    ['Leave margins and gutters as paper', false],
    ['Use GPU (WebGPU) when available', true],
  ]);
  expect(await page.$$eval('sp-progressbar', (nodes) => nodes.length)).toBe(1);
  expect(await buttons()).toEqual([
    { label: 'Colorize', disabled: false },
    { label: 'Cancel', disabled: true },
    { label: 'Relight', disabled: true }, // the light starts off
    { label: 'Flats', disabled: false },
  ]);
  expect(await page.$eval('sp-button:nth-of-type(3)', (node) => node.getAttribute('title'))).toBe('Pick a Light to relight.');
  expect(await page.textContent('body')).toContain('page-042.psd — 800×600');
  const lineartItems = await page.$$eval('sp-picker', (pickers) =>
    Array.from(pickers[0].querySelectorAll('sp-menu-item')).map((n) => ({ label: n.textContent, disabled: n.hasAttribute('disabled'), selected: n.hasAttribute('selected') })),
  );
  expect(lineartItems[0]).toEqual({ label: 'Active layer (Lineart)', disabled: false, selected: true });
  expect(lineartItems.find((i) => i.label === 'Title')?.disabled).toBe(true);
  const hintItems = await page.$$eval('sp-picker', (pickers) => Array.from(pickers[1].querySelectorAll('sp-menu-item')).map((n) => n.textContent));
  expect(hintItems.slice(0, 2)).toEqual(['Automatic (hint)', 'None: colorize without hints']);
});

it('passes a layer picked in the picker to the host as that layer id', async () => {
  await page.$$eval('sp-picker', (pickers) => {
    const lineart = pickers[0] as HTMLElement & { selectedIndex: number };
    lineart.selectedIndex = 3; // Active, hint, Title, Lineart
    lineart.dispatchEvent(new Event('change'));
  });
  const settings = await page.evaluate(() => (window as unknown as { __panel: { controller: { getState(): { settings: unknown } } } }).__panel.controller.getState().settings);
  expect(settings).toMatchObject({ lineart: 29 });
});

it("disables Colorize and shows the host's message while a refusal stands", async () => {
  await page.evaluate(() => (window as unknown as { __panel: { setRefusal(m: string | null): void } }).__panel.setRefusal('Convert to RGB: Image > Mode > RGB Color.'));
  expect(await hasAttribute('sp-button:nth-of-type(1)', 'disabled')).toBe(true);
  expect(await text('.error')).toContain('Image > Mode > RGB Color');
  await page.evaluate(() => (window as unknown as { __panel: { setRefusal(m: string | null): void } }).__panel.setRefusal(null));
  expect(await hasAttribute('sp-button:nth-of-type(1)', 'disabled')).toBe(false);
  expect(await text('.error')).toBe('');
});

it('before the first run says the model is loading, then where it will run or that it did not load', async () => {
  type PanelHooks = {
    prepareEngine(): void;
    finishPrepare(d: { backend: string; fallbackReason?: string }): void;
    failPrepare(message: string): void;
    controller: { updateSettings(change: { useGpu: boolean }): void };
  };
  const runLine = () => text('.run-line');
  expect(await runLine()).toBe('');
  await page.evaluate(() => (window as unknown as { __panel: PanelHooks }).__panel.prepareEngine());
  expect(await runLine()).toBe('Loading the model…');
  expect(await hasAttribute('sp-button:nth-of-type(1)', 'disabled')).toBe(false); // a click now waits for the load
  await page.evaluate(() => (window as unknown as { __panel: PanelHooks }).__panel.finishPrepare({ backend: 'wasm', fallbackReason: 'no adapter' }));
  await page.waitForFunction(() => document.body.textContent?.includes('Ready:'));
  expect(await runLine()).toBe('Ready: WASM (in panel) — WebGPU not used: no adapter');

  // Another "Use GPU" choice is another engine: not loaded, then loading again.
  await page.evaluate(() => (window as unknown as { __panel: PanelHooks }).__panel.controller.updateSettings({ useGpu: false }));
  expect(await runLine()).toBe('');
  await page.evaluate(() => (window as unknown as { __panel: PanelHooks }).__panel.prepareEngine());
  await page.evaluate(() => (window as unknown as { __panel: PanelHooks }).__panel.failPrepare('out of memory'));
  await page.waitForFunction(() => !document.body.textContent?.includes('Loading the model'));
  expect(await runLine()).toBe('The model did not load (out of memory); Colorize will try again.');
  await page.evaluate(() => (window as unknown as { __panel: PanelHooks }).__panel.controller.updateSettings({ useGpu: true }));
});

it('runs from the Colorize button, shows progress, and cancels from the Cancel button', async () => {
  await page.click('sp-button:nth-of-type(1)');
  expect(await buttons()).toEqual([
    { label: 'Colorize', disabled: true },
    { label: 'Cancel', disabled: false },
    { label: 'Relight', disabled: true },
    { label: 'Flats', disabled: true },
  ]);
  await page.evaluate(() => (window as unknown as { __panel: { releaseTile(): void } }).__panel.releaseTile());
  await page.waitForFunction(() => document.querySelector('sp-progressbar')?.getAttribute('value') === '50');
  expect(await page.textContent('body')).toContain('Colorizing: tile 1 of 2');

  await page.click('sp-button:nth-of-type(2)');
  await page.evaluate(() => (window as unknown as { __panel: { releaseTile(): void } }).__panel.releaseTile());
  await page.waitForFunction(() => document.querySelector('.error')?.textContent?.includes('Cancelled'));
  expect(await page.evaluate(() => (window as unknown as { __panel: { calls: { aborted: number } } }).__panel.calls.aborted)).toBe(1);
  expect(await buttons()).toEqual([
    { label: 'Colorize', disabled: false },
    { label: 'Cancel', disabled: true },
    { label: 'Relight', disabled: true },
    { label: 'Flats', disabled: false },
  ]);
});

it('after a successful run shows the backend, the time and why WebGPU was not used', async () => {
  await page.click('sp-button:nth-of-type(1)');
  await page.evaluate(() => (window as unknown as { __panel: { releaseTile(): void } }).__panel.releaseTile());
  await page.waitForFunction(() => document.body.textContent?.includes('tile 1 of 2'));
  await page.evaluate(() => (window as unknown as { __panel: { releaseTile(): void } }).__panel.releaseTile());
  await page.waitForFunction(() => document.body.textContent?.includes('Last run'));
  const body = (await page.textContent('body')) ?? '';
  expect(body).toContain('Last run: WASM (in panel), 1.2 s, 2 tile(s) at 91 % → "Deepcolor"');
  expect(body).toContain('WebGPU not used: WebGPU is not available in this webview');
  const lastRequest = await page.evaluate(() => {
    const calls = (window as unknown as { __panel: { calls: { requests: unknown[] } } }).__panel.calls;
    return calls.requests[calls.requests.length - 1];
  });
  expect(lastRequest).toEqual({ lineartLayerId: 29, blendMode: 'normal', hintStrength: 1, workingScale: 'auto' });
});

it('passes "Leave margins and gutters as paper" to the host when ticked, and nothing when not', async () => {
  const tick = (checked: boolean) =>
    page.$$eval(
      'sp-checkbox',
      (boxes, on) => {
        const box = boxes.find((b) => b.textContent === 'Leave margins and gutters as paper') as HTMLElement & { checked: boolean };
        box.checked = on;
        box.dispatchEvent(new Event('change'));
      },
      checked,
    );
  await tick(true);
  await page.click('sp-button:nth-of-type(1)');
  expect(await finishRunAndReadRequest()).toMatchObject({ leaveMargins: true });
  await tick(false);
  await page.click('sp-button:nth-of-type(1)');
  expect(await finishRunAndReadRequest()).not.toHaveProperty('leaveMargins');
});

it('passes "White balloons, gutters & panel backgrounds" to the host as off when unticked, nothing when ticked (the default), and greys it out at hint strength 0', async () => {
  const box = (selector: (boxes: Element[]) => unknown) => page.$$eval('sp-checkbox', selector);
  const tick = (checked: boolean) =>
    page.$$eval(
      'sp-checkbox',
      (boxes, on) => {
        const node = boxes.find((b) => b.textContent === 'White balloons, gutters & panel backgrounds') as HTMLElement & { checked: boolean };
        node.checked = on;
        node.dispatchEvent(new Event('change'));
      },
      checked,
    );
  const state = () => box((boxes) => boxes.filter((b) => b.textContent === 'White balloons, gutters & panel backgrounds').map((b) => ({ checked: b.hasAttribute('checked'), disabled: b.hasAttribute('disabled') })));
  expect(await state()).toEqual([{ checked: true, disabled: false }]);
  await tick(false);
  expect(await state()).toEqual([{ checked: false, disabled: false }]);
  await page.click('sp-button:nth-of-type(1)');
  expect(await state()).toEqual([{ checked: false, disabled: true }]); // while the run goes
  expect(await finishRunAndReadRequest()).toMatchObject({ whitePaper: false });
  await tick(true);
  await page.click('sp-button:nth-of-type(1)');
  expect(await finishRunAndReadRequest()).not.toHaveProperty('whitePaper');
  const strength = (value: number) =>
    page.$$eval(
      'sp-slider',
      (sliders, v) => {
        const node = sliders[0] as HTMLElement & { value: number };
        node.value = v;
        node.dispatchEvent(new Event('change'));
      },
      value,
    );
  await strength(0);
  expect(await state()).toEqual([{ checked: true, disabled: true }]);
  await strength(100); // back as found: the next tests share the page
  expect(await state()).toEqual([{ checked: true, disabled: false }]);
});

it('passes the "Close gaps" choice to the host, and keeps it open without hints (Flats uses it)', async () => {
  const gapItems = () =>
    page.$$eval('sp-picker', (pickers) => Array.from(pickers[4].querySelectorAll('sp-menu-item')).map((n) => ({ label: n.textContent, selected: n.hasAttribute('selected') })));
  expect(await gapItems()).toEqual([
    { label: 'Model default', selected: true },
    { label: 'Off', selected: false },
    { label: 'Small (1 px)', selected: false },
    { label: 'Large (4 px)', selected: false },
    { label: 'Very large (8 px)', selected: false },
  ]);
  const choose = (picker: number, index: number) =>
    page.$$eval(
      'sp-picker',
      (pickers, [p, i]) => {
        const node = pickers[p] as HTMLElement & { selectedIndex: number };
        node.selectedIndex = i;
        node.dispatchEvent(new Event('change'));
      },
      [picker, index] as const,
    );
  await choose(4, 3);
  expect((await gapItems()).find((i) => i.selected)?.label).toBe('Large (4 px)');

  await page.click('sp-button:nth-of-type(1)');
  const lastRequest = await finishRunAndReadRequest();
  expect(lastRequest).toEqual({ lineartLayerId: 29, blendMode: 'normal', hintStrength: 1, workingScale: 'auto', gapRadius: 4 });

  expect(await page.$$eval('sp-picker', (pickers) => pickers[4].hasAttribute('disabled'))).toBe(false);
  await choose(1, 1); // Hints: None
  expect(await page.$$eval('sp-picker', (pickers) => pickers[4].hasAttribute('disabled'))).toBe(false);
  await choose(1, 0);
  expect(await page.$$eval('sp-picker', (pickers) => pickers[4].hasAttribute('disabled'))).toBe(false);
});

it('passes the "Light" choice and the "Shadows" strength to the host as shading, and greys the strength out while the light is off', async () => {
  const lightItems = () =>
    page.$$eval('sp-picker', (pickers) => Array.from(pickers[5].querySelectorAll('sp-menu-item')).map((n) => ({ label: n.textContent, selected: n.hasAttribute('selected') })));
  expect((await lightItems()).map((i) => i.label)).toEqual(['Off', 'Top left', 'Top', 'Top right', 'Left', 'Right', 'Bottom left', 'Bottom', 'Bottom right']);
  expect((await lightItems()).find((i) => i.selected)?.label).toBe('Off');
  const shadowsDisabled = () => page.$$eval('sp-slider', (sliders) => sliders[1].hasAttribute('disabled'));
  expect(await shadowsDisabled()).toBe(true);

  await page.$$eval('sp-picker', (pickers) => {
    const light = pickers[5] as HTMLElement & { selectedIndex: number };
    light.selectedIndex = 1; // Top left
    light.dispatchEvent(new Event('change'));
  });
  expect((await lightItems()).find((i) => i.selected)?.label).toBe('Top left');
  expect(await shadowsDisabled()).toBe(false);
  expect(await page.$$eval('sp-slider', (sliders) => (sliders[1] as HTMLElement & { value: number }).value)).toBe(35);
  await page.$$eval('sp-slider', (sliders) => {
    const shadows = sliders[1] as HTMLElement & { value: number };
    shadows.value = 60;
    shadows.dispatchEvent(new Event('change'));
  });

  await page.click('sp-button:nth-of-type(1)');
  expect(await page.$$eval('sp-picker', (pickers) => pickers[5].hasAttribute('disabled'))).toBe(true);
  expect(await shadowsDisabled()).toBe(true);
  const lastRequest = await finishRunAndReadRequest();
  expect(lastRequest).toMatchObject({ shading: { light: 'top-left', strength: 0.6 } });
  expect(await page.$$eval('sp-picker', (pickers) => pickers[5].hasAttribute('disabled'))).toBe(false);
  expect(await shadowsDisabled()).toBe(false);

  await page.$$eval('sp-picker', (pickers) => {
    const light = pickers[5] as HTMLElement & { selectedIndex: number };
    light.selectedIndex = 0; // Off
    light.dispatchEvent(new Event('change'));
  });
  expect(await shadowsDisabled()).toBe(true);
  const settings = await page.evaluate(() => (window as unknown as { __panel: { controller: { getState(): { settings: unknown } } } }).__panel.controller.getState().settings);
  expect(settings).toMatchObject({ light: 'off', shadingStrength: 0.6 });
});

it('relights from the Relight button with the light picked, greyed out (with the reason) while the light is off or the host refuses', async () => {
  const relightButton = () => page.$eval('sp-button:nth-of-type(3)', (node) => ({ disabled: node.hasAttribute('disabled'), title: node.getAttribute('title') }));
  const pickLight = (index: number) =>
    page.$$eval(
      'sp-picker',
      (pickers, i) => {
        const light = pickers[5] as HTMLElement & { selectedIndex: number };
        light.selectedIndex = i;
        light.dispatchEvent(new Event('change'));
      },
      index,
    );
  await pickLight(0); // Off
  expect(await relightButton()).toEqual({ disabled: true, title: 'Pick a Light to relight.' });
  await page.evaluate(() => (window as unknown as { __panel: { setRelightRefusal(m: string | null): void } }).__panel.setRelightRefusal('There is no “Deepcolor” layer above “Lineart” to relight.'));
  await pickLight(5); // Right
  expect(await relightButton()).toEqual({ disabled: true, title: 'There is no “Deepcolor” layer above “Lineart” to relight.' });
  expect(await text('.error')).toBe(''); // a reason on the button, not an error line
  await page.evaluate(() => (window as unknown as { __panel: { setRelightRefusal(m: string | null): void } }).__panel.setRelightRefusal(null));
  expect(await relightButton()).toEqual({ disabled: false, title: null });

  await page.click('sp-button:nth-of-type(3)');
  await page.waitForFunction(() => document.body.textContent?.includes('Relit: light right'));
  const strength = await page.evaluate(
    () => (window as unknown as { __panel: { controller: { getState(): { settings: { shadingStrength: number } } } } }).__panel.controller.getState().settings.shadingStrength,
  );
  expect(await page.evaluate(() => (window as unknown as { __panel: { calls: { relights: unknown[] } } }).__panel.calls.relights)).toEqual([{ lineartLayerId: 29, shading: { light: 'right', strength } }]); // the lineart picked earlier in this page
  expect(await page.textContent('body')).toContain('Relit: light right, 0.4 s');
});

it('makes flats from the Flats button with the layers and Close gaps picked, and greys it out while the host refuses', async () => {
  const flatsButton = () => page.$eval('sp-button:nth-of-type(4)', (node) => ({ label: node.textContent, disabled: node.hasAttribute('disabled') }));
  expect(await flatsButton()).toEqual({ label: 'Flats', disabled: false });
  await page.evaluate(() => (window as unknown as { __panel: { setRefusal(m: string | null): void } }).__panel.setRefusal('Convert to RGB: Image > Mode > RGB Color.'));
  expect(await flatsButton()).toEqual({ label: 'Flats', disabled: true });
  expect(await page.$eval('sp-button:nth-of-type(4)', (node) => node.getAttribute('title'))).toBe('Convert to RGB: Image > Mode > RGB Color.');
  await page.evaluate(() => (window as unknown as { __panel: { setRefusal(m: string | null): void } }).__panel.setRefusal(null));
  await page.click('sp-button:nth-of-type(4)');
  await page.waitForFunction(() => document.body.textContent?.includes('Flats: 0.1 s'));
  const [settings, requests] = await page.evaluate(() => {
    const panel = (window as unknown as { __panel: { controller: { getState(): { settings: { lineart: unknown; hint: unknown; gapRadius: unknown } } }; calls: { flats: unknown[] } } }).__panel;
    return [panel.controller.getState().settings, panel.calls.flats];
  });
  const request: Record<string, unknown> = {};
  if (typeof settings.lineart === 'number') request.lineartLayerId = settings.lineart;
  if (settings.hint === 'none') request.hintLayerId = null;
  else if (typeof settings.hint === 'number') request.hintLayerId = settings.hint;
  if (typeof settings.gapRadius === 'number') request.gapRadius = settings.gapRadius;
  expect(requests).toEqual([request]);
  expect(Object.keys(request).length).toBeGreaterThan(0); // the page's earlier tests picked a lineart: a pick must come through
});

it('says when a selection limits Colorize and Flats, and reports it after each run', async () => {
  type Panel = { __panel: { setSelection(rect: { left: number; top: number; width: number; height: number } | null): void } };
  await page.evaluate(() => (window as unknown as Panel).__panel.setSelection({ left: 100, top: 40, width: 320, height: 250 }));
  expect(await page.textContent('body')).toContain('page-042.psd — 800×600 · only the 320×250 selection');
  expect((await buttons()).map((b) => b.label)).toEqual(['Colorize selection', 'Cancel', 'Relight', 'Flats in selection']);
  await page.click('sp-button:nth-of-type(1)');
  await finishRunAndReadRequest();
  await page.waitForFunction(() => document.body.textContent?.includes('Last run'));
  expect(await page.textContent('body')).toContain('2 tile(s) at 91 % inside the 320×250 selection → "Deepcolor"');
  await page.click('sp-button:nth-of-type(4)');
  await page.waitForFunction(() => document.body.textContent?.includes('Flats: 0.1 s'));
  expect(await page.textContent('body')).toContain('Flats: 0.1 s, a new layer above the lineart (inside the 320×250 selection)');
  // Select > Deselect: the whole canvas again.
  await page.evaluate(() => (window as unknown as Panel).__panel.setSelection(null));
  const body = (await page.textContent('body')) ?? '';
  expect(body).toContain('page-042.psd — 800×600');
  expect(body).not.toContain('only the');
  expect((await buttons()).map((b) => b.label)).toEqual(['Colorize', 'Cancel', 'Relight', 'Flats']);
});

it('makes a hint layer from the button beside Hints, keeps to the lineart it went above, and greys the button out once there is one', async () => {
  type Panel = { __panel: { calls: { hintLayers: unknown[] }; controller: { getState(): { settings: { lineart: unknown }; hintLayerBlocker: string | null } } } };
  const button = () => page.$eval('sp-action-button', (node) => ({ label: node.textContent, disabled: node.hasAttribute('disabled'), title: node.getAttribute('title') }));
  expect(await button()).toEqual({ label: 'New hint layer', disabled: false, title: null });
  await page.click('sp-action-button');
  await page.waitForFunction(() => document.body.textContent?.includes('New layer “hint” above “Lineart”'));
  const state = await page.evaluate(() => {
    const panel = (window as unknown as Panel).__panel;
    return { calls: panel.calls.hintLayers.length, lineart: panel.controller.getState().settings.lineart };
  });
  // The new layer is now the active one: the panel keeps to the lineart, so Colorize still reads the lines.
  expect(state).toEqual({ calls: 1, lineart: 29 });
  // A second click while it is greyed out does nothing.
  await page.click('sp-action-button', { force: true });
  expect(await page.evaluate(() => (window as unknown as Panel).__panel.calls.hintLayers.length)).toBe(1);
  expect(await button()).toEqual({ label: 'New hint layer', disabled: true, title: 'There is a hint layer already, “hint”: select it in the Layers panel and paint your colours on it.' });
});
