import { createIpaForecaster } from '@infscale/scalers';
import { silentProgress } from '../scenario';
import { compareIpaOn, ipaComparison } from './comparison';

describe('ipa comparison', () => {
  it('gives one row per system with the promised shape on a short window', async () => {
    const arrivals = Array.from({ length: 90 }, (_, i) => (i < 45 ? 4 : 12));
    const result = await compareIpaOn('video', 'bursty', arrivals, await createIpaForecaster({ model: 'max' }), 1, silentProgress);
    expect(result.window).toBe('video/bursty');
    expect(result.rows.map((r) => r.system)).toEqual([
      'IPA',
      'IPA (method: paper)',
      'FA2-low',
      'FA2-high',
      'RIM',
      'IPA-oracle',
      'IPA-oracle (method: paper)',
      'IPA (paper)',
      'FA2-low (paper)',
      'FA2-high (paper)',
      'RIM (paper)',
      'frontier',
    ]);
    const low = result.rows.find((r) => r.system === 'FA2-low')!;
    const frontier = result.rows.at(-1)!;
    for (const ipa of result.rows.slice(0, 2)) expect(ipa.gainCaptured).toBeCloseTo((ipa.accuracy - low.accuracy) / (frontier.accuracy - low.accuracy), 12);
    // The paper's measured means sit beside the rows that ran with the paper's settings only.
    expect(result.rows.find((r) => r.system === 'FA2-low (paper)')!.extra?.['paper PAS']).toBe(31.88);
    expect(result.rows.find((r) => r.system === 'FA2-low')!.extra?.['paper PAS']).toBe('');
    for (const row of result.rows.filter((r) => r.system !== 'frontier')) {
      for (const key of ['sloViolationPct', 'p99LatencyMs', 'meanCores', 'coreSeconds', 'accuracy', 'objective'] as const)
        expect(Number.isFinite(row[key])).toBe(true);
      expect(row.coreSeconds).toBeCloseTo(row.meanCores * 90, 0);
    }
    const fa2Low = result.rows.find((r) => r.system === 'FA2-low')!;
    // yolov5n × resnet18, as a product of fractions in percent (the paper's 31.88).
    expect(fa2Low.accuracy).toBeCloseTo(31.88, 1);
    expect(result.sections.map((s) => s.title)).toEqual(['Targets', 'Load vs capacity', 'Cost over time', 'Accuracy over time', 'Latency CDF']);
    expect(result.sections.slice(1).every((s) => (s.chart?.series.length ?? 0) > 0)).toBe(true);
    const targets = result.sections[0]!.text!;
    expect(targets).toMatch(/^SLA violations: IPA [\d.]+ % \(target ≤ 1 %\): (met|MISSED)$/m);
    expect(targets).toMatch(/^frontier: whole replicas per 10 s interval within [\d.]+ mean cores .*: PAS ≤ [\d.]+ % → [\d.]+ × FA2-low$/m);
    expect(targets).toMatch(/^gain captured: \(IPA [\d.]+ − FA2-low 31\.8\d\d\) \/ \(frontier [\d.]+ − FA2-low\) = -?[\d.]+/m);
    expect(targets).toMatch(/^the paper's method: gain captured -?[\d.]+ at [\d.]+ × FA2-low's cores, SLA violations [\d.]+ %$/m);
    expect(targets).toMatch(/^paper mode vs the paper's measured means/m);
  });

  it("--mode paper runs the rows of before (IPA with the paper's method); --mode improved leaves the paper's rows out", async () => {
    const arrivals = Array.from({ length: 60 }, (_, i) => (i < 30 ? 4 : 12));
    const max = await createIpaForecaster({ model: 'max' });
    const paper = await compareIpaOn('video', 'bursty', arrivals, max, 1, silentProgress, undefined, 'paper');
    expect(paper.rows.map((r) => r.system)).toEqual([
      'IPA',
      'FA2-low',
      'FA2-high',
      'RIM',
      'IPA-oracle',
      'IPA (paper)',
      'FA2-low (paper)',
      'FA2-high (paper)',
      'RIM (paper)',
      'frontier',
    ]);
    const improved = await compareIpaOn('video', 'bursty', arrivals, max, 1, silentProgress, undefined, 'improved');
    expect(improved.rows.map((r) => r.system)).toEqual(['IPA', 'FA2-low', 'FA2-high', 'RIM', 'IPA-oracle', 'frontier']);
    await expect(ipaComparison.run({ mode: 'better', seed: 1 }, silentProgress)).rejects.toThrow(/--mode: must be one of paper, improved, both/);
  });

  it('names the flag of an unknown pipeline or workload', async () => {
    await expect(ipaComparison.run({ pipeline: 'speech', seed: 1 }, silentProgress)).rejects.toThrow(/--pipeline: "speech" not known: must be one of/);
    await expect(ipaComparison.run({ workload: 'spiky', seed: 1 }, silentProgress)).rejects.toThrow(/--workload: "spiky" not known: must be one of/);
    // A list is refused before anything runs, naming only the names not known.
    await expect(ipaComparison.run({ pipeline: 'video,speech', seed: 1 }, silentProgress)).rejects.toThrow(
      /--pipeline: "speech" not known: must be one of video/,
    );
    await expect(ipaComparison.run({ workload: 'bursty,spiky,', seed: 1 }, silentProgress)).rejects.toThrow(/--workload: "spiky", an empty name not known/);
    await expect(ipaComparison.run({ upscaleCheck: 'sometimes', seed: 1 }, silentProgress)).rejects.toThrow(/--upscale-check: must be on or off/);
    await expect(ipaComparison.run({ decideWhileWaiting: 'never', seed: 1 }, silentProgress)).rejects.toThrow(/--decide-while-waiting: must be on or off/);
    await expect(ipaComparison.run({ improvedSettings: '[0.1]', seed: 1 }, silentProgress)).rejects.toThrow(/--improved-settings: must be a JSON object/);
    await expect(ipaComparison.run({ improvedSettings: '{"headroom": 0.1', seed: 1 }, silentProgress)).rejects.toThrow(/--improved-settings: is not JSON/);
    await expect(ipaComparison.run({ improvedSettings: '{"headroom": -1}', seed: 1 }, silentProgress)).rejects.toThrow(/improved\.headroom/);
  });
});

describe('ipa comparison, the paper loop', () => {
  it('with the upscale check off, every system decides only every 10 s', async () => {
    // A step from 4 to 40 req/s at 60 s: with the check on, IPA acts within about a second of it.
    const arrivals = Array.from({ length: 120 }, (_, i) => (i < 60 ? 4 : 40));
    const max = await createIpaForecaster({ model: 'max' });
    const on = await compareIpaOn('video', 'step', arrivals, max, 1, silentProgress);
    const off = await compareIpaOn('video', 'step', arrivals, max, 1, silentProgress, { upscaleCheck: 'off' });
    const ipa = (r: typeof on) => r.rows.find((x) => x.system === 'IPA')!;
    expect(ipa(off).extra?.decisions).toBeLessThanOrEqual(12);
    expect(ipa(on).sloViolationPct).toBeLessThan(ipa(off).sloViolationPct);
  });
});
