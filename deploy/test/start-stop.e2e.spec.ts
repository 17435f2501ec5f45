/**
 * `npm start` as a process manager or an IDE runs it (issue #12, "Start-up and faults"):
 *
 *   1. `npm start` on the built tree (NO_BUILD=1), with its own ports (SA_PORT_OFFSET), its own database,
 *      its own Kafka (own ports and data dir) and its own Keycloak (own port and data dir), so it never
 *      touches another broker, identity provider or system — until every process answers /health/ready;
 *      — every port listens on loopback only;
 *   2. one service is SIGKILLed: the supervisor (deploy/supervisor) restarts it, and it is ready again;
 *   3. SIGINT goes to the npm process ONLY (not its process group, as a terminal's Ctrl-C would):
 *      every process it started — npm, start.sh, the supervisor, the simulator, the six services, the
 *      workbench gateway, the Kafka JVM and the Keycloak JVM — is gone within a bound, and every port
 *      it listened on is free. Checked by pid list and ports, never by sleeping.
 *
 * Needs what `npm start` needs (PostgreSQL at TEST_DATABASE_URL's server, Java 17, Kafka and Keycloak
 * from Maven Central) and a build (`npm run build`). Readiness on a loaded machine can take minutes:
 * START_STOP_READY_TIMEOUT_MS (default 300 000). The figures are printed.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '../../test/support/free-port';

const REPO = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const READY_TIMEOUT_MS = Number(process.env.START_STOP_READY_TIMEOUT_MS ?? 300_000);
/** Keycloak and Kafka each get up to 30 s to stop (their scripts' bounds), the services 8 s. */
const STOP_TIMEOUT_MS = 120_000;
const BASE_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance_test';

/** What `npm start` runs (deploy/start.sh), and their default ports before SA_PORT_OFFSET. */
const PROCESSES: Record<string, number> = {
  simulator: 3090,
  intake: 3001,
  verification: 3002,
  eligibility: 3003,
  disbursement: 3004,
  'follow-up': 3005,
  audit: 3006,
  workbench: 3000,
};
const VICTIM = 'eligibility';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** True when nothing accepts a connection on 127.0.0.1:port. */
function nobodyListens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}


/** An offset under which every port start.sh gives out is free. */
async function freeOffset(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const offset = 20_000 + Math.floor(Math.random() * 4_000);
    const free = await Promise.all(Object.values(PROCESSES).map((p) => portFree(p + offset)));
    if (free.every(Boolean)) return offset;
  }
  throw new Error('no free port range for npm start');
}

async function isReady(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(5000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Alive and not a zombie (a zombie has exited; only its exit status waits for its parent). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Every live process whose session is `sid` or whose ancestry leads to `root`. */
function descendants(root: number, sid: number): Set<number> {
  const parent = new Map<number, number>();
  const session = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
      session.set(Number(name), Number(fields[3]));
    } catch {
      // gone meanwhile
    }
  }
  const found = new Set<number>();
  for (const pid of parent.keys()) {
    if (session.get(pid) === sid) found.add(pid);
    for (let p: number | undefined = pid, hops = 0; p && p > 1 && hops < 64; p = parent.get(p), hops++) {
      if (p === root) {
        found.add(pid);
        break;
      }
    }
  }
  return found;
}

/** The local addresses listening on a TCP port (from /proc/net/tcp and tcp6), e.g. ['127.0.0.1']. */
function listenAddresses(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , st] = line.trim().split(/\s+/);
      if (!local || st !== '0A') continue; // 0A = LISTEN
      const [addr, hexPort] = local.split(':');
      if (parseInt(hexPort!, 16) !== port) continue;
      const v4 = addr!.length === 8 ? addr! : /^0{16}FFFF0000([0-9A-F]{8})$/i.exec(addr!)?.[1]; // IPv4, or IPv4-mapped IPv6 (Java)
      if (v4) out.push(v4.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.'));
      else out.push(addr === '00000000000000000000000001000000' ? '::1' : addr === '0'.repeat(32) ? '::' : addr!);
    }
  }
  return out;
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').replace(/\D/g, ''));
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

