/**
 * Tells the panel when what it shows may have changed (the active document,
 * its layers, their names, the layer selection), through Photoshop's
 * notifications instead of polling: `action.addNotificationListener(events,
 * listener)` (Photoshop 23.0+), undone with `removeNotificationListener` and
 * the same listener.
 *
 * Notifications name the command that ran, not what changed, and one user
 * action can send several; the listener only says "look again" and the
 * panel re-reads the document (cheap) and coalesces bursts.
 */
import type { ActionDescriptor, NotificationListener, PhotoshopApi } from './photoshop-api';

/**
 * The events after which the pickers or the refusal message may be stale.
 * Names are the "String Code" column of Adobe's Event Codes table (the
 * descriptor `_obj` of the command):
 * - select: layer selection, switching documents (a document target), history
 *   states (Edit > Undo/Redo, the History panel);
 * - open, close, make (new layer, group or document), delete, set (rename and
 *   other layer properties), move (reorder), duplicate, copyToLayer (Layer via
 *   Copy), paste, placeEvent (Place Embedded/Linked);
 * - rasterizeLayer (a layer's kind changes), mergeLayersNew, mergeVisible,
 *   flattenImage (layers vanish);
 * - convertMode (RGB/CMYK, bit depth: the refusal), imageSize, canvasSize (the size line);
 * - the pixel selection, which Colorize and Flats keep to (the buttons' labels, the size
 *   refusal): marquee, lasso, wand, Select All and Deselect send `set` on the selection
 *   channel; the others send their own command's name (autoCutout: Select Subject,
 *   colorRange, inverse, expand, contract, feather, smoothness, border, grow, similar, and
 *   addTo / subtractFrom / intersectWith for a marquee that adds to, takes from or crosses
 *   the selection). These names are from Adobe's Event Codes table, not seen in Photoshop
 *   here; a name Photoshop never sends costs nothing.
 * - modalJavaScriptScopeExit: while any plugin's modal scope runs (an Action playing this
 *   plugin's step over a batch of pages, another plugin's command) Photoshop silences its
 *   notifications and sends only the scope's enter and exit (executeAsModal's documentation),
 *   so the end of a scope is where the document may have changed unheard.
 * Brush strokes send no notification; "(empty)" next to a layer is refreshed
 * by the next event and always re-checked when Colorize is clicked.
 */
export const DOCUMENT_CHANGE_EVENTS: readonly string[] = [
  'select',
  'open',
  'close',
  'make',
  'delete',
  'set',
  'move',
  'duplicate',
  'copyToLayer',
  'paste',
  'placeEvent',
  'rasterizeLayer',
  'mergeLayersNew',
  'mergeVisible',
  'flattenImage',
  'convertMode',
  'imageSize',
  'canvasSize',
  'autoCutout',
  'colorRange',
  'inverse',
  'expand',
  'contract',
  'feather',
  'smoothness',
  'border',
  'grow',
  'similar',
  'addTo',
  'subtractFrom',
  'intersectWith',
  'modalJavaScriptScopeExit',
];

export interface DocumentChangeWatch {
  /** Removes the listener; safe to call more than once. */
  stop(): Promise<void>;
}

export type DocumentChangeHandler = (eventName: string, descriptor: ActionDescriptor) => void;

/**
 * Whether a notification is a tool being picked (B for the brush, E for the eraser...): `select`
 * with a target such as `{ _ref: 'paintbrushTool' }` (Photoshop's tool class names all end in
 * "Tool"). An artist switches tools all the time, and a tool changes nothing the panel shows, so
 * it is not worth a re-read of the document.
 */
export function isToolSwitch(eventName: string, descriptor: ActionDescriptor): boolean {
  if (eventName !== 'select') return false;
  const target: unknown = descriptor._target;
  const first: unknown = Array.isArray(target) ? target[0] : undefined;
  const ref = typeof first === 'object' && first !== null ? (first as { _ref?: unknown })._ref : undefined;
  return typeof ref === 'string' && ref.endsWith('Tool');
}

/**
 * Registers `onChange` for DOCUMENT_CHANGE_EVENTS. Resolves null where this
 * Photoshop has no notification API (the caller then has to poll); rejects
 * if Photoshop refuses the registration.
 */
export async function watchDocumentChanges(photoshop: PhotoshopApi, onChange: DocumentChangeHandler): Promise<DocumentChangeWatch | null> {
  const { action } = photoshop;
  const add = action.addNotificationListener?.bind(action);
  const remove = action.removeNotificationListener?.bind(action);
  if (!add || !remove) return null;
  const events = [...DOCUMENT_CHANGE_EVENTS];
  // A wrapper of our own, so removing it can never remove someone else's listener.
  const listener: NotificationListener = (eventName, descriptor) => {
    if (!isToolSwitch(eventName, descriptor)) onChange(eventName, descriptor);
  };
  await add(events, listener);
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= remove(events, listener);
      return stopped;
    },
  };
}
