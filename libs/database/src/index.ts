export * from './postgres';
export * from './database.module';
