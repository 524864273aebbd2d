/**
 * The regions the lines enclose: connected paper, with small gaps in the
 * lines closed. Mirrors paper_regions in training/preprocess.py (the
 * reference; its docstring states the rule):
 *
 *   paper = line >= 0.5
 *   core  = paper pixels whose (2r+1) x (2r+1) square is all paper
 *           (outside the canvas counts as paper)
 *   regions = 4-connected components of core
 *   grow: layer by layer, a paper pixel outside every region that has a
 *         4-neighbour inside one (as of the previous layer) joins the first
 *         such neighbour's region, in the order left, up, right, down
 *   rest: paper never reached forms its own 4-connected regions
 *
 * Why: one gap in a line is enough to make a figure and its background one
 * region, and lines extracted from scans or drawn fast have many. A gap
 * narrower than 2r + 1 pixels is split between the regions on its sides.
 * r = 0 is plain 4-connected paper.
 *
 * Only paper flags are read, row by row (2r + 1 rows of window), so no
 * page-sized float plane is needed; the only page-sized array is the labels
 * (the growth's layer lists are as long as one layer of the rims).
 */

/** The largest gap radius: larger ones would erase drawn shapes of ordinary stroke widths. */
export const MAX_GAP_RADIUS = 16;

/** The line channel value at or above which a pixel is paper. */
export const PAPER_THRESHOLD = 0.5;

/**
 * Region labels of a canvas. `labels` holds provisional labels (0 = ink)
 * and `region` maps each to its region number 1..count (0 for ink), so no
 * renumbering pass over the pixels is needed.
 */
export interface RegionLabels {
  readonly width: number;
  readonly height: number;
  /** 16-bit while the provisional labels fit (half the memory: 32 MiB less on a 4096 x 4096 page), else 32-bit. */
  readonly labels: Uint16Array | Int32Array;
  readonly region: Int32Array;
  readonly count: number;
}

/** The region number (0 = ink, 1..count) of pixel i. */
export function regionAt(regions: RegionLabels, i: number): number {
  return regions.region[regions.labels[i]];
}

/** Whether ink (region 0) lies within `reach` pixels of pixel i, in both directions (a square around it). */
export function inkWithin(regions: RegionLabels, i: number, reach: number): boolean {
  const { width, height, labels, region } = regions;
  const x = i % width;
  const y = (i - x) / width;
  for (let v = Math.max(0, y - reach); v <= Math.min(height - 1, y + reach); v++) {
    for (let u = Math.max(0, x - reach); u <= Math.min(width - 1, x + reach); u++) if (region[labels[v * width + u]] === 0) return true;
  }
  return false;
}

/**
 * Calls `visit(from, to, label)` for each run of one provisional label in
 * labels[start .. end), in order. Labels come in long runs (a region's row
 * between two lines), so a pass that does one thing per run, not per pixel,
 * reads the array with a compare a pixel and no stores: counting pixels
 * per label one by one chains every increment of a run through memory.
 * 16-bit labels are compared two at a time (labelPairs).
 */
export function forEachLabelRun(labels: Uint16Array | Int32Array, start: number, end: number, visit: (from: number, to: number, label: number) => void): void {
  const pairs = labels instanceof Uint16Array ? labelPairs(labels) : undefined;
  if (!pairs) {
    for (let from = start; from < end; ) {
      const label = labels[from];
      let to = from + 1;
      while (to < end && labels[to] === label) to++;
      visit(from, to, label);
      from = to;
    }
    return;
  }
  // Pair w holds labels 2w and 2w + 1; pairs below pairEnd lie wholly before `end`.
  const pairEnd = end >> 1;
  for (let from = start; from < end; ) {
    const label = labels[from];
    let to = from + 1;
    if ((to & 1) === 1 && to < end && labels[to] === label) to++;
    if ((to & 1) === 0) {
      const pair = label | (label << 16);
      let w = to >> 1;
      while (w < pairEnd && pairs[w] === pair) w++;
      to = w << 1;
    }
    while (to < end && labels[to] === label) to++;
    visit(from, to, label);
    from = to;
  }
}

