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

  it('record no resolution where the page records none, as before', async () => {
    // sharp writes a PNG's pHYs at 1 pixel per mm when it is told no density: such a page records none.
    const out = path.join(dir, 'no-dpi');
    // Nor does a PNG without pHYs (the README example), which libvips reports at 72 dpi with no unit.
    expect((await runWithUmask('022', ['flats', path.join(ROOT, 'examples', 'portrait-lineart.png'), '-o', path.join(out, 'portrait-flats.png')])).status).toBe(0);
    expect((await sharp(path.join(out, 'portrait-flats.png')).metadata()).density).toBeUndefined();
    const r = await runWithUmask('022', ['colorize', path.join(dir, 'page.png'), '-o', path.join(out, 'page.png'), '--psd', '--threads', '1']);
    expect(r.status).toBe(0);
    expect((await sharp(path.join(out, 'page.png')).metadata()).density).toBeUndefined();
    const psd = readPsd(fs.readFileSync(path.join(out, 'page.psd')), { skipLayerImageData: true, skipCompositeImageData: true, skipThumbnail: true });
    expect(psd.imageResources?.resolutionInfo).toBeUndefined();
  });
});
