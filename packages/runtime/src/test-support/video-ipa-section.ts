/** The chart's default `ipa:` section (helm/infscale/values.yaml): the video pipeline, for e2e tests. */
export const VIDEO_IPA_SECTION = {
  interval: '10s',
  profile: 'video',
  sla: { latencyMs: 4598 },
  objective: { alpha: 2, beta: 1, gamma: 0.000001, accuracy: 'pas' },
  budget: { cores: 64 },
  forecast: { model: 'lstm', margin: 0 },
  stages: [
    { name: 'yolo', targetRef: { name: 'video-yolo' }, maxBatch: 8, variants: ['yolov5n', 'yolov5s', 'yolov5m', 'yolov5l', 'yolov5x'] },
    { name: 'resnet-human', targetRef: { name: 'video-resnet-human' }, maxBatch: 8, variants: ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152'] },
  ],
};