/** 16-bit label arrays seen as 32-bit pairs (where they are aligned for it), made once per array. */
const pairViews = new WeakMap<Uint16Array, Int32Array>();

/**
 * `labels` as pairs of labels, one 32-bit word each, or undefined where its
 * bytes are not 4-aligned: a run's scan compares two labels at a time
 * (against the label in both halves, so byte order does not matter), ~40 %
 * less time over a page of long runs.
 */
function labelPairs(labels: Uint16Array): Int32Array | undefined {
  if ((labels.byteOffset & 3) !== 0) return undefined;
  let pairs = pairViews.get(labels);
  if (!pairs) pairViews.set(labels, (pairs = new Int32Array(labels.buffer, labels.byteOffset, labels.length >> 1)));
  return pairs;
}

/**
 * Adds to counts[keyOf[label]] the pixels of each label in labels[start .. end), a run at a time
 * (forEachLabelRun): keyOf maps provisional labels to what is counted (their region, or 0 for
 * what is not), so counts[0] takes the rest.
 */
export function addPixelsByKey(labels: Uint16Array | Int32Array, keyOf: ArrayLike<number>, counts: Float64Array, start = 0, end = labels.length): void {
  forEachLabelRun(labels, start, end, (from, to, label) => (counts[keyOf[label]] += to - from));
}

/**
 * Page pixel -> region, for regions labelled on a working canvas of another
 * size: the region of the working pixel the page pixel falls in.
 */
export function pageRegionLookup(regions: RegionLabels, width: number, height: number): (i: number) => number {
  if (regions.width === width && regions.height === height) return (i) => regionAt(regions, i);
  const colOf = workingIndices(width, regions.width);
  const rowOf = workingIndices(height, regions.height).map((row) => row * regions.width);
  return (i) => {
    const y = (i / width) | 0;
    return regionAt(regions, rowOf[y] + colOf[i - y * width]);
  };
}

/** Along one axis, the working pixel each page pixel falls in (the one its leading edge lies in). */
export function workingIndices(pageLength: number, workingLength: number): Int32Array {
  return Int32Array.from({ length: pageLength }, (_, x) => Math.min(workingLength - 1, Math.floor((x * workingLength) / pageLength)));
}

/**
 * Paper rows as the labelling reads them: calls `visit(y, paper)` for every
 * row top to bottom, where paper[x] is 1 if the line channel at (x, y) is
 * >= PAPER_THRESHOLD, else 0. The labelling copies what it keeps, so a
 * source may reuse one buffer for every row. Lets a caller make the flags
 * straight from the lineart without a page-sized line plane.
 *
 * `core`, where given, is the flags the gap closing's core test reads
 * instead (1 on paper and on ink that is a wall but no reason to close a
 * gap): see planePaperRows.
 */
export type PaperRowSource = (visit: (y: number, paper: Uint8Array, core?: Uint8Array) => void) => void;

/**
 * The paper rows of a line-channel plane; where `ink` is given (1 per pixel
 * where a page's ink falls in it, pageInk), those pixels are ink whatever
 * their value, but the gap closing's core test still reads them as the
 * plane says (`core`): a thin line is a wall between the shapes on its
 * sides, not a reason to close a gap beside it. (Read as ink there too, it
 * left shapes between two lines narrower than the closing's window with no
 * core, and their gaps gave them to a neighbour: on the hint walk at 0.7,
 * 4,400 more pixels of painted shapes missed.)
 */
