import * as fs from 'fs';
import * as path from 'path';
import { assertBuilt, colourfulShare, decode, hintPixels, lineartPixels, listTree, removeDir, runCli, startCli, tempDir, writeImage } from './helpers';

const SIZE = 96;
let dir: string;

beforeAll(() => {
  assertBuilt();
  dir = tempDir();
});

afterAll(() => removeDir(dir));

describe('deepcolor batch', () => {
  it('colours every page with its NAME.hint.png, reports the one bad file and goes on, and exits non-zero', async () => {
    const pages = path.join(dir, 'pages');
    fs.mkdirSync(pages);
    await writeImage(path.join(pages, 'page-1.png'), lineartPixels(SIZE), SIZE);
    await writeImage(path.join(pages, 'page-1.hint.png'), hintPixels(SIZE), SIZE);
    await writeImage(path.join(pages, 'page-2.jpg'), lineartPixels(SIZE), SIZE, SIZE, 'jpeg');
    fs.writeFileSync(path.join(pages, 'page-3.png'), 'not a png at all');
    await writeImage(path.join(pages, 'page-10.webp'), lineartPixels(SIZE, true), SIZE, SIZE, 'webp');
    await writeImage(path.join(pages, 'page-10.hint.png'), hintPixels(48), 48); // wrong size: this page fails too
    await writeImage(path.join(pages, 'stray.hint.png'), hintPixels(SIZE), SIZE);
    fs.writeFileSync(path.join(pages, 'notes.txt'), 'ignored: not an image extension');
    fs.mkdirSync(path.join(pages, 'chapter-2'));
    const out = path.join(dir, 'coloured');

    const r = await runCli(['batch', pages, '-o', out, '--threads', '1']);
    expect(r.status).toBe(1);
    // Plain lines (stdout is a pipe): one per page in page-number order, no terminal escape codes.
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const started = [...r.stdout.matchAll(/^\[(\d+)\/4\] (\S+) \.\.\.$/gm)].map((m) => m[2]);
    expect(started).toEqual(['page-1.png', 'page-2.jpg', 'page-3.png', 'page-10.webp']);
    expect(r.stdout).toMatch(/warning: hint ".*stray\.hint\.png" has no page of the same name/);
    expect(r.stdout).toMatch(/note: skipped what is not a page \(pages are PNG, JPEG, WebP or PSD; subfolders are not entered\): chapter-2\/, notes\.txt\./);
    expect(r.stdout).toMatch(/Done: 2 ok, 2 failed \(of 4 pages\)/);
    expect(r.stdout).toMatch(/failed: page-3\.png: Lineart file ".*page-3\.png" is not a readable PNG, JPEG or WebP image/);
    expect(r.stdout).toMatch(/failed: page-10\.webp: Hint ".*page-10\.hint\.png" is 48x48 but lineart ".*page-10\.webp" is 96x96/);
    // batch has no --hint: the advice is about the file found beside the page.
    expect(r.stdout).toMatch(/same canvas\), or rename "page-10\.hint\.png" if it is not this page's hint/);
    expect(r.stdout).not.toMatch(/--hint out/);
    expect(r.stderr).toMatch(/2 of 4 pages failed/);

    // Hint files are not pages; failed pages leave nothing, not even temp files.
    expect(listTree(out)).toEqual(['page-1.png', 'page-2.png']);
    for (const name of ['page-1.png', 'page-2.png']) {
      const img = await decode(path.join(out, name));
      expect([img.width, img.height]).toEqual([SIZE, SIZE]);
      expect(colourfulShare(img.data)).toBeGreaterThan(0.2);
    }
    // The hint was used for page-1 only: same lineart, different colours.
    const [a, b] = [await decode(path.join(out, 'page-1.png')), await decode(path.join(out, 'page-2.png'))];
    let differing = 0;
    for (let i = 0; i < a.data.length; i += 4) if (Math.abs(a.data[i] - b.data[i]) > 8) differing++;
    expect(differing).toBeGreaterThan(50);
  });

  it('exits 0 with a summary when every page succeeds, and writes PSDs with --psd', async () => {
    const pages = path.join(dir, 'good');
    fs.mkdirSync(pages);
    await writeImage(path.join(pages, 'a.png'), lineartPixels(SIZE), SIZE);
    await writeImage(path.join(pages, 'a.hint.png'), hintPixels(SIZE), SIZE);
    await writeImage(path.join(pages, 'b.png'), lineartPixels(SIZE, true), SIZE);
    const out = path.join(dir, 'good-out');
    const r = await runCli(['batch', pages, '-o', out, '--psd', '--threads', '1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Done: 2 ok, 0 failed \(of 2 pages\)/);
    expect(listTree(out)).toEqual(['a.png', 'a.psd', 'b.png', 'b.psd']);
  });

  it('leaves hidden files out (macOS ._NAME.png beside each page, a hidden page)', async () => {
    const pages = path.join(dir, 'mac');
    fs.mkdirSync(pages);
    await writeImage(path.join(pages, 'page-1.png'), lineartPixels(SIZE), SIZE);
    // AppleDouble files: resource-fork data, not images, under the page's and hint's names.
    fs.writeFileSync(path.join(pages, '._page-1.png'), Buffer.concat([Buffer.from([0, 5, 22, 7]), Buffer.alloc(4000)]));
    fs.writeFileSync(path.join(pages, '._page-1.hint.png'), Buffer.from([0, 5, 22, 7]));
    await writeImage(path.join(pages, '.hidden.png'), lineartPixels(SIZE), SIZE);
    const out = path.join(dir, 'mac-out');
    const r = await runCli(['batch', pages, '-o', out, '--threads', '1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Done: 1 ok, 0 failed \(of 1 pages\)/);
    expect(r.stdout).not.toMatch(/\._page|hidden/);
    expect(listTree(out)).toEqual(['page-1.png']);
  });

  it('goes on colouring when the reader of its output goes away (batch | head -1)', async () => {
    const pages = path.join(dir, 'piped');
    fs.mkdirSync(pages);
    for (const name of ['a', 'b', 'c']) await writeImage(path.join(pages, `${name}.png`), lineartPixels(SIZE), SIZE);
    const out = path.join(dir, 'piped-out');
    const child = startCli(['batch', pages, '-o', out, '--threads', '1']);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    // As head -1 does: read the first line, then close the pipe; every later write gets EPIPE.
    child.stdout?.once('data', () => child.stdout?.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(listTree(out)).toEqual(['a.png', 'b.png', 'c.png']);
  });

  it('refuses to write into the input folder, where results would overwrite the pages', async () => {
    const pages = path.join(dir, 'same');
    fs.mkdirSync(pages);
    await writeImage(path.join(pages, 'a.png'), lineartPixels(SIZE), SIZE);
    const r = await runCli(['batch', pages, '-o', pages]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Output folder ".*same" is the input folder.*Choose another folder with -o/);
    expect(listTree(pages)).toEqual(['a.png']);
    // Through a link to it too.
    const link = path.join(dir, 'same-link');
    fs.symlinkSync(pages, link);
    const linked = await runCli(['batch', pages, '-o', link]);
    expect(linked.status).toBe(1);
    expect(linked.stderr).toMatch(/is the input folder/);
    expect(listTree(pages)).toEqual(['a.png']);
  });

  it('says so when the folder has no pages', async () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'readme.txt'), 'x');
    const r = await runCli(['batch', empty, '-o', path.join(dir, 'empty-out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/No pages in ".*empty": expected NAME\.png, \.jpg, \.jpeg, \.webp or \.psd files/);
    expect(fs.existsSync(path.join(dir, 'empty-out'))).toBe(false);
  });
});
