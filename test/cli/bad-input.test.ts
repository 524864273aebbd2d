import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { MALLOC_TUNABLE } from '../../cli/relaunch';
import { CONTRACT, MODEL, assertBuilt, hintPixels, lineartPixels, listTree, permissionCasesRunnable, removeDir, runCli, startCli, tempDir, writeImage } from './helpers';

/**
 * Every bad input: a non-zero exit, a message that names the file and the
 * fix, and NO output (not even a temporary file) in the output folder.
 */
const SIZE = 96;
let dir: string;
let inputs: string;
/** name -> size and modification time of every input, taken before any case runs (stat needs no read permission). */
let inputsBefore: Record<string, string>;

function fingerprint(folder: string): Record<string, string> {
  return Object.fromEntries(
    listTree(folder).map((name) => {
      const stat = fs.statSync(path.join(folder, name));
      return [name, `${stat.size} bytes, mtime ${stat.mtimeMs}`];
    }),
  );
}

beforeAll(async () => {
  assertBuilt();
  dir = tempDir();
  inputs = path.join(dir, 'in');
  fs.mkdirSync(inputs, { mode: 0o755 });
  await writeImage(path.join(inputs, 'page.png'), lineartPixels(SIZE), SIZE);
  await writeImage(path.join(inputs, 'hint.png'), hintPixels(SIZE), SIZE);
  await writeImage(path.join(inputs, 'small-hint.png'), hintPixels(64), 64);
  fs.writeFileSync(path.join(inputs, 'notes.png'), 'these are my notes, not a picture\n');
  fs.writeFileSync(path.join(inputs, 'empty.png'), '');
  fs.writeFileSync(path.join(inputs, 'secret.png'), fs.readFileSync(path.join(inputs, 'page.png')), { mode: 0o000 });
  fs.chmodSync(path.join(inputs, 'secret.png'), 0o000);
  inputsBefore = fingerprint(inputs);
});

afterAll(() => removeDir(dir));

/** A fresh, world-writable-by-owner output folder per case, so its listing proves nothing was left. */
function outDir(name: string): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d, { mode: 0o755 });
  return d;
}

const page = (): string => path.join(inputs, 'page.png');

interface Case {
  what: string;
  args: (out: string) => string[];
  message: RegExp;
  asUser?: boolean;
}

