import * as fs from 'fs';
import * as path from 'path';
import { readPsd, type Layer } from 'ag-psd';
import sharp from 'sharp';
import { useRawPsdPixels } from '../../cli/psd';
import { REPO_ROOT } from '../helpers/engine';
import { circle, drawStrokes, rectangle } from '../helpers/synthetic';
import { assertBuilt, colourfulShare, decode, hintPixels, lineartPixels, listTree, removeDir, runCli, tempDir, writeImage } from './helpers';

const SIZE = 96;
let dir: string;

beforeAll(async () => {
  assertBuilt();
  useRawPsdPixels(); // ag-psd reads raw pixels (useImageData) without a canvas, as the CLI does
  dir = tempDir();
  await writeImage(path.join(dir, 'page.png'), lineartPixels(SIZE), SIZE);
  await writeImage(path.join(dir, 'page.hint.png'), hintPixels(SIZE), SIZE);
  await writeImage(path.join(dir, 'inked.png'), lineartPixels(SIZE, true), SIZE);
  await writeImage(path.join(dir, 'page.jpg'), lineartPixels(SIZE), SIZE, SIZE, 'jpeg');
  await writeImage(path.join(dir, 'hint.webp'), hintPixels(SIZE), SIZE, SIZE, 'webp');
});

afterAll(() => removeDir(dir));

