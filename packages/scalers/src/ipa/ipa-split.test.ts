import { createIpaScaler } from './ipa-scaler';
import { reshare, splitCarriedRps, splitDesiredState, splitWeights, SHARE_FRAME } from './ipa-split';

const pipeline = createIpaScaler({ profile: 'video', mode: 'ipa' }).pipeline;
const yolo = pipeline.stages[0]!;
const part = (variant: string, batch: number, replicas: number, share: number) => ({ variant, batch, replicas, share, cores: replicas, latencyMs: 0 });

describe('a split stage as deployments and routing weights', () => {
  it('shares become weights per mille: the more accurate part rounded down, the rest to the last', () => {
    const w = splitWeights(yolo, [part('yolov5s', 1, 2, 0.4867), part('yolov5n', 1, 1, 0.5133)]);
    expect(w).toEqual({ 'video-yolo-yolov5s': 486, 'video-yolo-yolov5n': 514 });
    expect(Object.values(w).reduce((a, b) => a + b, 0)).toBe(SHARE_FRAME);
    expect(splitWeights(yolo, [part('yolov5n', 1, 2, 1)])).toEqual({ 'video-yolo-yolov5n': 1 });
  });

  it('one deployment per part, with its replicas and batch; one routing entry per stage', () => {
    const chosen = [
      { stage: 'yolo', parts: [part('yolov5s', 1, 2, 0.5), part('yolov5n', 1, 1, 0.5)] },
      { stage: 'resnet-human', parts: [part('resnet34', 8, 2, 1)] },
    ];
    const desired = splitDesiredState(pipeline, chosen);
    expect(desired.deployments.map((d) => [d.name, d.replicas, d.batch])).toEqual([
      ['video-yolo-yolov5s', 2, 1],
      ['video-yolo-yolov5n', 1, 1],
      ['video-resnet-human-resnet34', 2, 8],
    ]);
    expect(desired.routing).toEqual([
      { stage: 'yolo', weights: { 'video-yolo-yolov5s': 500, 'video-yolo-yolov5n': 500 } },
      { stage: 'resnet-human', weights: { 'video-resnet-human-resnet34': 1 } },
    ]);
    // yolov5s ×2 carries 13.15 req/s at half the load: 26.3 in all, the first part to fill up.
    expect(splitCarriedRps(pipeline, chosen)).toBeCloseTo((2 * 6.57459) / 0.5, 3);
  });

  it('reshare keeps the deployments and fills the more accurate part first; undefined when they cannot carry the load', () => {
    const running = [
      { stage: 'yolo', parts: [part('yolov5n', 1, 1, 0.5), part('yolov5s', 1, 2, 0.5)] },
      { stage: 'resnet-human', parts: [part('resnet18', 2, 1, 1)] },
    ];
    const again = reshare(pipeline, running, 18, 1000)!;
    expect(again[0]!.parts.map((x) => [x.variant, +x.share.toFixed(4)])).toEqual([
      ['yolov5s', +((2 * 6.57459) / 18).toFixed(4)],
      ['yolov5n', +(1 - (2 * 6.57459) / 18).toFixed(4)],
    ]);
    expect(again[0]!.cores).toBe(3);
    expect(reshare(pipeline, running, 25, 1000)).toBeUndefined(); // resnet18 ×1 carries 20
  });
});
