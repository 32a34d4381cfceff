const NONE = -1;

type TypedArray = Int32Array | Uint8Array | Float64Array;

/** A copy of `array` with room for `length` items. */
export function grown<T extends TypedArray>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}

/**
 * Children of every vertex as linked lists in typed arrays (a head per vertex, a next per edge): a vertex
 * has at most three parents, so this costs 4 bytes per vertex and 8 per edge, and no object per vertex.
 */
export class ChildLists {
  private head = new Int32Array(0);
  private child = new Int32Array(0);
  private next = new Int32Array(0);
  private edges = 0;

  /** Makes room for vertex ids below `capacity`. */
  reserve(capacity: number): void {
    if (capacity <= this.head.length) return;
    const start = this.head.length;
    this.head = grown(this.head, capacity);
    this.head.fill(NONE, start);
  }

  add(parent: number, child: number): void {
    if (this.edges === this.child.length) {
      this.child = grown(this.child, Math.max(1024, this.edges * 2));
      this.next = grown(this.next, this.child.length);
    }
    this.child[this.edges] = child;
    this.next[this.edges] = this.head[parent];
    this.head[parent] = this.edges++;
  }

  /** Children of `parent` in the order they were added. */
  of(parent: number): number[] {
    const out: number[] = [];
    for (let e = this.head[parent]; e !== NONE; e = this.next[e]) out.push(this.child[e]);
    return out.reverse();
  }
}
