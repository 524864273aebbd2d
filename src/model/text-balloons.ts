/**
 * Speech balloons and caption boxes: shapes that hold a line of lettering
 * and that the artist left unpainted, read as painted white.
 *
 * Why: the network takes an unpainted balloon for a shape to colour and
 * fills it tan, mottled around the letters (a comic page in an artist's
 * review, session 17: all four balloons and the caption box). A letterer's
 * balloon is white paper; no artist colours one by hand, and a dab of white
 * in each (what the artist would otherwise have to do on every page) makes
 * it white, measured. So the engine paints that dab for them: the shape's
 * paper is added to the hint as opaque white (grid-paint.ts), and the
 * network, the region fill, the white fill's painted-white shapes and the
 * stroke blend read it as paint. A balloon the artist painted is theirs.
 *
 * A shape (a region of the page grid, page-grid.ts) is a balloon when it is
 * enclosed (not the page around the figures, nor a panel's background),
 * unpainted, and the islands of ink inside it (ink not joined to its
 * outline, found at page pixels) read as lettering:
 * - letters are islands of about one height (LETTER_HEIGHTS x the median
 *   height), none inside another's box (a pupil in an eye), and a line of
 *   text is at least MIN_LETTERS of them side by side (overlapping rows,
 *   gaps under LETTER_GAP heights), straight; or the same down a column
 *   (manga's vertical lettering), widths for heights;
 * - the lines of text hold at least TEXT_INK_SHARE of the islands' ink
 *   (punctuation on their rows counts with them): a face's eyes, mouth and
 *   blush hatching are mostly not in such a line;
 * - the longest line spans at least MIN_LINE_SPAN of the shape's width (a
 *   cheek's three blush strokes do not), and the letters are at most
 *   MAX_LETTER_HEIGHT of its height;
 * - and the letters are not one mark repeated (a building's windows, a
 *   coat's buttons, a keyboard's keys: copies of one shape; a script's
 *   letters differ in ink);
 * - or they are one short word (NO, OK, ?!: too few letters for a line,
 *   the commonest balloons on a page), held to more: two glyphs or more of
 *   one cap height, pen strokes, centred in a balloon-like shape
 *   (readsAsShortWord).
 */
import { IndexList, PAPER_THRESHOLD, regionAt } from './paper-regions';
import { regionBoxes, type RegionBoxes } from './grid-paint';
import type { LineValues } from './linewidth';
import type { PageGrid } from './page-grid';

/** Letters are islands at least this share and at most this multiple of the islands' median height. */
const LETTER_HEIGHTS: readonly [number, number] = [0.5, 1.6];
/** Letters of one line overlap by at least this share of the shorter's height and lie at most this many heights apart. */
const ROW_OVERLAP = 0.5;
const LETTER_GAP = 0.8;
/** Letters of a line: at least this share of them with their middles within LINE_DRIFT letter heights of the line's. */
const LINE_DRIFT = 0.25;
const STRAIGHT_SHARE = 0.8;
/** A line of text: at least this many letters. */
const MIN_LETTERS = 3;
/** The lines of text hold at least this share of the shape's island ink. */
const TEXT_INK_SHARE = 0.6;
/** The longest line spans at least this share of the shape's width; letters are at most this share of its height. */
const MIN_LINE_SPAN = 0.25;
const MAX_LETTER_HEIGHT = 0.7;
/** Letters shorter than this (page pixels) cannot be read: a texture of small marks (chain mail), not lettering. */
const MIN_LETTER_HEIGHT = 6;
/** Islands shorter than this (page pixels) are specks (dirt, screentone): not letters, not counted. */
const MIN_ISLAND_HEIGHT = 3;
/** Lettering is at least this many letters in all (three marks in a row can be three things on a plate). */
const MIN_TEXT_LETTERS = 4;
/** A balloon's paper cells fill at least this share of its box (an ellipse 0.79, less its letters, outline and tail); a ring or a stripe far less. */
const MIN_FILL = 0.2;
/** The island search reads at most this many pages' worth of pixels. */
const SEARCH_BUDGET = 2;
/** A tail's tip, cut off by the gap closing: at most this share of its balloon. */
const TAIL_SHARE = 0.1;
/** Regions beside a letter at most this share of its shape's size (within its box) are the shape's: counters, slivers. */
const INNER_SHARE = 0.1;
/** Shapes smaller than this (page pixels) hold no readable line; more islands than this are a texture. */
const MIN_BALLOON_PIXELS = 600;
const MAX_ISLANDS = 600;
/** Lines whose letters are this often within this share of one another's ink and height are one mark repeated. */
const SAME_SHARE = 0.75;
const SAME_SLACK = 0.12;
/** ...and the middle and spread of their ink within their boxes (Island.form) are this close (shares of the box). */
const SAME_FORM = 0.05;
/** A short word: at most this many islands (NO!! is six), on a line at most this many of its glyphs' height high. */
const SHORT_MAX_ISLANDS = 6;
const SHORT_LINE_HEIGHT = 1.3;
/** A short word's middle lies within this share of the shape's width and height of the shape's middle. */
const SHORT_CENTRED = 0.15;
/** A short word's glyphs' tops lie within this share of their height of one another, and each is at least SHORT_SAME_HEIGHT of the tallest. */
const SHORT_ALIGN = 0.2;
const SHORT_SAME_HEIGHT = 0.8;
/**
 * A short word's letters: pen strokes, whose ink covers at most STROKE_INK of their box (an O
 * about 0.3, a bold K 0.73; a filled dot 0.8) unless they are bars, narrower than BAR_WIDTH
 * heights (I, !: solid in any hand); at most LETTER_WIDTH heights wide (a W about 1.3); in a shape
 * that fills at least SHORT_FILL of its box (an ellipse 0.79, less its letters and tail). Read
 * down a column only in a shape SHORT_TALL times as tall as it is wide or more.
 */
