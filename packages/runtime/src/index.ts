export * from './json-logger';
export * from './abortable-sleep';
export * from './decision-log';
export * from './driver';
export * from './config-file';
export * from './env-overrides';
export * from './process-config';
