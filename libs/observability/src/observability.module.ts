import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Registry } from 'prom-client';
import { HealthController, OBSERVABILITY_OPTIONS, type ObservabilityOptions, ReadinessIndicators, ReadinessWarnings } from './health';
import {
  HTTP_DURATION,
  HttpMetricsMiddleware,
  METRICS_REGISTRY,
  MetricsController,
  createHttpDurationHistogram,
  createMetricsRegistry,
} from './metrics';

export interface ObservabilityModuleAsyncOptions {
  imports?: DynamicModule['imports'];
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => ObservabilityOptions | Promise<ObservabilityOptions>;
}

/** `/health/live`, `/health/ready` and `/metrics` (all public), plus the HTTP request histogram. */
@Module({})
export class ObservabilityModule implements NestModule {
  static forRootAsync(options: ObservabilityModuleAsyncOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [...(options.imports ?? []), TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: OBSERVABILITY_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ReadinessIndicators,
        ReadinessWarnings,
        {
          provide: METRICS_REGISTRY,
          inject: [OBSERVABILITY_OPTIONS],
          useFactory: (o: ObservabilityOptions) => createMetricsRegistry(o.service),
        },
        { provide: HTTP_DURATION, inject: [METRICS_REGISTRY], useFactory: (r: Registry) => createHttpDurationHistogram(r) },
      ],
      exports: [METRICS_REGISTRY, ReadinessWarnings],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
