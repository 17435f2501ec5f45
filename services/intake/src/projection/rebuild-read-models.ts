/**
 * Rebuilds intake's read models from the event store (PostgreSQL adapter): empties the tables and
 * replays the whole log. Stop the service's projection first, or run it while the service is up —
 * both apply events under the same advisory lock and checkpoint, so no event is applied twice.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register services/intake/src/projection/rebuild-read-models.ts
 *   node dist/services/intake/src/projection/rebuild-read-models.js
 */
import { loadConfig } from '@sa/config';
import { createPool } from '@sa/database';
import { PostgresEventStore } from '@sa/eventstore';
import { INTAKE_CONFIG_SPEC } from '../config';
import { ResidentIdHasher } from '../identity/resident-id-hasher';
import { migrateIntakeSchema } from '../persistence/migrations';
import { IntakeProjection } from './intake-projection';

async function main(): Promise<void> {
  const config = loadConfig(INTAKE_CONFIG_SPEC);
  if (config.EVENT_STORE !== 'postgresql') throw new Error('this script reads the PostgreSQL event store (EVENT_STORE=postgresql)');
  const pool = createPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, applicationName: 'sa-intake-rebuild' });
  const store = new PostgresEventStore({ pool, schema: config.EVENTSTORE_SCHEMA });
  const log = (level: string) => (obj: object, msg: string) => process.stderr.write(`${JSON.stringify({ level, ...obj, msg })}\n`);
  try {
    await migrateIntakeSchema(pool, config.DATABASE_SCHEMA);
    const projection = new IntakeProjection(store, pool, config.DATABASE_SCHEMA, new ResidentIdHasher(config.INTAKE_RESIDENT_ID_KEY), {
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
    });
    const started = Date.now();
    await projection.rebuild();
    process.stdout.write(`intake read models rebuilt in ${Date.now() - started} ms\n`);
  } finally {
    await store.close();
    await pool.end();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`rebuild failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
