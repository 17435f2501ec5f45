import type { ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { TestingModuleBuilder } from '@nestjs/testing';
import { type ConfigSpec, type Env, configValidator } from '@sa/config';
import { LOG_DESTINATION } from '@sa/logging';
import type { DestinationStream } from 'pino';
import { configureApp } from './bootstrap';
import { APP_CONFIG, type PlatformConfig } from './config';

export interface TestAppOptions {
  name: string;
  configSpec: ConfigSpec;
  /** Root module(s) and any extra controllers/providers for the test. */
  imports: ModuleMetadata['imports'];
  controllers?: ModuleMetadata['controllers'];
  providers?: ModuleMetadata['providers'];
  /** Environment for the config, on top of process.env. */
  env?: Env;
  /** Where log lines go (default: discarded). */
  logDestination?: DestinationStream;
  /** Further overrides before compiling. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/**
 * A service application for int tests, configured exactly like `bootstrapService` does, not
 * listening (use supertest on `app.getHttpServer()`). `@nestjs/testing` is loaded lazily, so
 * production code importing `@sa/platform` never needs it.
 */
export async function createTestApp(options: TestAppOptions): Promise<{ app: NestExpressApplication; config: PlatformConfig }> {
  const { Test } = await import('@nestjs/testing');
  const config = configValidator(options.configSpec)({ ...process.env, ...options.env }) as unknown as PlatformConfig;
  let builder = Test.createTestingModule({
    imports: options.imports,
    controllers: options.controllers,
    providers: options.providers,
  })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .overrideProvider(LOG_DESTINATION)
    .useValue(options.logDestination ?? { write: () => undefined });
  if (options.override) builder = options.override(builder);
  const moduleRef = await builder.compile();
  // rawBody: a testing module instantiates providers before the HTTP adapter exists, so a provider
  // that hooks the adapter at start-up (verification's callback raw-body capture) cannot; Nest then
  // keeps the raw body itself, as the callback controller accepts (found by test/security fuzzing: 500).
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true, rawBody: true });
  configureApp(app, config, { name: options.name });
  await app.init();
  return { app, config };
}
