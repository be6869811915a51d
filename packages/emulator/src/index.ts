export * from './latency-model';
export * from './serving-queue';
export * from './emulator-metrics';
export * from './emulator-server';