const STROKE_INK = 0.75;
const BAR_WIDTH = 0.4;
const LETTER_WIDTH = 1.6;
const SHORT_FILL = 0.3;
const SHORT_TALL = 1.2;
/** One straight stroke: the smaller spread of its pixels at most this share of the larger (width / length at most 0.3). */
const STRAIGHT_SPREAD = 0.1;

/** A box, inclusive page pixels. */
interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** A shape: its box, the share of the box it fills, and its middle (the mean of its cells' centres), page pixels. */
export interface Shape extends Box {
  readonly fill: number;
  readonly middleX: number;
  readonly middleY: number;
}

/** An island's box and ink. */
interface Island extends Box {
  readonly ink: number;
  /** One straight stroke (a bar, a hatching line): its pixels spread along one direction only. Absent: not known to be. */
  readonly straight?: boolean;
  /** Its counters: regions of paper it encloses (the inside of an O). Absent: none. */
  readonly holes?: number;
  /**
   * Where its ink lies in its box: the middle of its pixels and their spread (standard deviation),
   * across and down, as shares of the box's width and height. Copies of one mark agree; letters of
   * one weight and size (an E, an O, an S in block capitals) mostly do not. Absent: not known.
   */
  readonly form?: readonly [number, number, number, number];
}

const heightOf = (a: Island): number => a.bottom - a.top + 1;

/** Whether island `a` lies inside the box of another of `islands` (a pupil in an eye; no letter does). */
const insideAnother = (a: Island, islands: readonly Island[]): boolean =>
  islands.some((b) => b !== a && b.left <= a.left && b.right >= a.right && b.top <= a.top && b.bottom >= a.bottom);

/**
 * The islands of ink inside region `r`: 8-connected ink pixels within its
 * box (page pixels) that touch neither the box's edge (the outline, lines
 * crossing it) nor paper of another region bigger than their box (a
 * letter's counter, the inside of an O, a sliver between letters). Null
 * when there are
 * more than MAX_ISLANDS. The small regions beside its islands, and beside
 * ink touching only regions within the shape's box and small beside it
 * (INNER_SHARE), are added to `inner`.
 */
function islandsOf(r: number, box: Island, grid: PageGrid, boxes: RegionBoxes, line: LineValues, inner: IndexList): Island[] | null {
  const { cols, block, regions } = grid;
  const width = line.width;
  const boxWidth = box.right - box.left + 1;
  const seen = new Uint8Array(boxWidth * (box.bottom - box.top + 1));
  const stack = new IndexList();
  const foreign = new IndexList();
  const islands: Island[] = [];
  const isInk = (x: number, y: number): boolean => line.at(y * width + x) < PAPER_THRESHOLD;
  const regionOf = (x: number, y: number): number => regionAt(regions, Math.floor(y / block) * cols + Math.floor(x / block));
  for (let y = box.top; y <= box.bottom; y++) {
    const cellRow = Math.floor(y / block) * cols;
    for (let x = box.left; x <= box.right; x++) {
      // A paper cell holds no ink: skip to the next cell (most of a shape is paper).
      if (grid.paper[cellRow + Math.floor(x / block)] === 1) {
        x = (Math.floor(x / block) + 1) * block - 1;
        continue;
      }
      const b = (y - box.top) * boxWidth + (x - box.left);
      if (seen[b] || !isInk(x, y)) continue;
      seen[b] = 1;
      stack.length = 0;
      foreign.length = 0;
      stack.push(b);
      let left = x;
      let right = x;
      let top = y;
      let bottom = y;
      let ink = 0;
      let edge = false;
      // Second moments of its pixels (about its first), for telling one straight stroke.
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      while (stack.length > 0) {
        const k = stack.items[--stack.length];
        const py = box.top + Math.floor(k / boxWidth);
        const px = box.left + (k % boxWidth);
        ink++;
        const u = px - x;
        const v = py - y;
        sx += u;
        sy += v;
        sxx += u * u;
        syy += v * v;
        sxy += u * v;
        if (px < left) left = px;
        if (px > right) right = px;
        if (py < top) top = py;
        if (py > bottom) bottom = py;
        if (px === box.left || px === box.right || py === box.top || py === box.bottom) edge = true;
        for (let dy = -1; dy <= 1; dy++) {
          const ny = py + dy;
          if (ny < box.top || ny > box.bottom) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = px + dx;
            if ((dx === 0 && dy === 0) || nx < box.left || nx > box.right) continue;
            const nb = k + dy * boxWidth + dx;
            if (isInk(nx, ny)) {
              if (!seen[nb]) {
                seen[nb] = 1;
                stack.push(nb);
              }
            } else if (dx === 0 || dy === 0) {
              const q = regionOf(nx, ny);
              if (q !== 0 && q !== r) foreign.push(q);
            }
          }
        }
      }
      if (edge) continue;
      // Paper of another region beside it: a letter's counter (the inside of an O), or a sliver
      // between letters that the gap closing made a region of its own, is no bigger than the
      // island's box. Beside a big one (the sky around a balloon's corner) it is not the shape's.
      // A bigger one within the shape's box and small beside it (a sliver along a line of letters,
      // where the closing is wide) still makes the island the shape's, for painting its counters
      // white, but not a letter to read: kana split into pieces beside such slivers misread.
      const area = (right - left + 1) * (bottom - top + 1);
      let letter = true;
      let own = true;
      const counters = new Set<number>();
      for (let f = 0; f < foreign.length && own; f++) {
        const q = foreign.items[f];
        if (boxes.cells[q] * block * block <= area) {
          counters.add(q);
          continue;
        }
        letter = false;
        own = boxes.left[q] >= boxes.left[r] && boxes.right[q] <= boxes.right[r] && boxes.top[q] >= boxes.top[r] && boxes.bottom[q] <= boxes.bottom[r] && boxes.cells[q] <= INNER_SHARE * boxes.cells[r];
      }
      if (!own) continue;
      for (let f = 0; f < foreign.length; f++) inner.push(foreign.items[f]);
      if (!letter || bottom - top + 1 < MIN_ISLAND_HEIGHT) continue;
      islands.push({ left, top, right, bottom, ink, straight: isStraight(ink, sx, sy, sxx, syy, sxy), holes: counters.size, form: formOf(x, y, { left, top, right, bottom }, ink, sx, sy, sxx, syy) });
      if (islands.length > MAX_ISLANDS) return null;
    }
  }
  return islands;
}

