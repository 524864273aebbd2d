/**
 * Shared helpers for the CLI tests: they run the BUILT CLI (node
 * bin/deepcolor.js, after `npm run build`) as a child process, on small
 * generated images, in throw-away folders.
 */
import { spawn, spawnSync, type ChildProcess, type ChildProcessByStdio, type SpawnSyncReturns } from 'child_process';
import type { Readable } from 'stream';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'deepcolor.js');
export const MODEL = path.join(ROOT, 'assets', 'deepcolor.onnx');
export const CONTRACT = path.join(ROOT, 'assets', 'deepcolor.json');

export function assertBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'build', 'cli', 'main.js'))) {
    throw new Error('build/cli/main.js is missing: run `npm run build` before these tests (npm test does).');
  }
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Run as this uid/gid (used when the tests run as root, which ignores file permissions). */
  uid?: number;
}

/** Runs `deepcolor ARGS` and waits for it. Threads are capped so parallel jest workers do not fight over 2 cores. */
export function runCli(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return outputOf(
    spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
    }),
  );
}

/** What a child with piped stdout and stderr printed, and its exit status, once it has closed. */
export function outputOf(child: ChildProcessByStdio<null, Readable, Readable>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Starts `deepcolor ARGS`; `ownGroup` puts it in a process group of its own, as a shell does a job. */
export function startCli(args: readonly string[], cwd = ROOT, ownGroup = false): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: ownGroup });
}

export function runCliSync(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** A fresh folder readable by everyone (so a non-root child can read inputs in it). */
export function tempDir(prefix = 'deepcolor-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export function removeDir(dir: string): void {
  fs.chmodSync(dir, 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** All entries below `dir`, relative, sorted; used to prove that nothing (not even a temp file) was left behind. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(e.isDirectory() ? `${r}/` : r);
      if (e.isDirectory()) walk(path.join(d, e.name), r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/**
 * Lineart: black strokes (a ring, a cross and a box) about 2 px wide, on
 * white or, with `transparent`, on alpha 0 (like an inked layer).
 */
export function lineartPixels(size: number, transparent = false): Buffer {
  const px = Buffer.alloc(size * size * 4);
  const c = size / 2;
  const r = size * 0.32;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const ink =
        Math.abs(d - r) < 1.1 ||
        Math.abs(x - y) < 1.1 ||
        (Math.abs(x - size * 0.15) < 1.1 && y > size * 0.1 && y < size * 0.9) ||
        (Math.abs(y - size * 0.85) < 1.1 && x > size * 0.1 && x < size * 0.9);
      const i = (y * size + x) * 4;
      if (ink) {
        px[i + 3] = 255; // black ink (rgb already 0)
      } else if (!transparent) {
        px.fill(255, i, i + 4);
      }
    }
  }
  return px;
}

/** Hint: transparent except a red disc and a blue bar (painted strokes). */
export function hintPixels(width: number, height = width): Buffer {
  const px = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (Math.hypot(x - width * 0.5, y - height * 0.45) < width * 0.12) {
        px[i] = 230; px[i + 1] = 40; px[i + 2] = 40; px[i + 3] = 255;
      } else if (Math.abs(y - height * 0.7) < 2 && x > width * 0.2 && x < width * 0.8) {
        px[i] = 40; px[i + 1] = 60; px[i + 2] = 220; px[i + 3] = 255;
      }
    }
  }
  return px;
}

export async function writeImage(file: string, rgba: Buffer, width: number, height = width, format: 'png' | 'jpeg' | 'webp' = 'png'): Promise<void> {
  let img = sharp(rgba, { raw: { width, height, channels: 4 } });
  if (format === 'jpeg') img = img.flatten({ background: '#ffffff' }).jpeg({ quality: 95 });
  else if (format === 'webp') img = img.webp({ lossless: true });
  else img = img.png();
  await img.toFile(file);
  fs.chmodSync(file, 0o644);
}

export interface Decoded {
  width: number;
  height: number;
  channels: number;
  data: Buffer;
  format: string | undefined;
}

export async function decode(file: string): Promise<Decoded> {
  const meta = await sharp(file).metadata();
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels, data, format: meta.format };
}

/** Share of pixels whose channels differ by more than 24 levels: 0 for grey/black-and-white images. */
export function colourfulShare(rgba: Buffer): number {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const mx = Math.max(rgba[i], rgba[i + 1], rgba[i + 2]);
    const mn = Math.min(rgba[i], rgba[i + 1], rgba[i + 2]);
    if (mx - mn > 24) n++;
  }
  return n / (rgba.length / 4);
}

export const NOBODY = 65534;

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Root ignores file permissions, so permission cases run the CLI as "nobody"
 * when the tests are root. That needs the checkout to be readable by others
 * (it is not under /root, say): probe it once.
 */
export function permissionCasesRunnable(): { runnable: boolean; uid?: number; why?: string } {
  if (!isRoot()) return { runnable: true };
  const probe = spawnSync(process.execPath, [BIN, '--version'], { cwd: os.tmpdir(), uid: NOBODY, gid: NOBODY, encoding: 'utf8' });
  if (probe.status === 0) return { runnable: true, uid: NOBODY };
  const lines = (probe.stderr || String(probe.error)).split('\n');
  const reason = lines.find((l) => /Error/.test(l)) ?? lines[0];
  return { runnable: false, why: `running as root and user nobody cannot run ${BIN}: ${reason}` };
}
