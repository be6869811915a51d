import type { ClusterState } from '@infscale/core';
import { changingCores, runningCores, savedCoreSeconds, updateBank } from './core-bank';

const status = (name: string, replicas: number, cores: number) => ({
  name,
  variant: name,
  stage: 's',
  replicas,
  cores,
  batch: 1,
  readyReplicas: replicas,
  actualCores: cores,
});

describe("the improved method's core bank", () => {
  it('saves the cores allowed and not run, and spends them as debt when more run', () => {
    let bank = updateBank(undefined, 0, 2, 2.2, 1000);
    expect(savedCoreSeconds(bank, 10_000, 1000)).toBeCloseTo(2, 9); // 0.2 core × 10 s
    bank = updateBank(bank, 10_000, 3, 2.2, 1000);
    expect(savedCoreSeconds(bank, 20_000, 1000)).toBeCloseTo(2 - 8, 9); // then 0.8 over for 10 s
  });

  it('never saves nor owes more than the limit', () => {
    const bank = updateBank(undefined, 0, 0, 10, 50);
    expect(savedCoreSeconds(bank, 100_000, 50)).toBe(50);
    const owing = updateBank(undefined, 0, 10, 0, 50);
    expect(savedCoreSeconds(owing, 100_000, 50)).toBe(-50);
  });

  it('a change counts the old and the new deployments together until it is done', () => {
    const cluster: ClusterState = { deployments: [status('a', 2, 1), status('b', 1, 2)], routing: [] };
    expect(runningCores(cluster)).toBe(4);
    const desired = {
      deployments: [
        { name: 'a', variant: 'a', stage: 's', replicas: 3, cores: 1, batch: 1 },
        { name: 'c', variant: 'c', stage: 's', replicas: 1, cores: 4, batch: 1 },
      ],
      routing: [],
    };
    // a grows to 3, b stays until c is ready, c is new: 3 + 2 + 4.
    expect(changingCores(cluster, desired)).toBe(9);
  });
});
