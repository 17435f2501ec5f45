export * from './decider';
export * from './domain-error';
export * from './testing';
export * from './command-metadata';
