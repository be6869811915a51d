import { loadInfAdapterProfiles } from '@infscale/profiles';
import type { ComparisonRow } from '../scenario';
import { capacityModelRates, simulatorRates, targetLines } from './targets';

const profiles = loadInfAdapterProfiles();
const row = (system: string, accuracy: number, coreSeconds: number, sloViolationPct: number): ComparisonRow => ({ system, sloViolationPct, p99LatencyMs: 0, meanCores: 0, coreSeconds, accuracy, objective: 0 });

describe('InfAdapter cost bound rates', () => {
  it('takes the best req/s per core of the capacity model: int(0.8·(slope·n + int(intercept))) / n over 2..20', () => {
    const r50 = capacityModelRates(profiles).find((v) => v.name === 'resnet50')!;
    const fit = profiles.fits.resnet50!;
    let best = 0;
    for (let n = 2; n <= 20; n++) best = Math.max(best, Math.trunc(0.8 * (fit.slopeRpsPerCore * n + fit.interceptUsedRps)) / n);
    expect(r50.rpsPerCore).toBe(best);
    expect(r50.accuracy).toBe(0.7613);
  });

  it('serves faster in the simulator than the derated model', () => {
    const sim = simulatorRates(profiles);
    expect(sim.sloMs).toBe(1500);
    const model = capacityModelRates(profiles);
    for (const v of sim.variants) expect(v.rpsPerCore).toBeGreaterThan(model.find((m) => m.name === v.name)!.rpsPerCore);
  });
});

describe('targetLines with the cost bound', () => {
  const rows = [row('infadapter', 0.75, 9000, 1), row('vpa-resnet152-Recreate', 0.78312, 25200, 2), row('vpa-resnet50-Recreate', 0.7613, 12000, 5)];

  it('compares the fewest core-seconds at ResNet50\'s accuracy with 0.6 × the best VPA run', () => {
    // 1000 s of 100 req/s at ResNet50's 8.11 req/s per core (model): about 12 300 core-seconds > 0.6 × 25 200.
    const lines = targetLines(rows, 'vpa-resnet152-Recreate', { arrivals: Array<number>(1000).fill(100), profiles });
    expect(lines).toContain('cost bound: 100000 requests at load-weighted accuracy ≥ 0.7613, 0.600 % of them free (0.3 × best VPA\'s violations), vs 0.6 × 25200.000 = 15120.000 core-seconds:');
    expect(lines.find((l) => l.includes('capacity model'))).toMatch(/: feasible in principle: lower bound 12[0-9]{3}\.[0-9]{3} ≤ 15120\.000$/);
    const busy = targetLines(rows, 'vpa-resnet152-Recreate', { arrivals: Array<number>(1000).fill(200), profiles });
    expect(busy.find((l) => l.includes('capacity model'))).toMatch(/: cost and accuracy targets jointly infeasible for any scaler: lower bound 24[0-9]{3}\.[0-9]{3} > 15120\.000$/);
    expect(busy.find((l) => l.includes("simulator's service rate (profiled capacity at 1500 ms"))).toBeDefined();
  });

  it('leaves the bound out without the arrivals, and says so without a ResNet50 run', () => {
    expect(targetLines(rows, 'vpa-resnet152-Recreate').some((l) => l.startsWith('cost bound'))).toBe(false);
    expect(targetLines(rows.slice(0, 2), 'vpa-resnet152-Recreate', { arrivals: [1], profiles })).toContain('cost bound: no VPA-ResNet50 run, so no accuracy to bound at');
  });
});
