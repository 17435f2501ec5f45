export * from './postgres';
export * from './database.module';
export * from './sql-migrations';
