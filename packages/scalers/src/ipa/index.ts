export * from './ipa-config';
export * from './ipa-pipeline';
export * from './ipa-baselines';
export * from './ipa-solve';
export * from './ipa-improved';
export * from './ipa-scaler';
export * from './ipa-forecaster';
export { carriedRps } from './ipa-upscale-check';