export function planePaperRows(data: Float32Array, width: number, height: number, ink?: Uint8Array): PaperRowSource {
  return (visit) => {
    const paper = new Uint8Array(width);
    const core = ink ? new Uint8Array(width) : undefined;
    for (let y = 0, i = 0; y < height; y++) {
      if (core && ink) {
        for (let x = 0; x < width; x++, i++) {
          core[x] = data[i] >= PAPER_THRESHOLD ? 1 : 0;
          paper[x] = core[x] & (ink[i] ^ 1);
        }
        visit(y, paper, core);
      } else {
        for (let x = 0; x < width; x++, i++) paper[x] = data[i] >= PAPER_THRESHOLD ? 1 : 0;
        visit(y, paper);
      }
    }
  };
}

/**
 * The share of a working pixel's page pixels that must be ink (line below
 * PAPER_THRESHOLD) for it to be ink in pageInk: a quarter keeps every line
 * at least half a working pixel wide unbroken (split evenly between two
 * working pixels, it covers a quarter of each), and adds a working pixel
 * beside a thick line only where a quarter of it is that line's ink.
 * (Any ink at all thickened every line by about a pixel a side at every
 * scale, and narrow shapes between lines lost their core to the gap
 * closing: slivers of hair took a neighbour's colour.)
 */
export const PAGE_INK_SHARE = 0.25;

/**
 * Where a page is shrunk to a working canvas, the working pixels its ink
 * covers (1), read one page row of line values at a time: `add(y, row)` for
 * every page row, then `finish()`. A page pixel counts in the working pixel
 * pageRegionLookup maps it to.
 *
 * Why: shrinking averages, so a line thinner than a working pixel turns to
 * a grey at or above PAPER_THRESHOLD (a 2 px line at scale 0.5 is 0.5
 * wherever it lies) and the working canvas's regions ran through it: a dab
 * on one side filled the other.
 */
export function pageInk(pageWidth: number, pageHeight: number, width: number, height: number): { add(y: number, row: Float32Array): void; finish(): Uint8Array } {
  const count = new Uint16Array(width * height);
  const colOf = workingIndices(pageWidth, width);
  const rowOf = workingIndices(pageHeight, height);
  return {
    add(y, row) {
      const base = rowOf[y] * width;
      for (let x = 0; x < pageWidth; x++) if (row[x] < PAPER_THRESHOLD) count[base + colOf[x]]++;
    },
    finish() {
      const across = pixelsPer(colOf, width);
      const down = pixelsPer(rowOf, height);
      const ink = new Uint8Array(width * height);
      // The ink pixels a working pixel needs, by column, for rows of each height (two or three of them).
      const needed = new Map<number, Int32Array>();
      for (let y = 0, i = 0; y < height; y++) {
        let need = needed.get(down[y]);
        if (!need) needed.set(down[y], (need = Int32Array.from(across, (n) => Math.max(1, Math.ceil(PAGE_INK_SHARE * n * down[y])))));
        for (let x = 0; x < width; x++, i++) ink[i] = count[i] >= need[x] ? 1 : 0;
      }
      return ink;
    },
  };
}

/** How many page pixels map to each working pixel along one axis. */
function pixelsPer(indexOf: Int32Array, length: number): Int32Array {
  const n = new Int32Array(length);
  for (const i of indexOf) n[i]++;
  return n;
}

// Reserved provisional labels (0 is ink): paper waiting to join a region, and paper
// already in the growth's current layer. Real labels start after them.
const PENDING = 1;
const QUEUED = 2;
const FIRST_LABEL = 3;

// Pixel classes of a labelling row: ink is 0 and member 1, the paper flags'
// own values, so a row of flags is a row of classes as it stands (the
// labelling without gap closing).
const CLASS_MEMBER = 1;
const CLASS_PENDING = 2;

/** Grows a union-find parent table on demand (provisional labels are unknown up front). */
class UnionFind {
  parent = new Int32Array(1024);
  size = FIRST_LABEL;

  make(): number {
    if (this.size === this.parent.length) {
      const grown = new Int32Array(this.parent.length * 2);
      grown.set(this.parent);
      this.parent = grown;
    }
    this.parent[this.size] = this.size;
    return this.size++;
  }

