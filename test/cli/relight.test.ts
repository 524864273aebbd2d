/**
 * `deepcolor relight`: a page coloured with `colorize --psd`, shaded again
 * for another light from the PSD's own layers, without running the network.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readPsd, writePsdUint8Array, type Layer } from 'ag-psd';
import { readDeepcolorPsd, useRawPsdPixels } from '../../cli/psd';
import { assertBuilt, decode, hintPixels, lineartPixels, listTree, removeDir, runCli, tempDir, writeImage } from './helpers';

const SIZE = 96;
let dir: string;
let coloured: string; // the PSD a colorize --psd --light top-left wrote
let colouredPng: string;

const layerData = (psdFile: string, name: string): Buffer => {
  const layer = (readPsd(fs.readFileSync(psdFile), { useImageData: true }).children ?? []).find((l: Layer) => l.name === name);
  if (!layer?.imageData) throw new Error(`${psdFile} has no layer ${name}`);
  return Buffer.from(layer.imageData.data);
};

beforeAll(async () => {
  assertBuilt();
  useRawPsdPixels(); // ag-psd reads raw pixels (useImageData) without a canvas, as the CLI does
  dir = tempDir();
  await writeImage(path.join(dir, 'page.png'), lineartPixels(SIZE), SIZE);
  await writeImage(path.join(dir, 'page.hint.png'), hintPixels(SIZE), SIZE);
  colouredPng = path.join(dir, 'coloured', 'page.png');
  const r = await runCli(['colorize', path.join(dir, 'page.png'), '--hint', path.join(dir, 'page.hint.png'), '-o', colouredPng, '--psd', '--light', 'top-left', '--threads', '1']);
  if (r.status !== 0) throw new Error(r.stderr);
  coloured = colouredPng.replace(/\.png$/, '.psd');
}, 120_000);

afterAll(() => removeDir(dir));

describe('deepcolor relight', () => {
  it('for the same light gives back exactly the PNG and the Shading layer colorize wrote', async () => {
    const out = path.join(dir, 'same', 'page.png');
    const r = await runCli(['relight', coloured, '--light', 'top-left', '-o', out, '--psd']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Relit .*page\.png and .*page\.psd \(96x96, light top-left, shade 0\.35, .* s, no network run\)/);
    expect(listTree(path.join(dir, 'same'))).toEqual(['page.png', 'page.psd']);
    expect((await decode(out)).data).toEqual((await decode(colouredPng)).data);
    const psdOut = out.replace(/\.png$/, '.psd');
    expect(layerData(psdOut, 'Shading')).toEqual(layerData(coloured, 'Shading'));
    for (const name of ['Deepcolor', 'Lineart', 'Hint']) expect(layerData(psdOut, name)).toEqual(layerData(coloured, name));
    expect((readPsd(fs.readFileSync(psdOut), { skipLayerImageData: true, skipCompositeImageData: true }).children ?? []).map((l: Layer) => [l.name, l.blendMode, l.hidden ?? false])).toEqual([
      ['Deepcolor', 'normal', false],
      ['Shading', 'multiply', false],
      ['Hint', 'normal', true],
      ['Lineart', 'multiply', false],
    ]);
  });

  it('for another light shades differently, only ever darker than the flat colour; --light off gives the flat colour', async () => {
    const right = path.join(dir, 'right.png');
    const off = path.join(dir, 'off.png');
    expect((await runCli(['relight', coloured, '--light', 'right', '--shade', '0.6', '-o', right])).status).toBe(0);
    const r = await runCli(['relight', coloured, '--light', 'off', '-o', off, '--psd']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/no shading/);
    const [a, flat, before] = [(await decode(right)).data, (await decode(off)).data, (await decode(colouredPng)).data];
    expect(a).not.toEqual(before);
    let darker = 0;
    for (let i = 0; i < a.length; i++) {
      if (i % 4 === 3) continue;
      expect(a[i]).toBeLessThanOrEqual(flat[i]);
      if (a[i] < flat[i]) darker++;
    }
    expect(darker).toBeGreaterThan(0);
    expect((readPsd(fs.readFileSync(off.replace(/\.png$/, '.psd')), { skipLayerImageData: true, skipCompositeImageData: true }).children ?? []).map((l: Layer) => l.name)).toEqual(['Deepcolor', 'Hint', 'Lineart']);
  });

  it('reads a PSD saved again as Photoshop keeps it: the lineart on transparency, stored as the box around its ink, inside a group', async () => {
    const psd = readPsd(fs.readFileSync(coloured), { useImageData: true });
    const lineart = (psd.children ?? []).find((l) => l.name === 'Lineart')!.imageData!;
    const colour = (psd.children ?? []).find((l) => l.name === 'Deepcolor')!;
    // White paper made transparent (the test lineart is pure black on white, so the lines read the same),
    // then the layer cut to the box around its ink, as Photoshop stores a layer.
    const ink = (x: number, y: number): boolean => lineart.data[(y * SIZE + x) * 4] === 0;
    let [left, top, right, bottom] = [SIZE, SIZE, 0, 0];
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        if (!ink(x, y)) continue;
        [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x + 1), Math.max(bottom, y + 1)];
      }
    }
    const width = right - left;
    const height = bottom - top;
    const trimmed = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (ink(left + x, top + y)) trimmed[(y * width + x) * 4 + 3] = 255;
    const resaved = writePsdUint8Array(
      {
        width: SIZE,
        height: SIZE,
        channels: 3,
        bitsPerChannel: 8,
        colorMode: 3,
        children: [
          { name: 'Deepcolor', top: 0, left: 0, imageData: colour.imageData },
          { name: 'Inks', children: [{ name: 'Lineart', top, left, blendMode: 'multiply', imageData: { width, height, data: trimmed } as ImageData }] },
        ],
      },
      { noBackground: true },
    );
    const file = path.join(dir, 'resaved.psd');
    fs.writeFileSync(file, resaved);
    const out = path.join(dir, 'resaved.png');
    const r = await runCli(['relight', file, '--light', 'top-left', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((await decode(out)).data).toEqual((await decode(colouredPng)).data);
  });

  it('refuses, with what to do and without writing anything: no light, not a PSD, a PSD without its layers, an output over its input', async () => {
    const outDir = path.join(dir, 'refused');
    const cases: [string[], RegExp][] = [
      [['relight', coloured, '-o', path.join(outDir, 'a.png')], /Say which light/],
      [['relight', path.join(dir, 'page.png'), '--light', 'top', '-o', path.join(outDir, 'b.png')], /page\.png" is not a PSD \(it is a PNG image\)\. Give the \.psd that `deepcolor colorize --psd` wrote/],
      [['relight', path.join(dir, 'missing.psd'), '--light', 'top', '-o', path.join(outDir, 'c.png')], /does not exist/],
      [['relight', coloured, '--light', 'top', '-o', colouredPng, '--psd'], /overwrite the PSD being relit/],
      [['relight', coloured, '--light', 'sideways', '-o', path.join(outDir, 'd.png')], /--light/],
    ];
    const noColour = path.join(dir, 'no-colour.psd');
    fs.writeFileSync(
      noColour,
      writePsdUint8Array({ width: 8, height: 8, channels: 3, bitsPerChannel: 8, colorMode: 3, children: [{ name: 'Lineart', imageData: { width: 8, height: 8, data: new Uint8ClampedArray(256).fill(255) } as ImageData }] }, { noBackground: true }),
    );
    cases.push([['relight', noColour, '--light', 'top', '-o', path.join(outDir, 'e.png')], /no pixel layer named "Deepcolor"/]);
    const before = fs.readFileSync(coloured);
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect({ args, status: r.status }).toEqual({ args, status: expect.any(Number) });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(message);
      // A command line missing what it needs is a usage error (2), as elsewhere in the CLI.
      if (args.includes('--light') === false) expect(r.status).toBe(2);
    }
    expect(fs.existsSync(outDir) ? listTree(outDir) : []).toEqual([]);
    expect(fs.readFileSync(coloured)).toEqual(before);
  });
});

describe('readDeepcolorPsd', () => {
  it('places trimmed layers at their offsets on canvases of the document size, clipped to it, and finds them in groups', () => {
    const fill = (width: number, height: number, rgba: number[]) => {
      const data = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
      return { width, height, data } as ImageData;
    };
    const bytes = writePsdUint8Array(
      {
        width: 20,
        height: 16,
        channels: 3,
        bitsPerChannel: 8,
        colorMode: 3,
        children: [
          { name: 'Deepcolor', top: 2, left: 3, imageData: fill(10, 6, [200, 100, 50, 255]) },
          { name: 'Group', children: [{ name: 'Lineart', top: 12, left: 15, imageData: fill(8, 8, [0, 0, 0, 255]) }] }, // runs off the canvas
        ],
      },
      { noBackground: true },
    );
    const layers = readDeepcolorPsd(bytes, 'synthetic.psd');
    const at = (image: { width: number; data: Uint8Array | Uint8ClampedArray }, x: number, y: number) => Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));
    expect([layers.colour.width, layers.colour.height, layers.lineart.width, layers.lineart.height]).toEqual([20, 16, 20, 16]);
    expect(at(layers.colour, 3, 2)).toEqual([200, 100, 50, 255]);
    expect(at(layers.colour, 12, 7)).toEqual([200, 100, 50, 255]);
    expect(at(layers.colour, 2, 2)).toEqual([0, 0, 0, 0]);
    expect(at(layers.colour, 13, 7)).toEqual([0, 0, 0, 0]);
    expect(at(layers.lineart, 15, 12)).toEqual([0, 0, 0, 255]);
    expect(at(layers.lineart, 19, 15)).toEqual([0, 0, 0, 255]);
    expect(at(layers.lineart, 14, 15)).toEqual([0, 0, 0, 0]);
    expect(layers.hint).toBeUndefined();
  });

  it('takes the topmost pixel layer of a name, never a group of that name', () => {
    const fill = (rgba: number[]) => ({ width: 4, height: 4, data: new Uint8ClampedArray(64).map((_, i) => rgba[i % 4]) }) as ImageData;
    const bytes = writePsdUint8Array(
      {
        width: 4,
        height: 4,
        channels: 3,
        bitsPerChannel: 8,
        colorMode: 3,
        children: [
          { name: 'Deepcolor', top: 0, left: 0, imageData: fill([10, 10, 10, 255]) }, // bottom: an older copy
          { name: 'Lineart', top: 0, left: 0, imageData: fill([0, 0, 0, 255]) },
          { name: 'Deepcolor', top: 0, left: 0, imageData: fill([200, 100, 50, 255]) }, // the topmost
          { name: 'Deepcolor', children: [{ name: 'Notes', top: 0, left: 0, imageData: fill([1, 2, 3, 255]) }] }, // a group
        ],
      },
      { noBackground: true },
    );
    expect(Array.from(readDeepcolorPsd(bytes, 'named.psd').colour.data.subarray(0, 4))).toEqual([200, 100, 50, 255]);
  });

  it('relights a page coloured a panel at a time in Photoshop: no shading, and white paper, where its Deepcolor layer has no colour', async () => {
    // The Deepcolor layer holds the left half only (a panel); the lines cover the page.
    const half = Buffer.alloc((SIZE / 2) * SIZE * 4);
    for (let i = 0; i < half.length; i += 4) half.set([60, 140, 200, 255], i);
    const lines = lineartPixels(SIZE);
    const file = path.join(dir, 'panel.psd');
    fs.writeFileSync(
      file,
      writePsdUint8Array(
        {
          width: SIZE,
          height: SIZE,
          children: [
            { name: 'Deepcolor', left: 0, top: 0, imageData: { width: SIZE / 2, height: SIZE, data: new Uint8ClampedArray(half) } as ImageData },
            { name: 'Lineart', left: 0, top: 0, imageData: { width: SIZE, height: SIZE, data: new Uint8ClampedArray(lines) } as ImageData },
          ],
        },
        { noBackground: true },
      ),
    );
    const out = path.join(dir, 'panel-right.png');
    const r = await runCli(['relight', file, '--light', 'right', '--shade', '0.9', '-o', out, '--psd']);
    expect(r.stderr).toBe('');
    const png = await decode(out);
    // Right half: the lines over white paper, as if there were no colour layer (no black, no shading).
    for (let y = 0; y < SIZE; y++) {
      for (let x = SIZE / 2; x < SIZE; x++) {
        const i = (y * SIZE + x) * 4;
        const line = lines[i]; // black ink or white paper
        expect([png.data[i], png.data[i + 1], png.data[i + 2]]).toEqual([line, line, line]);
      }
    }
    // The PSD's new Shading layer is transparent there too.
    const shading = (readPsd(fs.readFileSync(out.replace(/\.png$/, '.psd')), { useImageData: true }).children ?? []).find((l: Layer) => l.name === 'Shading')!;
    const data = shading.imageData!.data;
    const width = shading.imageData!.width;
    const left = shading.left ?? 0;
    for (let y = 0; y < shading.imageData!.height; y++) for (let x = 0; x < width; x++) if (left + x >= SIZE / 2) expect(data[(y * width + x) * 4 + 3]).toBe(0);
  });
});
