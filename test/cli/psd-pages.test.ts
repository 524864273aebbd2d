/**
 * Pages saved as PSD: `colorize`, `batch` and `flats` read the lineart and
 * hint layers by name (in groups, trimmed, whatever the other layers are),
 * a flattened PSD's image as lineart, Grayscale PSDs too; and refuse what
 * they cannot find with the layer names and the option that fixes it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readPsd, writePsdUint8Array, type Layer, type Psd } from 'ag-psd';
import sharp from 'sharp';
import { assertBuilt, decode, hintPixels, lineartPixels, listTree, removeDir, runCli, tempDir, writeImage } from './helpers';

const SIZE = 96;
let dir: string;
/** The same page as PNG files: what a PSD page must colour exactly like. */
let pngOut: string;

function pixels(rgba: Buffer, width = SIZE, height = SIZE): { width: number; height: number; data: Uint8ClampedArray } {
  return { width, height, data: new Uint8ClampedArray(rgba) };
}

/** A layer holding only the rectangle (left, top, width, height) of a full-page RGBA image, as Photoshop saves layers trimmed. */
function trimmed(name: string, rgba: Buffer, left: number, top: number, width: number, height: number): Layer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) rgba.copy(data, y * width * 4, ((top + y) * SIZE + left) * 4, ((top + y) * SIZE + left + width) * 4);
  return { name, left, top, imageData: pixels(data, width, height) };
}

function writePsd(file: string, psd: Partial<Psd> & { children?: Layer[] }): void {
  fs.writeFileSync(file, writePsdUint8Array({ width: SIZE, height: SIZE, ...psd } as Psd, { noBackground: true }));
}

/**
 * A flattened 8-bit Grayscale PSD, written by hand (ag-psd writes RGB only):
 * the header (colour mode 1, one channel), empty colour mode data, image
 * resources and layer info, then the raw grey image.
 */
function writeGrayscalePsd(file: string, grey: Uint8Array): void {
  const header = Buffer.alloc(26);
  header.write('8BPS', 0, 'ascii');
  header.writeUInt16BE(1, 4); // version
  header.writeUInt16BE(1, 12); // channels
  header.writeUInt32BE(SIZE, 14); // height
  header.writeUInt32BE(SIZE, 18); // width
  header.writeUInt16BE(8, 22); // bits per channel
  header.writeUInt16BE(1, 24); // Grayscale
  const empty = Buffer.alloc(4); // a zero-length section
  const compression = Buffer.alloc(2); // 0: raw
  fs.writeFileSync(file, Buffer.concat([header, empty, empty, empty, compression, Buffer.from(grey)]));
}

