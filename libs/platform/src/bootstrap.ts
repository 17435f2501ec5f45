import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type ConfigSpec, ConfigError, configValidator } from '@sa/config';
import { correlationIdOf, createNestLogger } from '@sa/logging';
import { setupOpenApi } from '@sa/observability';
import { Logger } from 'nestjs-pino';
import type { PlatformConfig } from './config';
import { RateLimiter, ipRateLimit, securityHeaders } from './edge';
import { inputGuard } from './input-guard';

export interface ConfigureOptions {
  name: string;
  /** OpenAPI title and description; default "<name> service". */
  title?: string;
  description?: string;
}

/**
 * What every service application gets on top of its modules (also used by tests, so they run the
 * same pipeline): pino as the Nest logger, a correlation id before anything else, body size limits
 * (413 problem), security headers, a per-IP rate limit, the input guard (JSON depth, control
 * characters; 400 problem), OpenAPI at /api-docs and /api-docs-json, shutdown hooks. Call before `init()`/`listen()`.
 */
export function configureApp(app: INestApplication, config: PlatformConfig, options: ConfigureOptions): NestExpressApplication {
  const express = app as NestExpressApplication;
  express.useLogger(express.get(Logger));
  express.disable('x-powered-by');
  // First of all middleware, so even requests refused by the body parser carry a correlation id.
  express.use((req: Parameters<typeof correlationIdOf>[0], res: Parameters<typeof correlationIdOf>[1], next: () => void) => {
    correlationIdOf(req, res);
    next();
  });
  express.use(securityHeaders());
  express.use(ipRateLimit(new RateLimiter(config.RATE_LIMIT_PER_IP ?? 0)));
  express.useBodyParser('json', { limit: config.BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  express.useBodyParser('urlencoded', { limit: config.BODY_LIMIT, extended: true });
  // After the parsers, before routing and validation: depth, control characters, polluting keys.
  express.use(inputGuard({ maxDepth: config.JSON_MAX_DEPTH ?? 32 }));
  setupOpenApi(express, {
    title: options.title ?? `${options.name} service`,
    description: options.description ?? `Social assistance case management: ${options.name}.`,
  });
  express.enableShutdownHooks();
  return express;
}

export interface BootstrapOptions extends ConfigureOptions {
  /** The service's root module (its `@Module` imports `PlatformModule.forService(...)`). */
  module: Type<unknown>;
  configSpec: ConfigSpec;
}

/**
 * Starts a service: validates the configuration (on failure prints every bad variable to stderr
 * and exits with code 1), creates the Nest application with JSON logging, configures it and
 * listens on HTTP_HOST:HTTP_PORT.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<NestExpressApplication> {
  let config: PlatformConfig;
  try {
    config = configValidator(options.configSpec)(process.env) as unknown as PlatformConfig;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`[${options.name}] ${e.message}\n`);
    process.exit(1);
  }
  process.env.TZ = config.TZ;

  const logger = createNestLogger({ service: options.name, level: config.LOG_LEVEL });
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(options.module, { logger, abortOnError: false });
  } catch (e) {
    logger.fatal(e, `Start-up failed: ${e instanceof Error ? e.message : String(e)}`, 'Bootstrap');
    process.exit(1);
  }
  configureApp(app, config, options);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  // The address actually bound, as the OS reports it (not what we meant to bind).
  const bound = app.getHttpServer().address() as { address: string; port: number; family: string } | null;
  const host = bound ? (bound.family === 'IPv6' ? `[${bound.address}]` : bound.address) : config.HTTP_HOST;
  const base = `http://${host}:${bound?.port ?? config.HTTP_PORT}`;
  const everywhere = bound && (bound.address === '0.0.0.0' || bound.address === '::');
  app
    .get(Logger)
    .log(
      `${options.name} listening on ${base}${everywhere ? ' (every network interface)' : ''} — OpenAPI ${base}/api-docs (JSON ${base}/api-docs-json), health ${base}/health/ready, metrics ${base}/metrics${config.METRICS_TOKEN ? ' (bearer METRICS_TOKEN)' : ''}`,
      'Bootstrap',
    );
  return app;
}
