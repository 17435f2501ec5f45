/**
 * npm run projections -- status [service]
 * npm run projections -- rebuild <service> [projection]
 * npm run projections -- digest <service> [projection]
 *
 * Services: intake, verification, eligibility, follow-up. Reads the service's own environment
 * (DATABASE_URL, DATABASE_SCHEMA — default the service's schema —, EVENT_STORE, EVENTSTORE_SCHEMA …).
 * `rebuild` prints each table's rows and SHA-256 before and after; rebuilding twice gives the same
 * digest. Safe while the service runs: the rebuild holds the projection's lock in one transaction.
 */
import { ConfigError } from '@sa/config';
import type { ReadModelDigest } from '@sa/eventstore';
import { PROJECTION_SERVICES, ServiceReadModels, UsageError } from './projections';

const USAGE = `usage: npm run projections -- status [service]
       npm run projections -- rebuild <service> [projection]
       npm run projections -- digest <service> [projection]
services: ${Object.keys(PROJECTION_SERVICES).join(', ')}`;

const out = (line = '') => process.stdout.write(`${line}\n`);

function printDigest(label: string, d: ReadModelDigest): void {
  out(`${label} ${d.sha256}`);
  for (const t of d.tables) out(`  ${t.table.padEnd(28)} ${String(t.rows).padStart(8)} rows  ${t.sha256}`);
}

async function withService<T>(service: string, fn: (s: ServiceReadModels) => Promise<T>): Promise<T> {
  const s = await ServiceReadModels.open(service);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, service, projection] = argv;
  switch (command) {
    case 'status': {
      for (const name of service ? [service] : Object.keys(PROJECTION_SERVICES)) {
        await withService(name, async (s) => {
          for (const p of await s.status()) {
            out(`${name} ${p.name} (schema ${s.schema}): checkpoint ${p.checkpoint ?? 'none'}, ${p.pending >= 1000 ? '1000 or more' : p.pending} events after it`);
            printDigest('  digest', p.digest);
          }
        });
      }
      return 0;
    }
    case 'digest': {
      if (!service) break;
      await withService(service, async (s) => printDigest(`${service}${projection ? ` ${projection}` : ''} (schema ${s.schema}) digest`, await s.digest(projection)));
      return 0;
    }
    case 'rebuild': {
      if (!service) break;
      await withService(service, async (s) => {
        const r = await s.rebuild(projection);
        printDigest(`${service}${projection ? ` ${projection}` : ''} (schema ${s.schema}) before`, r.before);
        printDigest('after ', r.after);
        out(`rebuilt from ${r.events} events in ${r.ms} ms; digest ${r.before.sha256 === r.after.sha256 ? 'unchanged' : 'CHANGED'}`);
      });
      return 0;
    }
    default:
      break;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      const usage = e instanceof UsageError || e instanceof ConfigError;
      process.stderr.write(`${usage ? (e as Error).message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(usage ? 2 : 1);
    },
  );
}
