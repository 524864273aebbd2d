import { groundPairs, panelBackground, type PartColour, type RegionBox } from '../../src/model/fill-ground';
import { PANEL_FILL } from '../../src/model/page-grid';
import type { RegionLabels } from '../../src/model/paper-regions';

/** Labels are regions (region[l] = l): a W x H canvas from `at(x, y)`. */
function labelsOf(width: number, height: number, at: (x: number, y: number) => number): RegionLabels {
  const labels = new Uint16Array(width * height);
  let count = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) count = Math.max(count, (labels[y * width + x] = at(x, y)));
  return { width, height, labels, region: Int32Array.from({ length: count + 1 }, (_, l) => l), count };
}

/** The panel test pixel by pixel: each row's span of the region over its box, and other regions' paper inside the spans. */
function reference(regions: RegionLabels, box: RegionBox): { covered: number; figures: number } {
  let covered = 0;
  let figures = 0;
  for (let y = box.top; y <= box.bottom; y++) {
    const xs: number[] = [];
    for (let x = box.left; x <= box.right; x++) if (regions.labels[y * regions.width + x] === box.region) xs.push(x);
    if (xs.length === 0) continue;
    covered += xs[xs.length - 1] - xs[0] + 1;
    for (let x = xs[0]; x <= xs[xs.length - 1]; x++) {
      const l = regions.labels[y * regions.width + x];
      if (l !== 0 && l !== box.region) figures++;
    }
  }
  return { covered, figures };
}

describe("a comic panel's background (panelBackground)", () => {
  const W = 120;
  const H = 80;
  // A frame of ink (0) around region 1; a figure (region 2, a disc of radius r) inside it.
  const panel = (r: number) => labelsOf(W, H, (x, y) => (x < 2 || y < 2 || x >= W - 2 || y >= H - 2 ? 0 : Math.hypot(x - 60, y - 40) < r ? 2 : Math.hypot(x - 60, y - 40) < r + 2 ? 0 : 1));
  const box: RegionBox = { region: 1, left: 2, top: 2, right: W - 3, bottom: H - 3 };

  it('is one framed in ink all round, whatever it holds: a figure, or nothing (an establishing shot), or a speck', () => {
    expect(panelBackground(panel(12), box)).toBe('figures'); // a disc of 452 px: 4.9 % of the box
    expect(panelBackground(panel(0), box)).toBe('empty'); // session 27's review: its sky and ground averaged
    expect(panelBackground(panel(4), box)).toBe('empty'); // 50 px: a speck
  });

  it('is one unframed (the page round it) only with a figure in it over PANEL_FIGURES of it', () => {
    // The frame's ink taken for the page's paper (region 3): a rectangle of a figure, unless it holds figures.
    const unframed = (r: number) => {
      const framed = panel(r);
      return labelsOf(W, H, (x, y) => (x < 2 || y < 2 || x >= W - 2 || y >= H - 2 ? 3 : framed.labels[y * W + x]));
    };
    expect(panelBackground(unframed(12), box)).toBe('figures');
    expect(panelBackground(unframed(0), box)).toBeUndefined(); // a door, a book
    expect(panelBackground(unframed(4), box)).toBeUndefined(); // a speck
  });

  it('is not a region that covers under PANEL_FILL of its box (a disc, a cloak)', () => {
    // A disc (region 1, a face in it: 2) outlined in ink on the page's paper (3).
    const disc = labelsOf(W, H, (x, y) => {
      const d = Math.hypot(x - 60, y - 40);
      return d < 10 ? 2 : d < 36 ? 1 : d < 38 ? 0 : 3;
    });
    const discBox: RegionBox = { region: 1, left: 24, top: 4, right: 95, bottom: 75 };
    expect(reference(disc, discBox).covered).toBeLessThan(PANEL_FILL * 72 * 72);
    expect(panelBackground(disc, discBox)).toBeUndefined();
  });

  it('is one when a figure cut off by its side frame takes its rows under PANEL_FILL, framed in ink all round', () => {
    // The panel of the first test with a bust (region 2) against its left frame, rows 20-79 of 80 from x 2 to 40.
    const cut = labelsOf(W, H, (x, y) => (x < 2 || y < 2 || x >= W - 2 || y >= H - 2 ? 0 : y >= 20 && x < 40 ? 2 : y >= 18 && x < 42 ? 0 : 1));
    expect(reference(cut, box).covered).toBeLessThan(PANEL_FILL * (W - 4) * (H - 4));
    expect(panelBackground(cut, box)).toBe('figures');
    // Not framed (the page's paper, region 3, round it): a figure's shape.
    const open = labelsOf(W, H, (x, y) => (x < 2 || y < 2 || x >= W - 2 || y >= H - 2 ? 3 : cut.labels[y * W + x]));
    expect(panelBackground(open, box)).toBeUndefined();
  });

  it('is one when a narrow figure cut off by its side frame leaves its rows over PANEL_FILL, framed in ink all round', () => {
    // A narrow bust (region 2, 10 x 56 px: 6.4 % of the box) against the left frame: the rows still cover
    // 92 % of the box, but no figure is closed in by the region's runs; framed, the box is a panel all the same.
    const cut = labelsOf(W, H, (x, y) => (x < 2 || y < 2 || x >= W - 2 || y >= H - 2 ? 0 : y >= 22 && x < 12 ? 2 : y >= 20 && x < 14 ? 0 : 1));
    const { covered, figures } = reference(cut, box);
    expect(covered).toBeGreaterThanOrEqual(PANEL_FILL * (W - 4) * (H - 4));
    expect(figures).toBe(0);
    expect(panelBackground(cut, box)).toBe('figures');
    // Not framed: a figure's shape still.
    const open = labelsOf(W, H, (x, y) => (x < 2 || y < 2 || x >= W - 2 || y >= H - 2 ? 3 : cut.labels[y * W + x]));
    expect(panelBackground(open, box)).toBeUndefined();
  });

  it('counts spans and figures as a pixel-by-pixel reading does, on random pages', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let page = 0; page < 40; page++) {
      const blobs = Array.from({ length: 6 }, () => [random() * W, random() * H, 4 + random() * 14, 2 + Math.floor(random() * 3)]);
      const regions = labelsOf(W, H, (x, y) => {
        for (const [cx, cy, r, label] of blobs) if (Math.hypot(x - cx, y - cy) < r) return label === 4 ? 0 : label;
        return 1;
      });
      const whole: RegionBox = { region: 1, left: 0, top: 0, right: W - 1, bottom: H - 1 };
      const { covered, figures } = reference(regions, whole);
      const expected = covered >= PANEL_FILL * W * H && figures >= 0.02 * W * H;
      expect(panelBackground(regions, whole)).toBe(expected ? 'figures' : undefined);
    }
  });
});

