import { FlagError, refuseUnknownFlags } from './script-flags';

describe('refuseUnknownFlags', () => {
  const known = { '--seed': 'value', '--improved-settings': 'value', '--per-window': 'switch' } as const;

  it('takes known flags, their values (whatever they look like) and switches', () => {
    expect(() => refuseUnknownFlags([], known)).not.toThrow();
    expect(() => refuseUnknownFlags(['--seed', '2', '--per-window', '--improved-settings', '{"a": -1}'], known)).not.toThrow();
    expect(() => refuseUnknownFlags(['--seed', '-1'], known)).not.toThrow();
  });

  it('refuses an unknown flag, naming the closest known one', () => {
    expect(() => refuseUnknownFlags(['--improvd-settings', '{}'], known)).toThrow(
      /--improvd-settings: not a flag of this command \(did you mean --improved-settings\?\); known: --seed, --improved-settings, --per-window/,
    );
    expect(() => refuseUnknownFlags(['--xyz'], known)).toThrow(/^--xyz: not a flag of this command; known/);
    expect(() => refuseUnknownFlags(['--xyz'], known)).toThrow(FlagError);
  });

  it('refuses a flag given twice, a value flag without its value and a stray word', () => {
    expect(() => refuseUnknownFlags(['--seed', '1', '--seed', '2'], known)).toThrow(/--seed: given twice/);
    expect(() => refuseUnknownFlags(['--per-window', '--seed'], known)).toThrow(/--seed: needs a value/);
    expect(() => refuseUnknownFlags(['--per-window', 'yes'], known)).toThrow(/unexpected "yes"/);
  });
});
