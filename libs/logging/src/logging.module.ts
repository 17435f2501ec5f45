import { type DynamicModule, Injectable, type MiddlewareConsumer, Module, type NestMiddleware, type NestModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { runWithCorrelationId } from './correlation';
import { type LoggingOptions, correlationIdOf, createPinoHttpOptions, createRedactingStream } from './logger';

/** Where log lines go; stdout unless overridden (tests override it to capture lines). */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');
export const LOGGING_OPTIONS = Symbol('LOGGING_OPTIONS');

/** Runs the rest of the request inside the correlation context, so `currentCorrelationId()` works in handlers. */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    runWithCorrelationId(correlationIdOf(req, res), next);
  }
}

export interface LoggingModuleAsyncOptions {
  imports?: DynamicModule['imports'];
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => LoggingOptions;
}

/**
 * nestjs-pino with the platform's format, correlation ids and redaction. Use `Logger` from
 * `@nestjs/common` (or `PinoLogger` from nestjs-pino) in services; both end up here.
 */
@Module({})
export class LoggingModule implements NestModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return LoggingModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: LoggingModuleAsyncOptions): DynamicModule {
    const optionsProvider = { provide: LOGGING_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] };
    const destinationProvider = { provide: LOG_DESTINATION, useFactory: () => undefined };
    return {
      module: LoggingModule,
      global: true,
      imports: [
        LoggerModule.forRootAsync({
          imports: options.imports,
          providers: [optionsProvider, destinationProvider],
          inject: [LOGGING_OPTIONS, LOG_DESTINATION],
          useFactory: (opts: LoggingOptions, destination: DestinationStream | undefined) => ({
            pinoHttp: [createPinoHttpOptions(opts), createRedactingStream(destination)],
          }),
        }),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationIdMiddleware).forRoutes('{*path}');
  }
}
