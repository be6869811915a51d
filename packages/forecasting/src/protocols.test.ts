import { splitTrace } from './dataset';
import { ForecastInputError, ModelFormatError } from './errors';
import type { ForecastModelMeta } from './lstm/forecast-model';
import { trainLstm } from './lstm/train';
import { loadForecastModel } from './model-io';
import { loadPretrained } from './preset-forecasters';
import { PRESETS } from './presets';
import {
  checkModelDamping,
  checkValidationModel,
  findProtocol,
  modelDamping,
  PAPER_PROTOCOL,
  paperProtocolModelDir,
  protocolSeries,
  validateDamping,
} from './protocols';
import { initTensorflow } from './tensorflow';
import { syntheticSeries, tinyTraining, tinyWindow } from './test-support/tiny-model';
import { buildWindows } from './windows';

const FROM = 1_296_000;
const TO = FROM + 1200;
const HUGE = 100_000;

/** Second s of the paper window carries 30 + (s − FROM) % 40; everything outside it is huge, so a leak shows. */
function traceAroundPaperWindow(): Int32Array {
  const trace = new Int32Array(TO + 3600).fill(HUGE);
  for (let s = FROM; s < TO; s++) trace[s] = 30 + ((s - FROM) % 40);
  return trace;
}

describe('protocolSeries', () => {
  it('paper: scores trace seconds [1296000, 1297200) undamped, windows of 12 × 10 s → next 20 s sliding 10 s, nothing outside', () => {
    const trace = traceAroundPaperWindow();
    const scored = protocolSeries(trace, PRESETS.ipa, 'paper');
    expect(scored).toMatchObject({ protocol: 'paper', damping: 1, fromSecond: FROM, toSecond: TO });
    expect(Array.from(scored.series)).toEqual(Array.from(trace.subarray(FROM, TO)));
    expect(scored.description).toMatch(/trace seconds \[1296000, 1297200\) = day 15, first 20 minutes, damping 1/);

    const set = buildWindows(scored.series, PRESETS.ipa.window);
    // Ends 120, 130, …, 1180: every window whose 120 s input and 20 s horizon lie in the 1200 s.
    expect(set.count).toBe(107);
    expect(set.ends[0]).toBe(120);
    expect(set.ends[set.count - 1]).toBe(1180);
    // First input block: seconds FROM … FROM + 9 → max 39; first target: seconds FROM + 120 … FROM + 139.
    expect(set.inputs[0]).toBe(39);
    expect(set.targets[0]).toBe(Math.max(...Array.from(trace.subarray(FROM + 120, FROM + 140))));
    expect(Math.max(...set.inputs, ...set.targets)).toBeLessThan(HUGE);
  });

  it('paper: drops the zero seconds of the window (IPA filters x != 0) and can be damped on request', () => {
    const trace = traceAroundPaperWindow();
    trace[FROM + 5] = 0;
    trace[FROM + 6] = 7;
    expect(protocolSeries(trace, PRESETS.ipa, 'paper').series.length).toBe(1199);
    const damped = protocolSeries(trace, PRESETS.ipa, 'paper', 8);
    expect(damped.damping).toBe(8);
    expect(damped.series.length).toBe(1198); // 7 / 8 truncates to 0 as well
    expect(damped.series[0]).toBe(3); // trunc(30 / 8)
    expect(damped.description).toMatch(/damping 8 \(the protocol's is 1\)/);
  });

  it("issue: the preset's test split at its damping, or at another one", () => {
    const trace = Int32Array.from({ length: 15 * 86_400 }, (_, i) => 5 + (i % 13));
    const issue = protocolSeries(trace, PRESETS.ipa, 'issue');
    expect(issue).toMatchObject({ protocol: 'issue', damping: 8, fromSecond: 14 * 86_400, toSecond: trace.length });
    expect(Array.from(issue.series)).toEqual(Array.from(splitTrace(trace, PRESETS.ipa).test));
    const undamped = protocolSeries(trace, PRESETS.ipa, 'issue', 1);
    expect(Array.from(undamped.series)).toEqual(Array.from(trace.subarray(14 * 86_400)));
  });

  it('validation: the last two training days at the preset damping, days the test split does not hold', () => {
    // Day d (from 0) carries 8·(d + 1) req/s every second: damped by 8, day d reads d + 1.
    const trace = Int32Array.from({ length: 15 * 86_400 }, (_, s) => 8 * (1 + Math.floor(s / 86_400)));
    const v = protocolSeries(trace, PRESETS.ipa, 'validation');
    expect(v).toMatchObject({ protocol: 'validation', damping: 8, fromSecond: 12 * 86_400, toSecond: 14 * 86_400 });
    expect(v.series.length).toBe(2 * 86_400);
    expect([v.series[0], v.series[86_399], v.series[86_400], v.series[2 * 86_400 - 1]]).toEqual([13, 13, 14, 14]);
    expect(v.description).toMatch(/^validation protocol: the last 2 training days/);
  });

  it('refuses what the protocol does not define, naming it', () => {
    const trace = traceAroundPaperWindow();
    expect(() => protocolSeries(trace, PRESETS.infadapter, 'paper')).toThrow(
      /paper protocol is IPA's evaluation \(preset "ipa"\), not defined for preset "infadapter"/,
    );
    expect(() => protocolSeries(trace.subarray(0, TO - 1), PRESETS.ipa, 'paper')).toThrow(/\[1296000, 1297200\), the trace has 1297199/);
    expect(() => protocolSeries(trace, PRESETS.ipa, 'paper', 0)).toThrow(ForecastInputError);
    expect(() => findProtocol('ipa-paper')).toThrow(/unknown protocol "ipa-paper" \(known: issue, paper, validation\)/);
    expect(PAPER_PROTOCOL).toEqual({ preset: 'ipa', fromSecond: FROM, seconds: 1200, damping: 1 });
  });
});

describe('validateDamping', () => {
  it('accepts whole numbers ≥ 1 and names the setting otherwise', () => {
    expect(validateDamping(1)).toBe(1);
    expect(validateDamping(8, '--damping')).toBe(8);
    for (const bad of [0, -8, 1.5, NaN, Infinity])
      expect(() => validateDamping(bad, '--damping')).toThrow(new RegExp(`^--damping must be a whole number ≥ 1, got ${String(bad)}$`));
  });
});

describe('model damping', () => {
  const meta = (preset: 'ipa' | 'infadapter', damping?: number) =>
    ({ preset, training: { ...tinyTraining, windows: 1, trainSeconds: 1, finalLoss: 0, ...(damping === undefined ? {} : { damping }) } }) as ForecastModelMeta;

  it("is the preset's when forecaster.json does not say (every model before the field), else what it says", () => {
    expect(modelDamping(meta('ipa'))).toBe(8);
    expect(modelDamping(meta('infadapter'))).toBe(1);
    expect(modelDamping(meta('ipa', 1))).toBe(1);
  });

  it('refuses a model trained at another damping than the scored series', () => {
    expect(() => checkModelDamping(meta('ipa'), 1)).toThrow(new ModelFormatError('the model was trained at damping 8, the evaluated series is at damping 1'));
    expect(() => checkModelDamping(meta('ipa', 1), 8)).toThrow(/trained at damping 1, the evaluated series is at damping 8/);
    expect(() => checkModelDamping(meta('ipa', 1), 1)).not.toThrow();
  });

  it("is recorded by training only when it is not the preset's, so the shipped models reproduce unchanged", async () => {
    await initTensorflow();
    const request = { preset: 'ipa' as const, window: tinyWindow, training: { ...tinyTraining, epochs: 1 }, series: syntheticSeries(300) };
    expect((await trainLstm({ ...request, damping: 1 })).meta.training.damping).toBe(1);
    expect('damping' in (await trainLstm({ ...request, damping: 8 })).meta.training).toBe(false);
    expect('damping' in (await trainLstm(request)).meta.training).toBe(false);
  }, 30_000);

  it('refuses a model trained on the validation days for the validation protocol', () => {
    expect(() => checkValidationModel(meta('ipa'))).toThrow(/trained on the first 14 days, which include the validation days \(after day 12\)/);
    expect(() => checkValidationModel({ ...meta('ipa'), training: { ...meta('ipa').training, trainDays: 12 } })).not.toThrow();
  });

  it('of the shipped models: ipa 8, ipa-paper-protocol 1', async () => {
    await initTensorflow();
    expect(modelDamping((await loadPretrained('ipa')).meta)).toBe(8);
    expect(modelDamping((await loadPretrained('ipa', 'upper')).meta)).toBe(8);
    const paper = await loadForecastModel(paperProtocolModelDir(), 'ipa');
    expect(modelDamping(paper.meta)).toBe(1);
    expect(paper.meta.window).toEqual(PRESETS.ipa.window);
  }, 30_000);
});
