import { parseConfig } from '@infscale/core';
import { ipaConfigSchema } from './ipa-config';
import { resolveIpaPipeline } from './ipa-pipeline';

const resolve = (input: Record<string, unknown>) => resolveIpaPipeline(parseConfig(ipaConfigSchema, { profile: 'sum-qa', ...input }, 'test'));

describe('the router drop limit (dropLimitMs)', () => {
  it('is the SLA with the improved method: a request past it is late whatever follows', () => {
    const p = resolve({});
    expect(p.dropLimitMs).toBe(p.slaMs);
    expect(resolve({ sla: { latencyMs: 3000 } }).dropLimitMs).toBe(3000);
  });

  it("is the profile's with the paper's method and with the baselines the improved method does not change", () => {
    const paper = resolve({ method: 'paper' });
    expect(paper.dropLimitMs).toBe(5000); // sum-qa's drop limit in the IPA paper's configuration
    expect(paper.dropLimitMs).toBeGreaterThan(paper.slaMs);
    expect(resolve({ mode: 'fa2-low' }).dropLimitMs).toBe(5000);
  });

  it('is what dropAfterMs says when set, whatever the method', () => {
    expect(resolve({ dropAfterMs: 8000 }).dropLimitMs).toBe(8000);
    expect(resolve({ method: 'paper', dropAfterMs: 2500 }).dropLimitMs).toBe(2500);
  });
});
