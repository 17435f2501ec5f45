import { Controller, Get, Inject, Injectable, type OnApplicationShutdown, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '@sa/auth';
import { type Admin, Kafka, logLevel } from 'kafkajs';

export const OBSERVABILITY_OPTIONS = Symbol('OBSERVABILITY_OPTIONS');

export interface ObservabilityOptions {
  /** Service name: a `service` label on every metric, and the title of the OpenAPI document. */
  service: string;
  /** The service's database; readiness runs `SELECT 1` on it. */
  database: { query(sql: string): Promise<unknown> };
  kafka: { brokers: readonly string[]; clientId: string };
  /** Bearer token `/metrics` requires; without one, `/metrics` answers 401 to everyone. */
  metricsToken?: string;
  /** Per-check time limit for readiness, ms (default 2500). */
  readinessTimeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A readiness warning source: a message, or null when there is nothing to say. */
export type ReadinessWarning = () => string | null;

/**
 * Warnings `/health/ready` reports without going down (e.g. next year's holiday calendar not
 * published): services register a named source; readiness lists the ones with a message.
 */
@Injectable()
export class ReadinessWarnings {
  private readonly sources = new Map<string, ReadinessWarning>();

  register(name: string, source: ReadinessWarning): void {
    this.sources.set(name, source);
  }

  /** The current warnings by name (a failing source is itself a warning, never a 500). */
  current(): Record<string, string> {
    const warnings: Record<string, string> = {};
    for (const [name, source] of this.sources) {
      try {
        const message = source();
        if (message) warnings[name] = message;
      } catch (e) {
        warnings[name] = `warning check failed: ${reason(e)}`;
      }
    }
    return warnings;
  }
}

/** Readiness checks: PostgreSQL (`SELECT 1`) and Kafka (admin `describeCluster`, one admin connection reused). */
@Injectable()
export class ReadinessIndicators implements OnApplicationShutdown {
  private readonly kafka: Kafka;
  private admin: Promise<Admin> | undefined;
  private readonly timeoutMs: number;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.timeoutMs = options.readinessTimeoutMs ?? 2500;
    this.kafka = new Kafka({
      clientId: `${options.kafka.clientId}-health`,
      brokers: [...options.kafka.brokers],
      connectionTimeout: Math.min(1000, this.timeoutMs),
      requestTimeout: this.timeoutMs,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
  }

  async database() {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.options.database.query('SELECT 1'), this.timeoutMs, 'PostgreSQL');
      return check.up();
    } catch (e) {
      return check.down({ message: reason(e) });
    }
  }

  async kafkaCluster() {
    const check = this.indicators.check('kafka');
    try {
      const cluster = await withTimeout(this.describeCluster(), this.timeoutMs, 'Kafka');
      return check.up({ brokers: cluster.brokers.length });
    } catch (e) {
      await this.dropAdmin();
      return check.down({ message: reason(e) });
    }
  }

  private async describeCluster() {
    this.admin ??= (async () => {
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      return admin;
    })();
    return (await this.admin).describeCluster();
  }

  private async dropAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dropAdmin();
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
    private readonly warnings: ReadinessWarnings,
  ) {}

  /** Liveness: the process is up and serving HTTP. */
  @Get('live')
  @ApiOkResponse({ description: 'The process is up.' })
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: PostgreSQL answers (503 naming it otherwise). Kafka is checked too, but a broker that
   * does not answer is a warning, not a failure: commands keep working while it is away — their
   * events wait in the PostgreSQL outbox (the event store) and the relays publish them, and the
   * consumers catch up, once it is back — so taking every instance out of service would turn a
   * broker outage into a full outage. Registered warnings (`ReadinessWarnings`) are listed under
   * `warnings` and never make it fail either.
   */
  @Get('ready')
  @ApiOkResponse({ description: 'PostgreSQL answers; `warnings` names what is degraded (e.g. Kafka unreachable).' })
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL does not answer; the body names it.' })
  async ready(@Res({ passthrough: true }) res: { status(code: number): unknown }) {
    const kafkaCheck = this.readiness.kafkaCluster();
    let result: Record<string, unknown> & { info?: object; error?: object; details?: object };
    let ok = true;
    try {
      result = await this.health.check([() => this.readiness.database()]);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      ok = false;
      result = e.getResponse() as typeof result;
    }
    const kafka = await kafkaCheck;
    const kafkaUp = kafka.kafka?.status === 'up';
    result = {
      ...result,
      info: kafkaUp ? { ...result.info, ...kafka } : (result.info ?? {}),
      ...(ok ? {} : { error: kafkaUp ? result.error : { ...result.error, ...kafka } }),
      details: { ...result.details, ...kafka },
    };
    const warnings = this.warnings.current();
    if (!kafkaUp) {
      const why = (kafka.kafka as { message?: string } | undefined)?.message ?? 'no answer';
      warnings.kafka = `Kafka unreachable (${why}): commands are accepted and their events kept in the PostgreSQL outbox; they are published, and incoming events consumed, when the broker is back`;
    }
    if (!ok) res.status(503);
    return Object.keys(warnings).length > 0 ? { ...result, warnings } : result;
  }
}
