export * from './count-list';
export * from './csv-trace';
export * from './load-trace-file';
export * from './moving-mean';
export * from './total-preserving-round';
