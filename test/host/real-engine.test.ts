/** The host with the real engine (onnxruntime-web WASM, single thread) on a small page in the fake Photoshop. */
import { createDeepcolorHost, DeepcolorHostError, type ColorizeEngine } from '../../src/host';
import type { Colorizer } from '../../src/model';
import { createNodeWasmColorizer, loadContract } from '../helpers/engine';
import { layerOnCanvas, openStandard, patch, strokes, topLevelNames } from './documents';

/**
 * The smallest tiles the model takes (one size multiple) and a page of two
 * and a half tiles, so a run has several tiles (3 x 3) whatever the model's
 * size multiple is. The host exposes no tile options (the panel keeps the
 * contract's), so the engine handed to it sets them.
 */
const TILE = loadContract().geometry.sizeMultiple;
const OVERLAP = TILE / 4;
const PAGE = TILE * 2 + TILE / 2;

function smallTiles(colorizer: Colorizer): ColorizeEngine {
  return {
    colorize: (lineart, hint, options) => colorizer.colorize(lineart, hint, { ...options, tileSize: TILE, tileOverlap: OVERLAP }),
    planTiles: (width, height, options) => colorizer.planTiles(width, height, { ...options, tileSize: TILE, tileOverlap: OVERLAP }),
  };
}

/** The standard layers (Hints over Lineart over Background) on a PAGE x PAGE canvas. */
function openPage() {
  return openStandard({
    width: PAGE,
    height: PAGE,
    layers: [
      { name: 'Hints', pixels: patch(PAGE - 40, 8, 16, 12, [230, 40, 30, 255]) },
      { name: 'Lineart', pixels: strokes(4, 6, PAGE - 14, PAGE - 14) },
      { name: 'Background', background: true, pixels: patch(0, 0, PAGE, PAGE, [255, 255, 255, 255]) },
    ],
  });
}

describe('Colorize with the real engine', () => {
  let colorizer: Colorizer;
  beforeAll(async () => {
    colorizer = await createNodeWasmColorizer();
  });
  afterAll(async () => {
    await colorizer.dispose();
  });

  it('writes exactly what the engine computes for the layers read at their offsets, above the topmost source', async () => {
    const { fake, doc } = openPage();
    const host = createDeepcolorHost({ photoshop: fake.module, engine: smallTiles(colorizer) });
    const progress: number[] = [];
    const outcome = await host.colorize({ workingScale: 1, hintStrength: 1 }, { onProgress: (p) => progress.push(p.tilesDone) });
    expect(outcome.backend).toBe('wasm');
    expect(outcome.tilesTotal).toBe(9);
    expect(progress[progress.length - 1]).toBe(outcome.tilesTotal);
    expect(progress.every((done, i) => i === 0 || done >= progress[i - 1])).toBe(true);
    expect(topLevelNames(fake, doc.id)).toEqual(['Deepcolor', 'Hints', 'Lineart', 'Background']);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize']);

    const lineart = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Lineart), PAGE, PAGE);
    const hint = layerOnCanvas(fake.control.layerState(doc.id, doc.ids.Hints), PAGE, PAGE);
    const direct = await colorizer.colorize(lineart, hint, { workingScale: 1, hintStrength: 1, tileSize: TILE, tileOverlap: OVERLAP });
    const written = fake.control.layerState(doc.id, outcome.layerId).pixels!;
    expect([written.left, written.top, written.width, written.height]).toEqual([0, 0, PAGE, PAGE]);
    expect(Buffer.from(written.data).equals(Buffer.from(direct.image.data))).toBe(true);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });

  it('refuses a working scale below the model\'s smallest (a script or an edited Action) before touching the document', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    const host = createDeepcolorHost({ photoshop: fake.module, engine: colorizer });
    await expect(host.colorize({ workingScale: 0.1 })).rejects.toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(/smallest working scale, 0\.125/) });
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('with Leave margins, warns when most of the page was left as paper (art that runs off the page)', async () => {
    const { fake } = openStandard({ layers: [{ name: 'Lineart', pixels: { left: 0, top: 30, width: 64, height: 2, fill: [0, 0, 0, 255] } }] });
    const host = createDeepcolorHost({ photoshop: fake.module, engine: colorizer });
    const outcome = await host.colorize({ leaveMargins: true, hintLayerId: null });
    expect(outcome.warnings).toEqual([expect.stringMatching(/^Leave margins left (9\d|100) % of the page as paper\..*untick Leave margins and gutters as paper/)]);
    const plain = await host.colorize({ hintLayerId: null });
    expect(plain.warnings).toEqual([]);
  });

  it('rolls back when cancelled in the middle of the real tiles', async () => {
    const { fake, doc } = openPage();
    const before = fake.control.serialize(doc.id);
    fake.control.onReportProgress((_value, count) => {
      if (count === 2) fake.control.cancelModal();
    });
    const host = createDeepcolorHost({ photoshop: fake.module, engine: smallTiles(colorizer) });
    const error = await host.colorize({ workingScale: 1 }).catch((e: unknown) => e);
    expect((error as DeepcolorHostError).code).toBe('CANCELLED');
    expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });
});