/** The hint outside its painted strokes is transparent: its bounding box, to store it trimmed. */
function hintBox(rgba: Buffer): { left: number; top: number; width: number; height: number } {
  let [x0, y0, x1, y1] = [SIZE, SIZE, -1, -1];
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      if (rgba[(y * SIZE + x) * 4 + 3] === 0) continue;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  return { left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

beforeAll(async () => {
  assertBuilt();
  dir = tempDir();
  await writeImage(path.join(dir, 'page.png'), lineartPixels(SIZE, true), SIZE);
  await writeImage(path.join(dir, 'page.hint.png'), hintPixels(SIZE), SIZE);
  pngOut = path.join(dir, 'from-png.png');
  const r = await runCli(['colorize', path.join(dir, 'page.png'), '--hint', path.join(dir, 'page.hint.png'), '-o', pngOut, '--threads', '1']);
  if (r.status !== 0) throw new Error(r.stderr);
}, 120_000);

afterAll(() => removeDir(dir));

describe('PSD pages', () => {
  it('colours the Lineart and hint layers of a layered PSD exactly as the same images given as PNG files', async () => {
    const lineart = lineartPixels(SIZE, true);
    const hint = hintPixels(SIZE);
    const box = hintBox(hint);
    const paper = Buffer.alloc(SIZE * SIZE * 4, 255);
    const notes = Buffer.alloc(SIZE * SIZE * 4);
    for (let i = 0; i < notes.length; i += 4) notes.set([0, 0, 255, 255], i);
    // Bottom to top: paper, the lines in a group, a blue "Notes" layer, the hint (trimmed to its strokes).
    const file = path.join(dir, 'layered.psd');
    writePsd(file, {
      children: [
        { name: 'Paper', imageData: pixels(paper) },
        { name: 'Inks', children: [{ name: 'Lineart', imageData: pixels(lineart) }] },
        { name: 'Notes', hidden: true, imageData: pixels(notes) },
        trimmed('Colors', hint, box.left, box.top, box.width, box.height),
      ],
    });
    const out = path.join(dir, 'layered', 'page.png');
    const r = await runCli(['colorize', file, '-o', out, '--threads', '1', '--psd']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((await decode(out)).data).toEqual((await decode(pngOut)).data);
    expect(listTree(path.join(dir, 'layered'))).toEqual(['page.png', 'page.psd']);
  });

  it('takes a flattened PSD (no layers) as the lineart, a Grayscale one too, and --hint as its hint', async () => {
    // A Grayscale PSD of the lines on white: what a scanned ink page often is.
    const lines = lineartPixels(SIZE, false);
    const grey = new Uint8Array(SIZE * SIZE);
    for (let p = 0; p < grey.length; p++) grey[p] = lines[p * 4];
    const file = path.join(dir, 'scan.psd');
    writeGrayscalePsd(file, grey);
    const out = path.join(dir, 'scan.png');
    const r = await runCli(['colorize', file, '--hint', path.join(dir, 'page.hint.png'), '-o', out, '--threads', '1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const png = path.join(dir, 'scan-as-png.png');
    await writeImage(path.join(dir, 'scan-lines.png'), lines, SIZE);
    expect((await runCli(['colorize', path.join(dir, 'scan-lines.png'), '--hint', path.join(dir, 'page.hint.png'), '-o', png, '--threads', '1'])).status).toBe(0);
    expect((await decode(out)).data).toEqual((await decode(png)).data);
  });

  it('says which layers it found when none is named like the lineart, and takes --lineart-layer / --hint-layer', async () => {
    const file = path.join(dir, 'odd-names.psd');
    writePsd(file, {
      children: [
        { name: 'Paper', imageData: pixels(Buffer.alloc(SIZE * SIZE * 4, 255)) },
        { name: 'pencils final', imageData: pixels(lineartPixels(SIZE, true)) },
        { name: 'my dabs', imageData: pixels(hintPixels(SIZE)) },
      ],
    });
    const out = path.join(dir, 'odd', 'page.png');
    const refused = await runCli(['colorize', file, '-o', out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/has no layer named like the lineart .*"Paper", "pencils final", "my dabs".*--lineart-layer/);
    expect(fs.existsSync(path.join(dir, 'odd'))).toBe(false);
    const missing = await runCli(['colorize', file, '--lineart-layer', 'inks', '-o', out]);
    expect(missing.stderr).toMatch(/no pixel layer named "inks" \(--lineart-layer\)/);
    const r = await runCli(['colorize', file, '--lineart-layer', 'Pencils Final', '--hint-layer', 'my dabs', '-o', out, '--threads', '1']);
    expect(r.stderr).toBe('');
    expect((await decode(out)).data).toEqual((await decode(pngOut)).data);
    const notPsd = await runCli(['colorize', path.join(dir, 'page.png'), '--lineart-layer', 'Lineart', '-o', path.join(dir, 'x.png')]);
    expect(notPsd.stderr).toMatch(/--lineart-layer and --hint-layer choose layers of a PSD page/);
    expect(notPsd.status).toBe(2);
  });

  it('says the Lineart layer is empty, not missing, when nothing is drawn on it', async () => {
    const file = path.join(dir, 'empty-lineart.psd');
    writePsd(file, {
      children: [
        // One other pixel layer: it is not taken for the lines when the Lineart layer is there but empty.
        { name: 'sketch', imageData: pixels(lineartPixels(SIZE, true)) },
        { name: 'Lineart' }, // a layer with no pixels: ag-psd writes (and reads) it without image data
      ],
    });
    const r = await runCli(['colorize', file, '-o', path.join(dir, 'empty-out', 'page.png')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/its layer "Lineart" is empty\. Draw your lines on it, or choose the layer with them with --lineart-layer NAME/);
    expect(fs.existsSync(path.join(dir, 'empty-out'))).toBe(false);
  });

  it('reads a hint layer filled white before painting with its white as unpainted, and says so', async () => {
    const file = path.join(dir, 'white-hint.psd');
    const hint = Buffer.alloc(SIZE * SIZE * 4, 255);
    for (let y = 30; y < 40; y++) for (let x = 30; x < 60; x++) hint.set([230, 40, 40, 255], (y * SIZE + x) * 4);
    writePsd(file, { children: [{ name: 'Lineart', imageData: pixels(lineartPixels(SIZE, true)) }, { name: 'hint', imageData: pixels(hint) }] });
    const r = await runCli(['colorize', file, '-o', path.join(dir, 'white-hint-out', 'page.png'), '--threads', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: the hint layer of ".*white-hint\.psd" has no transparency; its white \(97 % of it\) was read as unpainted/);
  });

  it('takes the topmost of two layers of a name, and refuses a hint given both as a file and as a layer', async () => {
    const other = Buffer.alloc(SIZE * SIZE * 4);
    for (let y = 40; y < 44; y++) for (let x = 0; x < SIZE; x++) other.set([0, 0, 0, 255], (y * SIZE + x) * 4);
    const file = path.join(dir, 'two-lineart.psd');
    // Bottom to top: an old "Lineart" (one bar), the current "Lineart", the hint.
    writePsd(file, {
      children: [
        { name: 'Lineart', imageData: pixels(other) },
        { name: 'Lineart', imageData: pixels(lineartPixels(SIZE, true)) },
        { name: 'hint', imageData: pixels(hintPixels(SIZE)) },
      ],
    });
    const out = path.join(dir, 'two-lineart.png');
    const r = await runCli(['colorize', file, '-o', out, '--threads', '1']);
    expect(r.stderr).toBe('');
    expect((await decode(out)).data).toEqual((await decode(pngOut)).data);
    const both = await runCli(['colorize', file, '--hint', path.join(dir, 'page.hint.png'), '--hint-layer', 'hint', '-o', path.join(dir, 'both.png')]);
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/has a hint file .*page\.hint\.png.* and --hint-layer "hint" names a layer for its hint: use one/);
    expect(fs.existsSync(path.join(dir, 'both.png'))).toBe(false);
  });

  it('refuses a CMYK PSD with the menu that fixes it', async () => {
    const file = path.join(dir, 'print.psd');
    // ag-psd writes RGB only: patch the header's colour mode (bytes 24-25) to CMYK (4).
    writePsd(file, { imageData: pixels(lineartPixels(SIZE, false)) });
    const bytes = fs.readFileSync(file);
    bytes.writeUInt16BE(4, 24);
    fs.writeFileSync(file, bytes);
    const r = await runCli(['colorize', file, '-o', path.join(dir, 'print.png')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/"[^"]*print\.psd" is not an 8-bit RGB Color \(or Grayscale\) PSD\. In Photoshop choose Image > Mode > RGB Color \(or Grayscale\) and 8 Bits\/Channel/);
    expect(fs.existsSync(path.join(dir, 'print.png'))).toBe(false);
  });

  it('says when a layered page has no hint layer, naming its layers (strokes on "Layer 2", or in a group named "Hint")', async () => {
    const file = path.join(dir, 'unnamed-hint.psd');
    writePsd(file, { children: [{ name: 'Lineart', imageData: pixels(lineartPixels(SIZE, true)) }, { name: 'Layer 2', imageData: pixels(hintPixels(SIZE)) }] });
    const r = await runCli(['colorize', file, '-o', path.join(dir, 'unnamed-hint.png'), '--threads', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `note: no hint layer found in "${file}" (its layers: "Lineart", "Layer 2"); coloured without hints. Name the hint layer "hint" or pass --hint-layer NAME.\n`,
    );
    expect(r.stdout).toMatch(/^Wrote .*unnamed-hint\.png \(96x96 from layer "Lineart", /);

    const grouped = path.join(dir, 'hint-group.psd');
    writePsd(grouped, {
      children: [{ name: 'Lineart', imageData: pixels(lineartPixels(SIZE, true)) }, { name: 'Hint', children: [{ name: 'Layer 1', imageData: pixels(hintPixels(SIZE)) }] }],
    });
    const g = await runCli(['colorize', grouped, '-o', path.join(dir, 'hint-group.png'), '--threads', '1']);
    expect(g.status).toBe(0);
    expect(g.stderr).toMatch(/note: no hint layer found in ".*hint-group\.psd" \(its layers: "Lineart", "Layer 1"\); coloured without hints\. Its group "Hint" is not read: .*Layer > Merge Group, or pass --hint-layer with the name of the layer in it\)\./);
    // What the note says works: the layer in the group, named, is the hint.
    const named = await runCli(['colorize', grouped, '--hint-layer', 'Layer 1', '-o', path.join(dir, 'hint-group-named.png'), '--threads', '1']);
    expect(named.stderr).toBe('');
    expect(named.stdout).toMatch(/from layers "Lineart" and "Layer 1" \(hint\)/);
    expect((await decode(path.join(dir, 'hint-group-named.png'))).data).toEqual((await decode(pngOut)).data);
  });

  it('refuses a flattened PSD cut short (raw or RLE image data) instead of colouring a wrong page', async () => {
    const lines = lineartPixels(SIZE, false);
    const grey = new Uint8Array(SIZE * SIZE);
    for (let p = 0; p < grey.length; p++) grey[p] = lines[p * 4];
    const whole = path.join(dir, 'scan-whole.psd');
    writeGrayscalePsd(whole, grey); // raw image data: 9,216 bytes after a 40-byte head
    const rgb = path.join(dir, 'flat-rgb.psd');
    writePsd(rgb, { imageData: pixels(lines) }); // ag-psd: no layers, RLE image data
    const cases = [
      { file: path.join(dir, 'scan-cut.psd'), bytes: fs.readFileSync(whole).subarray(0, 5000), message: /looks truncated: it is 5,000 bytes long, but its image runs to byte 9,256\./ },
      { file: path.join(dir, 'rgb-cut.psd'), bytes: fs.readFileSync(rgb).subarray(0, fs.statSync(rgb).size - 100), message: /looks truncated: it is [\d,]+ bytes long, but its image runs to byte [\d,]+\./ },
    ];
    for (const c of cases) {
      fs.writeFileSync(c.file, c.bytes);
      const out = path.join(dir, 'cut-out', 'page.png');
      const r = await runCli(['colorize', c.file, '-o', out]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(c.message);
      expect(r.stderr).toMatch(/Copy it again/);
      expect(fs.existsSync(path.join(dir, 'cut-out'))).toBe(false);
    }
    // The files they were cut from are read.
    expect((await runCli(['colorize', rgb, '-o', path.join(dir, 'flat-rgb.png'), '--threads', '1'])).status).toBe(0);
  });

  it('keeps a PSD page\'s print resolution in the PNG and PSD it writes', async () => {
    const file = path.join(dir, 'at-300.psd');
    const resolutionInfo = { horizontalResolution: 300, horizontalResolutionUnit: 'PPI', widthUnit: 'Inches', verticalResolution: 300, verticalResolutionUnit: 'PPI', heightUnit: 'Inches' } as const;
    writePsd(file, { imageResources: { resolutionInfo }, children: [{ name: 'Lineart', imageData: pixels(lineartPixels(SIZE, true)) }] });
    const out = path.join(dir, 'at-300', 'page.png');
    const r = await runCli(['colorize', file, '-o', out, '--psd', '--threads', '1']);
    expect(r.status).toBe(0);
    expect((await sharp(out).metadata()).density).toBe(300);
    const written = readPsd(fs.readFileSync(path.join(dir, 'at-300', 'page.psd')), { skipLayerImageData: true, skipCompositeImageData: true, skipThumbnail: true });
    expect(written.imageResources?.resolutionInfo?.horizontalResolution).toBe(300);
  });

  it('batch and flats take PSD pages in a folder beside PNG pages', async () => {
    const pages = path.join(dir, 'pages');
    fs.mkdirSync(pages);
    fs.copyFileSync(path.join(dir, 'layered.psd'), path.join(pages, 'p1.psd'));
    fs.copyFileSync(path.join(dir, 'page.png'), path.join(pages, 'p2.png'));
    fs.copyFileSync(path.join(dir, 'page.hint.png'), path.join(pages, 'p2.hint.png'));
    // p2's working file beside its exported image: the image is the page, the PSD is not a second one.
    fs.copyFileSync(path.join(dir, 'odd-names.psd'), path.join(pages, 'p2.psd'));
    const out = path.join(dir, 'batch-out');
    const r = await runCli(['batch', pages, '-o', out, '--threads', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/p2\.psd" is taken for the working file of the image page of the same name/);
    expect(listTree(out)).toEqual(['p1.png', 'p2.png']);
    expect((await decode(path.join(out, 'p1.png'))).data).toEqual((await decode(pngOut)).data);
    expect((await decode(path.join(out, 'p2.png'))).data).toEqual((await decode(pngOut)).data);
    const flats = path.join(dir, 'flats-out');
    expect((await runCli(['flats', pages, '-o', flats])).status).toBe(0);
    expect(listTree(flats)).toEqual(['p1.flats.png', 'p2.flats.png']);
    expect((await decode(path.join(flats, 'p1.flats.png'))).data).toEqual((await decode(path.join(flats, 'p2.flats.png'))).data);
  }, 120_000);
});
