import { EventHeap } from './event-heap';
import { Rng } from './random';

describe('EventHeap', () => {
  it('pops in time order, equal times in insertion order', () => {
    const heap = new EventHeap();
    const rng = new Rng(1);
    const items: [number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      const t = Math.floor(rng.next() * 100);
      items.push([t, i]);
      heap.push(t, i);
    }
    items.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [t, id] of items) {
      expect(heap.peekTime()).toBe(t);
      expect(heap.pop()).toBe(id);
    }
    expect(heap.peekTime()).toBe(Infinity);
  });
});

describe('Rng', () => {
  it('is reproducible per seed and has mean-1 exponentials', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 5 }, () => a.uint32())).toEqual(Array.from({ length: 5 }, () => b.uint32()));
    const r = new Rng(9);
    let sum = 0;
    for (let i = 0; i < 200_000; i++) sum += r.exp();
    expect(sum / 200_000).toBeCloseTo(1, 1);
  });
});