  find(a: number): number {
    const parent = this.parent;
    let root = a;
    while (parent[root] !== root) root = parent[root];
    while (parent[a] !== root) {
      const next = parent[a];
      parent[a] = root;
      a = next;
    }
    return root;
  }

  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    // The smaller root wins, so roots stay the earliest label of a region.
    if (ra < rb) {
      this.parent[rb] = ra;
      return ra;
    }
    this.parent[ra] = rb;
    return rb;
  }
}

/** A growable list of pixel indices (the growth's layers; stroke-blend.ts's pieces). */
export class IndexList {
  items = new Int32Array(1024);
  length = 0;

  push(i: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = i;
  }
}

/** The member runs of one row: [start, end) and label, in order. */
class RowRuns {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly label: Int32Array;
  count = 0;

  constructor(width: number) {
    const most = (width >> 1) + 1; // runs are separated by at least one other pixel
    this.start = new Int32Array(most);
    this.end = new Int32Array(most);
    this.label = new Int32Array(most);
  }
}

/** Run-based 4-connected labelling into a page-sized label array, one row at a time. */
class RunLabeller {
  labels: Uint16Array | Int32Array;
  readonly uf = new UnionFind();
  // labelRow's runs of the row it labelled last and of the row it labels now: a row's labels
  // above are read from the runs (a few per row), not from the pixels (thousands).
  private above: RowRuns;
  private current: RowRuns;
  private lastRow = -1;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.labels = new Uint16Array(width * height);
    this.above = new RowRuns(width);
    this.current = new RowRuns(width);
  }

  private newLabel(): number {
    if (this.uf.size === 0xffff && this.labels instanceof Uint16Array) {
      const wider = new Int32Array(this.labels.length);
      wider.set(this.labels);
      this.labels = wider;
    }
    return this.uf.make();
  }

  /**
   * Labels row y from its classes: runs of CLASS_MEMBER take the label of
   * the labelled pixels above them (merging labels where they touch
   * several) or a new one; CLASS_PENDING pixels are marked PENDING (and
   * their x listed in `pending`, if given). Rows come top to bottom, each
   * once, and nothing else writes labels meanwhile: the labels above are
   * the last row's runs.
   */
  labelRow(y: number, classes: Uint8Array, pending?: IndexList): void {
    const base = this.startRow(y);
    const width = this.width;
    let x = 0;
    while (x < width) {
      const c = classes[x];
      if (c !== CLASS_MEMBER) {
        if (c === CLASS_PENDING) {
          this.labels[base + x] = PENDING;
          pending?.push(x);
        }
        x++;
        continue;
      }
      const start = x;
      while (x < width && classes[x] === CLASS_MEMBER) x++;
      this.labelMemberRun(base, start, x);
    }
    this.endRow();
  }

  /**
   * labelRow from the row's runs instead of its pixels (CoreClassifier's
   * output): `spans` holds the row's member and pending runs in column
   * order, three numbers each (start, end, CLASS_MEMBER or CLASS_PENDING);
   * columns in no run are ink.
   */
  labelRuns(y: number, spans: Int32Array, count: number, pending: IndexList): void {
    const base = this.startRow(y);
    for (let k = 0; k < 3 * count; k += 3) {
      const start = spans[k];
      const end = spans[k + 1];
      if (spans[k + 2] === CLASS_MEMBER) {
        this.labelMemberRun(base, start, end);
        continue;
      }
      this.labels.fill(PENDING, base + start, base + end);
      for (let x = start; x < end; x++) pending.push(x);
    }
    this.endRow();
  }

  /** The first run above that may reach the next member run of the row being labelled. */
  private aboveFrom = 0;

  private startRow(y: number): number {
    if (y !== this.lastRow + 1) throw new Error(`labelRow: row ${y} after row ${this.lastRow}`);
    this.lastRow = y;
    this.current.count = 0;
    this.aboveFrom = 0;
    return y * this.width;
  }

  private endRow(): void {
    const above = this.above;
    this.above = this.current;
    this.current = above;
  }

  /**
   * Member run [start, end) of the row at `base`, runs of a row in column
   * order: the labels of the runs above that share a column with it, in the
   * order a pixel-by-pixel read of the row above meets them (consecutive
   * repeats skipped), merged, or a new label.
   */
  private labelMemberRun(base: number, start: number, end: number): void {
    const { above, current: runs } = this;
    let label = 0;
    let previous = 0;
    let j = this.aboveFrom;
    while (j < above.count && above.end[j] <= start) j++;
    this.aboveFrom = j;
    for (let k = j; k < above.count && above.start[k] < end; k++) {
      const up = above.label[k];
      if (up === previous) continue;
      previous = up;
      label = label === 0 ? up : this.uf.union(label, up);
    }
    if (label === 0) label = this.newLabel();
    this.labels.fill(label, base + start, base + end);
    runs.start[runs.count] = start;
    runs.end[runs.count] = end;
    runs.label[runs.count++] = label;
  }

  /**
   * Labels the PENDING pixels of row y, columns [from, to), left after the
   * growth: runs of them take the labels above (read from the pixels, where
   * the growth may have changed them) or a new one. A run, once labelled,
   * lies behind the scan, so reading PENDING from the labels as they are
   * written finds the runs the row held before.
   */
  labelLeftover(y: number, from: number, to: number): void {
    const base = y * this.width;
    const above = base - this.width;
    let x = from;
    while (x < to) {
      if (this.labels[base + x] !== PENDING) {
        x++;
        continue;
      }
      const start = x;
      while (x < to && this.labels[base + x] === PENDING) x++;
      let label = 0;
      if (y > 0) {
        const labels = this.labels;
        let previous = 0;
        for (let k = start; k < x; k++) {
          const up = labels[above + k];
          if (up < FIRST_LABEL || up === previous) continue;
          previous = up;
          label = label === 0 ? up : this.uf.union(label, up);
        }
      }
      if (label === 0) label = this.newLabel();
      this.labels.fill(label, base + start, base + x);
    }
  }

  /** Provisional label -> region number; roots are the smallest label of their set. */
  finish(): RegionLabels {
    const uf = this.uf;
    const region = new Int32Array(uf.size);
    let count = 0;
    for (let l = FIRST_LABEL; l < uf.size; l++) {
      const root = uf.find(l);
      region[l] = root === l ? ++count : region[root];
    }
    return { width: this.width, height: this.height, labels: this.labels, region, count };
  }
}

