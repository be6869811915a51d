import { closestName, editDistance } from './closest-name';

describe('editDistance', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['enalbed', 'enabled', 1],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ])('%s → %s: %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('closestName', () => {
  const known = ['enabled', 'leaseName', 'identity', 'leaseDuration', 'renewDeadline', 'retryPeriod'];

  it.each([
    ['enable', 'enabled'],
    ['leasename', 'leaseName'],
    ['identiy', 'identity'],
    ['renewDeadLine', 'renewDeadline'],
    ['leaseDur', 'leaseDuration'],
  ])('%s → %s', (typo, meant) => {
    expect(closestName(typo, known)).toBe(meant);
  });

  it('suggests nothing when no known name is close', () => {
    expect(closestName('foo', known)).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });
});
