export * from './sponge-config';
export * from './sponge-load';
export * from './joint-plan';
export * from './sponge-scaler';
export * from './model-server-hook';
