import { createDeepcolorHost, DeepcolorHostError, type ColorizeRequest, type HostErrorCode } from '../../src/host';
import { createScriptedEngine } from '../fakes/engine';
import { createFakePhotoshop, type DocumentSpec, type FakePhotoshop, type LayerSpec, type PhotoshopProfile } from '../fakes/photoshop';
import { patch, standardSpec, strokes } from './documents';

interface Case {
  title: string;
  spec?: Partial<DocumentSpec> | null; // null: no document open
  request?: (ids: Readonly<Record<string, number>>) => ColorizeRequest;
  profile?: PhotoshopProfile;
  budget?: number;
  before?: (fake: FakePhotoshop) => void;
  code: HostErrorCode;
  message: RegExp;
}

const background: LayerSpec = { name: 'Background', background: true, pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) };

const cases: Case[] = [
  { title: 'no document is open', spec: null, code: 'NO_DOCUMENT', message: /No document is open.*File > Open/ },
  { title: 'the document is CMYK', spec: { mode: 'CMYKColorMode' }, code: 'NOT_RGB', message: /CMYK Color mode.*Image > Mode > RGB Color/ },
  { title: 'the document is Lab', spec: { mode: 'labColorMode' }, code: 'NOT_RGB', message: /Lab Color mode.*Image > Mode > RGB Color/ },
  { title: 'the document is Grayscale', spec: { mode: 'grayscaleMode' }, code: 'NOT_RGB', message: /Grayscale mode.*Image > Mode > RGB Color/ },
  { title: 'the document is Indexed', spec: { mode: 'indexedColorMode' }, code: 'NOT_RGB', message: /Indexed Color mode.*Image > Mode > RGB Color/ },
  { title: 'the document is Multichannel', spec: { mode: 'multichannelMode' }, code: 'NOT_RGB', message: /Multichannel mode.*Image > Mode > RGB Color/ },
  { title: 'the document is Bitmap', spec: { mode: 'bitmapMode', bitsPerChannel: 'bitDepth1' }, code: 'NOT_RGB', message: /Bitmap mode.*Image > Mode > Grayscale, then Image > Mode > RGB Color/ },
  { title: 'the document is 32-bit', spec: { bitsPerChannel: 'bitDepth32' }, code: 'BIT_DEPTH_32', message: /32 bits per channel.*16 Bits\/Channel/ },
  {
    title: 'the lineart picked is a group',
    spec: { layers: [{ name: 'Inks', children: [{ name: 'Lineart', pixels: strokes(0, 0, 30, 30) }] }, background], selected: ['Inks'] },
    code: 'NOT_PIXEL_LAYER',
    message: /“Inks”, picked as the lineart layer, is a group.*pixel layer inside it/,
  },
  {
    title: 'the lineart picked is a text layer',
    spec: { layers: [{ name: 'Title', kind: 'text', pixels: patch(0, 0, 20, 5, [0, 0, 0, 255]) }, background], selected: ['Title'] },
    code: 'NOT_PIXEL_LAYER',
    message: /text layer.*Rasterize it \(Layer > Rasterize > Type\)/,
  },
  {
    title: 'the lineart picked is a smart object',
    spec: { layers: [{ name: 'Scan', kind: 'smartObject', pixels: patch(0, 0, 64, 64, [0, 0, 0, 255]) }, background], selected: ['Scan'] },
    code: 'NOT_PIXEL_LAYER',
    message: /smart object.*Rasterize it \(Layer > Rasterize > Smart Object\)/,
  },
  {
    title: 'the lineart picked is an adjustment layer',
    spec: { layers: [{ name: 'Curves 1', kind: 'curves' }, background], selected: ['Curves 1'] },
    code: 'NOT_PIXEL_LAYER',
    message: /adjustment layer.*Pick a pixel layer/,
  },
  {
    title: 'the hint layer picked is a text layer',
    spec: { layers: [{ name: 'Colors', kind: 'text', pixels: patch(0, 0, 20, 5, [0, 0, 0, 255]) }, { name: 'Lineart', pixels: strokes(0, 0, 30, 30) }, background], selected: ['Lineart'] },
    code: 'NOT_PIXEL_LAYER',
    message: /“Colors”, picked as the hint layer, is a text layer/,
  },
  {
    title: 'the lineart layer is empty',
    spec: { layers: [{ name: 'Lineart' }, background], selected: ['Lineart'] },
    code: 'EMPTY_LINEART',
    message: /lineart layer “Lineart” is empty.*line drawing/,
  },
  {
    title: 'the lineart layer has only fully transparent pixels',
    spec: { layers: [{ name: 'Lineart', pixels: patch(0, 0, 10, 10, [0, 0, 0, 0]) }, background], selected: ['Lineart'] },
    code: 'EMPTY_LINEART',
    message: /empty/,
  },
  {
    title: 'lineart and hint are the same layer',
    request: (ids) => ({ lineartLayerId: ids.Lineart, hintLayerId: ids.Lineart }),
    code: 'SAME_LAYER',
    message: /“Lineart” is picked as both the lineart and the hint layer.*separate layer/,
  },
  {
    title: 'the canvas is too large for the memory budget',
    budget: 64 * 64 * 10,
    code: 'CANVAS_TOO_LARGE',
    message: /64×64 px canvas needs about .* MB.*smaller working resolution.*Image > Image Size/,
  },
  {
    title: 'Photoshop is older than the imaging API',
    profile: 'photoshop-24.0',
    code: 'IMAGING_MISSING',
    message: /lacks the Imaging API.*Photoshop 25\.0 or later/,
  },
  {
    title: 'another plugin holds the modal state',
    before: (fake) => fake.control.setOtherPluginModal(true),
    code: 'PHOTOSHOP_BUSY',
    message: /^Photoshop is busy with another plugin or dialog; finish it and try again\.$/,
  },
  { title: 'several layers are selected', spec: { selected: ['Lineart', 'Hints'] }, code: 'SEVERAL_ACTIVE_LAYERS', message: /2 layers are selected.*only the lineart/ },
  { title: 'no layer is selected', spec: { selected: [] }, code: 'NO_ACTIVE_LAYER', message: /No layer is selected/ },
  { title: 'the picked lineart layer is gone', request: () => ({ lineartLayerId: 999 }), code: 'LAYER_NOT_FOUND', message: /no longer in this document.*Pick the lineart layer again/ },
  { title: 'the picked hint layer is gone', request: () => ({ hintLayerId: 999 }), code: 'LAYER_NOT_FOUND', message: /picked as hint is no longer in this document.*choose no hints/ },
  {
    title: 'the lineart sits in a locked group',
    spec: { layers: [{ name: 'Page', allLocked: true, children: [{ name: 'Lineart', pixels: strokes(0, 0, 30, 30) }] }, background], selected: ['Lineart'] },
    code: 'LOCKED_GROUP',
    message: /group “Page” is locked.*Unlock the group/,
  },
  { title: 'the blend mode is not offered', request: () => ({ blendMode: 'screen' as never }), code: 'BAD_OPTION', message: /Normal or Multiply/ },
  { title: 'the hint strength is negative', request: () => ({ hintStrength: -1 }), code: 'BAD_OPTION', message: /Hint strength/ },
  { title: 'the hint strength is above 100 % (the engine would fail mid-run)', request: () => ({ hintStrength: 1.5 }), code: 'BAD_OPTION', message: /Hint strength must be from 0 % to 100 %, not 150 %/ },
  { title: 'the working scale is not a number', request: () => ({ workingScale: Number.NaN }), code: 'BAD_OPTION', message: /Working resolution/ },
  { title: 'the gap radius is not a whole number', request: () => ({ gapRadius: 2.5 }), code: 'BAD_OPTION', message: /Close gaps must be a whole number of pixels from 0 \(off\) to 16.*not 2\.5/ },
  { title: 'the gap radius is negative', request: () => ({ gapRadius: -1 }), code: 'BAD_OPTION', message: /Close gaps.*not -1/ },
  { title: 'the gap radius is above 16', request: () => ({ gapRadius: 17 }), code: 'BAD_OPTION', message: /Close gaps.*to 16.*not 17/ },
  { title: 'the gap radius is not a number', request: () => ({ gapRadius: '4' as never }), code: 'BAD_OPTION', message: /Close gaps.*not 4/ },
];

