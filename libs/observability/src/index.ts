export * from './health';
export * from './metrics';
export * from './openapi';
export * from './observability.module';
