/**
 * The requests in the system, as parallel typed arrays indexed by a slot id, with a free list: memory
 * is bounded by the number of requests in flight, not by the run's length.
 */
export class RequestTable {
  arrivalMs = new Float64Array(0);
  deadlineMs = new Float64Array(0);
  enteredMs = new Float64Array(0);
  startMs = new Float64Array(0);
  stage = new Int32Array(0);
  pod = new Int32Array(0);
  /** Next request of the same batch (or of a pod's queue link), -1 at the end. */
  next = new Int32Array(0);
  private free = new Int32Array(0);
  private nFree = 0;
  private capacity = 0;
  private live = 0;

  constructor(initial = 4096) {
    this.grow(initial);
  }

  get inFlight(): number {
    return this.live;
  }

  alloc(arrivalMs: number, deadlineMs: number): number {
    if (this.nFree === 0) this.grow(this.capacity * 2);
    const id = this.free[--this.nFree];
    this.arrivalMs[id] = arrivalMs;
    this.deadlineMs[id] = deadlineMs;
    this.enteredMs[id] = arrivalMs;
    this.startMs[id] = -1;
    this.stage[id] = 0;
    this.pod[id] = -1;
    this.next[id] = -1;
    this.live++;
    return id;
  }

  release(id: number): void {
    this.free[this.nFree++] = id;
    this.live--;
  }

  private grow(size: number): void {
    const old = this.capacity;
    const f64 = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.arrivalMs = f64(this.arrivalMs);
    this.deadlineMs = f64(this.deadlineMs);
    this.enteredMs = f64(this.enteredMs);
    this.startMs = f64(this.startMs);
    this.stage = i32(this.stage);
    this.pod = i32(this.pod);
    this.next = i32(this.next);
    const free = new Int32Array(size);
    free.set(this.free.subarray(0, this.nFree));
    // New slots are handed out lowest first.
    for (let id = size - 1; id >= old; id--) free[this.nFree++] = id;
    this.free = free;
    this.capacity = size;
  }
}
