/**
 * At a terminal: the progress bar keeps every note whole and above it (not
 * cut at the terminal's width, not lost on the bar's line, not written over
 * by the summary), shows the ETA as unknown until it is known, and Ctrl-C
 * leaves the terminal as it found it (cursor shown, line wrapping on).
 * Needs util-linux `script` for the pseudo-terminal; skipped, with the
 * reason, where it cannot run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writePsdUint8Array, type Psd } from 'ag-psd';
import { assertBuilt, hintPixels, lineartPixels, removeDir, tempDir, writeImage } from './helpers';
import { runInTerminal, Screen, startInTerminal, terminalRunnable } from './terminal';

const SIZE = 96;
/** Narrower than every note below: each must wrap to be read whole. */
const COLUMNS = 60;
let dir: string;

const terminal = terminalRunnable();
const itAtTerminal = terminal.runnable ? it : it.skip;

beforeAll(() => {
  assertBuilt();
  dir = tempDir();
});

afterAll(() => removeDir(dir));

/** The index of the one line on screen that matches `pattern` whole (-1 if none). */
function lineIndex(screen: Screen, pattern: RegExp): number {
  return screen.lines().findIndex((line) => pattern.test(line));
}

/** `text` as a pattern matching it exactly (a path, a message). */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe(`at a terminal${terminal.runnable ? '' : ` (skipped: ${terminal.why ?? ''})`}`, () => {
  itAtTerminal('a folder run prints its notes whole above the bar, its summary below them, and leaves the cursor and wrapping on', async () => {
    const pages = path.join(dir, 'pages');
    fs.mkdirSync(pages);
    await writeImage(path.join(pages, 'a.png'), lineartPixels(SIZE), SIZE);
    await writeImage(path.join(pages, 'a.hint.jpg'), hintPixels(SIZE), SIZE, SIZE, 'jpeg'); // no transparency: a note
    const layer = (name: string, rgba: Buffer): NonNullable<Psd['children']>[number] => ({ name, imageData: { width: SIZE, height: SIZE, data: new Uint8ClampedArray(rgba) } });
    const psd: Psd = { width: SIZE, height: SIZE, children: [layer('Lineart', lineartPixels(SIZE, true)), layer('Layer 2', hintPixels(SIZE))] };
    fs.writeFileSync(path.join(pages, 'b.psd'), writePsdUint8Array(psd, { noBackground: true })); // no hint layer: a note
    fs.writeFileSync(path.join(pages, 'c.png'), 'not a png'); // fails: a line
    const out = path.join(dir, 'pages-out');

    const { status, raw, screen } = await runInTerminal(['batch', pages, '-o', out, '--threads', '1'], COLUMNS);
    expect(status).toBe(1);
    const notes = [
      new RegExp(`^note: hint "${literal(path.join(pages, 'a.hint.jpg'))}" has no transparency; .* Save it as PNG with transparency\\.$`),
      new RegExp(`^note: no hint layer found in "${literal(path.join(pages, 'b.psd'))}" \\(its layers: "Lineart", "Layer 2"\\); coloured without hints\\. Name the hint layer "hint" or pass --hint-layer NAME\\.$`),
      /^failed: c\.png: Lineart file ".*c\.png" is not a readable PNG, JPEG or WebP image .* export the lineart again as PNG\.$/,
    ].map((pattern) => lineIndex(screen, pattern));
    const done = lineIndex(screen, /^Done: 2 ok, 1 failed \(of 3 pages\)/);
    expect(notes.every((at) => at >= 0)).toBe(true);
    expect(done).toBeGreaterThan(Math.max(...notes));
    expect([screen.cursorVisible, screen.lineWrapping]).toEqual([true, true]);
    // Before cli-progress has measured a rate, the ETA is shown as unknown (it showed "0s", then "NFs").
    expect(/\| 1\/3 \| ETA (\S+)/.exec(raw)?.[1]).toBe('--');
    expect(raw).not.toMatch(/ETA (NF|LL)s/);
  });

  itAtTerminal('flats of a folder prints a page\'s notes whole, not onto the bar\'s line', async () => {
    const pages = path.join(dir, 'flat-pages');
    fs.mkdirSync(pages);
    await writeImage(path.join(pages, 'a.png'), lineartPixels(SIZE), SIZE);
    await writeImage(path.join(pages, 'a.hint.jpg'), hintPixels(SIZE), SIZE, SIZE, 'jpeg');
    await writeImage(path.join(pages, 'b.png'), lineartPixels(SIZE), SIZE);
    const { status, screen } = await runInTerminal(['flats', pages, '-o', path.join(dir, 'flats-out')], COLUMNS);
    expect(status).toBe(0);
    const note = lineIndex(screen, new RegExp(`^note: hint "${literal(path.join(pages, 'a.hint.jpg'))}" has no transparency; .* Save it as PNG with transparency\\.$`));
    expect(note).toBeGreaterThanOrEqual(0);
    expect(lineIndex(screen, /^Done: 2 ok, 0 failed \(of 2 pages\)/)).toBeGreaterThan(note);
  });

  itAtTerminal('colorize prints its --leave-margins note whole while its bar shows', async () => {
    // A landscape: a horizon from edge to edge, nothing closed: most of the page is left as paper.
    const [w, h] = [120, 80];
    const land = Buffer.alloc(w * h * 4, 255);
    for (let x = 0; x < w; x++) land.fill(0, (40 * w + x) * 4, (40 * w + x) * 4 + 3);
    const page = path.join(dir, 'landscape.png');
    await writeImage(page, land, w, h);
    const { status, screen } = await runInTerminal(['colorize', page, '-o', path.join(dir, 'landscape-out.png'), '--threads', '1', '--leave-margins'], COLUMNS);
    expect(status).toBe(0);
    const note = lineIndex(screen, /^note: Leave margins left (9\d|100) % of the page as paper\. If the drawing runs off the page's edge .* leave out --leave-margins \(or raise --close-gaps\)\.$/);
    expect(note).toBeGreaterThanOrEqual(0);
    expect(lineIndex(screen, /^Wrote .*landscape-out\.png/)).toBeGreaterThan(note);
  });

  itAtTerminal('Ctrl-C while the bar shows leaves the cursor shown and line wrapping on', async () => {
    const pages = path.join(dir, 'big');
    fs.mkdirSync(pages);
    for (const name of ['p1', 'p2', 'p3']) await writeImage(path.join(pages, `${name}.png`), lineartPixels(1024), 1024); // seconds each at --scale 1
    const run = startInTerminal(['batch', pages, '-o', path.join(dir, 'big-out'), '--scale', '1', '--threads', '1'], COLUMNS);
    // Waits (not times) for the bar, then types Ctrl-C: the terminal sends SIGINT to the job.
    expect(await run.waitFor(/\| 1\/3 \| ETA/)).toBe(true);
    run.type('\x03');
    expect(await run.exited).toBe(130);
    const screen = new Screen(COLUMNS);
    screen.feed(run.output());
    expect([screen.cursorVisible, screen.lineWrapping]).toEqual([true, true]);
    expect(lineIndex(screen, /^Interrupted \(SIGINT\); /)).toBeGreaterThanOrEqual(0);
  });
});
