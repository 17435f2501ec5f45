export * from './case-file';
export * from './commands';
export * from './events';
export * from './assessment';
export * from './public-notice';
export * from './decide';
export * from './emergency-advance';
export * from './withdrawal-after-approval';
