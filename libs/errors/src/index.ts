export * from './domain-error';
export * from './problem';
export * from './validation';
export * from './problem.filter';
export * from './errors.module';