/** Island.form from its pixels' sums about (x0, y0), the first pixel found. */
function formOf(x0: number, y0: number, box: Box, n: number, sx: number, sy: number, sxx: number, syy: number): [number, number, number, number] {
  const w = box.right - box.left + 1;
  const h = box.bottom - box.top + 1;
  const mx = sx / n;
  const my = sy / n;
  return [(x0 + mx - box.left + 0.5) / w, (y0 + my - box.top + 0.5) / h, Math.sqrt(Math.max(0, sxx / n - mx * mx)) / w, Math.sqrt(Math.max(0, syy / n - my * my)) / h];
}

/** Region r as a Shape, its box `box` (page pixels) and `boxCells` grid cells. */
function shapeOf(r: number, box: Box, boxCells: number, grid: PageGrid, boxes: RegionBoxes): Shape {
  const { cols, block, regions } = grid;
  let sumX = 0;
  let sumY = 0;
  for (let cy = boxes.top[r]; cy <= boxes.bottom[r]; cy++) {
    for (let cx = boxes.left[r]; cx <= boxes.right[r]; cx++) {
      if (regionAt(regions, cy * cols + cx) !== r) continue;
      sumX += cx;
      sumY += cy;
    }
  }
  const cells = boxes.cells[r];
  return { left: box.left, top: box.top, right: box.right, bottom: box.bottom, fill: cells / boxCells, middleX: (sumX / cells + 0.5) * block, middleY: (sumY / cells + 0.5) * block };
}

