/**
 * The files deepcolor writes: created as any program creates a file (the
 * umask decides who may read them), an output written over keeps the
 * permissions it had, and a page's print resolution (DPI) is kept, so
 * Photoshop opens the result at the page's size in print.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readPsd } from 'ag-psd';
import sharp from 'sharp';
import { assertBuilt, BIN, hintPixels, lineartPixels, outputOf, removeDir, ROOT, tempDir, writeImage, type RunResult } from './helpers';

const SIZE = 96;
let dir: string;

beforeAll(async () => {
  assertBuilt();
  dir = tempDir();
  await writeImage(path.join(dir, 'page.png'), lineartPixels(SIZE), SIZE);
  await writeImage(path.join(dir, 'page.hint.png'), hintPixels(SIZE), SIZE);
});

afterAll(() => removeDir(dir));

/** A PNG's pHYs chunk, read from the file itself: pixels per metre across (unit 1), or undefined. */
function pngPixelsPerMetre(file: string): number | undefined {
  const bytes = fs.readFileSync(file);
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'pHYs') return bytes[at + 16] === 1 ? bytes.readUInt32BE(at + 8) : undefined;
    at += 12 + length;
  }
  return undefined;
}

/** Runs `deepcolor ARGS` with this umask, as a shell with `umask` set would. */
function runWithUmask(umask: string, args: readonly string[]): Promise<RunResult> {
  return outputOf(spawn('/bin/sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
}

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

/** A page recording `density` pixels per inch (pHYs in a PNG, JFIF in a JPEG). */
async function pageAt(file: string, density: number, format: 'png' | 'jpeg'): Promise<void> {
  const image = sharp(lineartPixels(SIZE), { raw: { width: SIZE, height: SIZE, channels: 4 } }).withDensity(density);
  await (format === 'png' ? image.png() : image.flatten({ background: '#ffffff' }).jpeg()).toFile(file);
}

describe('output files', () => {
  const posix = process.platform !== 'win32';
  (posix ? it : it.skip)('are created as the umask says, and one written over keeps its permissions', async () => {
    const out = path.join(dir, 'modes', 'flats.png');
    const first = await runWithUmask('027', ['flats', path.join(dir, 'page.png'), '-o', out]);
    expect(first.stderr).toBe('');
    expect(modeOf(out)).toBe(0o640);

    fs.chmodSync(out, 0o600); // the artist keeps this one private
    const again = await runWithUmask('022', ['flats', path.join(dir, 'page.png'), '--hint', path.join(dir, 'page.hint.png'), '-o', out]);
    expect(again.stderr).toBe('');
    expect(modeOf(out)).toBe(0o600);

    // A read-only output is replaced (the folder is writable) and stays read-only.
    const colour = path.join(dir, 'modes', 'page.png');
    expect((await runWithUmask('022', ['colorize', path.join(dir, 'page.png'), '-o', colour, '--psd', '--threads', '1'])).status).toBe(0);
    expect([modeOf(colour), modeOf(path.join(dir, 'modes', 'page.psd'))]).toEqual([0o644, 0o644]);
    fs.chmodSync(colour, 0o444);
    expect((await runWithUmask('022', ['colorize', path.join(dir, 'page.png'), '-o', colour, '--threads', '1'])).status).toBe(0);
    expect(modeOf(colour)).toBe(0o444);
  });

  it('keep the page\'s print resolution: PNG and JPEG pages, in the PNG, the PSD, the flats and a relit page', async () => {
    const png = path.join(dir, 'at-600.png');
    const jpeg = path.join(dir, 'at-300.jpg');
    await pageAt(png, 600, 'png');
    await pageAt(jpeg, 300, 'jpeg');
    const out = path.join(dir, 'dpi');
    const r = await runWithUmask('022', ['colorize', png, '-o', path.join(out, 'png.png'), '--psd', '--threads', '1']);
    expect(r.stderr).toBe('');
    expect((await sharp(path.join(out, 'png.png')).metadata()).density).toBe(600);
    const psd = readPsd(fs.readFileSync(path.join(out, 'png.psd')), { skipLayerImageData: true, skipCompositeImageData: true, skipThumbnail: true });
    expect(psd.imageResources?.resolutionInfo).toMatchObject({ horizontalResolution: 600, verticalResolution: 600, horizontalResolutionUnit: 'PPI' });

    expect((await runWithUmask('022', ['colorize', jpeg, '-o', path.join(out, 'jpeg.png'), '--threads', '1'])).status).toBe(0);
    expect((await sharp(path.join(out, 'jpeg.png')).metadata()).density).toBe(300);
    expect((await runWithUmask('022', ['flats', png, '-o', path.join(out, 'flats.png')])).status).toBe(0);
    expect((await sharp(path.join(out, 'flats.png')).metadata()).density).toBe(600);
    // relight reads it back from the PSD colorize wrote.
    expect((await runWithUmask('022', ['relight', path.join(out, 'png.psd'), '--light', 'top', '-o', path.join(out, 'relit.png')])).status).toBe(0);
    expect((await sharp(path.join(out, 'relit.png')).metadata()).density).toBe(600);
  });

  it("record 72 ppi in the PNG where the page records none, what Photoshop assumes for the page and the PSD", async () => {
    // Left to itself libvips writes pHYs at 1 pixel per mm, and Photoshop opened the PNG at 25.4 ppi.
    const out = path.join(dir, 'no-dpi');
    // A PNG without pHYs (the README example): libvips reports it at 72 dpi with no unit.
    expect((await runWithUmask('022', ['flats', path.join(ROOT, 'examples', 'portrait-lineart.png'), '-o', path.join(out, 'portrait-flats.png')])).status).toBe(0);
    expect(pngPixelsPerMetre(path.join(out, 'portrait-flats.png'))).toBe(2835); // 72 ppi
    const r = await runWithUmask('022', ['colorize', path.join(dir, 'page.png'), '-o', path.join(out, 'page.png'), '--psd', '--threads', '1']);
    expect(r.status).toBe(0);
    expect(pngPixelsPerMetre(path.join(out, 'page.png'))).toBe(2835);
    const psd = readPsd(fs.readFileSync(path.join(out, 'page.psd')), { skipLayerImageData: true, skipCompositeImageData: true, skipThumbnail: true });
    expect(psd.imageResources?.resolutionInfo).toBeUndefined(); // Photoshop's 72 ppi
  });
});
