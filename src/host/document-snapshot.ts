/**
 * A read-only view of Photoshop that reads each document and layer
 * property once, for the panel's refresh.
 *
 * Why: Photoshop's DOM properties are synchronous calls into Photoshop
 * (Adobe: "designed to be synchronous"; batchPlay's synchronousExecution
 * "will block the entire scripting thread ... We use this in the DOM API
 * for property getters"). A refresh describes the document and runs four
 * checks (Colorize, Relight, Flats, the hint layer); each walks the layer
 * stack again and reads the same properties, about 35 reads a layer, 5,300
 * on a comic page of 150 layers, after every layer event. Through this view
 * each property is read at most once.
 *
 * Only for code that reads, within one synchronous turn: the view never
 * sees a change made after a property was read, and refuses to move a
 * layer or create one. The host makes a view per refresh and drops it.
 */
import type {
  BitDepthName,
  BlendModeName,
  DocumentModeName,
  LayerKindName,
  PhotoshopApi,
  PixelLayerOptions,
  PsBounds,
  PsDocument,
  PsLayer,
  PsLayerList,
  PsSelection,
} from './photoshop-api';

function readOnly(what: string): Error {
  return new Error(`${what}: the document snapshot is read-only`);
}

/** Reads `read()` the first time and keeps the value. */
function once<T>(read: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = read();
      done = true;
    }
    return value;
  };
}

/** `real`'s properties, each read from it the first time it is asked for and kept. */
function readingsOf<T extends object>(real: T): <K extends keyof T>(key: K) => T[K] {
  const kept = new Map<keyof T, unknown>();
  return (key) => {
    if (!kept.has(key)) kept.set(key, real[key]);
    return kept.get(key) as T[typeof key];
  };
}

class SnapshotLayer implements PsLayer {
  private readonly read: <K extends keyof PsLayer>(key: K) => PsLayer[K];
  private readonly layersOnce: () => SnapshotLayer[] | null;

  constructor(
    real: PsLayer,
    /** The group it is in, as the snapshot found it; null at the top of the stack. */
    readonly parent: SnapshotLayer | null,
  ) {
    this.read = readingsOf(real);
    this.layersOnce = once(() => {
      const children = real.layers;
      return children ? snapshotList(children, this) : null;
    });
  }

  get id(): number {
    return this.read('id');
  }
  get name(): string {
    return this.read('name');
  }
  get kind(): LayerKindName {
    return this.read('kind');
  }
  get visible(): boolean {
    return this.read('visible');
  }
  get opacity(): number {
    return this.read('opacity');
  }
  get blendMode(): BlendModeName {
    return this.read('blendMode');
  }
  get bounds(): PsBounds {
    return this.read('bounds');
  }
  get boundsNoEffects(): PsBounds {
    return this.read('boundsNoEffects');
  }
  get layers(): PsLayerList | null {
    return this.layersOnce();
  }
  get isBackgroundLayer(): boolean {
    return this.read('isBackgroundLayer');
  }
  get isClippingMask(): boolean {
    return this.read('isClippingMask');
  }
  set isClippingMask(_clipped: boolean) {
    throw readOnly('isClippingMask');
  }
  get allLocked(): boolean {
    return this.read('allLocked');
  }
  get pixelsLocked(): boolean {
    return this.read('pixelsLocked');
  }
  get positionLocked(): boolean {
    return this.read('positionLocked');
  }
  move(): void {
    throw readOnly('move');
  }
}

function snapshotList(list: PsLayerList, parent: SnapshotLayer | null): SnapshotLayer[] {
  const out: SnapshotLayer[] = [];
  for (let i = 0; i < list.length; i++) out.push(new SnapshotLayer(list[i], parent));
  return out;
}

class SnapshotDocument implements PsDocument {
  private readonly read: <K extends keyof PsDocument>(key: K) => PsDocument[K];
  private readonly layersOnce: () => SnapshotLayer[];
  private readonly activeOnce: () => PsLayerList;
  private readonly selectionOnce: () => PsSelection | undefined;

  constructor(real: PsDocument) {
    this.read = readingsOf(real);
    this.layersOnce = once(() => snapshotList(real.layers, null));
    // The active layers as the snapshot's own (their groups known), found by id in its stack.
    this.activeOnce = once(() => {
      const active = real.activeLayers;
      const byId = new Map<number, SnapshotLayer>();
      const index = (layers: readonly SnapshotLayer[]): void => {
        for (const layer of layers) {
          byId.set(layer.id, layer);
          const children = layer.layers as SnapshotLayer[] | null;
          if (children) index(children);
        }
      };
      index(this.layersOnce());
      const out: PsLayer[] = [];
      for (let i = 0; i < active.length; i++) out.push(byId.get(active[i].id) ?? new SnapshotLayer(active[i], null));
      return out;
    });
    // Read once too; a fresh Selection object is all the host reads it for (its bounds).
    this.selectionOnce = once(() => {
      const selection = real.selection;
      return selection === undefined ? undefined : { bounds: selection.bounds };
    });
  }

  get id(): number {
    return this.read('id');
  }
  get title(): string {
    return this.read('title');
  }
  get width(): number {
    return this.read('width');
  }
  get height(): number {
    return this.read('height');
  }
  get mode(): DocumentModeName {
    return this.read('mode');
  }
  get bitsPerChannel(): BitDepthName {
    return this.read('bitsPerChannel');
  }
  get layers(): PsLayerList {
    return this.layersOnce();
  }
  get activeLayers(): PsLayerList {
    return this.activeOnce();
  }
  get selection(): PsSelection | undefined {
    return this.selectionOnce();
  }
  createPixelLayer(_options?: PixelLayerOptions): Promise<PsLayer | null> {
    return Promise.reject(readOnly('createPixelLayer'));
  }
}

/** `photoshop` with its active document read through a snapshot; core, action and imaging as they are. */
export function documentSnapshot(photoshop: PhotoshopApi): PhotoshopApi {
  const activeDocument = once(() => {
    const doc = photoshop.app.activeDocument;
    return doc ? new SnapshotDocument(doc) : null;
  });
  return {
    app: {
      get activeDocument() {
        return activeDocument();
      },
    },
    core: photoshop.core,
    action: photoshop.action,
    ...(photoshop.imaging ? { imaging: photoshop.imaging } : {}),
  };
}
