import type { Quotas } from './quotas';
import { WeightedDispatcher } from './weighted-dispatcher';

function picks(dispatcher: WeightedDispatcher, n: number): (string | undefined)[] {
  return Array.from({ length: n }, () => dispatcher.next());
}

function countBy(names: (string | undefined)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[String(name)] = (counts[String(name)] ?? 0) + 1;
  return counts;
}

describe('WeightedDispatcher', () => {
  it.each<{ quotas: Quotas; frame: string[] }>([
    { quotas: { a: 3, b: 1 }, frame: ['a', 'a', 'b', 'a'] },
    { quotas: { a: 1, b: 1 }, frame: ['a', 'b'] },
    { quotas: { a: 2, b: 2, c: 1 }, frame: ['a', 'b', 'c', 'a', 'b'] },
    { quotas: { a: 5, b: 0, c: 2 }, frame: ['a', 'c', 'a', 'a', 'a', 'c', 'a'] },
    { quotas: { x: 1 }, frame: ['x'] },
  ])('quotas $quotas give the frame $frame, repeated exactly', ({ quotas, frame }) => {
    const dispatcher = new WeightedDispatcher(quotas);
    expect(dispatcher.frameSize()).toBe(frame.length);
    expect(picks(dispatcher, frame.length * 3)).toEqual([...frame, ...frame, ...frame]);
  });

  it.each<Quotas>([
    { a: 7, b: 3, c: 11 },
    { a: 100, b: 1 },
    { r18: 4, r50: 9, r152: 2, r34: 0 },
  ])('gives every target exactly its quota in each frame of %p', (quotas) => {
    const dispatcher = new WeightedDispatcher(quotas);
    const expected = Object.fromEntries(Object.entries(quotas).filter(([, q]) => q > 0));
    for (let frame = 0; frame < 4; frame++) {
      expect(countBy(picks(dispatcher, dispatcher.frameSize()))).toEqual(expected);
      expect(dispatcher.frameProgress()).toBe(0);
    }
  });

  it('interleaves: with {a:3,b:1} b comes inside each frame, never after a run of 3 a', () => {
    const frames = picks(new WeightedDispatcher({ a: 3, b: 1 }), 40)
      .join('')
      .match(/.{4}/g);
    expect(frames).toEqual(Array(10).fill('aaba'));
  });

  it('spreads a heavy target: {a:1,b:9} never sends a twice within one frame of 10', () => {
    const sequence = picks(new WeightedDispatcher({ a: 1, b: 9 }), 30);
    const positions = sequence.flatMap((name, i) => (name === 'a' ? [i] : []));
    expect(positions).toHaveLength(3);
    expect(positions[1] - positions[0]).toBe(10);
    expect(positions[2] - positions[1]).toBe(10);
  });

  it('returns undefined when no target has a quota', () => {
    expect(new WeightedDispatcher().next()).toBeUndefined();
    expect(new WeightedDispatcher({ a: 0, b: 0 }).next()).toBeUndefined();
  });

  it('applies new quotas at once, starting a new frame, and never picks a removed target again', () => {
    const dispatcher = new WeightedDispatcher({ old: 2, kept: 1 });
    picks(dispatcher, 2); // mid-frame
    dispatcher.setQuotas({ kept: 1, fresh: 3 });
    expect(dispatcher.frameProgress()).toBe(0);
    const after = picks(dispatcher, 8);
    expect(after).not.toContain('old');
    expect(countBy(after)).toEqual({ kept: 2, fresh: 6 });
  });

  it('keeps in-flight accounting across quota changes, including for removed targets', () => {
    const dispatcher = new WeightedDispatcher({ a: 1, b: 1 });
    expect(picks(dispatcher, 4)).toEqual(['a', 'b', 'a', 'b']);
    dispatcher.complete('a');
    dispatcher.setQuotas({ b: 1 });
    expect(dispatcher.inFlight('a')).toBe(1);
    expect(dispatcher.inFlight('b')).toBe(2);
    dispatcher.complete('a');
    expect(dispatcher.inFlight('a')).toBe(0);
    expect(dispatcher.totalInFlight()).toBe(2);
    expect(dispatcher.dispatched()).toEqual({ a: 2, b: 2 });
  });

  it('refuses to complete a request it never dispatched', () => {
    expect(() => new WeightedDispatcher({ a: 1 }).complete('a')).toThrow(/without a matching next/);
  });

  it.each([{ a: -1 }, { a: 1.5 }, { a: Number.NaN }, { a: 1e15 }, { a: Infinity }, { a: 1_000_001 }])('rejects the quotas %p, naming the target', (quotas) => {
    expect(() => new WeightedDispatcher(quotas)).toThrow(/quota of "a" must be an integer from 0 to 1000000/);
  });

  it('takes the largest quota exactly: a frame of 1,000,000 + 1 picks', () => {
    const d = new WeightedDispatcher({ a: 1_000_000, b: 1 });
    expect(d.frameSize()).toBe(1_000_001);
    expect(d.next()).toBe('a');
  });
});
