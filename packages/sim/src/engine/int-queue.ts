/** A growable ring-buffer FIFO of int32 ids (request slots): no allocation per push or shift. */
export class IntQueue {
  private buf = new Int32Array(16);
  private head = 0;
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(v: number): void {
    if (this.n === this.buf.length) this.grow();
    this.buf[(this.head + this.n) & (this.buf.length - 1)] = v;
    this.n++;
  }

  /** Removes and returns the oldest id; -1 when empty. */
  shift(): number {
    if (this.n === 0) return -1;
    const v = this.buf[this.head];
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.n--;
    return v;
  }

  /** The id at position i from the front (0 = oldest); -1 when out of range. */
  at(i: number): number {
    return i >= 0 && i < this.n ? this.buf[(this.head + i) & (this.buf.length - 1)] : -1;
  }

  clear(): void {
    this.head = 0;
    this.n = 0;
  }

  private grow(): void {
    const next = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.n; i++) next[i] = this.buf[(this.head + i) & (this.buf.length - 1)];
    this.buf = next;
    this.head = 0;
  }
}
