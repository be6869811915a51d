export * from './infadapter-config';
export * from './from-profiles';
export * from './problem';
export * from './stabilization';
export * from './desired';
export * from './detail-keys';
export * from './forecaster';
export * from './infadapter-scaler';
