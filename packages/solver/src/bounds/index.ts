export * from './cheapest-mix';
export * from './infadapter-bound';
export * from './fractional-choice';
export * from './ipa-bound';
export * from './whole-replica-bound';
export * from './infadapter-frontier';
export * from './load-aware-bound';
export * from './whole-replica-plan';
