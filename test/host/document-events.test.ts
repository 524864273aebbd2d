/**
 * Following the document without polling: the fake sends Photoshop's
 * notifications after its own changes and the simulated user's, and the
 * host's watchDocumentChanges registers for them and removes its listener.
 */
import { createDeepcolorHost, DOCUMENT_CHANGE_EVENTS } from '../../src/host';
import { createScriptedEngine } from '../fakes/engine';
import { createFakePhotoshop, type FakePhotoshop } from '../fakes/photoshop';
import { openStandard, standardSpec } from './documents';

function hostOn(fake: FakePhotoshop) {
  return createDeepcolorHost({ engine: createScriptedEngine(), photoshop: fake.module });
}

describe('fake photoshop: notifications', () => {
  it('delivers after the change, not inside it, and only the events a listener asked for', async () => {
    const { fake, doc } = openStandard();
    await fake.control.notificationsSettled();
    const heard: string[] = [];
    await fake.module.action.addNotificationListener!(['set', 'make'], (event) => heard.push(event));
    fake.control.user.renameLayer(doc.id, doc.ids['Hints'], 'colors');
    fake.control.user.selectLayers(doc.id, [doc.ids['Lineart']]); // "select": not asked for
    expect(heard).toEqual([]);
    await fake.control.notificationsSettled();
    expect(heard).toEqual(['set']);
  });

  it("silences a plugin's changes inside its modal scope (only the scope's exit is heard), and notifies the user's layer and document actions", async () => {
    const { fake, doc } = openStandard();
    await fake.control.notificationsSettled();
    const heard: Array<{ event: string; target?: unknown }> = [];
    await fake.module.action.addNotificationListener!([...DOCUMENT_CHANGE_EVENTS], (event, descriptor) => heard.push({ event, target: descriptor._target }));
    await fake.module.core.executeAsModal(async () => {
      const layer = await fake.module.app.activeDocument!.createPixelLayer({ name: 'x' });
      layer!.move(fake.module.app.activeDocument!.layers[2], 'placeBefore');
      await fake.module.action.batchPlay([{ _obj: 'select', _target: [{ _ref: 'layer', _id: doc.ids['Lineart'] }], makeVisible: false }]);
    }, { commandName: 'plugin' });
    const added = fake.control.user.addLayer(doc.id, { name: 'Layer 9' });
    fake.control.user.deleteLayer(doc.id, added);
    fake.control.undo(doc.id);
    const second = fake.control.openDocument(standardSpec({ title: 'page-02', firstLayerId: 300 }));
    fake.control.activateDocument(doc.id);
    fake.control.closeDocument(second.id);
    await fake.control.notificationsSettled();
    expect(heard.map((h) => h.event)).toEqual(['modalJavaScriptScopeExit', 'make', 'delete', 'select', 'open', 'select', 'close']);
    expect(heard[5].target).toEqual([{ _ref: 'document', _id: doc.id }]);
  });

  it("does not pass on a tool being picked (select of a tool), which changes nothing the panel shows", async () => {
    const { fake, doc } = openStandard();
    await fake.control.notificationsSettled();
    const heard: string[] = [];
    const watch = await hostOn(fake).watchDocumentChanges((event, descriptor) => heard.push(`${event} ${JSON.stringify(descriptor._target)}`));
    fake.control.user.selectTool('paintbrushTool');
    fake.control.user.selectTool('eraserTool');
    fake.control.user.selectLayers(doc.id, [doc.ids['Lineart']]);
    await fake.control.notificationsSettled();
    expect(heard).toEqual([`select [{"_ref":"layer","_id":${doc.ids['Lineart']}}]`]);
    await watch!.stop();
  });

  it('refuses user actions while a modal scope runs, as Photoshop blocks its UI', async () => {
    const { fake, doc } = openStandard();
    let release!: () => void;
    const running = fake.module.core.executeAsModal(() => new Promise<void>((resolve) => (release = resolve)), { commandName: 'busy' });
    expect(() => fake.control.user.renameLayer(doc.id, doc.ids['Hints'], 'x')).toThrow(/modal state/);
    release();
    await running;
    expect(fake.control.layerState(doc.id, doc.ids['Hints']).name).toBe('Hints');
  });

  it('removes a listener only from the events named, and checks its arguments', async () => {
    const fake = createFakePhotoshop();
    const listener = (): void => undefined;
    await fake.module.action.addNotificationListener!(['select', 'open'], listener);
    expect(fake.control.notificationListenerCount()).toBe(2);
    await fake.module.action.removeNotificationListener!(['open'], listener);
    expect(fake.control.notificationListenerCount()).toBe(1);
    await expect(fake.module.action.addNotificationListener!('select' as unknown as string[], listener)).rejects.toThrow(/array of event names/);
    expect(createFakePhotoshop({ withoutNotificationListeners: true }).module.action.addNotificationListener).toBeUndefined();
  });
});

describe('host: watchDocumentChanges', () => {
  it('calls back after a rename, a new layer and a document switch, and stop() removes exactly its listener', async () => {
    const { fake, doc } = openStandard();
    await fake.control.notificationsSettled();
    const other = (): void => undefined;
    await fake.module.action.addNotificationListener!(['select'], other);
    const heard: string[] = [];
    const watch = await hostOn(fake).watchDocumentChanges((event) => heard.push(event));
    expect(watch).not.toBeNull();
    expect(fake.control.notificationListenerCount()).toBe(1 + DOCUMENT_CHANGE_EVENTS.length);

    fake.control.user.renameLayer(doc.id, doc.ids['Hints'], 'colors');
    fake.control.user.addLayer(doc.id, { name: 'Shadows' });
    const second = fake.control.openDocument(standardSpec({ title: 'page-02', firstLayerId: 300 }));
    fake.control.activateDocument(doc.id);
    await fake.control.notificationsSettled();
    expect(heard).toEqual(['set', 'make', 'open', 'select']);

    await watch!.stop();
    await watch!.stop();
    expect(fake.control.notificationListenerCount()).toBe(1); // the other plugin's listener stays
    fake.control.closeDocument(second.id);
    await fake.control.notificationsSettled();
    expect(heard).toHaveLength(4);
  });

  it('resolves null where Photoshop has no notification API', async () => {
    const fake = createFakePhotoshop({ withoutNotificationListeners: true });
    await expect(hostOn(fake).watchDocumentChanges(() => undefined)).resolves.toBeNull();
  });
});
