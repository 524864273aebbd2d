/**
 * A folder run stops when the disk is full: every later page would fail the
 * same way, each after its slow part. Run in-process on cli/batch-command's
 * runPages, with the real atomic outputs and one write made to fail as a
 * full disk fails (no disk needs filling): the finished page stays, the
 * summary says what was not attempted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runPages, type BatchPlan } from '../../cli/batch-command';
import { reserveOutput } from '../../cli/atomic-output';
import type { PageJob } from '../../cli/page';
import { listTree, removeDir, tempDir } from './helpers';

let dir: string;

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  jest.restoreAllMocks();
  removeDir(dir);
});

/** Output written to stdout and stderr while `run` runs, kept from the test's own output; stdout as a pipe (plain lines, no bar). */
async function capture<T>(run: () => Promise<T>): Promise<{ result: T; stdout: string; stderr: string }> {
  const written = { stdout: '', stderr: '' };
  for (const name of ['stdout', 'stderr'] as const) {
    jest.spyOn(process[name], 'write').mockImplementation((chunk: string | Uint8Array) => {
      written[name] += chunk.toString();
      return true;
    });
  }
  const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
  try {
    const result = await run();
    return { result, ...written };
  } finally {
    if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
  }
}

describe('a folder run on a full disk', () => {
  it('stops at the page that found the disk full, keeps the finished ones and says which were not attempted', async () => {
    const out = path.join(dir, 'out');
    const job = (name: string): PageJob => ({ lineartPath: path.join(dir, `${name}.png`), outPath: path.join(out, `${name}.png`), psd: false });
    const plan: BatchPlan = { pages: ['p1', 'p2', 'p3'].map((name) => ({ name: `${name}.png`, job: job(name) })), orphanHints: [], psdsBesideImages: [], notPages: [] };

    // The second page's write fails as writing to a full disk does.
    const realWrite = fs.promises.writeFile.bind(fs.promises);
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    jest
      .spyOn(fs.promises, 'writeFile')
      .mockImplementationOnce((...args: Parameters<typeof fs.promises.writeFile>) => realWrite(...args))
      .mockImplementationOnce(() => Promise.reject(full));
    const attempted: string[] = [];
    const renderOne = async (page: PageJob): Promise<string[]> => {
      attempted.push(path.basename(page.outPath));
      const output = await reserveOutput(page.outPath);
      try {
        await output.write(Buffer.from('a finished page'));
        await output.commit();
      } catch (err) {
        output.discard();
        throw err;
      }
      return [output.finalPath];
    };

    const { result, stdout, stderr } = await capture(() => runPages(plan, dir, out, renderOne));
    expect(result).toBe(1);
    expect(attempted).toEqual(['p1.png', 'p2.png']);
    expect(listTree(out)).toEqual(['p1.png']); // no temp file of p2 either
    expect(stdout).toMatch(/Done: 1 ok, 1 failed, 1 not attempted \(of 3 pages\)/);
    expect(stderr).toMatch(/stopped at p2\.png, 1 page\(s\) after it not attempted: Cannot write ".*p2\.png": the disk is full\. .*The 1 finished page\(s\) are kept in /);
  });
});
