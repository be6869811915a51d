export * from './capacity-fit';
export * from './infadapter-section';
export * from './load-profile-file';