/**
 * Whether pixels with these sums (count n; x, y, x^2, y^2, xy) lie along one line: the smaller
 * spread of their covariance at most STRAIGHT_SPREAD of the larger (a stroke's width against its
 * length, squared). A bar, a hatching line or a glint's slash is; a letter other than I is not.
 */
function isStraight(n: number, sx: number, sy: number, sxx: number, syy: number, sxy: number): boolean {
  const mx = sx / n;
  const my = sy / n;
  const a = sxx / n - mx * mx;
  const c = syy / n - my * my;
  const b = sxy / n - mx * my;
  const half = Math.sqrt(((a - c) / 2) ** 2 + b * b);
  const major = (a + c) / 2 + half;
  const minor = (a + c) / 2 - half;
  return major > 0 && minor <= STRAIGHT_SPREAD * major;
}

/** Union-find root of i. */
function root(parent: Int32Array, i: number): number {
  while (parent[i] !== i) i = parent[i] = parent[parent[i]];
  return i;
}

/**
 * Whether islands inside `shape` read as lettering (see the module
 * comment): lines across or, as manga letters them, columns down (the same
 * test on the shape turned on its side), or one short word.
 */
export function readsAsText(islands: readonly Island[], shape: Shape): boolean {
  const turned = islands.map((a) => ({ ...a, left: a.top, right: a.bottom, top: a.left, bottom: a.right }));
  const turnedShape: Shape = { left: shape.top, right: shape.bottom, top: shape.left, bottom: shape.right, fill: shape.fill, middleX: shape.middleY, middleY: shape.middleX };
  const width = shape.right - shape.left + 1;
  const height = shape.bottom - shape.top + 1;
  return (
    readsAsLines(islands, width, height) ||
    readsAsLines(turned, height, width) ||
    readsAsShortWord(islands, shape) ||
    // A short column of vertical lettering stands in a tall balloon; turned, a face's brow over its eye is a "word" too.
    (height >= SHORT_TALL * width && readsAsShortWord(turned, turnedShape))
  );
}

/**
 * Whether the islands read as one short word in the middle of the shape (NO, OK, WOW!, ?!): too
 * few letters for a line, so more is asked of them and of the shape, which must fill SHORT_FILL
 * of its box. Its glyphs (marks at least half the tallest's height, each with the dot below it if
 * it has one: a ! or a ?) are at least two, of one cap height (SHORT_SAME_HEIGHT, tops within
 * SHORT_ALIGN), side by side letter gaps apart on one line, none inside another's box (an eye's
 * pupil); pen strokes, not filled blobs (STROKE_INK: eyes and buttons are solid), no wider than
 * LETTER_WIDTH heights (a closed eye's arc, a brow), not all single straight strokes (a leaf's
 * veins, hatching on a pocket) and not one mark repeated, counters counted (a pair of eyes is; an
 * O and a K are not); and the word is centred on the shape's middle (SHORT_CENTRED of its size),
 * as a letterer places it.
 */
