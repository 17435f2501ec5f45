/**
 * The read-model projections of every service, outside Nest: what `npm run projections` runs.
 * Each service is opened with its own configuration spec (the same environment variables as the
 * service: DATABASE_URL, DATABASE_SCHEMA, EVENT_STORE, EVENTSTORE_SCHEMA, …) and its projection
 * definitions are run by a `ProjectionProcessor` of @sa/eventstore that is never started: `rebuild`
 * empties a projection's tables and replays the store into them in ONE transaction under the
 * projection's advisory lock (a live service waits on that lock, then carries on from the new
 * checkpoint); `digestTables` gives each table's row count and SHA-256.
 */
import { loadConfig, type Env } from '@sa/config';
import { createPool, quoteIdent } from '@sa/database';
import {
  digestTables,
  formatPosition,
  parsePosition,
  ProjectionProcessor,
  START,
  type EventStore,
  type GlobalPosition,
  type ProjectionDefinition,
  type ReadModelDigest,
} from '@sa/eventstore';
import { createEventStore, openServiceKeyStore, withFieldEncryption } from '@sa/platform';
import type { KeyStore } from '@sa/crypto';
import type { Pool } from 'pg';
import { AUDIT_CONFIG_SPEC } from '../../services/audit/src/config';
import { auditProjections } from '../../services/audit/src/read-models/statistics-projection';
import { ELIGIBILITY_CONFIG_SPEC } from '../../services/eligibility/src/config';
import { eligibilityProjections } from '../../services/eligibility/src/read-models/review-case.processor';
import { FOLLOW_UP_CONFIG_SPEC } from '../../services/follow-up/src/config';
import { followUpProjections } from '../../services/follow-up/src/read-models/follow-up-projection';
import { INTAKE_CONFIG_SPEC } from '../../services/intake/src/config';
import { ResidentIdHasher } from '../../services/intake/src/identity/resident-id-hasher';
import { intakeProjections } from '../../services/intake/src/read-models/intake-projection';
import { VERIFICATION_CONFIG_SPEC } from '../../services/verification/src/config';
import { verificationProjections } from '../../services/verification/src/read-models/verification-projection';

interface OpenedConfig {
  DATABASE_URL: string;
  DATABASE_SCHEMA: string;
  EVENT_STORE: 'postgresql' | 'eventstoredb';
  EVENTSTORE_SCHEMA: string;
  EVENTSTORE_CONNECTION_STRING?: string;
}

/** The CLI serves no HTTP: the services' token settings do not concern it (a placeholder when none is set). */
const noHttp = (env: Env): Env => ({ JWT_SECRET: 'the-projections-cli-verifies-no-tokens-0123456789', ...env });

interface ServiceProjections {
  /** The service's configuration, validated by its own spec. */
  config(env: Env): OpenedConfig & Record<string, unknown>;
  /** `keys`: the deployment's key store (null with field encryption off), as the service itself opens it. */
  projections(config: OpenedConfig & Record<string, unknown>, keys: KeyStore | null): ProjectionDefinition[] | Promise<ProjectionDefinition[]>;
}

/**
 * The services whose read models are projections. Disbursement keeps no projection (its tables are
 * written by its commands); audit's one projection is the statistics read model (`statistics_facts`).
 */
export const PROJECTION_SERVICES: Record<string, ServiceProjections> = {
  intake: {
    config: (env) => loadConfig(INTAKE_CONFIG_SPEC, noHttp(env)),
    projections: async (c, keys) => intakeProjections(c.DATABASE_SCHEMA, await ResidentIdHasher.create(c['INTAKE_RESIDENT_ID_KEY'] as string, keys)),
  },
  verification: {
    config: (env) => loadConfig(VERIFICATION_CONFIG_SPEC, noHttp(env)),
    projections: (c) => verificationProjections(c.DATABASE_SCHEMA),
  },
  eligibility: {
    config: (env) => loadConfig(ELIGIBILITY_CONFIG_SPEC, noHttp(env)),
    projections: (c, keys) => eligibilityProjections(c.DATABASE_SCHEMA, keys?.fields ?? null),
  },
  'follow-up': {
    config: (env) => loadConfig(FOLLOW_UP_CONFIG_SPEC, noHttp(env)),
    projections: (c) => followUpProjections(c.DATABASE_SCHEMA),
  },
  audit: {
    config: (env) => loadConfig(AUDIT_CONFIG_SPEC, noHttp(env)),
    projections: (c) => auditProjections(c.DATABASE_SCHEMA),
  },
};

