/**
 * The split screen (open-meeting.ts) against the flood it stands in for: withColoursApart with the
 * screen must give exactly what it gives with the screen answering no everywhere (the flood decides).
 */
import { labelPaperRegions, planePaperRows, type RegionLabels } from '../../src/model/paper-regions';
import { fillOfRegions, type HintPixelSource, type RegionFill } from '../../src/model/regions';

const yesCount = { n: 0 };
type Split = (fill: RegionFill, hint: HintPixelSource, strength?: number) => RegionFill;
function load(stub: boolean): Split {
  let f: Split | undefined;
  jest.isolateModules(() => {
    if (stub) jest.doMock('../../src/model/open-meeting', () => ({ allMeetInTheOpen: () => false }));
    else jest.doMock('../../src/model/open-meeting', () => {
      const real = jest.requireActual('../../src/model/open-meeting');
      return { allMeetInTheOpen: (...args: unknown[]) => { const yes = real.allMeetInTheOpen(...args); if (yes) yesCount.n++; return yes; } };
    });
    f = require('../../src/model/fill-split').withColoursApart;
  });
  jest.dontMock('../../src/model/open-meeting');
  return f as Split;
}
const withScreen = load(false);
const floodOnly = load(true);

/** Runs of equal values merged (across rows too), as the rgba hint source gives them. */
function runHint(planes: Float32Array[]): HintPixelSource {
  const [r, g, b, m] = planes;
  return (visit) => {
    for (let i = 0; i < m.length; ) {
      if (!(m[i] > 0)) { i++; continue; }
      let j = i + 1;
      while (j < m.length && m[j] === m[i] && r[j] === r[i] && g[j] === g[i] && b[j] === b[i]) j++;
      visit(i, j, r[i], g[i], b[i], m[i]);
      i = j;
    }
  };
}

/** Per pixel, the fill's colour (premultiplied r, g, b, mask as a string key). */
function colours(fill: RegionFill): string[] {
  const { regions, table } = fill;
  const out: string[] = [];
  for (let i = 0; i < regions.labels.length; i++) {
    const l = regions.region[regions.labels[i]];
    out.push(l === 0 ? '-' : Array.from(table.subarray(4 * l, 4 * l + 4)).map((v) => v.toFixed(6)).join(','));
  }
  return out;
}

it('gives the same fill with and without the screen (doorways near the open reach, at and off the canvas edge)', () => {
  let seed = 99;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const report: string[] = [];
  const y0 = yesCount.n;
  for (let trial = 0; trial < 120; trial++) {
    const W = 90 + Math.floor(random() * 40);
    const H = 70 + Math.floor(random() * 40);
    const door = 14 + Math.floor(random() * 20);
    const thick = 1 + Math.floor(random() * 6);
    const wallX = 40 + Math.floor(random() * 10);
    const doorTop = Math.floor(random() * (H - door));
    const frame = random() < 0.5 ? 1 + Math.floor(random() * 3) : 0; // 0: the rooms reach the canvas edge
    const line = new Float32Array(W * H).fill(1);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const wall = x >= wallX && x < wallX + thick && (y < doorTop || y >= doorTop + door);
      const edge = x < frame || y < frame || x >= W - frame || y >= H - frame;
      if (wall || edge) line[y * W + x] = 0;
    }
    const planes = [0, 1, 2, 3].map(() => new Float32Array(W * H));
    const dab = (c: number[], xa: number, xb: number) => {
      const [x0, y0b] = [xa + Math.floor(random() * (xb - xa - 6)), Math.floor(random() * (H - 8))];
      const [dw, dh] = [4 + Math.floor(random() * 16), 4 + Math.floor(random() * 16)];
      for (let y = y0b; y < Math.min(H, y0b + dh); y++) for (let x = x0; x < Math.min(xb, x0 + dw); x++) {
        const i = y * W + x;
        for (let k = 0; k < 3; k++) planes[k][i] = c[k];
        planes[3][i] = 1;
      }
    };
    dab([0.8, 0.2, 0.2], 0, wallX);
    dab([0.4, 0.1, 0.1], wallX + thick, W);
    const hint = runHint(planes);
    const make = (): RegionFill => fillOfRegions(labelPaperRegions(W, H, planePaperRows(line, W, H), 0) as RegionLabels, hint);
    const [ca, cb] = [colours(withScreen(make(), hint)), colours(floodOnly(make(), hint))];
    const bad = ca.findIndex((v, i) => v !== cb[i]);
    if (bad >= 0) report.push(`trial ${trial} ${W}x${H} door ${door} wall ${thick} frame ${frame}`);
  }
  expect(yesCount.n - y0).toBeGreaterThan(5); // not vacuous: the screen answered yes often enough to be checked
  expect(report).toEqual([]);
});

it('gives the same fill with and without the screen (random pages)', () => {
  const y1 = yesCount.n;
  let seed = 12345;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let split = 0;
  const report: string[] = [];
  for (let trial = 0; trial < 150; trial++) {
    const W = 60 + Math.floor(random() * 80);
    const H = 50 + Math.floor(random() * 70);
    const line = new Float32Array(W * H).fill(1);
    const bars = Array.from({ length: 1 + Math.floor(random() * 4) }, () => [random() * W, random() * H, 1 + random() * 70, 1 + random() * 70]);
    const rings = Array.from({ length: Math.floor(random() * 4) }, () => [random() * W, random() * H, 5 + random() * 30, random() * 6]);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const ink = bars.some(([bx, by, bw, bh]) => x >= bx && x < bx + bw && y >= by && y < by + bh && (bw < 4 || bh < 4)) ||
        rings.some(([cx, cy, rr, gap]) => { const d = Math.hypot(x - cx, y - cy); return d < rr && d > rr - 2 && Math.abs(y - cy) > gap; });
      if (ink) line[y * W + x] = 0;
    }
    const planes = [0, 1, 2, 3].map(() => new Float32Array(W * H));
    const palette = [[0.8, 0.2, 0.2], [0.4, 0.1, 0.1], [0.2, 0.3, 0.9], [0.95, 0.95, 0.95], [0.05, 0.05, 0.05], [0.2, 0.8, 0.3]];
    const dabs = 2 + Math.floor(random() * 4);
    for (let d = 0; d < dabs; d++) {
      const c = palette[Math.floor(random() * palette.length)];
      const mask = random() < 0.3 ? 0.1 + random() * 0.9 : 1;
      const [x0, y0] = [Math.floor(random() * W), Math.floor(random() * H)];
      const [dw, dh] = [2 + Math.floor(random() * 30), 2 + Math.floor(random() * 30)];
      for (let y = y0; y < Math.min(H, y0 + dh); y++) for (let x = x0; x < Math.min(W, x0 + dw); x++) {
        const i = y * W + x;
        for (let k = 0; k < 3; k++) planes[k][i] = c[k] * mask;
        planes[3][i] = mask;
      }
    }
    const hint = runHint(planes);
    const make = (): RegionFill => fillOfRegions(labelPaperRegions(W, H, planePaperRows(line, W, H), 0) as RegionLabels, hint);
    const before = make();
    const a = withScreen(make(), hint);
    const b = floodOnly(make(), hint);
    if (b.regions.count !== before.regions.count) split++;
    const [ca, cb] = [colours(a), colours(b)];
    const bad = ca.findIndex((v, i) => v !== cb[i]);
    if (bad >= 0) report.push(`trial ${trial} ${W}x${H} pixel ${bad}: screen ${ca[bad]} flood ${cb[bad]}`);
  }
  expect(yesCount.n - y1).toBeGreaterThan(5);
  expect(report).toEqual([]);
});