function readsAsShortWord(islands: readonly Island[], shape: Shape): boolean {
  if (shape.fill < SHORT_FILL || islands.length < 2 || islands.length > SHORT_MAX_ISLANDS) return false;
  if (islands.some((a) => insideAnother(a, islands))) return false;
  const tallest = Math.max(...islands.map(heightOf));
  if (tallest < MIN_LETTER_HEIGHT || tallest > MAX_LETTER_HEIGHT * (shape.bottom - shape.top + 1)) return false;
  const marks = islands.filter((a) => heightOf(a) >= 0.5 * tallest);
  const dots = islands.filter((a) => heightOf(a) < 0.5 * tallest);
  const glyphs = marks.map((a) => {
    const dot = dots.find((d) => (d.left + d.right) / 2 >= a.left - 1 && (d.left + d.right) / 2 <= a.right + 1 && d.top > a.bottom && d.top - a.bottom <= 0.5 * tallest);
    return dot ? { ...a, bottom: dot.bottom } : a;
  });
  if (glyphs.length < 2) return false;
  const cap = Math.max(...glyphs.map(heightOf));
  const tops = glyphs.map((a) => a.top);
  if (glyphs.some((a) => heightOf(a) < SHORT_SAME_HEIGHT * cap) || Math.max(...tops) - Math.min(...tops) > SHORT_ALIGN * cap) return false;
  const widthOf = (a: Island): number => a.right - a.left + 1;
  const bar = (a: Island): boolean => widthOf(a) < BAR_WIDTH * tallest;
  // Not all single straight strokes: bars (a leaf's veins) or slashes (hatching on a pocket, a glint).
  if (marks.every((a) => bar(a) || a.straight === true)) return false;
  if (marks.some((a) => widthOf(a) > LETTER_WIDTH * tallest || (!bar(a) && a.ink > STROKE_INK * widthOf(a) * heightOf(a)))) return false;
  const top = Math.min(...islands.map((a) => a.top));
  const bottom = Math.max(...islands.map((a) => a.bottom));
  if (bottom - top + 1 > SHORT_LINE_HEIGHT * cap) return false;
  const byLeft = [...islands].sort((a, b) => a.left - b.left);
  let right = byLeft[0].right;
  for (const a of byLeft.slice(1)) {
    if (a.left - right - 1 > LETTER_GAP * cap) return false;
    right = Math.max(right, a.right);
  }
  const left = byLeft[0].left;
  // From the shape's middle, not its box's: a tail stretches the box, hardly the middle.
  if (!(Math.abs((left + right) / 2 - shape.middleX) <= SHORT_CENTRED * (shape.right - shape.left + 1))) return false;
  if (!(Math.abs((top + bottom) / 2 - shape.middleY) <= SHORT_CENTRED * (shape.bottom - shape.top + 1))) return false;
  return !oneMarkRepeated([marks.map((a) => islands.indexOf(a))], islands, true);
}