describe('a sky and a ground (groundPairs)', () => {
  const part = (colour: number[], share = 0.5): PartColour => ({ share, colour, paint: [] });
  const [sky, white, grass] = [[0.5, 0.75, 0.92], [1, 1, 1], [0.3, 0.6, 0.25]];
  const top = [0.02, 0.1] as const; // the rows of sky strokes at the region's head

  it("pairs two hues apart, and white with a colour only where their strokes' rows lie FAR_APART, one above the other", () => {
    expect(groundPairs([part(sky), part(grass)], [top, [0.9, 0.98]])?.[1 * 3 + 2]).toBe(1);
    expect(groundPairs([part(sky), part(white)], [top, [0.9, 0.98]])?.[1 * 3 + 2]).toBe(1); // snow
    expect(groundPairs([part(sky), part(white)], [top, [0.15, 0.2]])).toBeUndefined(); // a cloud under the sky
    // A cloud at the sky's height a third of the page to its right (a code review): side by side, no ground.
    expect(groundPairs([part(sky), part(white)], [top, [0.03, 0.09]])).toBeUndefined();
  });

  it('pairs only clear hues in an empty frame', () => {
    const boxes = [top, [0.9, 0.98]] as const;
    expect(groundPairs([part(sky), part(grass)], [...boxes], true)?.[1 * 3 + 2]).toBe(1);
    expect(groundPairs([part([0.13, 0.16, 0.16]), part(white)], [...boxes], true)).toBeUndefined(); // a screen's glint
    expect(groundPairs([part([0.43, 0.27, 0.16]), part([0.59, 0.6, 0.61])], [...boxes], true)).toBeUndefined(); // a door's kick plate
  });
});
