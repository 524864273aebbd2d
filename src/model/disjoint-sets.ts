/**
 * Disjoint sets over 0 .. size - 1 (union-find, path halving): the split's
 * colours and parts, the screen's parts, the overshoot's strokes and pieces.
 * The smaller root wins a union, so a set's root is its smallest member:
 * callers number sets in the order of their first member by it.
 */
export class DisjointSets {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  /** The root (smallest member) of i's set. */
  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  }

  /** Joins the sets of a and b; whether they were apart. */
  union(a: number, b: number): boolean {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra === rb) return false;
    this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
    return true;
  }
}
