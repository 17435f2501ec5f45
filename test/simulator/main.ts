/**
 * Entry point of the verification-platform simulator: `node dist/test/simulator/main.js`.
 *
 *   HTTP_PORT (3090), HTTP_HOST (0.0.0.0), LOG_LEVEL (info)
 *   SIMULATOR_HMAC_SECRET      shared secret of the signatures (default: VERIFICATION_PLATFORM_HMAC_SECRET,
 *                              else the local development secret the verification service also defaults to)
 *   SIMULATOR_BEHAVIOUR        behaviour as JSON (see behaviour.ts), or
 *   SIMULATOR_BEHAVIOUR_FILE   path of a JSON file with it
 *   SIMULATOR_REQUIRE_SIGNATURE  'false' to accept unsigned submissions (default true)
 *   SIMULATOR_ADMIN_TOKEN      bearer token required by /admin/* (unset: /admin/* is disabled, 401)
 */
import { clockFromEnv } from '@sa/time';
import { readFileSync } from 'node:fs';
import { behaviourProblems, type BehaviourConfig } from './behaviour';
import { PlatformSimulator } from './server';

export const LOCAL_PLATFORM_SECRET = 'local-development-verification-platform-secret-0001';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The admin token from the environment; null (admin disabled) when unset or blank. */
export function adminTokenFromEnv(env: NodeJS.ProcessEnv): string | null {
  const token = env.SIMULATOR_ADMIN_TOKEN?.trim();
  return token ? token : null;
}

function main(): void {
  const env = process.env;
  const minLevel = Math.max(0, LEVELS.indexOf((env.LOG_LEVEL ?? 'info') as (typeof LEVELS)[number]));
  const log = (level: (typeof LEVELS)[number], msg: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS.indexOf(level) < minLevel || env.LOG_LEVEL === 'silent') return;
    process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), service: 'verification-platform-simulator', msg, ...fields })}\n`);
  };

  let behaviour: BehaviourConfig = {};
  const text = env.SIMULATOR_BEHAVIOUR ?? (env.SIMULATOR_BEHAVIOUR_FILE ? readFileSync(env.SIMULATOR_BEHAVIOUR_FILE, 'utf8') : undefined);
  if (text) {
    try {
      behaviour = JSON.parse(text) as BehaviourConfig;
    } catch (e) {
      process.stderr.write(`[simulator] SIMULATOR_BEHAVIOUR is not JSON: ${(e as Error).message}\n`);
      process.exit(1);
    }
    const problems = behaviourProblems(behaviour);
    if (problems.length > 0) {
      process.stderr.write(`[simulator] bad behaviour: ${problems.join('; ')}\n`);
      process.exit(1);
    }
  }
  const port = Number(env.HTTP_PORT ?? 3090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`[simulator] HTTP_PORT must be a port number\n`);
    process.exit(1);
  }
  const clock = clockFromEnv(env);
  const simulator = new PlatformSimulator({
    hmacSecret: env.SIMULATOR_HMAC_SECRET ?? env.VERIFICATION_PLATFORM_HMAC_SECRET ?? LOCAL_PLATFORM_SECRET,
    behaviour,
    requireSignature: env.SIMULATOR_REQUIRE_SIGNATURE !== 'false',
    adminToken: adminTokenFromEnv(env),
    log,
    // The same clock as every service (SA_CLOCK_FILE outside production): signature timestamps and
    // "as of" dates stay consistent when a test moves time for all processes at once.
    now: () => clock.now().getTime(),
  });
  simulator.listen(port, env.HTTP_HOST ?? '0.0.0.0').then(
    (actual) => {
      log('info', `verification-platform simulator listening on :${actual}`, { port: actual });
      if (adminTokenFromEnv(env) === null) log('warn', '/admin/* is disabled: set SIMULATOR_ADMIN_TOKEN to use it');
    },
    (err: unknown) => {
      process.stderr.write(`[simulator] cannot listen on ${port}: ${String(err)}\n`);
      process.exit(1);
    },
  );
  const stop = () => {
    log('info', 'stopping');
    void simulator.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) main();