export class UsageError extends Error {}

/** One service's projections, opened on its database and event store. `close()` when done. */
export class ServiceReadModels {
  private constructor(
    readonly service: string,
    readonly schema: string,
    readonly pool: Pool,
    readonly store: EventStore,
    /** Never started: `rebuild` and `catchUp` only. */
    readonly processor: ProjectionProcessor,
    private readonly owned: boolean,
    private readonly keys: KeyStore | null = null,
  ) {}

  /**
   * Opens a service's read models from its environment (`env`); `shared` reuses a pool and store
   * (tests), which `close()` then leaves open.
   */
  static async open(service: string, env: Env = process.env, shared?: { pool: Pool; store: EventStore }): Promise<ServiceReadModels> {
    const def = PROJECTION_SERVICES[service];
    if (!def) throw new UsageError(`unknown service ${service} (known: ${Object.keys(PROJECTION_SERVICES).join(', ')})`);
    const config = def.config(env);
    const schema = config.DATABASE_SCHEMA;
    let keys: KeyStore | null = null;
    const pool = shared?.pool ?? createPool({ url: config.DATABASE_URL, schema, applicationName: `sa-projections-${service}`, max: 4 });
    try {
      const { rows } = await pool.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'projection_checkpoints'`, [schema]);
      if (rows.length === 0) {
        throw new UsageError(`schema ${schema} has no projection_checkpoints table: start the ${service} service once (it migrates its schema), or set DATABASE_SCHEMA`);
      }
      // The key store as the service opens it: the projections read personal fields in clear (and intake seals its columns).
      keys = await openServiceKeyStore(config as never);
      const store = shared?.store ?? withFieldEncryption(await createEventStore(config as never, pool), keys?.fields);
      const processor = new ProjectionProcessor({ store, pool, schema, projections: await def.projections(config, keys), autoStart: false });
      return new ServiceReadModels(service, schema, pool, store, processor, !shared, keys);
    } catch (e) {
      await keys?.release().catch(() => undefined);
      if (!shared) await pool.end().catch(() => undefined);
      throw e;
    }
  }

  get projections(): readonly ProjectionDefinition[] {
    return this.processor.projections;
  }

  private selected(name?: string): readonly ProjectionDefinition[] {
    if (name === undefined) return this.projections;
    const p = this.projections.find((d) => d.name === name);
    if (!p) throw new UsageError(`${this.service} has no projection ${name} (known: ${this.projections.map((d) => d.name).join(', ')})`);
    return [p];
  }

  /** Row counts and SHA-256 of the tables of the projection(s). */
  digest(name?: string): Promise<ReadModelDigest> {
    return digestTables(this.pool, this.schema, this.selected(name).flatMap((p) => [...p.tables]));
  }

  /** Rebuilds the projection(s) from the store: the digests before and after, the events read and the time taken. */
  async rebuild(name?: string): Promise<{ before: ReadModelDigest; after: ReadModelDigest; events: number; ms: number }> {
    const before = await this.digest(name);
    const started = Date.now();
    const events = await this.processor.rebuild(name);
    const ms = Date.now() - started;
    return { before, after: await this.digest(name), events, ms };
  }

  /** Per projection: its checkpoint, how many events of its categories wait after it (up to 1000), its tables' digest. */
  async status(): Promise<{ name: string; checkpoint: string | null; pending: number; digest: ReadModelDigest }[]> {
    const result = [];
    for (const p of this.projections) {
      const { rows } = await this.pool.query<{ position: string }>(`SELECT position FROM ${quoteIdent(this.schema)}.projection_checkpoints WHERE name = $1`, [p.name]);
      const checkpoint: GlobalPosition | undefined = rows[0] ? parsePosition(rows[0].position) : undefined;
      const waiting = await this.store.readAll({
        after: checkpoint ?? START,
        maxCount: 1000,
        ...(p.streamCategories ? { filter: { streamCategories: [...p.streamCategories] } } : {}),
      });
      result.push({
        name: p.name,
        checkpoint: checkpoint ? formatPosition(checkpoint) : null,
        pending: waiting.length,
        digest: await digestTables(this.pool, this.schema, [...p.tables]),
      });
    }
    return result;
  }

  async close(): Promise<void> {
    await this.processor.stop();
    await this.keys?.release().catch(() => undefined);
    if (this.owned) {
      await this.store.close().catch(() => undefined);
      await this.pool.end();
    }
  }
}
