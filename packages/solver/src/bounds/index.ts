export * from './cheapest-mix';
export * from './infadapter-bound';
export * from './fractional-choice';
export * from './ipa-bound';
