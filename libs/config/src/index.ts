export * from './spec';
export * from './load';
export * from './service-spec';
export * from './crypto-spec';
