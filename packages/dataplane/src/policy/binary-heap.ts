/**
 * A binary min-heap ordered by a comparator (negative: a before b). Used by the EDF queue; kept
 * generic so the ordering lives with the caller. push/pop O(log n), peek O(1).
 */
export class BinaryHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop() as T;
    if (items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** The items in heap order (not sorted): for reading every entry, e.g. remaining budgets. */
  values(): readonly T[] {
    return this.items;
  }

  private siftUp(index: number): void {
    const items = this.items;
    const item = items[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.before(item, items[parent]) >= 0) break;
      items[index] = items[parent];
      index = parent;
    }
    items[index] = item;
  }

  private siftDown(index: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.before(items[right], items[left]) < 0 ? right : left;
      if (this.before(items[child], item) >= 0) break;
      items[index] = items[child];
      index = child;
    }
    items[index] = item;
  }
}
