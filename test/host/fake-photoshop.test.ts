/**
 * The fake must behave like Photoshop where the host could get it wrong;
 * these tests pin those behaviours so a lenient fake cannot hide host bugs.
 */
import { createFakePhotoshop } from '../fakes/photoshop';
import { applyUxpGlobalProfile, createUxpVmContext, describeMissingUxpFeatures } from '../fakes/uxp';
import * as vm from 'vm';
import { openStandard, patch, standardSpec, strokes } from './documents';

describe('fake photoshop: modal state', () => {
  it('throws on document changes outside executeAsModal', async () => {
    const { fake } = openStandard();
    const doc = fake.module.app.activeDocument!;
    await expect(doc.createPixelLayer({ name: 'x' })).rejects.toThrow(/executeAsModal/);
    expect(() => doc.layers[0].move(doc.layers[1], 'placeAfter')).toThrow(/executeAsModal/);
  });

  it('rejects a second concurrent modal call, and one while another plugin is modal, with number 9', async () => {
    const { fake } = openStandard();
    let release!: () => void;
    const first = fake.module.core.executeAsModal(() => new Promise<void>((resolve) => (release = resolve)), { commandName: 'A' });
    const second = fake.module.core.executeAsModal(async () => undefined, { commandName: 'B' });
    await expect(second).rejects.toMatchObject({ number: 9 });
    release();
    await first;
    fake.control.setOtherPluginModal(true);
    await expect(fake.module.core.executeAsModal(async () => undefined, { commandName: 'C' })).rejects.toMatchObject({ number: 9 });
  });
});

describe('fake photoshop: history', () => {
  it('makes one step per change, one step per committed suspension, and rolls back on commit=false or a throw', async () => {
    const { fake, doc } = openStandard();
    const before = fake.control.serialize(doc.id);
    await fake.module.core.executeAsModal(async () => {
      await fake.module.app.activeDocument!.createPixelLayer({ name: 'a' });
      await fake.module.app.activeDocument!.createPixelLayer({ name: 'b' });
    }, { commandName: 'two steps' });
    expect(fake.control.historyNames(doc.id)).toEqual(['New Layer', 'New Layer']);
    fake.control.undo(doc.id);
    fake.control.undo(doc.id);
    expect(fake.control.serialize(doc.id)).toBe(before);

    await fake.module.core.executeAsModal(async (context) => {
      const s = await context.hostControl.suspendHistory({ documentID: doc.id, name: 'Mine' });
      await fake.module.app.activeDocument!.createPixelLayer({ name: 'c' });
      await context.hostControl.resumeHistory(s, false);
    }, { commandName: 'rolled back' });
    expect(fake.control.serialize(doc.id)).toBe(before);

    await expect(
      fake.module.core.executeAsModal(async (context) => {
        await context.hostControl.suspendHistory({ documentID: doc.id, name: 'Mine' });
        await fake.module.app.activeDocument!.createPixelLayer({ name: 'd' });
        throw new Error('boom');
      }, { commandName: 'throws' }),
    ).rejects.toThrow('boom');
    expect(fake.control.serialize(doc.id)).toBe(before);
  });
});

describe('fake photoshop: cancellation', () => {
  it('sets isCancelled, calls onCancel and makes later calls throw', async () => {
    const { fake } = openStandard();
    const reasons: string[] = [];
    await expect(
      fake.module.core.executeAsModal(async (context) => {
        context.onCancel = (e) => reasons.push(e?.reason ?? '');
        fake.control.cancelModal('user');
        expect(context.isCancelled).toBe(true);
        await fake.module.app.activeDocument!.createPixelLayer({ name: 'late' });
      }, { commandName: 'cancelled' }),
    ).rejects.toThrow(/cancelled/);
    expect(reasons).toEqual(['user']);
  });
});

describe('fake photoshop: imaging', () => {
  it('returns bounds trimmed to the layer pixels at the layer origin, with alpha', async () => {
    const { fake, doc } = openStandard();
    const { imageData, sourceBounds } = await fake.module.imaging!.getPixels({
      documentID: doc.id,
      layerID: doc.ids.Hints,
      sourceBounds: { left: 0, top: 0, right: 64, bottom: 64 },
      componentSize: 8,
    });
    expect(sourceBounds).toEqual({ left: 40, top: 8, right: 56, bottom: 20 });
    expect([imageData.width, imageData.height, imageData.components]).toEqual([16, 12, 4]);
    expect(Array.from((await imageData.getData({ chunky: true })).subarray(0, 4))).toEqual([230, 40, 30, 255]);
    await imageData.dispose();
  });

  it('gives 3 components for the background and 0..32768 for 16-bit reads', async () => {
    const { fake, doc } = openStandard({ bitsPerChannel: 'bitDepth16' });
    const { imageData } = await fake.module.imaging!.getPixels({ documentID: doc.id, layerID: doc.ids.Background });
    expect(imageData.components).toBe(3);
    expect(imageData.componentSize).toBe(16);
    expect(Math.max(...(await imageData.getData({})))).toBe(32768);
    await imageData.dispose();
  });

  it('counts undisposed image data and throws on use after dispose', async () => {
    const { fake } = openStandard();
    const data = await fake.module.imaging!.createImageDataFromBuffer(new Uint8Array(2 * 2 * 4), { width: 2, height: 2, components: 4, colorSpace: 'RGB' });
    expect(fake.control.liveImageDataCount()).toBe(1);
    await data.dispose();
    expect(fake.control.liveImageDataCount()).toBe(0);
    await expect(data.getData({})).rejects.toThrow(/disposed/);
  });

  it('throws on a buffer length mismatch and on putPixels outside a modal scope', async () => {
    const { fake, doc } = openStandard();
    const imaging = fake.module.imaging!;
    await expect(imaging.createImageDataFromBuffer(new Uint8Array(15), { width: 2, height: 2, components: 4, colorSpace: 'RGB' })).rejects.toThrow(/length/);
    const data = await imaging.createImageDataFromBuffer(new Uint8Array(16), { width: 2, height: 2, components: 4, colorSpace: 'RGB' });
    await expect(imaging.putPixels({ documentID: doc.id, layerID: doc.ids.Lineart, imageData: data })).rejects.toThrow(/executeAsModal/);
    await data.dispose();
  });

  it('is missing on the old-version profile', () => {
    expect(createFakePhotoshop({ profile: 'photoshop-24.0' }).module.imaging).toBeUndefined();
  });
});

