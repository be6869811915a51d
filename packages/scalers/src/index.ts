export * from './static/static-scaler';
export * from './static/desired';
