import { BinaryHeap } from './binary-heap';

describe('BinaryHeap', () => {
  it('pops in comparator order for a shuffled input with duplicates', () => {
    const input = [5, 3, 9, 1, 5, 7, 2, 8, 0, 3, 6, 4];
    const heap = new BinaryHeap<number>((a, b) => a - b);
    input.forEach((n) => heap.push(n));
    expect(heap.size).toBe(input.length);
    const out: number[] = [];
    for (let n = heap.pop(); n !== undefined; n = heap.pop()) out.push(n);
    expect(out).toEqual([...input].sort((a, b) => a - b));
  });

  it('keeps order when pushes and pops interleave', () => {
    const heap = new BinaryHeap<number>((a, b) => a - b);
    const reference: number[] = [];
    let x = 17;
    for (let i = 0; i < 500; i++) {
      x = (x * 1103515245 + 12345) % 2147483648; // deterministic pseudo-random sequence
      if (x % 3 === 0 && reference.length > 0) {
        reference.sort((a, b) => a - b);
        expect(heap.pop()).toBe(reference.shift());
      } else {
        heap.push(x % 1000);
        reference.push(x % 1000);
      }
      expect(heap.peek()).toBe(Math.min(...reference));
    }
  });

  it('answers undefined when empty', () => {
    const heap = new BinaryHeap<number>((a, b) => a - b);
    expect(heap.pop()).toBeUndefined();
    expect(heap.peek()).toBeUndefined();
  });
});