/** Whether the islands read as lines of lettering across. */
function readsAsLines(islands: readonly Island[], shapeWidth: number, shapeHeight: number): boolean {
  if (islands.length < MIN_LETTERS) return false;
  const heights = islands.map(heightOf).sort((a, b) => a - b);
  const median = heights[heights.length >> 1];
  if (median < MIN_LETTER_HEIGHT || median > MAX_LETTER_HEIGHT * shapeHeight) return false;
  // A letter never lies inside another's box (a pupil inside an eye does: read down, a face's brow,
  // eye and pupil stack like a column).
  const isLetter = islands.map((a) => heightOf(a) >= LETTER_HEIGHTS[0] * median && heightOf(a) <= LETTER_HEIGHTS[1] * median && !insideAnother(a, islands));
  const parent = Int32Array.from(islands, (_, i) => i);
  for (let i = 0; i < islands.length; i++) {
    if (!isLetter[i]) continue;
    const a = islands[i];
    for (let j = i + 1; j < islands.length; j++) {
      if (!isLetter[j]) continue;
      const b = islands[j];
      const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) + 1;
      const gap = Math.max(a.left, b.left) - Math.min(a.right, b.right) - 1;
      if (overlap >= ROW_OVERLAP * Math.min(heightOf(a), heightOf(b)) && gap <= LETTER_GAP * Math.max(heightOf(a), heightOf(b))) {
        parent[root(parent, i)] = root(parent, j);
      }
    }
  }
  // Lines: rows of at least MIN_LETTERS letters, with their boxes.
  const letters = new Map<number, number[]>();
  islands.forEach((_, i) => {
    if (!isLetter[i]) return;
    const r = root(parent, i);
    letters.set(r, [...(letters.get(r) ?? []), i]);
  });
  // A line of lettering is straight: its letters' middles keep to one height (a row of studs along
  // a curve, each overlapping the next, drifts).
  const middle = (i: number): number => (islands[i].top + islands[i].bottom) / 2;
  const straight = (members: number[]): boolean => {
    const middles = members.map(middle).sort((a, b) => a - b);
    const centre = middles[middles.length >> 1];
    return middles.filter((m) => Math.abs(m - centre) <= LINE_DRIFT * median).length >= STRAIGHT_SHARE * middles.length;
  };
  const lines = [...letters.values()].filter((members) => members.length >= MIN_LETTERS && straight(members));
  // Three marks side by side can be three things on a plate: lettering is at least MIN_TEXT_LETTERS.
  if (lines.length === 0 || lines.reduce((sum, members) => sum + members.length, 0) < MIN_TEXT_LETTERS) return false;
  const boxOf = (members: number[]): Island => ({
    left: Math.min(...members.map((i) => islands[i].left)),
    right: Math.max(...members.map((i) => islands[i].right)),
    top: Math.min(...members.map((i) => islands[i].top)),
    bottom: Math.max(...members.map((i) => islands[i].bottom)),
    ink: members.reduce((sum, i) => sum + islands[i].ink, 0),
  });
  const boxes = lines.map(boxOf);
  if (Math.max(...boxes.map((b) => b.right - b.left + 1)) < MIN_LINE_SPAN * shapeWidth) return false;
  // Ink in the lines, and punctuation (islands too small for letters) on their rows.
  let text = 0;
  let all = 0;
  islands.forEach((a, i) => {
    all += a.ink;
    const inLine = isLetter[i] ? (letters.get(root(parent, i)) ?? []).length >= MIN_LETTERS : boxes.some((b) => a.top >= b.top - median * 0.2 && a.bottom <= b.bottom + median * 0.2 && a.left >= b.left - median && a.right <= b.right + median);
    if (inLine) text += a.ink;
  });
  if (text < TEXT_INK_SHARE * all) return false;
  return !oneMarkRepeated(lines, islands);
}

/**
 * Whether the lines' letters are copies of one mark (a row of windows, buttons, keys, notes):
 * at least SAME_SHARE of them within SAME_SLACK of the median letter's ink and height, their ink
 * laid out alike in their boxes (form, within SAME_FORM), and with `byCounters` as many counters.
 * Letters of a script differ in ink (an I beside a W, a kana beside a kanji); block capitals of
 * one weight can match in ink and height (LET'S GO HOME. read as repeated marks: a quality review,
 * session 24), but an E's ink lies left, a T's high and an O's round its middle. Of a word of two
 * or three, an O and a K can be of one ink and height, but not a pair of eyes. (Not for lines:
 * the rings of chain mail show their insides or not as the gap closing takes them.)
 */
function oneMarkRepeated(lines: number[][], islands: readonly Island[], byCounters = false): boolean {
  const letters = lines.flat();
  const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1];
  const ink = median(letters.map((i) => islands[i].ink));
  const height = median(letters.map((i) => heightOf(islands[i])));
  const holes = median(letters.map((i) => islands[i].holes ?? 0));
  const forms = [0, 1, 2, 3].map((c) => median(letters.map((i) => islands[i].form?.[c] ?? 0)));
  const sameForm = (a: Island): boolean => a.form === undefined || a.form.every((v, c) => Math.abs(v - forms[c]) <= SAME_FORM);
  const same = letters.filter(
    (i) =>
      Math.abs(islands[i].ink - ink) <= SAME_SLACK * ink &&
      Math.abs(heightOf(islands[i]) - height) <= SAME_SLACK * height &&
      sameForm(islands[i]) &&
      (!byCounters || (islands[i].holes ?? 0) === holes),
  ).length;
  return same >= SAME_SHARE * letters.length;
}

