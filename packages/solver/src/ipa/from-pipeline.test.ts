import { loadIpaPipeline } from '@infscale/profiles';
import { ipaObjective, stageOptions } from './options';
import { ipaProblemFromPipeline } from './from-pipeline';
import { solveIpa } from './solve';

describe('ipaProblemFromPipeline, raw accuracies', () => {
  it("uses fractions, as the IPA revision's code does: α·0.568·0.7737 for YOLOv5s → ResNet101", () => {
    const p = ipaProblemFromPipeline(loadIpaPipeline('video'), { loadRps: 5, accuracy: 'product', accuracyValues: 'raw' });
    const options = p.stages.map((_, s) => stageOptions(p, s));
    const pick = (s: number, variant: string) => options[s]!.find((o) => o.variant === variant && o.batch === 1)!;
    const chosen = [pick(0, 'yolov5s'), pick(1, 'resnet101')];
    expect(chosen.map((o) => o.accuracy)).toEqual([0.568, 0.7737]);
    const cost = chosen.reduce((a, o) => a + o.cost, 0);
    expect(ipaObjective(p, chosen)).toBeCloseTo(p.alpha * 0.568 * 0.7737 - cost, 12);
  });

  it('speech-to-text counts 1 − WER', () => {
    const p = ipaProblemFromPipeline(loadIpaPipeline('audio-qa'), { loadRps: 5, accuracy: 'product', accuracyValues: 'raw' });
    for (const v of p.stages[0]!.variants) expect(v.accuracy).toBeGreaterThan(0.5);
    for (const v of p.stages[0]!.variants) expect(v.accuracy).toBeLessThan(1);
  });

  it("so cost matters again: at video's β = 1 and α = 2 the cheapest variants win at a high load", () => {
    const p = ipaProblemFromPipeline(loadIpaPipeline('video'), { loadRps: 30, accuracy: 'product', accuracyValues: 'raw' });
    const r = solveIpa(p);
    expect(r.status).toBe('optimal');
    if (r.status === 'optimal') expect(r.decision.stages.map((s) => s.variant)).toEqual(['yolov5n', 'resnet18']);
  });
});
