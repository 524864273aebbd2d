/**
 * The fake Photoshop's shared state and rules: open documents, the modal
 * state, history (steps, suspensions, rollback, undo), cancellation.
 * Wrappers (photoshop-dom.ts), imaging (photoshop-imaging.ts) and the module
 * assembly (photoshop.ts) all go through it.
 */
import type { ActionDescriptor, ExecutionContext } from '../../src/host/photoshop-api';
import { cloneDoc, serializeRecord, type DocRecord, type DocState } from './photoshop-state';

/** What executeAsModal rejects with when the modal state is taken (Photoshop uses error number 9). */
export class ModalBusyError extends Error {
  readonly number = 9;
  constructor() {
    super('host is in a modal state');
  }
}

/** Thrown by Photoshop calls made after the user cancelled the modal operation. */
export class CancelledCallError extends Error {
  constructor(what: string) {
    super(`${what}: the modal operation was cancelled by the user`);
  }
}

export interface ModalScope {
  readonly commandName: string;
  readonly context: FakeExecutionContext;
  /** Suspensions opened in this scope, by id. */
  readonly suspensionDocs: Map<number, number>;
}

export interface FakeExecutionContext extends ExecutionContext {
  readonly progress: number[];
}

/** `action.addNotificationListener`'s callback, as @types/photoshop declares it. */
export type NotificationHandler = (eventName: string, descriptor: ActionDescriptor) => void;

/** What a change notifies: the event name and the descriptor listeners receive. */
export interface FakeNotification {
  readonly event: string;
  readonly descriptor: ActionDescriptor;
}

export class FakePhotoshopCore {
  readonly documents = new Map<number, DocRecord>();
  activeDocumentId: number | null = null;
  modal: ModalScope | null = null;
  /** Set by tests: another plugin or a dialog holds the modal state. */
  otherPluginModal = false;
  private nextDocumentId = 1;
  /** Layer ids are unique per document in Photoshop; the fake keeps them unique across documents too, starting at different values per document. */
  private nextSuspensionId = 1;
  readonly progressListeners: Array<(value: number, count: number) => void> = [];
  /** Registered notification listeners and the events each asked for. */
  readonly notificationListeners = new Map<NotificationHandler, Set<string>>();
  /** Errors thrown by listeners (Photoshop logs them and carries on). */
  readonly notificationHandlerErrors: unknown[] = [];
  private pendingNotifications: FakeNotification[] = [];
  private deliveryScheduled = false;
  private settledWaiters: Array<() => void> = [];

  newDocumentId(): number {
    return this.nextDocumentId++;
  }

  newSuspensionId(): number {
    return this.nextSuspensionId++;
  }

  record(documentId: number): DocRecord {
    const record = this.documents.get(documentId);
    if (!record) throw new Error(`Document ${documentId} is not open`);
    return record;
  }

  /** Any Photoshop call after a cancel throws (the plugin is expected to stop). */
  assertNotCancelled(what: string): void {
    if (this.modal?.context.isCancelled) throw new CancelledCallError(what);
  }

  assertModal(what: string): void {
    if (!this.modal) {
      throw new Error(`${what} modifies the document and must be called inside core.executeAsModal`);
    }
    this.assertNotCancelled(what);
  }

  /**
   * Runs a document change under Photoshop's rules: only in modal scope; one
   * history step named `stepName`, or none while the history is suspended;
   * then notifies listeners of `notification` (built from the change's result).
   */
  mutate<T>(documentId: number, stepName: string, change: (doc: DocState) => T, notification?: (result: T) => FakeNotification): T {
    this.assertModal(stepName);
    return this.applyChange(documentId, stepName, change, notification);
  }

  /**
   * A change the USER makes in Photoshop's UI (not through a plugin): no modal
   * scope needed, but refused while any modal scope runs, as Photoshop blocks
   * its UI then. One history step, then a notification.
   */
  userChange<T>(documentId: number, stepName: string, change: (doc: DocState) => T, notification?: (result: T) => FakeNotification): T {
    this.assertUserCanAct(stepName);
    return this.applyChange(documentId, stepName, change, notification);
  }

  assertUserCanAct(what: string): void {
    if (this.modal || this.otherPluginModal) throw new Error(`${what}: Photoshop is in a modal state, the user cannot act now`);
  }

  private applyChange<T>(documentId: number, stepName: string, change: (doc: DocState) => T, notification?: (result: T) => FakeNotification): T {
    const record = this.record(documentId);
    const before = cloneDoc(record.state);
    let result: T;
    try {
      result = change(record.state);
    } catch (error) {
      record.state = before;
      throw error;
    }
    if (!record.suspension) record.history.push({ name: stepName, before });
    if (notification) {
      const { event, descriptor } = notification(result);
      this.notify(event, descriptor);
    }
    return result;
  }

  undo(documentId: number): void {
    const record = this.record(documentId);
    if (record.suspension) throw new Error('Cannot undo while the history is suspended');
    const last = record.history.pop();
    if (!last) throw new Error('Nothing to undo');
    record.state = last.before;
    // Edit > Undo is a "select" of the previous history state.
    this.notify('select', { _obj: 'select', _target: [{ _ref: 'historyState', _enum: 'ordinal', _value: 'previous' }], documentID: documentId });
  }

  /**
   * Queues a notification. Photoshop delivers them after the command that
   * caused them, not inside it: here on a later macrotask, in order, to each
   * listener registered for that event name at delivery time. While a
   * plugin's modal scope runs, Photoshop silences its notifications (as
   * while an Action plays): only the scope's own enter and exit are sent
   * (executeAsModal's documentation), so those changes are dropped here.
   */
  notify(event: string, descriptor: ActionDescriptor): void {
    if (this.modal && event !== 'modalJavaScriptScopeEnter' && event !== 'modalJavaScriptScopeExit') return;
    this.pendingNotifications.push({ event, descriptor });
    if (this.deliveryScheduled) return;
    this.deliveryScheduled = true;
    setTimeout(() => this.deliverNotifications(), 0);
  }

  private deliverNotifications(): void {
    this.deliveryScheduled = false;
    const batch = this.pendingNotifications;
    this.pendingNotifications = [];
    for (const { event, descriptor } of batch) {
      for (const [handler, events] of [...this.notificationListeners]) {
        if (!events.has(event)) continue;
        try {
          handler(event, structuredClone(descriptor));
        } catch (error) {
          this.notificationHandlerErrors.push(error);
        }
      }
    }
    if (this.pendingNotifications.length > 0) return; // a handler caused more: they are scheduled already
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once every queued notification has been delivered. */
  notificationsSettled(): Promise<void> {
    if (!this.deliveryScheduled) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  serialize(documentId: number, fullPixels = true): string {
    return serializeRecord(this.record(documentId), fullPixels);
  }
}
