import { offAdapterStep } from './off-adapter';

describe("offAdapterStep (the InfAdapter paper's VPA adapter)", () => {
  it('applies an increase at once, rounded up to whole cores', () => {
    expect(offAdapterStep(4, 6.2, 3, 4)).toEqual({ apply: 7, lowerReads: 0 });
  });

  it('applies a decrease only on the fifth read in a row at or below the current cores', () => {
    let reads = 0;
    const applied: (number | undefined)[] = [];
    for (const target of [3, 4, 2.5, 3, 3]) {
      const step = offAdapterStep(4, target, reads, 4);
      reads = step.lowerReads;
      applied.push(step.apply);
    }
    expect(applied).toEqual([undefined, undefined, undefined, undefined, 3]);
    expect(reads).toBe(0);
  });

  it('an equal read counts toward the wait, and on the fifth read changes nothing', () => {
    const step = offAdapterStep(4, 4, 4, 4);
    expect(step).toEqual({ lowerReads: 0 });
  });

  it('an increase in between starts the count again', () => {
    expect(offAdapterStep(4, 2, 3, 4)).toEqual({ lowerReads: 4 });
    expect(offAdapterStep(4, 5, 4, 4)).toEqual({ apply: 5, lowerReads: 0 });
    expect(offAdapterStep(5, 2, 0, 4)).toEqual({ lowerReads: 1 });
  });

  it('reads no recommendation as the current cores', () => {
    expect(offAdapterStep(20, undefined, 0, 4)).toEqual({ lowerReads: 1 });
  });
});
