import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { Logger as NestPinoLogger, type Params, PinoLogger } from 'nestjs-pino';
import { CORRELATION_ID_HEADER, acceptCorrelationId, currentCorrelationId, newCorrelationId } from './correlation';
import { redactLogLine } from './redact';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggingOptions {
  /** Service name, added to every line as `service`. */
  service: string;
  level: LogLevel;
}

const CHINDINGS = pino.symbols.chindingsSym;

/** Pino options shared by the HTTP logger and plain loggers: JSON, ISO time, `correlationId` from the current context. */
export function createPinoOptions({ service, level }: LoggingOptions): LoggerOptions {
  return {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Lines written inside `runWithCorrelationId` (Kafka consumers, jobs) carry its id; request loggers
    // already have it bound, so it is not added twice.
    mixin(_obj, _level, logger) {
      const correlationId = currentCorrelationId();
      if (!correlationId) return {};
      const bound = (logger as unknown as Record<symbol, string | undefined>)[CHINDINGS];
      return bound?.includes('"correlationId":') ? {} : { correlationId };
    },
  };
}

/**
 * Wraps a destination so every serialized line is redacted before it is written (see redact.ts).
 * Working on the final line means nothing escapes: messages, bindings, URLs, error stacks.
 */
export function createRedactingStream(destination: DestinationStream = pino.destination({ dest: 1, sync: true })): DestinationStream {
  return { write: (line: string) => destination.write(redactLogLine(line)) };
}

/** A plain (non-HTTP) logger with the same format and redaction, e.g. for scripts and Kafka workers. */
export function createLogger(options: LoggingOptions, destination?: DestinationStream): Logger {
  return pino(createPinoOptions(options), createRedactingStream(destination));
}

type Req = IncomingMessage & { id?: unknown; originalUrl?: string };

/** The request's correlation id: kept on `req.id`, taken from `x-correlation-id` if acceptable, else new; echoed in the response. */
export function correlationIdOf(req: Req, res: ServerResponse): string {
  let id = acceptCorrelationId(req.id);
  if (!id) {
    id = acceptCorrelationId(req.headers[CORRELATION_ID_HEADER]) ?? newCorrelationId();
    req.id = id;
  }
  if (!res.headersSent && !res.getHeader(CORRELATION_ID_HEADER)) res.setHeader(CORRELATION_ID_HEADER, id);
  return id;
}

const QUIET_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/** Options for pino-http (and so nestjs-pino): one line per completed request, correlation id bound. */
export function createPinoHttpOptions(options: LoggingOptions): PinoHttpOptions<Req, ServerResponse> {
  return {
    ...createPinoOptions(options),
    genReqId: (req, res) => correlationIdOf(req, res),
    customProps: (req) => ({ correlationId: req.id }),
    autoLogging: { ignore: (req) => QUIET_PATHS.test(req.url ?? '') },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
  };
}

/**
 * A Nest `LoggerService` (nestjs-pino's) with the platform format, usable before the application's
 * DI container exists, e.g. `NestFactory.create(Module, { logger: createNestLogger(...) })`, so
 * start-up lines are JSON too.
 */
export function createNestLogger(options: LoggingOptions, destination?: DestinationStream): NestPinoLogger {
  const params: Params = { pinoHttp: [createPinoHttpOptions(options), createRedactingStream(destination)] };
  return new NestPinoLogger(new PinoLogger(params), params);
}