/** Sorted, disjoint column intervals [start, end) of one row. */
class Intervals {
  readonly start: Int32Array;
  readonly end: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }

  /** Appends [start, end), merged into the last interval where they touch or overlap (starts come in order). */
  add(start: number, end: number): void {
    const n = this.count;
    if (n > 0 && start <= this.end[n - 1]) {
      if (end > this.end[n - 1]) this.end[n - 1] = end;
      return;
    }
    this.start[n] = start;
    this.end[n] = end;
    this.count = n + 1;
  }
}

/**
 * Streams paper rows into labelling runs with the gaps closed: core paper
 * (the whole (2r+1)-square is paper, clamped to the canvas: outside counts
 * as paper) is member, other paper pending. Paper is not core exactly
 * where ink lies within r columns and r rows of it, so a row's pending
 * columns are the union of the ink runs of the 2r + 1 rows around it,
 * each widened by r: worked out from runs (a row of lineart has a few
 * dozen), not pixels (thousands). Row y's runs are known once row y + r
 * has been read, so `emit` lags r rows behind and the last r rows are
 * emitted by `flush`.
 */
class CoreClassifier {
  /** Per row of the window, in a ring (row y in slot y % (2r + 1)): its ink runs, and them widened by r. */
  private readonly ink: Intervals[];
  private readonly widened: Intervals[];
  /** A row's ink as the core test reads it, where that is not the row's own (see push). */
  private readonly coreInk: Intervals;
  /** The window's widened ink merged (the row's non-core columns), and a scratch list for the merging. */
  private union: Intervals;
  private scratch: Intervals;
  /** The emitted row's runs: start, end, class; member and pending runs in column order. */
  private readonly spans: Int32Array;
  private read = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly r: number,
    private readonly emit: (y: number, spans: Int32Array, count: number) => void,
  ) {
    const most = (width >> 1) + 1; // runs are separated by at least one other pixel
    this.ink = Array.from({ length: 2 * r + 1 }, () => new Intervals(most));
    this.widened = Array.from({ length: 2 * r + 1 }, () => new Intervals(most));
    this.coreInk = new Intervals(most);
    this.union = new Intervals(most);
    this.scratch = new Intervals(most);
    this.spans = new Int32Array(3 * (2 * most + 1));
  }

  /**
   * The next row's paper flags; `core` (default: `row`) the flags the core
   * test reads, 1 also on ink that is a wall but no reason to close a gap.
   */
  push(row: Uint8Array, core: Uint8Array = row): void {
    const { width, r } = this;
    const y = this.read++;
    const slot = y % (2 * r + 1);
    const ink = this.ink[slot];
    const widened = this.widened[slot];
    widened.count = 0;
    addInkRuns(row, width, ink);
    // The core test's ink, widened by r: the row's own where it reads the row.
    const coreInk = core === row ? ink : addInkRuns(core, width, this.coreInk);
    for (let k = 0; k < coreInk.count; k++) widened.add(Math.max(0, coreInk.start[k] - r), Math.min(width, coreInk.end[k] + r));
    if (y >= r) this.classify(y - r, y);
  }

  /** Emits the rows the stream's end left waiting (their windows reach past the bottom). */
  flush(): void {
    for (let y = Math.max(0, this.height - this.r); y < this.height; y++) this.classify(y, this.height - 1);
  }

  /** Row y's runs, `lastRow` (the last row read) being the bottom of its clamped window. */
  private classify(y: number, lastRow: number): void {
    const { r, width, spans } = this;
    const rows = 2 * r + 1;
    // The union of the window's widened ink, merged one row's list at a time (each is sorted).
    let union = this.union;
    union.count = 0;
    for (let w = Math.max(0, y - r); w <= lastRow; w++) {
      const merged = this.scratch;
      mergeIntervals(union, this.widened[w % rows], merged);
      this.scratch = union;
      union = merged;
    }
    this.union = union;
    // Member outside the union, pending inside it, but for the row's own ink either way (outside
    // the union only where the core test reads ink as paper: a wall, no reason to close a gap).
    const ink = this.ink[y % rows];
    let n = 0;
    let k = 0;
    const pieces = (from: number, to: number, cls: number): void => {
      while (k < ink.count && ink.end[k] <= from) k++;
      let p = from;
      for (let j = k; j < ink.count && ink.start[j] < to; j++) {
        if (p < ink.start[j]) (spans[n++] = p), (spans[n++] = ink.start[j]), (spans[n++] = cls);
        p = Math.max(p, Math.min(ink.end[j], to));
      }
      if (p < to) (spans[n++] = p), (spans[n++] = to), (spans[n++] = cls);
    };
    let x = 0;
    for (let u = 0; u < union.count; u++) {
      if (x < union.start[u]) pieces(x, union.start[u], CLASS_MEMBER);
      pieces(union.start[u], union.end[u], CLASS_PENDING);
      x = union.end[u];
    }
    if (x < width) pieces(x, width, CLASS_MEMBER);
    this.emit(y, spans, n / 3);
  }
}

