import {
  ACTION_METHOD_NAME,
  createDeepcolorHost,
  decodeActionInfo,
  decodeFlatsInfo,
  decodeRelightInfo,
  DeepcolorHostError,
  encodeActionInfo,
  installPlaybackHandler,
  recordedCommand,
  settingsFromRequest,
} from '../../src/host';
import { createScriptedEngine } from '../fakes/engine';
import { createFakePhotoshop } from '../fakes/photoshop';
import { patch, shadingOfLayers, standardSpec, strokes, topLevelNames } from './documents';
import { shadeLayer } from '../../src/model';
import type { RgbaImage, ShadingOptions } from '../../src/model/types';
import { loadContract } from '../helpers/engine';

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[ACTION_METHOD_NAME];
});

/** Photoshop with one standard document open and a host on a scripted engine; each test picks its own request. */
function firstDocument() {
  const fake = createFakePhotoshop();
  const first = fake.control.openDocument(standardSpec({ firstLayerId: 1000, title: 'page-01' }));
  const engine = createScriptedEngine();
  const host = createDeepcolorHost({ photoshop: fake.module, engine });
  return { fake, first, engine, host };
}

describe('Recording Colorize as an Action step and playing it back', () => {
  it('records one step after a successful run, by layer role and name, never by id', async () => {
    const { fake, first, host } = firstDocument();
    fake.control.actions.startRecording();
    const outcome = await host.colorize({
      lineartLayerId: first.ids.Lineart,
      hintLayerId: first.ids.Hints,
      blendMode: 'multiply',
      hintStrength: 0.75,
      workingScale: 0.5,
      gapRadius: 4,
    });
    const steps = fake.control.actions.stopRecording();
    expect(outcome.actionStepOffered).toBe(true);
    expect(steps).toHaveLength(1);
    expect(steps[0].name).toBe('Deepcolor Colorize');
    expect(steps[0].methodName).toBe('deepcolorPlayback');
    expect(steps[0].info).toEqual({
      'dev.deepcolor.version': 1,
      'dev.deepcolor.lineartBy': 'name',
      'dev.deepcolor.lineartName': 'Lineart',
      'dev.deepcolor.hintBy': 'name',
      'dev.deepcolor.hintName': 'Hints',
      'dev.deepcolor.blendMode': 'multiply',
      'dev.deepcolor.hintStrength': 0.75,
      'dev.deepcolor.workingScale': '0.5',
      'dev.deepcolor.gapRadius': 4,
      'dev.deepcolor.keepStrokes': false,
      'dev.deepcolor.whitePaper': true,
      'dev.deepcolor.leaveMargins': false,
      'dev.deepcolor.light': 'off',
      'dev.deepcolor.shade': 0,
    });
    const ids = Object.values(first.ids);
    for (const value of Object.values(steps[0].info)) expect(ids).not.toContain(value);
    expect(Object.keys(steps[0].info).every((key) => key.startsWith('dev.deepcolor.'))).toBe(true);
  });

  it('plays the recorded step on a second document with different layer ids', async () => {
    const { fake, first, host } = firstDocument();
    fake.control.actions.startRecording();
    await host.colorize({ lineartLayerId: first.ids.Lineart, hintLayerId: first.ids.Hints, blendMode: 'multiply' });
    const [step] = fake.control.actions.stopRecording();

    // Same names, different ids, different order, different active layer.
    const second = fake.control.openDocument(
      standardSpec({
        title: 'page-02',
        firstLayerId: 5000,
        layers: [
          { name: 'Lineart', pixels: strokes(8, 8, 40, 40) },
          { name: 'Hints', pixels: patch(30, 30, 10, 10, [20, 90, 240, 255]) },
          { name: 'Background', background: true, pixels: patch(0, 0, 64, 64, [255, 255, 255, 255]) },
        ],
        selected: ['Background'],
      }),
    );
    expect(second.ids.Lineart).not.toBe(first.ids.Lineart);
    const firstAfter = fake.control.serialize(first.id);

    await fake.control.actions.play(step);

    expect(topLevelNames(fake, second.id)).toEqual(['Deepcolor', 'Lineart', 'Hints', 'Background']);
    expect(fake.control.historyNames(second.id)).toEqual(['Deepcolor Colorize']);
    const added = fake.control.documentState(second.id).layers[0];
    expect(added.blendMode).toBe('multiply');
    // The hint pixels of THIS document made it through.
    const p = (35 * 64 + 35) * 4;
    expect(Array.from(added.pixels!.data.subarray(p, p + 4))).toEqual([20, 90, 240, 255]);
    expect(fake.control.serialize(first.id)).toBe(firstAfter);
    expect(fake.control.liveImageDataCount()).toBe(0);
  });

  it('records the active-layer role and automatic hint when nothing was picked', async () => {
    const { fake, host } = firstDocument();
    fake.control.actions.startRecording();
    await host.colorize();
    const [step] = fake.control.actions.stopRecording();
    expect(step.info).toMatchObject({
      'dev.deepcolor.lineartBy': 'active',
      'dev.deepcolor.hintBy': 'auto',
      'dev.deepcolor.hintStrength': -1,
      'dev.deepcolor.workingScale': 'auto',
      'dev.deepcolor.gapRadius': -1,
    });

    const second = fake.control.openDocument(
      standardSpec({
        firstLayerId: 7000,
        layers: [
          { name: 'ink', pixels: strokes(0, 0, 30, 30) },
          { name: 'Colours', pixels: patch(5, 5, 5, 5, [0, 255, 0, 255]) },
        ],
        selected: ['ink'],
      }),
    );
    await fake.control.actions.play(step);
    expect(topLevelNames(fake, second.id)).toEqual(['Deepcolor', 'ink', 'Colours']);
  });

  it('leaves the document untouched and explains when the played step finds no layer of that name', async () => {
    const { fake, first, host } = firstDocument();
    fake.control.actions.startRecording();
    await host.colorize({ lineartLayerId: first.ids.Lineart, hintLayerId: null });
    const [step] = fake.control.actions.stopRecording();
    const second = fake.control.openDocument(standardSpec({ firstLayerId: 9000, layers: [{ name: 'Layer 1', pixels: strokes(0, 0, 20, 20) }], selected: ['Layer 1'] }));
    const before = fake.control.serialize(second.id);
    const error = await fake.control.actions.play(step).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeepcolorHostError);
    expect((error as DeepcolorHostError).message).toMatch(/no layer named “Lineart”.*Rename the lineart layer/);
    expect(fake.control.serialize(second.id)).toBe(before);
  });

  it('refuses a step whose settings it cannot read', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(standardSpec());
    installPlaybackHandler({ photoshop: fake.module, engine: createScriptedEngine() });
    const before = fake.control.serialize(doc.id);
    const error = await fake.control.actions
      .play({ name: 'Deepcolor Colorize', methodName: ACTION_METHOD_NAME, info: { 'dev.deepcolor.version': 99 } })
      .catch((e: unknown) => e);
    expect((error as DeepcolorHostError).code).toBe('BAD_ACTION_INFO');
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('plays the recorded gap radius, and the model default when none was set', async () => {
    const { fake, engine, host } = firstDocument();
    fake.control.actions.startRecording();
    await host.colorize({ gapRadius: 8 });
    await host.colorize({ gapRadius: 0 });
    await host.colorize();
    const steps = fake.control.actions.stopRecording();
    expect(steps.map((step) => (step.info as Record<string, unknown>)['dev.deepcolor.gapRadius'])).toEqual([8, 0, -1]);
    for (const step of steps) await fake.control.actions.play(step);
    expect(engine.calls.slice(3).map((call) => call.options.gapRadius)).toEqual([8, 0, undefined]);
  });

  // Two on/off choices recorded the same way: absent in steps recorded before they existed, which play with them off.
  it.each([
    { choice: 'keep strokes', request: { keepStrokes: true }, key: 'dev.deepcolor.keepStrokes', option: 'blendStrokes', played: [false, true, false, true, true], bad: 'yes' },
    { choice: 'leave margins', request: { leaveMargins: true }, key: 'dev.deepcolor.leaveMargins', option: 'clearAround', played: [true, false, true, false, false], bad: 1 },
  ] as const)('plays the recorded "$choice" choice, and steps recorded before it with it off', async ({ request, key, option, played, bad }) => {
    const { fake, engine, host } = firstDocument();
    fake.control.actions.startRecording();
    await host.colorize(request);
    await host.colorize();
    const steps = fake.control.actions.stopRecording();
    expect(steps.map((step) => (step.info as Record<string, unknown>)[key])).toEqual([true, false]);
    const { [key]: _, ...older } = steps[0].info as Record<string, unknown>;
    for (const step of [...steps, { ...steps[0], info: older }]) await fake.control.actions.play(step);
    expect(engine.calls.map((call) => call.options[option])).toEqual(played);
    const refused = await fake.control.actions.play({ ...steps[0], info: { ...steps[0].info, [key]: bad } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'BAD_ACTION_INFO' });
  });

  // On by default, unlike the two above: steps recorded before it existed made balloons and gutters white, and still do.
  it('plays the recorded "White balloons, gutters & panel backgrounds" choice, steps recorded before it with it on, and refuses a bad value without touching the document', async () => {
    const { fake, first, engine, host } = firstDocument();
    fake.control.actions.startRecording();
    await host.colorize({ whitePaper: false });
    await host.colorize();
    const steps = fake.control.actions.stopRecording();
    expect(steps.map((step) => (step.info as Record<string, unknown>)['dev.deepcolor.whitePaper'])).toEqual([false, true]);
    const { 'dev.deepcolor.whitePaper': _, ...older } = steps[0].info as Record<string, unknown>;
    expect(decodeActionInfo(older)).not.toHaveProperty('whitePaper');
    for (const step of [...steps, { ...steps[0], info: older }]) await fake.control.actions.play(step);
    expect(engine.calls.map((call) => call.options.whitePaper)).toEqual([false, true, false, true, true]);
    const before = fake.control.serialize(first.id);
    for (const bad of ['off', 0]) {
      const refused = await fake.control.actions.play({ ...steps[0], info: { ...steps[0].info, 'dev.deepcolor.whitePaper': bad } }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'BAD_ACTION_INFO', message: expect.stringContaining(`white balloons, gutters & panel backgrounds “${bad}”`) });
    }
    expect(engine.calls).toHaveLength(5);
    expect(fake.control.serialize(first.id)).toBe(before);
  });

  it('plays the recorded light and shadow strength, and steps recorded before shading existed without it', async () => {
    const { fake, engine, host } = firstDocument();
    fake.control.actions.startRecording();
    await host.colorize({ shading: { light: 'bottom-left', strength: 0.5 } });
    await host.colorize({ shading: { light: 100, strength: 0.2 } });
    await host.colorize();
    const steps = fake.control.actions.stopRecording();
    const info = (k: number): Record<string, unknown> => steps[k].info as Record<string, unknown>;
    expect(steps.map((_, k) => [info(k)['dev.deepcolor.light'], info(k)['dev.deepcolor.shade']])).toEqual([['bottom-left', 0.5], ['100', 0.2], ['off', 0]]);
    const { 'dev.deepcolor.light': _l, 'dev.deepcolor.shade': _s, ...older } = info(0);
    for (const step of [...steps, { ...steps[0], info: older }]) await fake.control.actions.play(step);
    expect(engine.calls.slice(3).map((call) => call.options.shading)).toEqual([{ light: 'bottom-left', strength: 0.5 }, { light: 100, strength: 0.2 }, undefined, undefined]);
    for (const broken of [{ 'dev.deepcolor.light': 'upwards' }, { 'dev.deepcolor.shade': 'dark' }, { 'dev.deepcolor.shade': 3 }]) {
      const bad = await fake.control.actions.play({ ...steps[0], info: { ...info(0), ...broken } }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: expect.stringMatching(/BAD_ACTION_INFO|BAD_OPTION/) });
    }
  });

  it('records a Relight as its own step (lineart by role, the light) and plays it on another coloured page, shading it anew', async () => {
    const contract = loadContract();
    const shader = (lineart: RgbaImage, colour: RgbaImage, options: ShadingOptions): RgbaImage => shadeLayer(lineart, colour, contract, options);
    const fake = createFakePhotoshop();
    const first = fake.control.openDocument(standardSpec({ firstLayerId: 1000, title: 'page-01' }));
    const host = createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine(), shader });
    await host.colorize({ shading: { light: 'top-left', strength: 0.35 } });
    fake.control.actions.startRecording();
    const outcome = await host.relight({ shading: { light: 'right', strength: 0.6 } });
    const steps = fake.control.actions.stopRecording();
    expect(outcome.actionStepOffered).toBe(true);
    expect(steps.map((step) => [step.name, step.methodName])).toEqual([['Deepcolor Relight', 'deepcolorPlayback']]);
    expect(steps[0].info).toEqual({
      'dev.deepcolor.version': 1,
      'dev.deepcolor.command': 'relight',
      'dev.deepcolor.lineartBy': 'active',
      'dev.deepcolor.lineartName': '',
      'dev.deepcolor.light': 'right',
      'dev.deepcolor.shade': 0.6,
    });
    expect(decodeRelightInfo(steps[0].info)).toEqual({ lineart: { by: 'active' }, shading: { light: 'right', strength: 0.6 } });
    expect(() => decodeActionInfo({ ...steps[0].info, 'dev.deepcolor.command': undefined })).toThrow(DeepcolorHostError);

    // A second page, coloured earlier with another light: the step replaces its shading, nothing else.
    const second = fake.control.openDocument(standardSpec({ firstLayerId: 5000, title: 'page-02' }));
    await host.colorize({ shading: { light: 'top-left', strength: 0.35 } });
    const shadingId = fake.control.documentState(second.id).layers[0].id;
    const before = Buffer.from(fake.control.layerState(second.id, shadingId).pixels!.data);
    await fake.control.actions.play(steps[0]);
    expect(topLevelNames(fake, second.id)).toEqual(['Deepcolor shading', 'Deepcolor', 'Hints', 'Lineart', 'Background']);
    expect(fake.control.historyNames(second.id)).toEqual(['Deepcolor Colorize', 'Deepcolor Relight']);
    const colourId = fake.control.documentState(second.id).layers[1].id;
    const want = shadingOfLayers(fake, second.id, second.ids.Lineart, colourId, { light: 'right', strength: 0.6 }, contract);
    const after = Buffer.from(fake.control.layerState(second.id, shadingId).pixels!.data);
    expect(after).toEqual(Buffer.from(want.data));
    expect(after).not.toEqual(before);
    expect(fake.control.historyNames(first.id)).toEqual(['Deepcolor Colorize', 'Deepcolor Relight']);
  });

  it('refuses a Relight step without a shader or without a light, and changes nothing', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(standardSpec());
    const info = { 'dev.deepcolor.version': 1, 'dev.deepcolor.command': 'relight', 'dev.deepcolor.lineartBy': 'active', 'dev.deepcolor.lineartName': '', 'dev.deepcolor.light': 'top', 'dev.deepcolor.shade': 0.5 };
    installPlaybackHandler({ photoshop: fake.module, engine: createScriptedEngine() });
    const before = fake.control.serialize(doc.id);
    await expect(fake.control.actions.play({ name: 'Deepcolor Relight', methodName: ACTION_METHOD_NAME, info })).rejects.toMatchObject({ code: 'ENGINE_FAILED' });
    expect(() => decodeRelightInfo({ ...info, 'dev.deepcolor.light': 'off' })).toThrow(/no light/);
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('round-trips the settings through the recorded info, with and without a gap radius', () => {
    const outcome = { lineartLayerName: 'Lineart', hintLayerName: 'Hints' };
    for (const request of [
      { gapRadius: 4 },
      { gapRadius: 0 },
      {},
      { keepStrokes: true },
      { whitePaper: false },
      { leaveMargins: true },
      { hintStrength: 0.5, workingScale: 2, blendMode: 'multiply' as const },
      { shading: { light: 'top' as const, strength: 0.35 } },
      { shading: { light: 225, strength: 1 } },
    ]) {
      const settings = settingsFromRequest(request);
      expect(decodeActionInfo(encodeActionInfo(settings, outcome))).toEqual(settings);
    }
  });

  it('reads steps recorded under the keys before the prefix (_deepcolorVersion...) as the same settings', async () => {
    const { fake, first, host } = firstDocument();
    fake.control.actions.startRecording();
    await host.colorize({ lineartLayerId: first.ids.Lineart, hintLayerId: first.ids.Hints, blendMode: 'multiply', hintStrength: 0.6, workingScale: 0.5, gapRadius: 3, keepStrokes: true, whitePaper: false, leaveMargins: true, shading: { light: 'top-right', strength: 0.4 } });
    const [step] = fake.control.actions.stopRecording();
    const legacy = Object.fromEntries(
      Object.entries(step.info).map(([key, value]) => {
        const name = key.slice('dev.deepcolor.'.length);
        return [`_deepcolor${name[0].toUpperCase()}${name.slice(1)}`, value];
      }),
    );
    expect(legacy._deepcolorKeepStrokes).toBe(true);
    expect(decodeActionInfo(legacy)).toEqual(decodeActionInfo(step.info));
    expect(decodeActionInfo(step.info)).toMatchObject({ hintStrength: 0.6, gapRadius: 3, keepStrokes: true, whitePaper: false, leaveMargins: true });
    const relight = { _deepcolorVersion: 1, _deepcolorCommand: 'relight', _deepcolorLineartBy: 'active', _deepcolorLineartName: '', _deepcolorLight: 'top', _deepcolorShade: 0.5 };
    expect(recordedCommand(relight)).toBe('relight');
    expect(decodeRelightInfo(relight)).toEqual(decodeRelightInfo({ 'dev.deepcolor.version': 1, 'dev.deepcolor.command': 'relight', 'dev.deepcolor.lineartBy': 'active', 'dev.deepcolor.lineartName': '', 'dev.deepcolor.light': 'top', 'dev.deepcolor.shade': 0.5 }));
    const flats = { _deepcolorVersion: 1, _deepcolorCommand: 'flats', _deepcolorLineartBy: 'name', _deepcolorLineartName: 'Inks', _deepcolorHintBy: 'auto', _deepcolorHintName: '', _deepcolorGapRadius: 3 };
    expect(recordedCommand(flats)).toBe('flats');
    expect(decodeFlatsInfo(flats)).toEqual({ lineart: { by: 'name', name: 'Inks' }, hint: { by: 'auto' }, gapRadius: 3 });
    // Where both are there, the prefixed key is the one read.
    expect(decodeActionInfo({ ...legacy, ...step.info, _deepcolorBlendMode: 'normal' }).blendMode).toBe('multiply');
  });

  it('plays a step recorded before Close gaps existed (no gap radius key) with the model default', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(standardSpec());
    const engine = createScriptedEngine();
    installPlaybackHandler({ photoshop: fake.module, engine });
    // As such steps were recorded then: under the keys before the reverse-URL prefix.
    const oldInfo = {
      _deepcolorVersion: 1,
      _deepcolorLineartBy: 'name',
      _deepcolorLineartName: 'Lineart',
      _deepcolorHintBy: 'auto',
      _deepcolorHintName: '',
      _deepcolorBlendMode: 'normal',
      _deepcolorHintStrength: -1,
      _deepcolorWorkingScale: 'auto',
    };
    expect(decodeActionInfo(oldInfo)).toEqual({
      lineart: { by: 'name', name: 'Lineart' },
      hint: { by: 'auto' },
      blendMode: 'normal',
      hintStrength: undefined,
      workingScale: 'auto',
      gapRadius: undefined,
    });
    await fake.control.actions.play({ name: 'Deepcolor Colorize', methodName: ACTION_METHOD_NAME, info: oldInfo });
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0].options.gapRadius).toBeUndefined();
    expect(engine.calls[0].options.whitePaper).toBe(true); // as such a step ran: balloons and gutters white
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize']);
  });

  it('refuses a step whose gap radius is unreadable or out of range, and changes nothing', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(standardSpec());
    const engine = createScriptedEngine();
    installPlaybackHandler({ photoshop: fake.module, engine });
    const info = encodeActionInfo(settingsFromRequest(), { lineartLayerName: 'Lineart', hintLayerName: null });
    const before = fake.control.serialize(doc.id);
    const play = (gap: unknown) =>
      fake.control.actions.play({ name: 'Deepcolor Colorize', methodName: ACTION_METHOD_NAME, info: { ...info, 'dev.deepcolor.gapRadius': gap } }).catch((e: unknown) => e);
    expect(await play('4')).toMatchObject({ code: 'BAD_ACTION_INFO' });
    expect(await play(40)).toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(/Close gaps.*not 40/) });
    expect(engine.tilesStarted).toBe(0);
    expect(fake.control.serialize(doc.id)).toBe(before);
  });

  it('offers no step when Photoshop is not recording, and none after a failed run', async () => {
    const { fake, host } = firstDocument();
    await host.colorize();
    expect(fake.control.actions.recorded).toHaveLength(0);
    fake.control.actions.startRecording();
    await expect(host.colorize({ hintStrength: -5 })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    expect(fake.control.actions.stopRecording()).toHaveLength(0);
  });

  it('offers no step on a Photoshop without recordAction, and still colorizes', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(standardSpec());
    const module = { ...fake.module, action: { batchPlay: fake.module.action.batchPlay } };
    const host = createDeepcolorHost({ photoshop: module, engine: createScriptedEngine() });
    const outcome = await host.colorize();
    expect(outcome.actionStepOffered).toBe(false);
    expect(outcome.warnings).toEqual([]);
    expect(fake.control.historyNames(doc.id)).toEqual(['Deepcolor Colorize']);
  });

  it('loads the engine lazily through a loader, once, also for playback', async () => {
    const fake = createFakePhotoshop();
    fake.control.openDocument(standardSpec());
    let loads = 0;
    const engine = createScriptedEngine();
    const host = createDeepcolorHost({
      photoshop: fake.module,
      engine: async () => {
        loads++;
        return engine;
      },
    });
    expect(host.check()).toBeNull();
    expect(loads).toBe(0);
    fake.control.actions.startRecording();
    await host.colorize();
    await host.colorize();
    const [step] = fake.control.actions.stopRecording();
    expect(loads).toBe(1);
    await fake.control.actions.play(step);
    expect(engine.calls).toHaveLength(3);
    expect(loads).toBe(1);
  });
});
