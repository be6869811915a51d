import { bundledDataDir, dataFile } from './paths';
import { fittedCapacityRps, loadInfAdapterProfiles, profiledCapacityRps } from './infadapter';
import { loadIpaPipeline, loadIpaPipelines, loadIpaProfilingSummary } from './ipa';
import { latencyOf, loadBandwidthTrace, loadLatencyFits, loadSpongeProfile, networkDelaysMs, remainingBudgetsMs } from './sponge';
import { readCsv } from './csv';

// Values below were read by hand from the files in data/ (see the SOURCES.md beside each).
describe('InfAdapter profiles', () => {
  const p = loadInfAdapterProfiles();

  it('has ResNet18…152 least accurate first with accuracy and load time', () => {
    expect(p.variants.map((v) => v.name)).toEqual(['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152']);
    expect(p.variants[2].accuracy).toBe(0.7613);
    expect(p.variants[4].loadTimeS).toBe(8.52);
  });

  it('reads the capacity table (SLO 750 ms, 20 cores: 473, 259, 200, 98, 67 req/s)', () => {
    expect(p.variants.map((v) => profiledCapacityRps(v, 20, 750))).toEqual([473, 259, 200, 98, 67]);
    expect(profiledCapacityRps(p.variants[0], 1, 500)).toBe(15);
    expect(p.variants[0].capacity).toHaveLength(80);
  });

  it("reproduces the paper solver's fitted capacity column", () => {
    const table = readCsv(dataFile(bundledDataDir, 'infadapter', 'derived', 'solver_capacity_table.csv'));
    let checked = 0;
    for (const row of table) {
      const expected = row.optionalNumber('solver_capacity_rps');
      if (expected === undefined) continue;
      expect(fittedCapacityRps(p.fits[row.text('variant')], row.integer('cores'), p.capacityCoefficient)).toBe(expected);
      checked++;
    }
    expect(checked).toBe(95);
  });

  it('carries the paper settings', () => {
    expect(p.settings).toMatchObject({
      maxCores: 20,
      alpha: 0.05,
      beta: 0.001,
      sloMs: 750,
      decisionIntervalS: 30,
      firstDecisionDelayS: 120,
      stabilizationDecisions: 4,
    });
    expect(p.settings.forecastHeadroom).toBeCloseTo(1.1);
  });
});

describe('IPA pipelines', () => {
  it('loads the five pipelines with their SLAs and settings', () => {
    const all = loadIpaPipelines();
    expect(all.map((x) => x.name)).toEqual(['video', 'audio-qa', 'audio-sent', 'sum-qa', 'nlp']);
    const video = loadIpaPipeline('video');
    expect(video.slaMs).toBeCloseTo(4598.242);
    expect(video.settings).toMatchObject({ alpha: 2, beta: 1, gamma: 1e-6, batchCap: 8, scalingCap: 100, dropLimitMs: 10_000 });
    expect(loadIpaPipeline('nlp').stages).toHaveLength(3);
  });

  it('reads per-batch latency and throughput at the base allocation', () => {
    const yolo = loadIpaPipeline('video').stages[0];
    expect(yolo.name).toBe('yolo');
    expect(yolo.stageSlaMs).toBeCloseTo(3080.391);
    const n = yolo.variants[0];
    expect(n).toMatchObject({ name: 'yolov5n', accuracy: 45.7, accuracyRank: 0, baseCores: 1 });
    expect(n.points[0].latencyMs).toBeCloseTo(88.0996);
    expect(n.points[0].throughputRps).toBeCloseTo(15.0769);
    expect(yolo.variants.map((v) => v.baseCores)).toEqual([1, 1, 2, 4, 8]);
  });

  it('names an unknown pipeline and lists the known ones', () => {
    expect(() => loadIpaPipeline('speech')).toThrow(/unknown pipeline "speech" \(known: video, audio-qa/);
  });

  it('loads the profiling summary (resnet152, 2 cores, batch 1, load 20: p99 239.6 ms)', () => {
    const rows = loadIpaProfilingSummary();
    const r = rows.find((x) => x.variant === 'resnet152' && x.cores === 2 && x.batch === 1 && x.loadRps === 20);
    expect(r?.latencyP99Ms).toBeCloseTo(239.606, 2);
    expect(r?.throughputMaxRps).toBeCloseTo(5.3867, 3);
  });
});

describe('Sponge data', () => {
  it('reads the ResNet18 profile (b=1, c=1: p99 54.195 ms, 22.86 req/s)', () => {
    const points = loadSpongeProfile('resnet18');
    const p = points.find((x) => x.batch === 1 && x.cores === 1);
    expect(p?.latencyMs).toBeCloseTo(54.195);
    expect(p?.throughputRps).toBeCloseTo(22.862275);
  });

  it("has the notebook's latency fit", () => {
    const fit = loadLatencyFits()[0];
    expect(fit.gamma).toBeCloseTo(18.29, 2);
    expect(latencyOf(fit, 10, 5)).toBeCloseTo(18.290085669960497 * 2 + 4.488036965709086 * 10 + 45.46884624496562 / 5 + 1.0458126036484283, 9);
  });

  it('turns the 4G trace into 43–703 ms of delay for the 303,600-byte image', () => {
    const trace = loadBandwidthTrace();
    expect(trace).toHaveLength(607);
    const delays = networkDelaysMs(trace);
    expect(Math.min(...delays)).toBeGreaterThan(42);
    expect(Math.min(...delays)).toBeLessThan(44);
    expect(Math.max(...delays)).toBeGreaterThan(702);
    expect(Math.max(...delays)).toBeLessThan(704);
    expect(remainingBudgetsMs(trace, 1000)[0]).toBe(932);
  });
});
