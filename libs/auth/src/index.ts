export * from './identity';
export * from './jwt';
export * from './decorators';
export * from './jurisdiction';
export * from './auth.guard';
export * from './auth.module';