/** `into` (emptied first) with the ink runs (0s) of the first `width` flags, found by native searches for the next 0 and the next 1: a row is mostly paper. */
function addInkRuns(flags: Uint8Array, width: number, into: Intervals): Intervals {
  into.count = 0;
  for (let x = flags.indexOf(0); x >= 0 && x < width; ) {
    let end = flags.indexOf(1, x);
    if (end < 0 || end > width) end = width;
    into.add(x, end);
    x = end < width ? flags.indexOf(0, end) : -1;
  }
  return into;
}

/** into = the union of sorted interval lists a and b, merged where they touch. */
function mergeIntervals(a: Intervals, b: Intervals, into: Intervals): void {
  into.count = 0;
  let i = 0;
  let j = 0;
  while (i < a.count || j < b.count) {
    if (j >= b.count || (i < a.count && a.start[i] <= b.start[j])) {
      into.add(a.start[i], a.end[i]);
      i++;
    } else {
      into.add(b.start[j], b.end[j]);
      j++;
    }
  }
}

/**
 * The label of the first labelled 4-neighbour of pixel i in column x, in the
 * order left, up, right, down; 0 if none. The growth carries every pixel's
 * column with it: a division per pixel to find it was most of its time.
 */
function labelledNeighbourAt(labels: Uint16Array | Int32Array, i: number, x: number, width: number, height: number): number {
  let l: number;
  if (x > 0 && (l = labels[i - 1]) >= FIRST_LABEL) return l;
  if (i >= width && (l = labels[i - width]) >= FIRST_LABEL) return l;
  if (x < width - 1 && (l = labels[i + 1]) >= FIRST_LABEL) return l;
  if (i < (height - 1) * width && (l = labels[i + width]) >= FIRST_LABEL) return l;
  return 0;
}

