import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, configValidator } from '@sa/config';
import { createLogger, createNestLogger, createPinoHttpOptions, createRedactingStream } from '@sa/logging';
import pinoHttp from 'pino-http';
import { WORKBENCH_CONFIG_SPEC, type WorkbenchConfig } from './config';
import { Gateway } from './gateway';
import { WorkbenchModule } from './app.module';

/** Starts the workbench gateway: validated config, JSON logs, /health/live|ready, /auth, /api proxy, the SPA. */
export async function main(): Promise<NestExpressApplication> {
  let config: WorkbenchConfig;
  try {
    config = configValidator(WORKBENCH_CONFIG_SPEC)(process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`[workbench] ${e.message}\n`);
    process.exit(1);
  }
  const logOptions = { service: 'workbench', level: config.LOG_LEVEL };
  const log = createLogger(logOptions);
  const nestLogger = createNestLogger(logOptions);
  // The port is known before listening unless 0 was asked for; then the redirect URI needs PUBLIC_URL.
  const gateway = new Gateway(config, log, config.WORKBENCH_PORT);
  const app = await NestFactory.create<NestExpressApplication>(WorkbenchModule.with(gateway, config), {
    logger: nestLogger,
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  if (config.TRUST_PROXY) app.set('trust proxy', true);
  app.use(pinoHttp(createPinoHttpOptions(logOptions), createRedactingStream()));
  app.use(gateway.handle);
  app.enableShutdownHooks();
  await app.listen(config.WORKBENCH_PORT, config.WORKBENCH_HOST);
  log.info(`workbench gateway listening on http://${config.WORKBENCH_HOST}:${config.WORKBENCH_PORT} (OIDC issuer ${config.OIDC_ISSUER_URL}); sessions are kept in memory`);
  return app;
}

if (require.main === module) void main();
