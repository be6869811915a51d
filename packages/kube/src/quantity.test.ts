import { formatCpu, parseCpu, sameCpu } from './quantity';

describe('CPU quantities', () => {
  it.each([
    ['2', 2],
    ['500m', 0.5],
    ['1.5', 1.5],
    ['250000000n', 0.25],
  ])('parses %s', (q, cores) => expect(parseCpu(q)).toBeCloseTo(cores));

  it('rejects what is not a CPU quantity', () => {
    expect(() => parseCpu('2Gi')).toThrow(/not a CPU quantity/);
    expect(() => parseCpu('-1')).toThrow();
  });

  it('formats whole cores plainly and fractions in millicores', () => {
    expect(formatCpu(4)).toBe('4');
    expect(formatCpu(1.5)).toBe('1500m');
    expect(() => formatCpu(0)).toThrow();
  });

  it('compares equal amounts written differently', () => {
    expect(sameCpu('1', '1000m')).toBe(true);
    expect(sameCpu('1', '1100m')).toBe(false);
    expect(sameCpu(undefined, '1')).toBe(false);
  });
});
