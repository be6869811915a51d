export * from './latency-sample';
export * from './probe';