const cases: Case[] = [
  {
    what: 'the lineart file is missing',
    args: (out) => ['colorize', path.join(inputs, 'nope.png'), '-o', path.join(out, 'x.png')],
    message: /Lineart file ".*nope\.png" does not exist\. Check the path/,
  },
  {
    what: 'the lineart file is unreadable',
    args: (out) => ['colorize', path.join(inputs, 'secret.png'), '-o', path.join(out, 'x.png')],
    message: /Lineart file ".*secret\.png" cannot be read \(permission denied\)\. Fix its permissions/,
    asUser: true,
  },
  {
    what: 'the lineart is not an image',
    args: (out) => ['colorize', path.join(inputs, 'notes.png'), '-o', path.join(out, 'x.png')],
    message: /Lineart file ".*notes\.png" is not a readable PNG, JPEG or WebP image .*export the lineart again as PNG/,
  },
  {
    what: 'the lineart file is empty',
    args: (out) => ['colorize', path.join(inputs, 'empty.png'), '-o', path.join(out, 'x.png')],
    message: /Lineart file ".*empty\.png" is empty \(0 bytes\)\. Export the lineart again/,
  },
  {
    what: 'the hint file is missing',
    args: (out) => ['colorize', page(), '--hint', path.join(inputs, 'no-hint.png'), '-o', path.join(out, 'x.png')],
    message: /Hint file ".*no-hint\.png" does not exist/,
  },
  {
    what: 'the hint is not an image',
    args: (out) => ['colorize', page(), '--hint', path.join(inputs, 'notes.png'), '-o', path.join(out, 'x.png')],
    message: /Hint file ".*notes\.png" is not a readable PNG, JPEG or WebP image/,
  },
  {
    what: 'the hint size differs from the lineart',
    args: (out) => ['colorize', page(), '--hint', path.join(inputs, 'small-hint.png'), '-o', path.join(out, 'x.png')],
    message: /Hint ".*small-hint\.png" is 64x64 but lineart ".*page\.png" is 96x96\. Export the hint at exactly the size of the lineart/,
  },
  {
    what: 'the output path runs through a regular file',
    args: (out) => {
      fs.writeFileSync(path.join(out, 'blocker'), 'a file');
      return ['colorize', page(), '-o', path.join(out, 'blocker', 'sub', 'x.png')];
    },
    message: /Cannot write ".*blocker\/sub\/x\.png": ".*blocker" is a file, not a folder\. Choose an output path inside a folder/,
  },
  {
    what: 'the output folder is read-only',
    args: (out) => {
      const ro = path.join(out, 'ro');
      fs.mkdirSync(ro, { mode: 0o555 });
      fs.chmodSync(ro, 0o555);
      return ['colorize', page(), '-o', path.join(ro, 'x.png'), '--psd'];
    },
    message: /Cannot write ".*ro\/x\.png": the folder ".*ro" is not writable \(EACCES\)\. Choose a writable output folder/,
    asUser: true,
  },
  {
    what: 'the output path is an existing folder',
    args: (out) => {
      fs.mkdirSync(path.join(out, 'taken.png'));
      return ['colorize', page(), '-o', path.join(out, 'taken.png')];
    },
    message: /Cannot write ".*taken\.png": it is a folder\. Give a file name/,
  },
  {
    what: 'the output is an existing folder not named like a PNG',
    args: (out) => {
      fs.mkdirSync(path.join(out, 'coloured'));
      return ['colorize', path.join(inputs, 'hint.png'), '-o', path.join(out, 'coloured')];
    },
    // The PNG suggested inside it has the page's name.
    message: /Cannot write ".*coloured": it is a folder\. Give a file name, e\.g\. -o .*coloured\/hint\.png/,
  },
  {
    what: 'the output folders cannot be made in a read-only folder',
    args: (out) => {
      const ro = path.join(out, 'ro');
      fs.mkdirSync(ro, { mode: 0o555 });
      fs.chmodSync(ro, 0o555);
      return ['colorize', page(), '-o', path.join(ro, 'a', 'b', 'x.png')];
    },
    // The folder that refused (the nearest that exists), not the one that could not be made.
    message: /Cannot write ".*ro\/a\/b\/x\.png": the folder ".*ro" is not writable \(EACCES\), so "a\/b" cannot be made in it\. Choose a writable output folder/,
    asUser: true,
  },
  {
    what: 'the output path runs through a link to a folder that is gone',
    args: (out) => {
      fs.symlinkSync(path.join(out, 'gone'), path.join(out, 'link'));
      return ['colorize', page(), '-o', path.join(out, 'link', 'sub', 'x.png')];
    },
    message: /Cannot write ".*link\/sub\/x\.png": ".*link" is a link to ".*gone", which does not exist\. Fix or remove the link/,
  },
  {
    what: 'the model given with --model has no contract beside it',
    args: (out) => {
      fs.copyFileSync(MODEL, path.join(out, 'mymodel.onnx'));
      return ['colorize', page(), '-o', path.join(out, 'x.png'), '--model', path.join(out, 'mymodel.onnx')];
    },
    message: /Model contract ".*mymodel\.json" is missing\. With --model, the contract is the \.json of the same name beside the model: .*--contract path\/to\/contract\.json\.$/m,
  },
  {
    what: 'the output would overwrite the lineart',
    args: () => ['colorize', page(), '-o', page()],
    message: /would overwrite the input ".*page\.png"/,
  },
  {
    what: 'the output would overwrite the lineart through a link to it',
    args: (out) => {
      const link = path.join(path.dirname(out), `${path.basename(out)}-link.png`);
      fs.symlinkSync(page(), link);
      return ['colorize', link, '-o', page()];
    },
    message: /Output ".*page\.png" would overwrite the input ".*-link\.png"/,
  },
  {
    what: 'the hint is the lineart file itself',
    args: (out) => ['colorize', page(), '--hint', page(), '-o', path.join(out, 'x.png')],
    message: /The hint ".*page\.png" is the lineart file itself\. Give the image with your colour strokes as --hint, or leave --hint out/,
  },
  {
    what: 'the page is larger than deepcolor handles (its header says 31000x31000)',
    args: (out) => {
      const huge = path.join(path.dirname(out), `${path.basename(out)}-huge.png`);
      fs.writeFileSync(huge, pngClaiming(fs.readFileSync(page()), 31000, 31000));
      return ['colorize', huge, '-o', path.join(out, 'x.png')];
    },
    message: /Lineart ".*-huge\.png" is 31000x31000, larger than deepcolor handles \(30000x30000\)\. Split the page or scale it down/,
  },
  {
    what: 'the output names a folder (ends with a slash)',
    args: (out) => ['colorize', page(), '-o', `${out}/`],
    message: /Output ".*\/" names a folder, not a file\. Give the PNG's name, e\.g\. -o .*\/page\.png/,
  },
  {
    what: 'the output is not a .png name',
    args: (out) => ['colorize', page(), '-o', path.join(out, 'x.jpg')],
    message: /Output ".*x\.jpg" must end in \.png.*Try -o .*x\.png/,
  },
  {
    what: 'the model file is missing',
    args: (out) => {
      fs.copyFileSync(CONTRACT, path.join(out, 'gone.json'));
      return ['colorize', page(), '-o', path.join(out, 'x.png'), '--model', path.join(out, 'gone.onnx')];
    },
    message: /Model file ".*gone\.onnx" is missing\. Restore it .*or pass --model/,
  },
  {
    what: 'the model file is corrupt (bytes changed)',
    args: (out) => {
      const bytes = fs.readFileSync(MODEL);
      bytes[Math.floor(bytes.length / 2)] ^= 0xff;
      fs.writeFileSync(path.join(out, 'bad.onnx'), bytes);
      fs.copyFileSync(CONTRACT, path.join(out, 'bad.json'));
      return ['colorize', page(), '-o', path.join(out, 'x.png'), '--model', path.join(out, 'bad.onnx')];
    },
    message: /Model file ".*bad\.onnx" is corrupt or does not belong to ".*bad\.json": its sha256 is [0-9a-f]{64}, the contract expects [0-9a-f]{64}\. Restore it/,
  },
  {
    what: 'the model file is truncated and its contract was edited to match (onnxruntime rejects it)',
    args: (out) => {
      const bytes = fs.readFileSync(MODEL).subarray(0, 4096);
      fs.writeFileSync(path.join(out, 'cut.onnx'), bytes);
      const contract = JSON.parse(fs.readFileSync(CONTRACT, 'utf8')) as { model: { sha256: string } };
      contract.model.sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
      fs.writeFileSync(path.join(out, 'cut.json'), JSON.stringify(contract));
      return ['colorize', page(), '-o', path.join(out, 'x.png'), '--model', path.join(out, 'cut.onnx')];
    },
    message: /Model file ".*cut\.onnx" could not be loaded by onnxruntime \(native\).*Restore it/,
  },
  {
    what: 'the model contract is not valid JSON',
    args: (out) => {
      fs.copyFileSync(MODEL, path.join(out, 'm.onnx'));
      fs.writeFileSync(path.join(out, 'm.json'), '{ "format": ');
      return ['colorize', page(), '-o', path.join(out, 'x.png'), '--model', path.join(out, 'm.onnx')];
    },
    message: /Model contract ".*m\.json" is invalid: .*Restore it/,
  },
];

