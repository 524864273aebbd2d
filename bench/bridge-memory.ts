/**
 * What the panel's side of the webview bridge holds while pictures cross
 * it, measured in Node with the protocol's own code: peak RSS above the
 * pictures themselves, for sending a request's lineart and hint and for
 * receiving a result, one message holding whole pictures (protocol 1, made
 * here as it was) against strips (protocol 2, src/panel/webview-protocol.ts).
 * Each is JSON-encoded as UXP's bridge does (JSON.stringify on the way out,
 * JSON.parse on the way in). UXP's own copies inside its bridge are not
 * measured: they are the same text, so they scale the same way.
 *
 *   node build/bench/bridge-memory.js [size=4096]
 *
 * One child process per case; prints each case's peak above the pictures
 * in MiB and bytes per canvas pixel.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { encodeBase64, decodeBase64 } from '../src/panel/base64';
import { imageStrips, resultMessages, StripAssembler, type StripImage } from '../src/panel/webview-protocol';
import type { RgbaImage } from '../src/model/types';

type Case = 'send-whole' | 'send-strips' | 'receive-whole' | 'receive-strips';
const CASES: readonly Case[] = ['send-whole', 'send-strips', 'receive-whole', 'receive-strips'];

/** Resident and peak resident memory (bytes) from /proc/self/status. */
function memory(): { rss: number; peak: number } {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kib = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** A page-sized picture with every byte touched (resident), of varied bytes (base64 of zeros is no cheaper, but be fair). */
function picture(size: number, seed: number): RgbaImage {
  const data = new Uint8Array(size * size * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * seed) & 255;
  return { width: size, height: size, data };
}

/** What the bridge carries: the message as JSON text (sent), and the object the far side parses. */
function acrossBridge(message: unknown): unknown {
  return JSON.parse(JSON.stringify(message));
}

function runCase(which: Case, size: number): void {
  const lineart = picture(size, 7);
  const hint = picture(size, 13);
  const before = memory();
  let sink = 0; // keeps results alive until measured, and the work from being optimised away
  if (which === 'send-whole') {
    const text = JSON.stringify({
      type: 'colorize',
      id: 'r',
      lineart: { width: size, height: size, base64: encodeBase64(lineart.data) },
      hint: { width: size, height: size, base64: encodeBase64(hint.data) },
      options: {},
    });
    sink += text.length;
  } else if (which === 'send-strips') {
    sink += JSON.stringify({ type: 'colorize', id: 'r', lineart: { width: size, height: size }, hint: { width: size, height: size }, options: {} }).length;
    for (const strip of imageStrips('r', 'lineart', lineart)) sink += JSON.stringify(strip).length;
    for (const strip of imageStrips('r', 'hint', hint)) sink += JSON.stringify(strip).length;
  } else if (which === 'receive-whole') {
    // The page's result with shading: both pictures in one message, then decoded.
    const message = acrossBridge({ type: 'result', id: 'r', image: { width: size, height: size, base64: encodeBase64(lineart.data) }, shading: { width: size, height: size, base64: encodeBase64(hint.data) } }) as {
      image: { base64: string };
      shading: { base64: string };
    };
    const image = decodeBase64(message.image.base64);
    const shading = decodeBase64(message.shading.base64);
    sink += image[1] + shading[1];
  } else {
    const result = { image: lineart, shading: hint, backend: 'webgpu' as const, workingScale: 1, tilesTotal: 1, inferenceMs: 0, totalMs: 0 };
    const pictures = new Map<StripImage, StripAssembler>();
    for (const sent of resultMessages('r', result)) {
      const message = acrossBridge(sent) as { type: string; image: StripImage; top: number; base64: string; id: string };
      if (message.type !== 'strip') continue;
      let assembler = pictures.get(message.image);
      if (!assembler) pictures.set(message.image, (assembler = new StripAssembler(message.image, size, size)));
      assembler.add({ type: 'strip', id: message.id, image: message.image, top: message.top, base64: message.base64 });
    }
    sink += [...pictures.values()].reduce((sum, assembler) => sum + assembler.finish().data[1], 0);
  }
  const after = memory();
  process.stdout.write(`${JSON.stringify({ which, size, peakAboveMiB: (after.peak - before.rss) / 2 ** 20, bytesPerPixel: (after.peak - before.rss) / (size * size), sink })}\n`);
}

function main(): void {
  const [first, second] = process.argv.slice(2);
  if (first === '--case') {
    const [which, size] = second.split(':');
    runCase(which as Case, Number(size));
    return;
  }
  const size = Number(first ?? 4096);
  for (const which of CASES) {
    const out = execFileSync(process.execPath, ['--max-old-space-size=8192', __filename, '--case', `${which}:${size}`], { encoding: 'utf8' });
    const row = JSON.parse(out) as { peakAboveMiB: number; bytesPerPixel: number };
    process.stdout.write(`${which.padEnd(15)} ${size} px: peak ${row.peakAboveMiB.toFixed(0)} MiB above the pictures (${row.bytesPerPixel.toFixed(1)} B per canvas pixel)\n`);
  }
}

main();
