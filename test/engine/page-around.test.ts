/**
 * clearAround (src/model/page-around.ts): the page around the drawing
 * (margins, comic gutters) left as paper, the panels coloured.
 */
import { createColorizer } from '../../src/model';
import type { RgbaImage } from '../../src/model/types';
import { pointwiseBackend } from '../helpers/backends';
import { loadContract } from '../helpers/engine';
import { solidImage } from '../helpers/synthetic';

const [W, H] = [160, 100];

/** Two comic panels (outlines 2 px wide) with a 12 px gutter between them and 10 px margins. */
function comicPage(): RgbaImage {
  const page = solidImage(W, H, [255, 255, 255, 255]);
  const box = (x0: number, y0: number, x1: number, y1: number): void => {
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        if (x < x0 + 2 || x >= x1 - 2 || y < y0 + 2 || y >= y1 - 2) page.data.set([0, 0, 0, 255], (y * W + x) * 4);
      }
    }
  };
  box(10, 10, 74, 90);
  box(86, 10, 150, 90);
  return page;
}

/** A square dab of side 2 r + 1 (r 5: 121 px), opaque unless `alpha` says. */
function dab(hint: RgbaImage, cx: number, cy: number, rgb: [number, number, number], r = 5, alpha = 255): void {
  for (let y = cy - r; y <= cy + r; y++) for (let x = cx - r; x <= cx + r; x++) hint.data.set([...rgb, alpha], (y * W + x) * 4);
}

const alpha = (image: RgbaImage, x: number, y: number): number => image.data[(y * W + x) * 4 + 3];

describe('clearAround', () => {
  const contract = loadContract();
  const colorizer = createColorizer({ contract, backend: pointwiseBackend() });
  const base = { workingScale: 1, tileSize: 64, tileOverlap: 16 } as const;

  it('leaves margins and the gutter transparent and the panels coloured; off by default', async () => {
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    dab(hint, 40, 50, [200, 60, 60]);
    const off = await colorizer.colorize(comicPage(), hint, base);
    const on = await colorizer.colorize(comicPage(), hint, { ...base, clearAround: true });
    for (const [x, y] of [[3, 3], [80, 50], [155, 95]]) {
      expect(alpha(off.image, x, y)).toBe(255);
      expect(alpha(on.image, x, y)).toBe(0); // margin, gutter, corner
    }
    for (const [x, y] of [[40, 50], [120, 50]]) expect(alpha(on.image, x, y)).toBe(255); // inside both panels, hinted or not
    // A panel's border: its outer half goes with the gutter, its inner half stays with the panel.
    expect([alpha(on.image, 10, 50), alpha(on.image, 11, 50)]).toEqual([0, 255]);
  });

  it('keeps a part of the page around the drawing with a dab of hint paint in it (a painted sky), not one with a speck', async () => {
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    dab(hint, 80, 50, [90, 140, 230]); // in the gutter, which is one region with the margins
    const on = await colorizer.colorize(comicPage(), hint, { ...base, clearAround: true });
    expect([alpha(on.image, 80, 50), alpha(on.image, 3, 3)]).toEqual([255, 255]);
    // A speck, and a soft brush's faint edge, are not paint enough to keep every margin and gutter.
    const stray = solidImage(W, H, [0, 0, 0, 0]);
    dab(stray, 80, 50, [90, 140, 230], 1);
    dab(stray, 5, 50, [90, 140, 230], 4, 20);
    const cleared = await colorizer.colorize(comicPage(), stray, { ...base, clearAround: true });
    expect([alpha(cleared.image, 80, 30), alpha(cleared.image, 3, 3)]).toEqual([0, 0]);
    // Not the end of a panel's stroke that slipped over its border into the gutter.
    const slipped = solidImage(W, H, [0, 0, 0, 0]);
    for (let y = 40; y < 60; y++) for (let x = 30; x < 79; x++) slipped.data.set([200, 60, 60, 255], (y * W + x) * 4); // 5 of its 49 columns (100 px) in the gutter
    expect(alpha((await colorizer.colorize(comicPage(), slipped, { ...base, clearAround: true })).image, 3, 3)).toBe(0);
    // At hint strength 0 the hint is ignored here too: the painted gutter is cleared.
    const ignored = await colorizer.colorize(comicPage(), hint, { ...base, clearAround: true, hintStrength: 0 });
    expect(alpha(ignored.image, 3, 3)).toBe(0);
  });

  it('keeps a big sky for one small dab: a fraction of a per cent of it', async () => {
    // One panel in the middle of a page four times the size: margins of 20,000 px around it.
    const [w, h] = [200, 160];
    const page = solidImage(w, h, [255, 255, 255, 255]);
    for (let y = 40; y < 120; y++) for (let x = 50; x < 150; x++) if (x < 52 || x >= 148 || y < 42 || y >= 118) page.data.set([0, 0, 0, 255], (y * w + x) * 4);
    const hint = solidImage(w, h, [0, 0, 0, 0]);
    for (let y = 10; y < 19; y++) for (let x = 10; x < 19; x++) hint.data.set([90, 140, 230, 255], (y * w + x) * 4); // 81 px: 0.4 %
    const on = await colorizer.colorize(page, hint, { ...base, clearAround: true });
    expect(on.image.data[(150 * w + 190) * 4 + 3]).toBe(255);
  });

  it('closes gaps in the panels\' borders at the fill\'s width in page pixels: wider at a smaller working scale', async () => {
    const page = comicPage();
    for (let y = 40; y < 46; y++) page.data.fill(255, (y * W + 10) * 4, (y * W + 12) * 4); // a 6 px gap in the left panel's left border
    // Model default: 2 working pixels. At scale 1 that closes gaps up to 4 px: the gap joins the panel to the margin.
    const full = await colorizer.colorize(page, undefined, { ...base, clearAround: true });
    expect(alpha(full.image, 40, 50)).toBe(0);
    // At scale 0.5 the same 2 working pixels are 4 page pixels, closing gaps up to 8: the panel stays.
    const half = await colorizer.colorize(page, undefined, { ...base, workingScale: 0.5, clearAround: true });
    expect([alpha(half.image, 40, 50), alpha(half.image, 3, 3)]).toEqual([255, 0]);
  });

  it("clears the shading where it clears the colour, and nothing where no side is the page's edge (a selection inside the page)", async () => {
    const on = await colorizer.colorize(comicPage(), undefined, { ...base, clearAround: true, shading: { light: 'top-left', strength: 0.5 } });
    expect([alpha(on.shading!, 80, 50), alpha(on.shading!, 40, 50)]).toEqual([0, 255]);
    const inner = await colorizer.colorize(comicPage(), undefined, { ...base, clearAround: true, pageEdges: { left: false, top: false, right: false, bottom: false } });
    expect(alpha(inner.image, 80, 50)).toBe(255);
  });

  it('refuses a value that is not true or false', async () => {
    await expect(colorizer.colorize(comicPage(), undefined, { ...base, clearAround: 'yes' as unknown as boolean })).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });
});
