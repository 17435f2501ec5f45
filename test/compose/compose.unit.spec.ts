/**
 * docker-compose.yml against the services' own validated configuration: every service is there,
 * its environment has every variable its spec requires and none it does not know, the values pass
 * the spec's validation (`loadConfig`), and HTTP_PORT = published port = health-check port. Also
 * the infrastructure wiring (hosts, schemas, topics) and the Dockerfile's shape. No Docker needed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { envNames, loadConfig, requiredEnvNames, type ConfigSpec } from '@sa/config';
import { TOPICS, allTopics } from '@sa/contracts';
import { EVENTSTORE_SCHEMA, SERVICE_SCHEMAS } from '@sa/database';
import { EventStoreDbEventStore } from '@sa/eventstore';
import { createEventStore } from '@sa/platform';
import { INTAKE_CONFIG_SPEC } from '../../services/intake/src/config';
import { VERIFICATION_CONFIG_SPEC } from '../../services/verification/src/config';
import { ELIGIBILITY_CONFIG_SPEC } from '../../services/eligibility/src/config';
import { DISBURSEMENT_CONFIG_SPEC } from '../../services/disbursement/src/config';
import { FOLLOW_UP_CONFIG_SPEC } from '../../services/follow-up/src/config';
import { AUDIT_CONFIG_SPEC } from '../../services/audit/src/config';
import { WORKBENCH_CONFIG_SPEC } from '../../services/workbench/src/config';

const REPO = join(__dirname, '..', '..');
const COMPOSE_TEXT = readFileSync(join(REPO, 'docker-compose.yml'), 'utf8');

/** The five services: compose service name = directory = SERVICE build arg; port and schema per CONVENTIONS.md. */
const SERVICES: { name: string; spec: ConfigSpec; port: number; schema: string }[] = [
  { name: 'intake', spec: INTAKE_CONFIG_SPEC, port: 3001, schema: 'intake' },
  { name: 'verification', spec: VERIFICATION_CONFIG_SPEC, port: 3002, schema: 'verification' },
  { name: 'eligibility', spec: ELIGIBILITY_CONFIG_SPEC, port: 3003, schema: 'eligibility' },
  { name: 'disbursement', spec: DISBURSEMENT_CONFIG_SPEC, port: 3004, schema: 'disbursement' },
  { name: 'follow-up', spec: FOLLOW_UP_CONFIG_SPEC, port: 3005, schema: 'follow_up' },
  { name: 'audit', spec: AUDIT_CONFIG_SPEC, port: 3006, schema: 'audit' },
];
const SIMULATOR = { name: 'verification-platform-simulator', port: 3090 };
const INFRASTRUCTURE = ['kafka', 'kafka-init', 'eventstore', 'postgres'];
const GATEWAY = ['keycloak', 'workbench'];

// ------------------------------------------------------------------ compose model helpers

type Json = Record<string, unknown>;

interface Port {
  hostIp?: string;
  host: number;
  container: number;
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, unknown> };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, unknown>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number; start_period?: string };
  volumes?: string[];
}

/** Compose variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$$`) with an empty environment. */
function interpolate(value: unknown, env: Record<string, string> = {}): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (_m, name: string, colon: string, op: string, arg: string) => {
        const v = env[name];
        const unset = v === undefined || (colon === ':' && v === '');
        if (op === '?' && unset) throw new Error(`compose requires ${name}: ${arg}`);
        return unset && op === '-' ? arg : (v ?? '');
      })
      .replace(/\$\$/g, '$');
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  }
  return value;
}

const compose = interpolate(parse(COMPOSE_TEXT, { merge: true })) as { services: Record<string, Service>; volumes?: Json };

function service(name: string): Service {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
}

/** Environment as `loadConfig` sees it: every value a string. */
function environmentOf(name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, String(v)]));
}

function portsOf(name: string): Port[] {
  return (service(name).ports ?? []).map((p) => {
    const m = /^(?:(\d+\.\d+\.\d+\.\d+):)?(\d+):(\d+)$/.exec(p);
    if (!m) throw new Error(`${name}: unsupported port syntax ${p}`);
    return { hostIp: m[1], host: Number(m[2]), container: Number(m[3]) };
  });
}