/**
 * The regions of `grid` that are unpainted text balloons (see the module
 * comment), with their letters' counters and their tails: `background` is
 * backgroundRegions' flags, `painted` grid-paint's paintedPixels, `line` the
 * page's line channel, `boxes` grid-paint's regionBoxes.
 */
export function textBalloons(grid: PageGrid, background: Uint8Array, painted: Float64Array, line: LineValues, boxes: RegionBoxes = regionBoxes(grid)): number[] {
  const { block, regions } = grid;
  const chosen = new Uint8Array(regions.count + 1);
  const balloons: number[] = [];
  const inner = new IndexList();
  // The pixels searched for islands, at most SEARCH_BUDGET pages' worth: a page of nested rings or
  // wavy stripes has hundreds of shapes whose boxes are most of the page.
  let budget = SEARCH_BUDGET * line.width * line.height;
  for (let r = 1; r <= regions.count; r++) {
    if (background[r] || painted[r] || boxes.cells[r] * block * block < MIN_BALLOON_PIXELS) continue;
    // A balloon lies inside the picture (on a crop whose sides are not the page's edges, the page
    // around the figures is no background, but it reaches the picture's edge), and fills a good part
    // of its box (MIN_FILL: a ring or a stripe does not).
    if (boxes.left[r] === 0 || boxes.top[r] === 0 || boxes.right[r] === grid.cols - 1 || boxes.bottom[r] === grid.rows - 1) continue;
    const boxCells = (boxes.right[r] - boxes.left[r] + 1) * (boxes.bottom[r] - boxes.top[r] + 1);
    if (boxes.cells[r] < MIN_FILL * boxCells) continue;
    budget -= boxCells * block * block;
    if (budget < 0) break;
    const box: Island = {
      left: boxes.left[r] * block,
      top: boxes.top[r] * block,
      right: Math.min(line.width - 1, (boxes.right[r] + 1) * block - 1),
      bottom: Math.min(line.height - 1, (boxes.bottom[r] + 1) * block - 1),
      ink: 0,
    };
    if (box.right - box.left < 4 * block || box.bottom - box.top < 4 * block) continue;
    inner.length = 0;
    const islands = islandsOf(r, box, grid, boxes, line, inner);
    if (!islands || !readsAsText(islands, shapeOf(r, box, boxCells, grid, boxes))) continue;
    balloons.push(r);
    chosen[r] = 1;
    // The insides of its letters (an O's counter), which the network colours too.
    for (let k = 0; k < inner.length; k++) if (!painted[inner.items[k]]) chosen[inner.items[k]] = 1;
  }
  if (balloons.length === 0) return [];
  // A balloon's tail: where it narrows to a point the gap closing cuts its tip off into a region of its own,
  // touching the balloon's paper with no line between. Small (TAIL_SHARE), unpainted ones are the balloon's;
  // a shape beside a gap in the outline touches it so too, and is mostly bigger.
  const { cols, rows } = grid;
  const isBalloon = new Uint8Array(regions.count + 1);
  for (const b of balloons) isBalloon[b] = 1;
  const touch = (a: number, q: number): void => {
    if (a === 0 || q === 0 || a === q) return;
    if (isBalloon[a]) tail(a, q);
    else if (isBalloon[q]) tail(q, a);
  };
  const tail = (b: number, q: number): void => {
    if (!chosen[q] && !painted[q] && !background[q] && boxes.cells[q] <= TAIL_SHARE * boxes.cells[b]) chosen[q] = 1;
  };
  for (let cy = 0, cell = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++, cell++) {
      const here = regionAt(regions, cell);
      if (cx + 1 < cols) touch(here, regionAt(regions, cell + 1));
      if (cy + 1 < rows) touch(here, regionAt(regions, cell + cols));
    }
  }
  const all: number[] = [];
  chosen.forEach((flag, r) => {
    if (flag) all.push(r);
  });
  return all;
}
