import { Controller, Get, Header, Headers, Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { ProblemException } from '@sa/errors';
import { timingSafeEqual } from 'node:crypto';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@sa/auth';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { OBSERVABILITY_OPTIONS, type ObservabilityOptions } from './health';

/** The application's Prometheus registry (one per app, so several apps can live in one process, as in tests). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const HTTP_DURATION = Symbol('HTTP_DURATION');

export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export function createHttpDurationHistogram(registry: Registry): Histogram<'method' | 'route' | 'status_code'> {
  return new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}

/** Times every request; `route` is the matched route pattern (never the raw URL, to bound cardinality). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(HTTP_DURATION) private readonly histogram: Histogram<'method' | 'route' | 'status_code'>) {}

  use(req: IncomingMessage & { route?: { path?: string }; baseUrl?: string }, res: ServerResponse, next: () => void): void {
    const end = this.histogram.startTimer();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
      end({ method: req.method ?? 'UNKNOWN', route, status_code: String(res.statusCode) });
    });
    next();
  }
}

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
  ) {}

  /** Needs `Authorization: Bearer <METRICS_TOKEN>` (a scraper's token, not a user's JWT). */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(@Headers('authorization') authorization?: string): Promise<string> {
    if (!metricsTokenMatches(this.options.metricsToken, authorization)) {
      throw new ProblemException(
        401,
        { detail: this.options.metricsToken ? 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.' : 'Metrics are disabled: METRICS_TOKEN is not set.' },
        { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      );
    }
    return this.registry.metrics();
  }
}

/** Constant-time comparison of the presented bearer token with the configured one. */
export function metricsTokenMatches(expected: string | undefined, authorization: string | undefined): boolean {
  if (!expected || typeof authorization !== 'string') return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m) return false;
  const a = Buffer.from(m[1]);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
