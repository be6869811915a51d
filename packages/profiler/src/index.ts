export * from './search';
export * from './load';
export * from './probe';
export * from './run';
