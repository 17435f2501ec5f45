export * from './port';
export * from './envelope';
export * from './hash-chain';
export * from './append-rules';
export * from './command-handler';
export * from './postgres';
export * from './eventstoredb';
export * from './projections';
