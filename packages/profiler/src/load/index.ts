export * from './arrivals';
export * from './open-loop';