describe('Colorize refuses invalid input and changes nothing', () => {
  it.each(cases)('when $title', async (c) => {
    const fake = createFakePhotoshop({ profile: c.profile });
    const doc = c.spec === null ? null : fake.control.openDocument(standardSpec(c.spec ?? {}));
    c.before?.(fake);
    const before = doc ? fake.control.serialize(doc.id) : null;
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({ photoshop: fake.module, engine, memoryBudgetBytes: c.budget });
    const request = c.request?.(doc?.ids ?? {});

    const error = await host.colorize(request).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeepcolorHostError);
    expect((error as DeepcolorHostError).code).toBe(c.code);
    expect((error as DeepcolorHostError).message).toMatch(c.message);
    if (doc) expect(fake.control.serialize(doc.id)).toBe(before);
    expect(fake.control.liveImageDataCount()).toBe(0);
    expect(fake.control.isModal()).toBe(false);
    expect(engine.tilesStarted).toBe(0);
    // The side-effect-free check agrees, except for what only executeAsModal or the pixels can tell.
    if (c.code !== 'PHOTOSHOP_BUSY' && !c.title.includes('fully transparent')) expect(host.check(request)?.code).toBe(c.code);
  });

  it('accepts every gap radius the engine does, 0 (off) to 16', () => {
    const fake = createFakePhotoshop();
    fake.control.openDocument(standardSpec());
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
    for (const gapRadius of [0, 1, 8, 16]) expect(host.check({ gapRadius })).toBeNull();
  });

  it('accepts a 16-bit document (read as 8-bit)', () => {
    const fake = createFakePhotoshop();
    fake.control.openDocument(standardSpec({ bitsPerChannel: 'bitDepth16' }));
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine() });
    expect(host.check()).toBeNull();
  });

  it('scales the memory estimate with the working scale the engine plans', () => {
    const fake = createFakePhotoshop();
    fake.control.openDocument(standardSpec());
    const budget = 64 * 64 * 60;
    const small = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine({ workingScale: 1 }), memoryBudgetBytes: budget });
    const large = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine({ workingScale: 2 }), memoryBudgetBytes: budget });
    expect(small.check()).toBeNull();
    expect(large.check()?.code).toBe('CANVAS_TOO_LARGE');
  });
});