/**
 * The growth's first layer: PENDING pixels with a labelled 4-neighbour,
 * and the label each takes (the first such neighbour's, in the order left,
 * up, right, down), in row order. Collected a row at a time from the row's
 * PENDING pixels as labelRow listed them, as soon as the row below is
 * labelled. Scanning the finished page for them instead cost ~40 ms of the
 * 4096 bench page's ~100 ms growth: a pass over 16.7 M labels for the ~1 %
 * that are PENDING.
 */
class FirstLayer {
  readonly pixels = new IndexList();
  /** Each pixel's column. */
  readonly columns = new IndexList();
  readonly labels = new IndexList();

  /** Row y's pixels of the layer, from its PENDING x's; rows above and below are labelled as they will be when the growth starts. */
  collectRow(labels: Uint16Array | Int32Array, y: number, pending: IndexList, width: number, height: number): void {
    for (let k = 0; k < pending.length; k++) {
      const x = pending.items[k];
      const i = y * width + x;
      const label = labelledNeighbourAt(labels, i, x, width, height);
      if (label === 0) continue;
      this.pixels.push(i);
      this.columns.push(x);
      this.labels.push(label);
    }
  }
}

/**
 * Grows the labelled regions into PENDING paper one layer at a time, from
 * `first` (collected on every row once labelling is done). Every pixel of
 * a layer chooses its label before any is written, so the result does not
 * depend on the order pixels are visited (as in the reference's
 * array-at-a-time version). Only a layer's pixels are listed, never all
 * PENDING paper: on a screentone page nearly all paper is PENDING, and
 * that list would be another page-sized array.
 */