function healthCheckUrl(name: string): URL {
  const test = service(name).healthcheck?.test ?? [];
  const url = /https?:\/\/[^'"\s)]+/.exec(test.join(' '));
  if (!url) throw new Error(`${name}: no URL in its health check`);
  return new URL(url[0]);
}

// ------------------------------------------------------------------ tests

describe('docker-compose.yml', () => {
  it('uses only braced variables, each with a default, so it starts without a .env file', () => {
    const lines = COMPOSE_TEXT.split('\n').filter((l) => !l.trimStart().startsWith('#'));
    for (const line of lines) {
      expect(line).not.toMatch(/\$[A-Za-z_]/); // bare $VAR
      for (const [, expr] of line.matchAll(/\$\{([^}]*)\}/g)) expect(expr).toMatch(/^[A-Z_][A-Z0-9_]*:-/);
    }
  });

  it('has exactly the infrastructure, the five services and the simulator', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [...INFRASTRUCTURE, ...SERVICES.map((s) => s.name), SIMULATOR.name, ...GATEWAY].sort(),
    );
  });

  it('publishes each port once, on 127.0.0.1 only', () => {
    const published = Object.keys(compose.services).flatMap((name) => portsOf(name));
    const hostPorts = published.map((p) => p.host);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    for (const p of published) expect(p.hostIp).toBe('127.0.0.1');
  });

  describe.each(SERVICES)('service $name', ({ name, spec, port, schema }) => {
    const env = environmentOf(name);

    it('is built from the one Dockerfile with SERVICE = its name, whose entry point exists', () => {
      const s = service(name);
      expect(s.build?.context).toBe('.');
      expect(s.build?.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
      expect(s.build?.args?.SERVICE).toBe(name);
      expect(s.command).toBeUndefined();
      expect(existsSync(join(REPO, 'services', name, 'src', 'main.ts'))).toBe(true);
    });

    it('sets every variable its config spec requires', () => {
      const missing = requiredEnvNames(spec, env).filter((n) => !(n in env));
      expect(missing).toEqual([]);
    });

    it('sets no variable its config spec does not know', () => {
      const known = new Set(envNames(spec));
      expect(Object.keys(env).filter((n) => !known.has(n))).toEqual([]);
    });

    it('passes the spec validation (loadConfig) with the compose values', () => {
      expect(() => loadConfig(spec, env)).not.toThrow();
    });

    it('listens on HTTP_PORT = published port = health-check port = its conventional port', () => {
      const config = loadConfig(spec, env) as { HTTP_PORT: number };
      expect(config.HTTP_PORT).toBe(port);
      expect(loadConfig(spec, { ...env, HTTP_PORT: undefined }).HTTP_PORT).toBe(port); // the spec's default agrees
      expect(portsOf(name)).toEqual([{ hostIp: '127.0.0.1', host: port, container: port }]);
      const url = healthCheckUrl(name);
      expect(Number(url.port)).toBe(port);
      expect(url.pathname).toBe('/health/ready');
    });

    it('uses its own schema, client id, the event store in EventStoreDB, production mode and Asia/Shanghai', () => {
      const config = loadConfig(spec, env) as Record<string, unknown>;
      expect(config.DATABASE_SCHEMA).toBe(schema);
      expect(SERVICE_SCHEMAS).toContain(schema);
      expect(config.KAFKA_CLIENT_ID).toBe(`sa-${name}`);
      expect(config.EVENT_STORE).toBe('eventstoredb');
      expect(config.NODE_ENV).toBe('production');
      expect(config.TZ).toBe('Asia/Shanghai');
    });

    it('points at the compose infrastructure', () => {
      const db = new URL(env.DATABASE_URL!);
      const pg = environmentOf('postgres');
      expect(db.hostname).toBe('postgres');
      expect(db.port).toBe('5432');
      expect(db.pathname).toBe(`/${pg.POSTGRES_DB}`);
      expect(decodeURIComponent(db.username)).toBe(pg.POSTGRES_USER);
      expect(decodeURIComponent(db.password)).toBe(pg.POSTGRES_PASSWORD);

      const internalListener = /INTERNAL:\/\/([^,]+)/.exec(environmentOf('kafka').KAFKA_ADVERTISED_LISTENERS!)![1];
      expect(env.KAFKA_BROKERS).toBe(internalListener);

      const esdb = new URL(env.EVENTSTORE_CONNECTION_STRING!);
      expect(esdb.protocol).toBe('esdb:');
      expect(esdb.host).toBe('eventstore:2113');
      expect(esdb.searchParams.get('tls')).toBe('false'); // the local node runs --insecure
    });

    it('starts only after PostgreSQL, Kafka (with its topics) and EventStoreDB are ready', () => {
      expect(service(name).depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        'kafka-init': { condition: 'service_completed_successfully' },
        eventstore: { condition: 'service_healthy' },
      });
    });
  });

  it('gives every service its own image', () => {
    const images = [...SERVICES.map((s) => s.name), SIMULATOR.name].map((n) => service(n).image);
    expect(new Set(images).size).toBe(images.length);
  });

  it('runs the verification-platform simulator from the same image on port 3090', () => {
    const sim = service(SIMULATOR.name);
    expect(sim.build?.context).toBe('.');
    expect(sim.command).toEqual(['node', 'dist/test/simulator/main.js']);
    expect(environmentOf(SIMULATOR.name).HTTP_PORT).toBe(String(SIMULATOR.port));
    expect(portsOf(SIMULATOR.name)).toEqual([{ hostIp: '127.0.0.1', host: SIMULATOR.port, container: SIMULATOR.port }]);
    expect(Number(healthCheckUrl(SIMULATOR.name).port)).toBe(SIMULATOR.port);
    // Verification must not wait for the platform to be healthy: platforms are often down.
    expect(service('verification').depends_on?.[SIMULATOR.name]).toEqual({ condition: 'service_started' });
  });

  describe('Kafka', () => {
    const kafka = service('kafka');
    const env = environmentOf('kafka');

    it('is the official Apache image in KRaft mode, one broker+controller node', () => {
      expect(kafka.image).toBe('apache/kafka:3.9.1');
      expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${env.KAFKA_NODE_ID}@kafka:9093`);
      expect(env.CLUSTER_ID).toMatch(/^[A-Za-z0-9_-]{22}$/);
    });

    it('has a listener for the compose network and one for the host, both advertised', () => {
      const listeners = env.KAFKA_LISTENERS!.split(',');
      expect(listeners).toEqual(expect.arrayContaining(['INTERNAL://:19092', 'HOST://:9092', 'CONTROLLER://:9093']));
      expect(env.KAFKA_ADVERTISED_LISTENERS).toBe('INTERNAL://kafka:19092,HOST://127.0.0.1:9092');
      expect(portsOf('kafka')).toEqual([{ hostIp: '127.0.0.1', host: 9092, container: 9092 }]);
      expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
      expect(kafka.healthcheck?.test.join(' ')).toContain('kafka-broker-api-versions.sh --bootstrap-server kafka:19092');
    });

    it('gets every topic of @sa/contracts and its dead-letter topic from kafka-init', () => {
      const init = service('kafka-init');
      expect(init.image).toBe(kafka.image);
      expect(init.depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
      const script = readFileSync(join(REPO, 'deploy/compose/kafka/create-topics.sh'), 'utf8');
      const listed = /TOPICS=\(([^)]*)\)/.exec(script)![1]!.split(/\s+/).filter(Boolean);
      expect(listed.sort()).toEqual(Object.values(TOPICS).sort());
      expect(script).toContain('for name in "$topic" "$topic.dlq"');
      expect(allTopics()).toHaveLength(listed.length * 2);
      expect(init.volumes).toContain('./deploy/compose/kafka/create-topics.sh:/scripts/create-topics.sh:ro');
    });
  });

  describe('EventStoreDB', () => {
    it('is the official image, one node, --insecure with a comment that it is for local use only', () => {
      const esdb = service('eventstore');
      expect(esdb.image).toMatch(/^eventstore\/eventstore:\d+\.\d+/);
      expect(esdb.command).toEqual(['--insecure']);
      expect(environmentOf('eventstore').EVENTSTORE_CLUSTER_SIZE).toBe('1');
      const block = COMPOSE_TEXT.slice(COMPOSE_TEXT.indexOf('  eventstore:'), COMPOSE_TEXT.indexOf('command: ["--insecure"]'));
      expect(block).toMatch(/--insecure[\s\S]*ONLY for local/);
      expect(esdb.healthcheck?.test.join(' ')).toContain('/health/live');
    });

    it('keeps its database on a declared named volume (not in memory)', () => {
      const esdb = service('eventstore');
      const data = (esdb.volumes ?? []).find((v) => v.split(':')[1] === '/var/lib/eventstore');
      expect(data).toBeDefined();
      const source = data!.split(':')[0]!;
      expect(source).not.toMatch(/^[./]/); // a named volume, not a bind mount of a host directory
      expect(Object.keys(compose.volumes ?? {})).toContain(source);
      expect(environmentOf('eventstore').EVENTSTORE_MEM_DB).toBe('false');
    });

    it('every service uses one deployment prefix, and the event store it builds prefixes its streams with it', async () => {
      const prefixes = new Set(SERVICES.map(({ name }) => environmentOf(name).EVENTSTORE_SCHEMA));
      expect(prefixes.size).toBe(1);
      const [prefix] = [...prefixes];
      expect(prefix).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(COMPOSE_TEXT).toContain('EVENTSTORE_SCHEMA: ${EVENTSTORE_SCHEMA:-'); // overridable per deployment
      for (const { name, spec } of SERVICES) {
        const config = loadConfig(spec, environmentOf(name)) as unknown as Parameters<typeof createEventStore>[0];
        expect(config.EVENTSTORE_SCHEMA).toBe(prefix);
        const store = await createEventStore(config, undefined as never);
        try {
          expect(store).toBeInstanceOf(EventStoreDbEventStore);
          expect((store as EventStoreDbEventStore).serverStreamName('application-1')).toBe(`${prefix}.application-1`);
        } finally {
          await store.close();
        }
      }
    });
  });

  describe('PostgreSQL', () => {
    it('is the official image (15 or 16) with the init SQL creating every schema', () => {
      const pg = service('postgres');
      expect(pg.image).toMatch(/^postgres:1[56](\.|-|$)/);
      expect(pg.volumes).toContain('./deploy/compose/postgres/init.sql:/docker-entrypoint-initdb.d/01-init.sql:ro');
      const sql = readFileSync(join(REPO, 'deploy/compose/postgres/init.sql'), 'utf8');
      for (const schema of [EVENTSTORE_SCHEMA, ...SERVICE_SCHEMAS]) {
        expect(sql).toMatch(new RegExp(`CREATE SCHEMA IF NOT EXISTS ${schema};`));
      }
      expect(pg.healthcheck?.test.join(' ')).toContain('pg_isready -h 127.0.0.1');
    });
  });

  it('has a health check on every long-running container', () => {
    for (const name of Object.keys(compose.services).filter((n) => n !== 'kafka-init')) {
      expect(service(name).healthcheck?.test.length).toBeGreaterThan(0);
    }
  });

  it('mounts only files that exist and declares every named volume', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const name of Object.keys(compose.services)) {
      for (const volume of service(name).volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(existsSync(join(REPO, source))).toBe(true);
        else expect(declared).toContain(source);
      }
    }
  });
});

// --- gateway: Keycloak and the workbench gateway ---
describe('docker-compose.yml: Keycloak and the workbench', () => {
  const env = environmentOf('workbench');
  const keycloak = environmentOf('keycloak');

  it('runs Keycloak (the version deploy/keycloak/pom.xml fetches) with the realm file imported', () => {
    const pomVersion = /<keycloak.version>([^<]+)</.exec(readFileSync(join(REPO, 'deploy/keycloak/pom.xml'), 'utf8'))![1];
    expect(service('keycloak').image).toBe(`quay.io/keycloak/keycloak:${pomVersion}`);
    expect(service('keycloak').command).toEqual(['start-dev', '--import-realm']);
    expect(service('keycloak').volumes).toContain(
      './deploy/keycloak/realm-social-assistance.json:/opt/keycloak/data/import/realm-social-assistance.json:ro',
    );
    expect(keycloak.KC_HEALTH_ENABLED).toBe('true');
  });

  it('builds the workbench from the one Dockerfile, and its environment passes its spec', () => {
    expect(service('workbench').build?.args?.SERVICE).toBe('workbench');
    expect(existsSync(join(REPO, 'services/workbench/src/main.ts'))).toBe(true);
    const known = new Set(envNames(WORKBENCH_CONFIG_SPEC));
    expect(Object.keys(env).filter((n) => !known.has(n))).toEqual([]);
    expect(requiredEnvNames(WORKBENCH_CONFIG_SPEC, env).filter((n) => !(n in env))).toEqual([]);
    const config = loadConfig(WORKBENCH_CONFIG_SPEC, env);
    expect(config.NODE_ENV).toBe('production');
    expect(portsOf('workbench')).toEqual([{ hostIp: '127.0.0.1', host: config.WORKBENCH_PORT, container: config.WORKBENCH_PORT }]);
    expect(healthCheckUrl('workbench').port).toBe(String(config.WORKBENCH_PORT));
    expect(service('workbench').depends_on).toMatchObject({ keycloak: { condition: 'service_healthy' } });
  });

  it("uses one issuer everywhere: Keycloak's front-end URL = the gateway's OIDC_ISSUER_URL = the services' JWT_ISSUER", () => {
    const published = portsOf('keycloak')[0]!;
    const issuer = `${keycloak.KC_HOSTNAME}/realms/social-assistance`;
    expect(new URL(keycloak.KC_HOSTNAME!).port).toBe(String(published.host));
    expect(env.OIDC_ISSUER_URL).toBe(issuer);
    expect(new URL(env.OIDC_DISCOVERY_URL!).host).toBe(`keycloak:${published.container}`);
    for (const { name } of SERVICES) {
      const s = environmentOf(name);
      expect(s.JWT_ISSUER).toBe(issuer);
      expect(new URL(s.JWT_JWKS_URL!).host).toBe(`keycloak:${published.container}`);
    }
  });

  it('proxies each context to its compose service and port', () => {
    const urls: Record<string, string> = { intake: 'INTAKE_URL', verification: 'VERIFICATION_URL', eligibility: 'ELIGIBILITY_URL', disbursement: 'DISBURSEMENT_URL', 'follow-up': 'FOLLOW_UP_URL', audit: 'AUDIT_URL' };
    for (const { name, port } of SERVICES) expect(env[urls[name]!]).toBe(`http://${name}:${port}`);
    expect(env.PUBLIC_URL).toBe(`http://127.0.0.1:${portsOf('workbench')[0]!.host}`);
  });
});
// --- end gateway ---

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
  const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?/gm)].map((m) => ({ from: m[1], name: m[2] }));

  it('is multi-stage on node:20-bookworm-slim', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
  });

  it('installs with npm ci, builds, prunes dev dependencies and runs as a non-root user', () => {
    expect(dockerfile).toMatch(/RUN .*npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    const user = [...dockerfile.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)$/);
  });

  it('starts dist/services/$SERVICE/src/main.js for each service', () => {
    expect(dockerfile).toMatch(/^ARG SERVICE=/m);
    expect(dockerfile).toMatch(/SERVICE=\$\{SERVICE\}/);
    expect(dockerfile).toContain('dist/services/$SERVICE/src/main.js');
    const allowed = /case \\"\$SERVICE\\" in ([^)]*)\)/.exec(dockerfile)![1]!.split('|');
    expect(allowed.sort()).toEqual([...SERVICES.map((s) => s.name), 'workbench'].sort());
  });

  it('keeps node_modules, dist and secrets out of the build context', () => {
    const ignored = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.git', '.env', '.cache']) expect(ignored).toContain(entry);
  });
});
