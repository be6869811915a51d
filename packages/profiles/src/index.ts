export * from './data-error';
export * from './csv';
export * from './paths';
export * from './infadapter';
export * from './ipa';
export * from './sponge';
export * from './traces';
export * from './trace-file';
