/**
 * `deepcolor flats`: the engine's flats (src/model/flats.ts) for a page,
 * written as a PNG without loading the model.
 */
import * as fs from 'fs';
import * as path from 'path';
import { assertBuilt, CONTRACT, decode, hintPixels, lineartPixels, listTree, removeDir, runCli, tempDir, writeImage } from './helpers';
import { flatsLayer, parseContract } from '../../src/model';

const SIZE = 96;
let dir: string;

beforeAll(async () => {
  assertBuilt();
  dir = tempDir();
  await writeImage(path.join(dir, 'page.png'), lineartPixels(SIZE), SIZE);
  await writeImage(path.join(dir, 'page.hint.png'), hintPixels(SIZE), SIZE);
});

afterAll(() => removeDir(dir));

describe('deepcolor flats', () => {
  it('writes the engine\'s flats of the page and its hint as a PNG, without the model', async () => {
    const out = path.join(dir, 'flats', 'page-flats.png');
    // A model path that does not exist: flats must not need it (the contract is given).
    const r = await runCli(['flats', path.join(dir, 'page.png'), '--hint', path.join(dir, 'page.hint.png'), '-o', out, '--close-gaps', '3', '--min-region', '50', '--model', path.join(dir, 'nowhere.onnx'), '--contract', CONTRACT]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*page-flats\.png \(96x96 flats, .* s, no network run\)/);
    expect(listTree(path.join(dir, 'flats'))).toEqual(['page-flats.png']);
    const png = await decode(out);
    const contract = parseContract(JSON.parse(fs.readFileSync(CONTRACT, 'utf8')));
    const rgba = (buffer: Buffer) => ({ width: SIZE, height: SIZE, data: new Uint8ClampedArray(buffer) });
    const want = flatsLayer(rgba(lineartPixels(SIZE)), rgba(hintPixels(SIZE)), contract, { gapRadius: 3, minRegionPixels: 50 });
    expect(Buffer.from(png.data)).toEqual(Buffer.from(want.data));
    // The region under the red disc takes the mean of the paint in it (the disc, and a little of the blue bar):
    // red. The page around the ring has only the blue bar's ends, which slipped over the ring: a spill is
    // not paint for it (src/model/spill.ts), so it stays unpainted background, transparent.
    const p = (Math.round(SIZE * 0.45) * SIZE + SIZE / 2) * 4;
    const [red, green, blue, alpha] = png.data.subarray(p, p + 4);
    expect(red).toBeGreaterThan(200);
    expect(Math.max(green, blue)).toBeLessThan(60);
    expect(alpha).toBe(255);
    expect(Array.from(png.data.subarray((SIZE - 1) * 4, SIZE * 4))).toEqual([0, 0, 0, 0]); // the top right corner
  });

  it('flats a folder of pages as batch finds them: NAME.flats.png each, a bad page reported and skipped', async () => {
    const pages = path.join(dir, 'chapter');
    fs.mkdirSync(pages);
    await writeImage(path.join(pages, 'page-2.png'), lineartPixels(SIZE), SIZE);
    await writeImage(path.join(pages, 'page-2.hint.png'), hintPixels(SIZE), SIZE);
    await writeImage(path.join(pages, 'page-10.png'), lineartPixels(SIZE, true), SIZE);
    fs.writeFileSync(path.join(pages, 'page-3.png'), 'not an image');
    await writeImage(path.join(pages, 'page-2.flats.png'), hintPixels(SIZE), SIZE); // flats written here before: not a page
    const out = path.join(dir, 'chapter-flats');
    const r = await runCli(['flats', pages, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Done: 2 ok, 1 failed \(of 3 pages\)/);
    expect(r.stdout).toMatch(/failed: page-3\.png: /);
    expect(listTree(out)).toEqual(['page-10.flats.png', 'page-2.flats.png']);
    const contract = parseContract(JSON.parse(fs.readFileSync(CONTRACT, 'utf8')));
    const rgba = (buffer: Buffer) => ({ width: SIZE, height: SIZE, data: new Uint8ClampedArray(buffer) });
    const withHint = flatsLayer(rgba(lineartPixels(SIZE)), rgba(hintPixels(SIZE)), contract);
    expect(Buffer.from((await decode(path.join(out, 'page-2.flats.png'))).data)).toEqual(Buffer.from(withHint.data));
    // The transparent inked page has the same lines as the white one: the same flats, without the hint's colours.
    const withoutHint = flatsLayer(rgba(lineartPixels(SIZE)), undefined, contract);
    expect(Buffer.from((await decode(path.join(out, 'page-10.flats.png'))).data)).toEqual(Buffer.from(withoutHint.data));
    // Two pages that would write one file: the refusal names the flats file.
    const clash = path.join(dir, 'clash');
    fs.mkdirSync(clash);
    await writeImage(path.join(clash, 'a.png'), lineartPixels(SIZE), SIZE);
    await writeImage(path.join(clash, 'a.webp'), lineartPixels(SIZE), SIZE, SIZE, 'webp');
    const clashed = await runCli(['flats', clash, '-o', path.join(dir, 'clash-out')]);
    expect(clashed.status).toBe(1);
    expect(clashed.stdout).toMatch(/already writes .*a\.flats\.png/);
    const refused = await runCli(['flats', pages, '--hint', path.join(dir, 'page.hint.png'), '-o', out]);
    expect(refused.status).toBe(2); // a command line that does not go together: usage
    expect(refused.stderr).toMatch(/--hint is for one page/);
  });

  it('refuses a missing hint, a wrong output name and an output over its input, writing nothing', async () => {
    const outDir = path.join(dir, 'refused');
    for (const [args, message] of [
      [['flats', path.join(dir, 'page.png'), '--hint', path.join(dir, 'nope.png'), '-o', path.join(outDir, 'a.png')], /does not exist/],
      [['flats', path.join(dir, 'page.png'), '-o', path.join(outDir, 'a.jpg')], /must end in \.png/],
      [['flats', path.join(dir, 'page.png'), '-o', path.join(dir, 'page.png')], /would overwrite the input/],
      [['flats', path.join(dir, 'page.png'), '--close-gaps', '99', '-o', path.join(outDir, 'b.png')], /--close-gaps/],
      [['flats', path.join(dir, 'page.png'), '--min-region', '-3', '-o', path.join(outDir, 'c.png')], /--min-region/],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
    expect(fs.existsSync(outDir) ? listTree(outDir) : []).toEqual([]);
  });
});
