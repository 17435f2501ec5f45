import { Logger, type FactoryProvider, type InjectionToken } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE, ProjectionProcessor, type EventStore, type ProjectionDefinition, type ProjectionLogger } from '@sa/eventstore';
import type { Pool } from 'pg';
import { APP_CONFIG } from './config';

/** A Nest `Logger` as the processor's logger (object first, then message). */
export function nestProjectionLogger(context: string): ProjectionLogger {
  const logger = new Logger(context);
  return { info: (o, m) => logger.log(o, m), warn: (o, m) => logger.warn(o, m), error: (o, m) => logger.error(o, m) };
}

export interface ProjectionProcessorProviderOptions<C> {
  /** Service schema holding the read models and `projection_checkpoints`. */
  schema: (config: C) => string;
  /** Whether the processor runs in this instance (the service's `<SERVICE>_PROJECTIONS_ENABLED`). */
  enabled: (config: C) => boolean;
  /** The service's projection definitions; `deps` are the extra `inject` tokens' values, in order. */
  projections: (config: C, ...deps: any[]) => readonly ProjectionDefinition[];
  /** Extra tokens: the definitions' dependencies, and tokens that must resolve first (migrations). */
  inject?: InjectionToken[];
  logContext?: string;
}

/**
 * The service's one `ProjectionProcessor` (@sa/eventstore) as a Nest provider: started at application
 * bootstrap when enabled, stopped before shutdown (its own lifecycle methods).
 */
export function projectionProcessorProvider<C>(options: ProjectionProcessorProviderOptions<C>): FactoryProvider<ProjectionProcessor> {
  return {
    provide: ProjectionProcessor,
    inject: [EVENT_STORE, PG_POOL, APP_CONFIG, ...(options.inject ?? [])],
    useFactory: (store: EventStore, pool: Pool, config: C, ...deps: unknown[]) =>
      new ProjectionProcessor({
        store,
        pool,
        schema: options.schema(config),
        projections: options.projections(config, ...deps),
        autoStart: options.enabled(config),
        logger: nestProjectionLogger(options.logContext ?? 'Projections'),
      }),
  };
}
