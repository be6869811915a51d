export * from './ms-plus-solve';
export * from './ms-plus-scaler';