/** `png` with its header's width and height replaced (the pixel data left as it is): a page whose size is read before any decoding. */
function pngClaiming(png: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(png);
  // The IHDR chunk follows the 8-byte signature: length (4), type (4), width (4), height (4), ..., CRC of type + data.
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('deepcolor colorize with bad input', () => {
  const perms = permissionCasesRunnable();
  const runnable = cases.filter((c) => !c.asUser || perms.runnable);
  const skipped = cases.filter((c) => !runnable.includes(c));
  const uid = perms.uid;

  if (skipped.length > 0) {
    // Root cannot be denied by file permissions; say why instead of passing silently.
    it.skip.each(skipped)(`fails clearly when $what (skipped: ${perms.why ?? ''})`, () => undefined);
  }

  it.each(runnable)('fails clearly and writes nothing when $what', async (c) => {
    const out = outDir(`case-${cases.indexOf(c)}`);
    const args = c.args(out);
    const before = listTree(out);
    const r = await runCli([...args, '--threads', '1'], c.asUser && uid !== undefined ? { uid } : {});
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^deepcolor: /);
    expect(r.stderr).toMatch(c.message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message for people, not a stack trace
    expect(listTree(out)).toEqual(before);
    // Not even the input it refused to overwrite was touched.
    expect(fingerprint(inputs)).toEqual(inputsBefore);
    expect(Object.keys(inputsBefore)).toEqual(['empty.png', 'hint.png', 'notes.png', 'page.png', 'secret.png', 'small-hint.png']);
  });

  /**
   * Starts a 9-tile colorize (seconds of inference) and waits (not times) for its two
   * reserved temp files, so a signal lands while they exist.
   */
  async function startBigRun(name: string, ownGroup = false): Promise<{ child: ReturnType<typeof startCli>; out: string; exited: Promise<number | null>; stderr: () => string }> {
    const big = path.join(dir, name);
    fs.mkdirSync(big);
    const side = 1024; // 9 tiles at --scale 1: seconds of inference
    await writeImage(path.join(big, 'page.png'), lineartPixels(side), side);
    const out = path.join(big, 'out');
    const child = startCli(['colorize', path.join(big, 'page.png'), '-o', path.join(out, 'page.png'), '--psd', '--scale', '1', '--threads', '1'], undefined, ownGroup);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let sawTemp = false;
    while (!sawTemp && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 25));
      sawTemp = fs.existsSync(out) && fs.readdirSync(out).filter((f) => f.endsWith('.tmp')).length === 2;
    }
    expect(sawTemp).toBe(true);
    return { child, out, exited, stderr: () => stderr };
  }

  it('removes its temporary files when interrupted with Ctrl-C (SIGINT) mid-run', async () => {
    const { child, out, exited, stderr } = await startBigRun('big');
    const children = `/proc/${child.pid}/task/${child.pid}/children`; // Linux, where the kernel lists them
    if (fs.existsSync(children)) {
      // The page work runs in the relaunched process, with the malloc tuning (cli/relaunch.ts)...
      const worker = Number(fs.readFileSync(children, 'utf8').trim().split(/\s+/)[0]);
      expect(fs.readFileSync(`/proc/${worker}/environ`, 'utf8').split('\0')).toContain(`GLIBC_TUNABLES=${MALLOC_TUNABLE}`);
    }
    // ...and a signal sent to the launcher alone reaches it.
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr()).toMatch(/Interrupted \(SIGINT\); no output written/);
    expect(fs.existsSync(out)).toBe(false); // the folder it created is gone too: it held nothing
  });

  it('stops, writing nothing, when the launcher is killed outright (SIGKILL, which it cannot pass on)', async () => {
    const children = (pid: number): string => `/proc/${pid}/task/${pid}/children`;
    const { child, out } = await startBigRun('killed');
    if (!fs.existsSync(children(child.pid as number))) return; // Linux lists a process's children; elsewhere no relaunch
    const worker = Number(fs.readFileSync(children(child.pid as number), 'utf8').trim().split(/\s+/)[0]);
    expect(worker).toBeGreaterThan(0);
    child.kill('SIGKILL');
    // Waits (not times) for the orphaned worker to end; jest's timeout bounds the wait.
    while (fs.existsSync(`/proc/${worker}`) && !fs.readFileSync(`/proc/${worker}/stat`, 'utf8').includes(') Z ')) await new Promise((r) => setTimeout(r, 25));
    expect(fs.existsSync(out) ? listTree(out) : []).toEqual([]); // no page, no PSD, no temp file
  });

  it('says which outputs it kept when a folder run is interrupted after finishing a page', async () => {
    const pages = path.join(dir, 'chapter-big');
    fs.mkdirSync(pages);
    await writeImage(path.join(pages, 'a.png'), lineartPixels(64), 64); // quick
    await writeImage(path.join(pages, 'b.png'), lineartPixels(1024), 1024); // seconds of inference
    const out = path.join(pages, 'out');
    const child = startCli(['batch', pages, '-o', out, '--scale', '1', '--threads', '1']);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Waits (not times) until a.png is written and b's temp file is reserved.
    while (child.exitCode === null && !(fs.existsSync(path.join(out, 'a.png')) && fs.readdirSync(out).some((f) => f.endsWith('.tmp')))) {
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/Interrupted \(SIGINT\); the output in progress was not written; the 1 file\(s\) finished before it are kept/);
    expect(listTree(out)).toEqual(['a.png']);
  });

  it('cleans up once when Ctrl-C reaches the whole job (the launcher passes it on: a second SIGINT)', async () => {
    const { child, out, exited, stderr } = await startBigRun('group', true);
    process.kill(-(child.pid as number), 'SIGINT'); // as a terminal does: every process of the job
    expect(await exited).toBe(130);
    expect(stderr().match(/Interrupted \(SIGINT\)/g)).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('cleans up on SIGHUP (a closed terminal) and exits 129', async () => {
    const { child, out, exited } = await startBigRun('hangup');
    child.kill('SIGHUP');
    expect(await exited).toBe(129);
    expect(fs.existsSync(out)).toBe(false);
  });
});
