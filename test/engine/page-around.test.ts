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

function dab(hint: RgbaImage, cx: number, cy: number, rgb: [number, number, number]): void {
  for (let y = cy - 3; y <= cy + 3; y++) for (let x = cx - 3; x <= cx + 3; x++) hint.data.set([...rgb, 255], (y * W + x) * 4);
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

  it('keeps a part of the page around the drawing that has hint paint in it (a painted sky)', async () => {
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    dab(hint, 80, 50, [90, 140, 230]); // in the gutter, which is one region with the margins
    const on = await colorizer.colorize(comicPage(), hint, { ...base, clearAround: true });
    expect([alpha(on.image, 80, 50), alpha(on.image, 3, 3)]).toEqual([255, 255]);
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