function growRegions(labels: Uint16Array | Int32Array, width: number, height: number, first: FirstLayer): void {
  let layer = first;
  let next = new FirstLayer();
  /** Queues pending pixel j in column x for the next layer (marked QUEUED so it is queued once), with the label it takes. */
  const queue = (j: number, x: number): void => {
    labels[j] = QUEUED;
    next.pixels.push(j);
    next.columns.push(x);
    // Chosen now: the layer's labels are all written, and queueing writes none (QUEUED is no label),
    // so its neighbours are as they will be once the layer is queued, and still in the cache.
    next.labels.push(labelledNeighbourAt(labels, j, x, width, height));
  };
  while (layer.pixels.length > 0) {
    const { pixels, columns, labels: chosen } = layer;
    for (let k = 0; k < pixels.length; k++) labels[pixels.items[k]] = chosen.items[k];
    next.pixels.length = next.columns.length = next.labels.length = 0;
    for (let k = 0; k < pixels.length; k++) {
      const i = pixels.items[k];
      const x = columns.items[k];
      if (x > 0 && labels[i - 1] === PENDING) queue(i - 1, x - 1);
      if (i >= width && labels[i - width] === PENDING) queue(i - width, x);
      if (x < width - 1 && labels[i + 1] === PENDING) queue(i + 1, x + 1);
      if (i < (height - 1) * width && labels[i + width] === PENDING) queue(i + width, x);
    }
    [layer, next] = [next, layer];
  }
}

/**
 * Gives every ink pixel (label 0) of finished labels the label of the
 * nearest labelled pixel, layer by layer as the gap growth does (each takes
 * its first labelled 4-neighbour's: left, up, right, down), so the lines are
 * shared out between the regions on their sides. Ink that no region reaches
 * (a page of ink only) stays 0. For flats, which fill under the lines.
 */
export function spreadIntoInk(labels: Uint16Array | Int32Array, width: number, height: number): void {
  for (let i = 0; i < labels.length; i++) if (labels[i] === 0) labels[i] = PENDING;
  const first = new FirstLayer();
  const pending = new IndexList();
  for (let y = 0, i = 0; y < height; y++) {
    pending.length = 0;
    for (let x = 0; x < width; x++, i++) if (labels[i] === PENDING) pending.push(x);
    first.collectRow(labels, y, pending, width, height);
  }
  growRegions(labels, width, height, first);
  for (let i = 0; i < labels.length; i++) if (labels[i] === PENDING) labels[i] = 0;
}

/**
 * Labels the paper regions of a canvas, closing gaps up to 2 * gapRadius
 * pixels wide. Regions are numbered 1..count; numbers carry no meaning
 * beyond identity.
 */
export function labelPaperRegions(width: number, height: number, rows: PaperRowSource, gapRadius = 0): RegionLabels {
  const labeller = new RunLabeller(width, height);
  if (gapRadius === 0) {
    rows((y, paper) => labeller.labelRow(y, paper));
    return labeller.finish();
  }
  // Rows are labelled top to bottom; once row y is, row y - 1's part of the growth's first layer is known.
  const first = new FirstLayer();
  const pendingOf = [new IndexList(), new IndexList()]; // the PENDING x's of the last two rows, by row parity
  const classifier = new CoreClassifier(width, height, gapRadius, (y, spans, count) => {
    const pending = pendingOf[y & 1];
    pending.length = 0;
    labeller.labelRuns(y, spans, count, pending);
    if (y > 0) first.collectRow(labeller.labels, y - 1, pendingOf[(y - 1) & 1], width, height);
  });
  rows((_y, paper, core) => classifier.push(paper, core));
  classifier.flush();
  first.collectRow(labeller.labels, height - 1, pendingOf[(height - 1) & 1], width, height);
  growRegions(labeller.labels, width, height, first);
  // Paper narrow everywhere (no core anywhere in it) forms its own regions:
  // label the rows that still hold PENDING pixels, top to bottom, between their first and last.
  for (let i = labeller.labels.indexOf(PENDING); i >= 0; ) {
    const y = Math.floor(i / width);
    const base = y * width;
    labeller.labelLeftover(y, i - base, labeller.labels.lastIndexOf(PENDING, base + width - 1) - base + 1);
    i = labeller.labels.indexOf(PENDING, base + width); // re-read: labelling may widen the labels
  }
  return labeller.finish();
}
