/**
 * The bench's synthetic page (bench/synth.ts): its lineart as an artist's
 * layer usually is, ink on transparency, must read as the same lines as the
 * opaque page, so the two bench figures differ only in how the engine reads
 * the pixels.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodePng } from '../../bench/codec';
import { ensurePage } from '../../bench/synth';
import { lineChannel } from '../../src/model';
import { loadContract } from '../helpers/engine';

describe('the bench page with its lineart on a transparent layer', () => {
  it('is black ink at the opaque page\'s coverage, and reads as the same line channel', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deepcolor-synth-'));
    try {
      const opaque = await decodePng((await ensurePage(96, dir)).lineartPng);
      const files = await ensurePage(96, dir, 'transparent');
      expect(files.lineartPng).not.toBe((await ensurePage(96, dir)).lineartPng);
      const inked = await decodePng(files.lineartPng);
      expect([inked.width, inked.height]).toEqual([opaque.width, opaque.height]);
      let ink = 0;
      for (let i = 0; i < inked.data.length; i += 4) {
        expect([inked.data[i], inked.data[i + 1], inked.data[i + 2]]).toEqual([0, 0, 0]);
        expect(inked.data[i + 3]).toBe(255 - opaque.data[i]);
        if (inked.data[i + 3] > 0) ink++;
      }
      expect(ink).toBeGreaterThan(100);
      const contract = loadContract();
      expect(Array.from(lineChannel(inked, contract).data)).toEqual(Array.from(lineChannel(opaque, contract).data));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
