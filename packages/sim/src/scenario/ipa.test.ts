import { loadIpaPipeline } from '@infscale/profiles';
import { laterStagesLeastMs } from './ipa';

describe('laterStagesLeastMs', () => {
  it("gives each stage the sum of the later stages' fastest profiled latency, the last stage 0", () => {
    const pipeline = loadIpaPipeline('nlp');
    const least = pipeline.stages.map((s) => Math.min(...s.variants.flatMap((v) => v.points.map((p) => p.latencyMs))));
    expect(least.every((ms) => ms > 0)).toBe(true);
    const later = laterStagesLeastMs(pipeline);
    expect(Object.keys(later)).toEqual(pipeline.stages.map((s) => s.name));
    expect(later[pipeline.stages[0]!.name]).toBeCloseTo(least[1]! + least[2]!, 9);
    expect(later[pipeline.stages[1]!.name]).toBeCloseTo(least[2]!, 9);
    expect(later[pipeline.stages[2]!.name]).toBe(0);
  });
});
