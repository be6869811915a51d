export * from './measurement';
export * from './capacity-search';
