import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule } from '@sa/auth';
import { ConfigService } from '@nestjs/config';
import { type ConfigSpec, configValidator } from '@sa/config';
import { DatabaseModule, type DatabaseOptions, PG_POOL } from '@sa/database';
import { ErrorsModule } from '@sa/errors';
import { LoggingModule } from '@sa/logging';
import { ObservabilityModule } from '@sa/observability';
import type { Pool } from 'pg';
import { APP_CONFIG, configServiceOver, type PlatformConfig, SERVICE_NAME } from './config';
import { SubjectRateLimitInterceptor } from './edge';
import { WhoAmIController } from './sample.controllers';
import { isContext } from '@sa/contracts';
import { contractsController } from './contracts.controller';

export interface PlatformOptions {
  /** Service name, e.g. `intake`, `follow-up`. */
  name: string;
  /** The service's config spec (services/<svc>/src/config.ts); must include `serviceConfigSpec(...)`. */
  configSpec: ConfigSpec;
  database?: Pick<DatabaseOptions, 'migrations' | 'migrationsRun'>;
}

@Module({})
class PlatformConfigModule {}

/**
 * Everything a service's root module needs from the platform, in one import:
 * validated config (`APP_CONFIG`), JSON logging with correlation ids and redaction, problem+json
 * errors and validation, JWT auth with roles and jurisdiction (global guard), PostgreSQL on the
 * service schema (TypeORM + `PG_POOL`), `/health/live`, `/health/ready`, `/metrics`, `/whoami`.
 */
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const configModule: DynamicModule = {
      module: PlatformConfigModule,
      global: true,
      providers: [
        // The spec as @nestjs/config's `validate` function, run when the container is built (not when the module is
        // declared, as ConfigModule.forRoot would, nor writing values back into process.env): see CONVENTIONS.md.
        { provide: APP_CONFIG, useFactory: () => configValidator(options.configSpec)(process.env) },
        { provide: ConfigService, inject: [APP_CONFIG], useFactory: configServiceOver },
        { provide: SERVICE_NAME, useValue: options.name },
      ],
      exports: [APP_CONFIG, ConfigService, SERVICE_NAME],
    };
    const withConfig = { imports: [configModule], inject: [APP_CONFIG] };
    return {
      module: PlatformModule,
      global: true,
      imports: [
        configModule,
        LoggingModule.forRootAsync({
          ...withConfig,
          useFactory: (c: PlatformConfig) => ({ service: options.name, level: c.LOG_LEVEL }),
        }),
        ErrorsModule,
        AuthModule.forRootAsync({
          ...withConfig,
          useFactory: (c: PlatformConfig) => ({
            secret: c.JWT_SECRET,
            jwksUrl: c.JWT_JWKS_URL,
            publicKey: c.JWT_PUBLIC_KEY,
            publicKeyAlgorithm: c.JWT_PUBLIC_KEY_ALGORITHM,
            issuer: c.JWT_ISSUER,
            audience: c.JWT_AUDIENCE,
            clockToleranceSeconds: c.JWT_CLOCK_TOLERANCE_SECONDS,
          }),
        }),
        DatabaseModule.forRootAsync({
          ...withConfig,
          useFactory: (c: PlatformConfig) => ({
            url: c.DATABASE_URL,
            schema: c.DATABASE_SCHEMA,
            applicationName: `sa-${options.name}`,
            max: c.DATABASE_POOL_MAX,
            ...options.database,
          }),
        }),
        ObservabilityModule.forRootAsync({
          imports: [configModule],
          inject: [APP_CONFIG, PG_POOL],
          useFactory: (c: PlatformConfig, pool: Pool) => ({
            service: options.name,
            database: pool,
            kafka: { brokers: c.KAFKA_BROKERS, clientId: c.KAFKA_CLIENT_ID },
            metricsToken: c.METRICS_TOKEN,
          }),
        }),
      ],
      // A producing context also serves its AsyncAPI document and the JSON Schemas its dataschema URLs name.
      controllers: isContext(options.name) ? [WhoAmIController, contractsController(options.name)] : [WhoAmIController],
      providers: [{ provide: APP_INTERCEPTOR, useClass: SubjectRateLimitInterceptor }],
      exports: [configModule],
    };
  }
}