describe('fake photoshop: layers and DOM', () => {
  it('puts a new pixel layer at the top of the stack, even when the active layer is inside a group', async () => {
    const fake = createFakePhotoshop();
    const doc = fake.control.openDocument(
      standardSpec({ layers: [{ name: 'Top', pixels: patch(0, 0, 2, 2, [1, 1, 1, 255]) }, { name: 'G', children: [{ name: 'Inside', pixels: strokes(0, 0, 9, 9) }] }], selected: ['Inside'] }),
    );
    await fake.module.core.executeAsModal(async () => {
      await fake.module.app.activeDocument!.createPixelLayer({ name: 'New' });
    }, { commandName: 'x' });
    expect(fake.control.documentState(doc.id).layers.map((l) => l.name)).toEqual(['New', 'Top', 'G']);
  });

  it('hands out a fresh wrapper on every read', () => {
    const { fake } = openStandard();
    expect(fake.module.app.activeDocument).not.toBe(fake.module.app.activeDocument);
    const doc = fake.module.app.activeDocument!;
    expect(doc.layers[0]).not.toBe(doc.layers[0]);
    expect(doc.layers[0].id).toBe(doc.layers[0].id);
  });

  it('models kinds, locks, visibility and groups', async () => {
    const fake = createFakePhotoshop();
    fake.control.openDocument(
      standardSpec({
        layers: [
          { name: 'T', kind: 'text', visible: false },
          { name: 'G', allLocked: true, children: [{ name: 'P', pixels: strokes(0, 0, 4, 4), pixelsLocked: true }] },
        ],
        selected: ['T'],
      }),
    );
    const doc = fake.module.app.activeDocument!;
    expect([doc.layers[0].kind, doc.layers[0].visible]).toEqual(['text', false]);
    const group = doc.layers[1];
    expect(group.kind).toBe('group');
    expect(group.allLocked).toBe(true);
    expect(group.layers![0].pixelsLocked).toBe(true);
    expect(group.layers![0].parent!.id).toBe(group.id);
    await expect(
      fake.module.core.executeAsModal(async () => doc.layers[0].move(group.layers![0], 'placeBefore'), { commandName: 'into locked group' }),
    ).rejects.toThrow(/locked/);
  });

  it('returns batchPlay errors in the result instead of throwing', async () => {
    const { fake } = openStandard();
    const results = await fake.module.action.batchPlay([{ _obj: 'noSuchCommand' }], {});
    expect(results[0]._obj).toBe('error');
  });

  it('checks recordAction arguments and needs the global playback function', async () => {
    const { fake } = openStandard();
    const record = fake.module.action.recordAction!;
    await expect(Promise.resolve(record({ name: '', methodName: 'x' }, {}))).rejects.toThrow(/name/);
    await expect(Promise.resolve(record({ name: 'A', methodName: 'notInstalledAnywhere' }, {}))).rejects.toThrow(/not a function/);
    (globalThis as Record<string, unknown>).fakeHandler = async () => undefined;
    try {
      await expect(Promise.resolve(record({ name: 'A', methodName: 'fakeHandler' }, { f: () => 1 }))).rejects.toThrow(/JSON/);
      fake.control.actions.startRecording();
      await record({ name: 'A', methodName: 'fakeHandler' }, { k: 1 });
      expect(fake.control.actions.stopRecording()).toEqual([{ name: 'A', methodName: 'fakeHandler', info: { k: 1 } }]);
    } finally {
      delete (globalThis as Record<string, unknown>).fakeHandler;
    }
  });
});

describe('fake uxp: global profile', () => {
  it('has no Worker, SharedArrayBuffer or navigator.gpu, in a vm context and applied to the Node global', () => {
    const context = createUxpVmContext();
    expect(vm.runInContext('[typeof Worker, typeof SharedArrayBuffer, typeof navigator.gpu, typeof WebAssembly]', context)).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'object',
    ]);
    const restore = applyUxpGlobalProfile();
    try {
      expect(describeMissingUxpFeatures(globalThis as unknown as Record<string, unknown>)).toEqual({ worker: true, sharedArrayBuffer: true, webgpu: true });
    } finally {
      restore();
    }
    expect(typeof SharedArrayBuffer).toBe('function');
  });
});
