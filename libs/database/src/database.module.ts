import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import { type PoolOptions, createSchemaIfMissing, pgSettings } from './postgres';

/** The service's pg Pool (the one TypeORM uses), search_path = service schema, public. */
export const PG_POOL = Symbol('PG_POOL');

export interface DatabaseOptions extends PoolOptions {
  /** Migration classes of the service; run at start-up when `migrationsRun` is not false. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  migrationsRun?: boolean;
  /** Tests only: create tables from entities. Never in services (migrations). */
  synchronize?: boolean;
}

export interface DatabaseModuleAsyncOptions {
  imports?: DynamicModule['imports'];
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => DatabaseOptions | Promise<DatabaseOptions>;
}

/** TypeORM options for a service schema; entities come from `TypeOrmModule.forFeature` (autoLoadEntities). */
export function typeOrmOptions(o: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: o.url,
    schema: o.schema,
    extra: pgSettings(o),
    migrations: o.migrations ?? [],
    migrationsRun: o.migrationsRun ?? true,
    migrationsTableName: 'typeorm_migrations',
    synchronize: o.synchronize ?? false,
  };
}

/** Creates the schema if missing, then initializes the DataSource. */
export async function createDataSource(options: DataSourceOptions): Promise<DataSource> {
  if (options.type === 'postgres' && options.url && options.schema) await createSchemaIfMissing(options.url, options.schema);
  return new DataSource(options).initialize();
}

/**
 * PostgreSQL for a service: a TypeORM DataSource on its schema (created if missing; use
 * `TypeOrmModule.forFeature([...])` + `@InjectRepository` in feature modules) and the same
 * connection pool as `PG_POOL` for plain SQL (inbox, event store adapter, checkpoints).
 */
@Module({})
export class DatabaseModule {
  static forRootAsync(options: DatabaseModuleAsyncOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          imports: options.imports,
          inject: options.inject,
          useFactory: async (...args: unknown[]) => ({
            ...typeOrmOptions(await options.useFactory(...(args as never[]))),
            autoLoadEntities: true,
            retryAttempts: 2,
            retryDelay: 1000,
          }),
          dataSourceFactory: async (o) => createDataSource(o!),
        }),
      ],
      providers: [
        {
          provide: PG_POOL,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource): Pool => (dataSource.driver as unknown as { master: Pool }).master,
        },
      ],
      exports: [PG_POOL],
    };
  }
}