interface SupervisorState {
  supervisorPid: number;
  allReady: boolean;
  processes: Record<string, { pid: number | null; restarts: number; ready: boolean }>;
}

describe('npm start: a dead service is restarted; SIGINT to npm alone stops everything it started', () => {
  const suffix = randomBytes(4).toString('hex');
  const workDir = path.join(REPO, '.cache', `start-stop-${suffix}`);
  const logDir = path.join(workDir, 'logs');
  const stateFile = path.join(logDir, 'supervisor.json');
  const kafkaDataDir = path.join(workDir, 'kafka');
  const keycloakDataDir = path.join(workDir, 'keycloak');
  const outFile = path.join(workDir, 'npm-start.out');
  const database = `sa_start_stop_${suffix}`;
  const databaseUrl = (() => {
    const u = new URL(BASE_DATABASE_URL);
    u.pathname = `/${database}`;
    return u.toString();
  })();

  let env: NodeJS.ProcessEnv;
  let npm: ChildProcess | undefined;
  let npmExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let offset = 0;
  let ports: Record<string, number> = {};
  const started = new Set<number>();

  const state = (): SupervisorState | undefined => {
    try {
      return JSON.parse(readFileSync(stateFile, 'utf8')) as SupervisorState;
    } catch {
      return undefined;
    }
  };
  const output = () => (existsSync(outFile) ? readFileSync(outFile, 'utf8') : '');
  const tail = () => output().split('\n').slice(-40).join('\n');

  /** Every pid npm start has running now: its tree and session, the supervisor's children, the brokers' JVMs. */
  const snapshot = (): Set<number> => {
    const pids = npm?.pid ? descendants(npm.pid, npm.pid) : new Set<number>();
    const s = state();
    if (s) {
      pids.add(s.supervisorPid);
      for (const p of Object.values(s.processes)) if (p.pid) pids.add(p.pid);
      // each supervised process is a group leader (detached): take its children too
      for (const p of Object.values(s.processes)) if (p.pid) for (const d of descendants(p.pid, p.pid)) pids.add(d);
    }
    for (const file of [path.join(kafkaDataDir, 'kafka.pid'), path.join(keycloakDataDir, 'keycloak.pid')]) {
      const pid = readPid(file);
      if (pid) pids.add(pid);
    }
    for (const pid of pids) started.add(pid);
    return new Set([...pids].filter(alive));
  };

  beforeAll(async () => {
    for (const js of ['dist/deploy/supervisor/main.js', 'dist/services/intake/src/main.js', 'dist/services/workbench/src/main.js', 'dist/test/simulator/main.js']) {
      if (!existsSync(path.join(REPO, js))) throw new Error(`dist/ is missing ${js} — run \`npm run build\` first`);
    }
    mkdirSync(logDir, { recursive: true });
    offset = await freeOffset();
    ports = Object.fromEntries(Object.entries(PROCESSES).map(([n, p]) => [n, p + offset]));
    ports.kafka = await freePort();
    ports.kafkaController = await freePort();
    ports.keycloak = await freePort();
    ports.keycloakManagement = await freePort();
    const {
      KAFKA_EXTERNAL: _external,
      KAFKA_BROKERS: _brokers,
      DATABASE_SCHEMA: _schema,
      EVENTSTORE_SCHEMA: _es,
      NO_KEYCLOAK: _nokc,
      NO_SIMULATOR: _nosim,
      OIDC_ISSUER_URL: _oidc,
      JWT_ISSUER: _iss,
      JWT_JWKS_URL: _jwks,
      ...inherited
    } = process.env;
    env = {
      ...inherited,
      NODE_ENV: 'development',
      NO_BUILD: '1',
      SA_PORT_OFFSET: String(offset),
      SA_LOG_DIR: logDir,
      DATABASE_URL: databaseUrl,
      KAFKA_PORT: String(ports.kafka),
      KAFKA_CONTROLLER_PORT: String(ports.kafkaController),
      KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
      KAFKA_DATA_DIR: kafkaDataDir,
      KEYCLOAK_PORT: String(ports.keycloak),
      KEYCLOAK_MANAGEMENT_PORT: String(ports.keycloakManagement),
      KEYCLOAK_DATA_DIR: keycloakDataDir,
      KEYCLOAK_START_TIMEOUT: String(Math.round(READY_TIMEOUT_MS / 1000)),
      SUPERVISOR_READY_TIMEOUT_MS: String(READY_TIMEOUT_MS),
    };
  });

  afterAll(async () => {
    // Whatever a failed run left behind: first the normal way (SIGINT to npm), then SIGKILL to the pids this
    // test saw npm start, then the brokers by their scripts.
    snapshot();
    if (npm?.pid && alive(npm.pid)) {
      process.kill(npm.pid, 'SIGINT');
      await until('npm start to stop after a failure', STOP_TIMEOUT_MS, () => ([...started].some(alive) ? undefined : true)).catch(() => undefined);
    }
    const left = [...started].filter(alive);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    if (left.length) console.log(`start-stop: killed ${left.length} processes left behind: ${left.join(' ')}`);
    await run('bash', ['deploy/kafka/kafka.sh', 'down'], { cwd: REPO, env }).catch(() => undefined);
    await run('bash', ['deploy/keycloak/keycloak.sh', 'down'], { cwd: REPO, env }).catch(() => undefined);
    const admin = new Client({ connectionString: BASE_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    if (left.length === 0) rmSync(workDir, { recursive: true, force: true });
  }, STOP_TIMEOUT_MS + 120_000);

  it(
    'starts everything, restarts a SIGKILLed service, and stops every process on a SIGINT to npm alone',
    async () => {
      const t0 = Date.now();
      const out = openSync(outFile, 'a');
      // detached: npm gets a session of its own, so the SIGINT below reaches npm alone (not a group)
      npm = spawn('npm', ['start'], { cwd: REPO, env, detached: true, stdio: ['ignore', out, out] });
      npmExited = new Promise((resolve) => npm!.once('exit', (code, signal) => resolve({ code, signal })));
      let exited = false;
      void npmExited.then(() => (exited = true));

      // 1. every process ready
      await until(`every process of npm start ready (output:\n${tail()})`, READY_TIMEOUT_MS + 240_000, async () => {
        if (exited) throw new Error(`npm start exited before it was ready:\n${tail()}`);
        if (!state()?.allReady) return undefined;
        const ready = await Promise.all(Object.keys(PROCESSES).map((n) => isReady(ports[n]!)));
        return ready.every(Boolean) ? true : undefined;
      });
      const readyAfterMs = Date.now() - t0;
      expect(await nobodyListens(ports.kafka!)).toBe(false);
      expect(await nobodyListens(ports.keycloak!)).toBe(false);
      // loopback only (issue #12: the services bound 0.0.0.0 while the log said 127.0.0.1)
      const exposed = Object.entries(ports)
        .filter(([name]) => name !== 'keycloakManagement') // Keycloak's management interface is off
        .map(([name, port]) => [name, listenAddresses(port)] as const)
        .filter(([, addrs]) => addrs.length === 0 || addrs.some((a) => a !== '127.0.0.1' && a !== '::1'));
      expect(exposed).toEqual([]);
      const firstState = state()!;
      expect(Object.keys(firstState.processes).sort()).toEqual(Object.keys(PROCESSES).sort());

      // 2. SIGKILL one service: the supervisor restarts it and it is ready again
      const victimPid = firstState.processes[VICTIM]!.pid!;
      const t1 = Date.now();
      process.kill(victimPid, 'SIGKILL');
      const restarted = await until(`${VICTIM} restarted by the supervisor (output:\n${tail()})`, READY_TIMEOUT_MS, async () => {
        const p = state()?.processes[VICTIM];
        if (!p || !p.pid || p.pid === victimPid || !p.ready || p.restarts < 1) return undefined;
        return (await isReady(ports[VICTIM]!)) ? p : undefined;
      });
      const restartedAfterMs = Date.now() - t1;
      expect(alive(victimPid)).toBe(false);
      expect(restarted.restarts).toBe(1);
      expect(output()).toMatch(new RegExp(`${VICTIM} \\(pid ${victimPid}\\) exited \\(signal SIGKILL\\) — restart 1 of`));
      expect(output()).toContain(`${VICTIM} ready again (pid ${restarted.pid}`);
      // nothing else was restarted, and everything is still ready
      for (const [name, p] of Object.entries(state()!.processes)) if (name !== VICTIM) expect(p.restarts).toBe(0);
      expect((await Promise.all(Object.keys(PROCESSES).map((n) => isReady(ports[n]!)))).every(Boolean)).toBe(true);

      // 3. SIGINT to npm alone
      const before = snapshot();
      const kafkaPid = readPid(path.join(kafkaDataDir, 'kafka.pid'));
      const keycloakPid = readPid(path.join(keycloakDataDir, 'keycloak.pid'));
      expect(kafkaPid && before.has(kafkaPid)).toBeTruthy();
      expect(keycloakPid && before.has(keycloakPid)).toBeTruthy();
      expect(before.has(npm.pid!)).toBe(true);
      expect(before.has(firstState.supervisorPid)).toBe(true);
      expect(before.has(restarted.pid!)).toBe(true);
      // npm, sh/bash (start.sh), supervisor, 8 supervised processes, Kafka, Keycloak
      expect(before.size).toBeGreaterThanOrEqual(12);

      const t2 = Date.now();
      process.kill(npm.pid!, 'SIGINT');
      const allPorts = Object.values(ports);
      const remaining = await until(
        'every process npm start started to be gone and its ports free',
        STOP_TIMEOUT_MS,
        async () => {
          const alivePids = [...before].filter(alive);
          const later = snapshot(); // anything started meanwhile (e.g. a restart) counts too
          const stillThere = [...new Set([...alivePids, ...later])];
          const busy = (await Promise.all(allPorts.map(async (p) => ((await nobodyListens(p)) ? undefined : p)))).filter((p) => p !== undefined);
          return stillThere.length === 0 && busy.length === 0 && exited ? { stillThere, busy } : undefined;
        },
        250,
      ).catch(async (e: Error) => {
        const stillThere = [...started].filter(alive);
        const details = stillThere.map((pid) => {
          try {
            return `${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 160)}`;
          } catch {
            return String(pid);
          }
        });
        throw new Error(`${e.message}\nstill running:\n${details.join('\n')}\noutput:\n${tail()}`);
      });
      const stoppedAfterMs = Date.now() - t2;
      expect(remaining).toEqual({ stillThere: [], busy: [] });
      const { code, signal } = await npmExited;
      expect(code !== 0 || signal !== null).toBe(true); // a stop on a signal is not a success
      expect(output()).toMatch(/\bstopped\b/);

      console.log(
        `start-stop: ${before.size} processes (npm ${npm.pid}, supervisor ${firstState.supervisorPid}, Kafka ${kafkaPid}, Keycloak ${keycloakPid}); ` +
          `ready after ${(readyAfterMs / 1000).toFixed(1)} s; ${VICTIM} SIGKILLed → ready again after ${(restartedAfterMs / 1000).toFixed(1)} s; ` +
          `SIGINT to npm → all gone, ports free after ${(stoppedAfterMs / 1000).toFixed(1)} s (npm exit ${code ?? signal})`,
      );
    },
    READY_TIMEOUT_MS * 2 + STOP_TIMEOUT_MS + 300_000,
  );
});
