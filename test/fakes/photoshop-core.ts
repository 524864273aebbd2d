/**
 * The fake Photoshop's shared state and rules: open documents, the modal
 * state, history (steps, suspensions, rollback, undo), cancellation.
 * Wrappers (photoshop-dom.ts), imaging (photoshop-imaging.ts) and the module
 * assembly (photoshop.ts) all go through it.
 */
import type { ExecutionContext } from '../../src/host/photoshop-api';
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
   * history step named `stepName`, or none while the history is suspended.
   */
  mutate<T>(documentId: number, stepName: string, change: (doc: DocState) => T): T {
    this.assertModal(stepName);
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
    return result;
  }

  undo(documentId: number): void {
    const record = this.record(documentId);
    if (record.suspension) throw new Error('Cannot undo while the history is suspended');
    const last = record.history.pop();
    if (!last) throw new Error('Nothing to undo');
    record.state = last.before;
  }

  serialize(documentId: number, fullPixels = true): string {
    return serializeRecord(this.record(documentId), fullPixels);
  }
}