describe('deepcolor colorize', () => {
  it('writes a PNG of the lineart size with colour in it, and creates the missing output folder', async () => {
    const out = path.join(dir, 'new', 'deeper', 'page.png');
    const r = await runCli(['colorize', path.join(dir, 'page.png'), '--hint', path.join(dir, 'page.hint.png'), '-o', out, '--threads', '1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*page\.png \(96x96, native/);
    const img = await decode(out);
    expect(img.format).toBe('png');
    expect([img.width, img.height]).toEqual([SIZE, SIZE]);
    expect(colourfulShare(img.data)).toBeGreaterThan(0.2);
    // The lines are multiplied back on: every ink pixel of the lineart is dark in the result.
    const line = lineartPixels(SIZE);
    let inkPixels = 0;
    let lightInk = 0;
    for (let i = 0; i < line.length; i += 4) {
      if (line[i + 3] !== 255 || line[i] !== 0) continue;
      inkPixels++;
      if (Math.max(img.data[i], img.data[i + 1], img.data[i + 2]) >= 8) lightInk++;
    }
    expect(inkPixels).toBeGreaterThan(SIZE);
    expect(lightInk).toBe(0);
    expect(listTree(path.join(dir, 'new'))).toEqual(['deeper/', 'deeper/page.png']);
  });

  it("colours the README's example as the README shows it: the page around the figure stays white, the figure is coloured", async () => {
    // The README's first command. A stroke of its hint runs a little past the cloak's outline into the page
    // around the figure; that end must not paint the page (it did, brown, once: nothing else caught it).
    const out = path.join(dir, 'portrait.png');
    const examples = path.join(REPO_ROOT, 'examples');
    const r = await runCli(['colorize', path.join(examples, 'portrait-lineart.png'), '--hint', path.join(examples, 'portrait-hint.png'), '-o', out, '--threads', '1']);
    expect(r.status).toBe(0);
    const img = await decode(out);
    const original = await decode(path.join(examples, 'portrait-original.png'));
    const at = (x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3));
    for (const [x, y] of [[5, 5], [630, 5], [5, 300], [620, 200]]) for (const v of at(x, y)) expect(v).toBeGreaterThanOrEqual(245);
    expect(colourfulShare(img.data)).toBeGreaterThan(0.3);
    // Against the painting the lineart was drawn from (shipped model: 18.2 dB; the brown page was 6.8).
    let squared = 0;
    for (let i = 0; i < img.data.length; i += 4) for (let c = 0; c < 3; c++) squared += (img.data[i + c] - original.data[i + c]) ** 2;
    const psnr = 10 * Math.log10((255 * 255) / (squared / ((img.data.length / 4) * 3)));
    expect(psnr).toBeGreaterThan(16);
  });

  it('reads transparent lineart, JPEG lineart and a WebP hint', async () => {
    const outA = path.join(dir, 'out-formats', 'inked.png');
    const a = await runCli(['colorize', path.join(dir, 'inked.png'), '--hint', path.join(dir, 'hint.webp'), '-o', outA, '--threads', '1']);
    expect(a.status).toBe(0);
    const outB = path.join(dir, 'out-formats', 'jpeg.png');
    const b = await runCli(['colorize', path.join(dir, 'page.jpg'), '-o', outB, '--threads', '1']);
    expect(b.status).toBe(0);
    const [ia, ib] = [await decode(outA), await decode(outB)];
    expect([ia.width, ia.height, ib.width, ib.height]).toEqual([SIZE, SIZE, SIZE, SIZE]);
    // Transparent ink composites over white: the transparent page and the white page give the same line channel,
    // so with the same hint they colour identically.
    const outC = path.join(dir, 'out-formats', 'white.png');
    expect((await runCli(['colorize', path.join(dir, 'page.png'), '--hint', path.join(dir, 'hint.webp'), '-o', outC, '--threads', '1'])).status).toBe(0);
    const ic = await decode(outC);
    let maxDiff = 0;
    for (let i = 0; i < ia.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ia.data[i] - ic.data[i]));
    expect(maxDiff).toBeLessThanOrEqual(1);
  });

  it('with --psd writes a layered PSD: Deepcolor at the bottom, Hint hidden, Lineart on top in Multiply, flattening to the PNG', async () => {
    const out = path.join(dir, 'out-psd', 'page.png');
    const r = await runCli(['colorize', path.join(dir, 'inked.png'), '--hint', path.join(dir, 'page.hint.png'), '-o', out, '--psd', '--threads', '1']);
    expect(r.status).toBe(0);
    expect(listTree(path.join(dir, 'out-psd'))).toEqual(['page.png', 'page.psd']);
    const psd = readPsd(fs.readFileSync(path.join(dir, 'out-psd', 'page.psd')), { useImageData: true });
    expect([psd.width, psd.height]).toEqual([SIZE, SIZE]);
    const layers = psd.children ?? [];
    expect(layers.map((l: Layer) => l.name)).toEqual(['Deepcolor', 'Hint', 'Lineart']); // bottom to top
    const [colour, hint, lineart] = layers;
    expect(lineart.blendMode).toBe('multiply');
    expect(lineart.hidden ?? false).toBe(false);
    expect(hint.hidden).toBe(true);
    expect(colour.hidden ?? false).toBe(false);
    expect(colour.blendMode).toBe('normal');

    // Layer pixels are the inputs and the colour; Multiply of the lineart over the colour equals the PNG.
    const px = (l: Layer): Uint8Array | Uint8ClampedArray => {
      const d = l.imageData;
      if (!d || d.width !== SIZE || d.height !== SIZE) throw new Error(`layer ${l.name} has no full-size image data`);
      return d.data as Uint8Array;
    };
    const ink = lineartPixels(SIZE, true);
    const lineData = px(lineart);
    let inkMismatch = 0;
    for (let i = 3; i < ink.length; i += 4) if (lineData[i] !== ink[i]) inkMismatch++;
    expect(inkMismatch).toBe(0);
    const hintData = px(hint);
    expect(hintData[(Math.round(SIZE * 0.45) * SIZE + SIZE / 2) * 4]).toBe(230);
    // The hint as painted, every pixel: the engine cleans its own copy of the ends that slip over a line.
    const painted = await decode(path.join(dir, 'page.hint.png'));
    expect(Buffer.from(hintData).equals(Buffer.from(painted.data))).toBe(true);

    const png = await decode(out);
    const c = px(colour);
    let worst = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const a = lineData[i + 3];
      for (let k = 0; k < 3; k++) {
        const over = (lineData[i + k] * a + 255 * (255 - a)) / 255;
        worst = Math.max(worst, Math.abs((c[i + k] * over) / 255 - png.data[i + k]));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    // The stored composite (what previews show) is the PNG too.
    const composite = psd.imageData;
    expect(composite && [composite.width, composite.height]).toEqual([SIZE, SIZE]);
    let compositeDiff = 0;
    for (let i = 0; i < png.data.length; i++) compositeDiff = Math.max(compositeDiff, Math.abs((composite?.data[i] ?? -999) - png.data[i]));
    expect(compositeDiff).toBe(0);
    // The colour layer is the network's colour without lines: not the flattened result.
    expect(colourfulShare(Buffer.from(c))).toBeGreaterThan(colourfulShare(png.data));
  });

  it('--light adds a Shading layer in Multiply between colour and lines, darkening the side away from the light, and the PNG is still the flattened PSD', async () => {
    // A large inked disc on white, with a light hint inside it (the colour is not paper-white).
    const size = 128;
    const line = Buffer.alloc(size * size * 4, 255);
    const hint = Buffer.alloc(size * size * 4, 0);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const r = Math.hypot(x + 0.5 - 64, y + 0.5 - 64);
        if (Math.abs(r - 50) < 1.5) line.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
        if (r < 40) hint.set([90, 140, 220, 255], (y * size + x) * 4);
      }
    }
    await writeImage(path.join(dir, 'disc.png'), line, size);
    await writeImage(path.join(dir, 'disc.hint.png'), hint, size);
    const run = async (name: string, extra: string[]): Promise<string> => {
      const out = path.join(dir, 'out-shade', `${name}.png`);
      const r = await runCli(['colorize', path.join(dir, 'disc.png'), '--hint', path.join(dir, 'disc.hint.png'), '-o', out, '--threads', '1', '--scale', '1', ...extra]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return out;
    };
    const flatOut = await run('flat', ['--psd']);
    const litOut = await run('lit', ['--psd', '--light', 'top-left', '--shade', '0.5']);
    const flatPsd = readPsd(fs.readFileSync(flatOut.replace(/\.png$/, '.psd')), { useImageData: true });
    const psd = readPsd(fs.readFileSync(litOut.replace(/\.png$/, '.psd')), { useImageData: true });
    expect((flatPsd.children ?? []).map((l: Layer) => l.name)).toEqual(['Deepcolor', 'Hint', 'Lineart']);
    const layers = psd.children ?? [];
    expect(layers.map((l: Layer) => l.name)).toEqual(['Deepcolor', 'Shading', 'Hint', 'Lineart']); // bottom to top
    const [colour, shading, , lineart] = layers;
    expect(shading.blendMode).toBe('multiply');
    expect(shading.hidden ?? false).toBe(false);
    const data = (l: Layer): Uint8ClampedArray => l.imageData?.data as Uint8ClampedArray;
    // The colour layer is the same flat colour with or without light.
    expect(Buffer.from(data(colour)).equals(Buffer.from(data((flatPsd.children ?? [])[0])))).toBe(true);
    // The shading is grey, darker towards the bottom right of the disc than the top left, white outside it.
    const at = (d: Uint8ClampedArray, x: number, y: number): number => d[(y * size + x) * 4];
    const sh = data(shading);
    expect(at(sh, 64 + 30, 64 + 30)).toBeLessThan(at(sh, 64 - 30, 64 - 30) - 20);
    expect([at(sh, 3, 3), at(sh, 124, 124)]).toEqual([255, 255]);
    // PNG = colour x shading x lineart, in Photoshop's 8-bit Multiply, layer by layer.
    const png = await decode(litOut);
    const ln = data(lineart);
    let worst = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      for (let k = 0; k < 3; k++) {
        const shaded = Math.round((data(colour)[i + k] * sh[i + k]) / 255);
        const over = (ln[i + k] * ln[i + 3] + 255 * (255 - ln[i + 3])) / 255;
        worst = Math.max(worst, Math.abs((shaded * over) / 255 - png.data[i + k]));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    // --light off is no shading at all: the same PNG as without the option.
    const offOut = await run('off', ['--light', 'off']);
    expect((await decode(offOut)).data.equals((await decode(flatOut)).data)).toBe(true);
  });

  it('--close-gaps changes what a stroke inside an open outline colours, and refuses what it cannot do', async () => {
    // A 3-px ink square outline with a 6-px opening; one dab of red inside it.
    const line = Buffer.alloc(SIZE * SIZE * 4, 255);
    const hint = Buffer.alloc(SIZE * SIZE * 4, 0);
    for (let y = 20; y < 76; y++) {
      for (let x = 20; x < 76; x++) {
        const side = y < 23 || y >= 73 || x < 23 || x >= 73;
        const opening = y < 23 && x >= 45 && x < 51;
        if (side && !opening) line.fill(0, (y * SIZE + x) * 4, (y * SIZE + x) * 4 + 3);
        if (Math.hypot(x - 48, y - 48) < 4) hint.set([220, 30, 30, 255], (y * SIZE + x) * 4);
      }
    }
    await writeImage(path.join(dir, 'open.png'), line, SIZE);
    await writeImage(path.join(dir, 'open.hint.png'), hint, SIZE);
    const run = async (gaps: string): Promise<Buffer> => {
      const out = path.join(dir, `open-${gaps}.png`);
      const r = await runCli(['colorize', path.join(dir, 'open.png'), '--hint', path.join(dir, 'open.hint.png'), '-o', out, '--scale', '1', '--close-gaps', gaps]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return (await decode(out)).data;
    };
    const open = await run('0');
    const closed = await run('4');
    // Outside the outline: the red fill reaches it only when the gap is left open. Measured over the
    // whole outside, not one pixel: the model decides how far the fill shows (one model left the far
    // corner white either way). gpu1c: mean redness 67 open, 5 closed.
    const outsideRedness = (img: Buffer): number => {
      let sum = 0;
      let n = 0;
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          if (x >= 18 && x <= 78 && y >= 18 && y <= 78) continue;
          const i = (y * SIZE + x) * 4;
          sum += img[i] - (img[i + 1] + img[i + 2]) / 2;
          n++;
        }
      }
      return sum / n;
    };
    expect(outsideRedness(open)).toBeGreaterThan(outsideRedness(closed) + 20);
    const bad = await runCli(['colorize', path.join(dir, 'open.png'), '-o', path.join(dir, 'never.png'), '--close-gaps', '2.5']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--close-gaps.*whole number of pixels from 0/s);
    expect(fs.existsSync(path.join(dir, 'never.png'))).toBe(false);
  });

  it('refuses a hint strength above 1 (as painted) before reading anything', async () => {
    const r = await runCli(['colorize', path.join(dir, 'page.png'), '-o', path.join(dir, 'strong.png'), '--strength', '1.5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--strength.*from 0 \(ignore the hint\) to 1 \(as painted\)/s);
    expect(fs.existsSync(path.join(dir, 'strong.png'))).toBe(false);
  });

  it('refuses a light direction it does not know and a shade outside 0..1, before reading anything', async () => {
    const light = await runCli(['colorize', path.join(dir, 'page.png'), '-o', path.join(dir, 'lit.png'), '--light', 'upper-left']);
    expect(light.status).toBe(2);
    expect(light.stderr).toMatch(/--light.*expected right, top-right, top, top-left, .*or off/s);
    const shade = await runCli(['colorize', path.join(dir, 'page.png'), '-o', path.join(dir, 'lit.png'), '--shade', '2']);
    expect(shade.status).toBe(2);
    expect(shade.stderr).toMatch(/--shade.*from 0 \(no shading\) to 1/s);
    expect(fs.existsSync(path.join(dir, 'lit.png'))).toBe(false);
  });

  it('refuses a --scale below the model\'s smallest working scale, before any work, and writes nothing', async () => {
    const r = await runCli(['colorize', path.join(dir, 'page.png'), '-o', path.join(dir, 'tiny.png'), '--scale', '0.0001']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--scale 0\.0001 is below the model's smallest working scale, 0\.125.*--scale auto/);
    expect(fs.existsSync(path.join(dir, 'tiny.png'))).toBe(false);
  });

  it('colours white lines on black as they are, and says they look inverted and how to fix it', async () => {
    const lines = lineartPixels(SIZE);
    for (let i = 0; i < lines.length; i += 4) for (let c = 0; c < 3; c++) lines[i + c] = 255 - lines[i + c];
    const inverted = path.join(dir, 'chalk.png');
    await writeImage(inverted, lines, SIZE, SIZE, 'png');
    const r = await runCli(['colorize', inverted, '-o', path.join(dir, 'chalk-out.png'), '--threads', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: The lineart ".*chalk\.png" is mostly dark \(\d+ % of it\).*invert it \(white to black\) in your editor and colour it again\./);
    expect(fs.existsSync(path.join(dir, 'chalk-out.png'))).toBe(true);
  });

  it('reads a hint without transparency (strokes on white, as JPEG) with its white as unpainted, and says so', async () => {
    const jpegHint = path.join(dir, 'on-white.hint.jpg');
    await writeImage(jpegHint, hintPixels(SIZE), SIZE, SIZE, 'jpeg'); // flattened on white
    const outs = { png: path.join(dir, 'opaque', 'png.png'), jpeg: path.join(dir, 'opaque', 'jpeg.png'), none: path.join(dir, 'opaque', 'none.png') };
    const run = (hint: string[], out: string) => runCli(['colorize', path.join(dir, 'page.png'), ...hint, '-o', out, '--threads', '1', '--scale', '1']);
    const jpeg = await run(['--hint', jpegHint], outs.jpeg);
    expect(jpeg.status).toBe(0);
    expect(jpeg.stderr).toMatch(/note: hint ".*on-white\.hint\.jpg" has no transparency; its white \(9\d %[^)]*\) was read as unpainted\..*transparent layer.*Save it as PNG with transparency/);
    expect((await run(['--hint', path.join(dir, 'page.hint.png')], outs.png)).stderr).toBe('');
    expect((await run([], outs.none)).status).toBe(0);
    // The JPEG's strokes colour the page as the transparent PNG's do; read as paint, its white would have covered the page.
    const [fromPng, fromJpeg, without] = [await decode(outs.png), await decode(outs.jpeg), await decode(outs.none)];
    const meanDiff = (a: Buffer, b: Buffer): number => {
      let sum = 0;
      for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i] - b[i]);
      return sum / ((a.length / 4) * 3);
    };
    expect(meanDiff(fromJpeg.data, fromPng.data)).toBeLessThan(meanDiff(without.data, fromPng.data) / 3);
  });

  it('turns a JPEG as its EXIF orientation says, so the page is the one the artist sees', async () => {
    const rotated = path.join(dir, 'rotated.jpg');
    // Stored 96 wide and 48 high, shown turned a quarter (orientation 6): 48 wide and 96 high.
    await sharp(lineartPixels(SIZE), { raw: { width: SIZE, height: SIZE, channels: 4 } }).resize(SIZE, SIZE / 2, { fit: 'fill' }).flatten({ background: '#ffffff' }).jpeg().withMetadata({ orientation: 6 }).toFile(rotated);
    const out = path.join(dir, 'rotated-out.png');
    const r = await runCli(['colorize', rotated, '-o', out, '--threads', '1']);
    expect(r.status).toBe(0);
    const img = await decode(out);
    expect([img.width, img.height]).toEqual([SIZE / 2, SIZE]);
  });

  it('removes the temporary file a killed run left for its output, but not one of a run still going', async () => {
    const out = path.join(dir, 'stale');
    fs.mkdirSync(out);
    // A process id nobody has: the run that made this file was killed outright (kill -9).
    let gone = 4_000_000;
    for (;;) {
      try {
        process.kill(gone, 0);
        gone++;
      } catch (err) {
        if ((err as { code?: string }).code === 'ESRCH') break;
        gone++;
      }
    }
    const stale = path.join(out, `.page.png.${gone}-deadbeef.tmp`);
    const live = path.join(out, `.page.png.${process.pid}-cafef00d.tmp`); // this test's own process: running
    const other = path.join(out, `.other.png.${gone}-deadbeef.tmp`); // another output's: not this run's to judge
    const recent = path.join(out, `.page.png.${gone}-0badf00d.tmp`); // gone too, but minutes old: perhaps another machine's on a shared folder
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    for (const f of [stale, live, other, recent]) {
      fs.writeFileSync(f, '');
      if (f !== recent) fs.utimesSync(f, anHourAgo, anHourAgo);
    }
    const r = await runCli(['colorize', path.join(dir, 'page.png'), '-o', path.join(out, 'page.png'), '--threads', '1']);
    expect(r.status).toBe(0);
    expect(listTree(out)).toEqual([path.basename(other), path.basename(live), path.basename(recent), 'page.png'].sort());
  });

  it('makes unpainted gutters and margins white by default, and leaves them to the network with --no-white-paper', async () => {
    // Three panels, 8 px gutters, a disc in the first: the page the engine's gutter test shows the network tinting.
    const [w, h] = [240, 240];
    const comic = Buffer.from(drawStrokes(w, h, [...rectangle(10, 10, 230, 110), ...rectangle(10, 118, 116, 230), ...rectangle(124, 118, 230, 230), ...circle(60, 60, 30, 48)], 2).data);
    const page = path.join(dir, 'panels.png');
    await writeImage(page, comic, w, h);
    const outs = [path.join(dir, 'panels-white.png'), path.join(dir, 'panels-network.png')];
    const white = await runCli(['colorize', page, '-o', outs[0], '--threads', '1']);
    const network = await runCli(['colorize', page, '-o', outs[1], '--threads', '1', '--no-white-paper']);
    expect([white.status, white.stderr, network.status, network.stderr]).toEqual([0, '', 0, '']);
    // The gutter between the bottom panels, clear of its borders' anti-aliasing.
    const gutter = (img: Awaited<ReturnType<typeof decode>>): number => {
      let sum = 0;
      let n = 0;
      for (let y = 130; y < 220; y++) for (let x = 118; x < 122; x++, n++) for (let c = 0; c < 3; c++) sum += img.data[(y * w + x) * img.channels + c] / 3;
      return sum / n;
    };
    const [on, off] = [await decode(outs[0]), await decode(outs[1])];
    expect(gutter(on)).toBeGreaterThanOrEqual(250);
    expect(gutter(off)).toBeLessThan(245);
  });

  it('--leave-margins leaves margins and gutters white and the panels as they were', async () => {
    const [w, h] = [300, 200];
    const comic = Buffer.alloc(w * h * 4, 255);
    const box = (x0: number, y0: number, x1: number, y1: number): void => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (x < x0 + 3 || x >= x1 - 3 || y < y0 + 3 || y >= y1 - 3) comic.fill(0, (y * w + x) * 4, (y * w + x) * 4 + 3);
    };
    box(10, 10, 145, 190);
    box(155, 10, 290, 190);
    const page = path.join(dir, 'comic.png');
    await writeImage(page, comic, w, h);
    const outs = [path.join(dir, 'comic-plain.png'), path.join(dir, 'comic-margins.png')];
    expect((await runCli(['colorize', page, '-o', outs[0], '--threads', '1'])).status).toBe(0);
    const margins = await runCli(['colorize', page, '-o', outs[1], '--threads', '1', '--leave-margins']);
    expect([margins.status, margins.stderr]).toEqual([0, '']); // margins and gutter: well under half the page, no note
    const [plain, kept] = [await decode(outs[0]), await decode(outs[1])];
    const px = (img: Awaited<ReturnType<typeof decode>>, x: number, y: number): number[] => Array.from(img.data.subarray((y * w + x) * img.channels, (y * w + x) * img.channels + 3));
    for (const [x, y] of [[150, 100], [150, 5], [3, 100], [296, 195]]) expect(px(kept, x, y)).toEqual([255, 255, 255]); // gutter, margins
    for (const [x, y] of [[60, 100], [220, 60]]) expect(px(kept, x, y)).toEqual(px(plain, x, y)); // inside the panels: untouched
  });

  it('--leave-margins says so when it left most of the page as paper (art that runs off the page)', async () => {
    // A landscape: a horizon from edge to edge, nothing closed.
    const [w, h] = [120, 80];
    const land = Buffer.alloc(w * h * 4, 255);
    for (let x = 0; x < w; x++) land.fill(0, ((40 * w) + x) * 4, ((40 * w) + x) * 4 + 3);
    const page = path.join(dir, 'landscape.png');
    await writeImage(page, land, w, h);
    const r = await runCli(['colorize', page, '-o', path.join(dir, 'landscape-out.png'), '--threads', '1', '--leave-margins']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: Leave margins left (9\d|100) % of the page as paper\. If the drawing runs off the page's edge .* leave out --leave-margins/);
  });

  it('takes --light and --scale auto in any case, as an artist types them', async () => {
    const r = await runCli(['colorize', path.join(dir, 'page.png'), '-o', path.join(dir, 'cased.png'), '--light', 'Top-Left', '--scale', 'AUTO', '--threads', '1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('uses at most as many threads as the machine has cores, and says so when asked for more', async () => {
    const r = await runCli(['colorize', path.join(dir, 'page.png'), '-o', path.join(dir, 'threads.png'), '--threads', '256']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: --threads 256 is more than this machine's \d+ cores; using \d+/);
  });

  it('prints usage and exits 2 for an unknown backend', async () => {
    const r = await runCli(['colorize', path.join(dir, 'page.png'), '-o', path.join(dir, 'x.png'), '--backend', 'cuda']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--backend.*cuda.*(native|wasm)/s);
    expect(fs.existsSync(path.join(dir, 'x.png'))).toBe(false);
  });
});
