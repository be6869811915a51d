export * from './points-csv';
export * from './profile-cores';
export * from './profile-writer';
