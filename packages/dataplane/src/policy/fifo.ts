/** An array-backed FIFO with O(1) amortized shift (a head index, compacted when half is dead). */
export class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  /** The item at position i from the front (0 = oldest). */
  at(i: number): T | undefined {
    return this.items[this.head + i];
  }

  /** Removes and returns up to n items from the front, oldest first. */
  shift(n: number): T[] {
    const taken = this.items.slice(this.head, this.head + n);
    this.head += taken.length;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return taken;
  }

  /** Removes every item for which drop() is true, keeping the others in order; returns the removed. */
  removeWhere(drop: (item: T) => boolean): T[] {
    const kept: T[] = [];
    const removed: T[] = [];
    for (let i = this.head; i < this.items.length; i++) (drop(this.items[i]) ? removed : kept).push(this.items[i]);
    this.items = kept;
    this.head = 0;
    return removed;
  }

  values(): T[] {
    return this.items.slice(this.head);
  }
}
