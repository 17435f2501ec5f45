/**
 * The supervisor `npm start` runs (deploy/start.sh): starts the processes given on the command line,
 * group by group (a group starts in parallel; the next group starts once every process of the
 * previous one answers its ready URL), restarts a process that dies (see supervisor.ts), and stops
 * everything on SIGINT, SIGTERM or SIGHUP, when the watched process (npm) is gone, or when a process
 * has died more often than the restart bound allows (exit code 1).
 *
 *   node dist/deploy/supervisor/main.js --log-dir .cache/logs [--watch-pid <pid>] [--state-file <f>] \
 *     --proc 'name=intake port=3001 entry=dist/services/intake/src/main.js DATABASE_SCHEMA=intake' … \
 *     --then --proc 'name=workbench port=3000 entry=…'
 *
 * Restart policy from the environment: SUPERVISOR_MAX_RESTARTS (5), SUPERVISOR_WINDOW_MS (600000),
 * SUPERVISOR_INITIAL_DELAY_MS (1000), SUPERVISOR_MAX_DELAY_MS (30000), SUPERVISOR_READY_TIMEOUT_MS (120000).
 * The state file (JSON: the supervisor's pid and each process's current pid and restarts) is
 * rewritten on every change; the line "all processes ready" goes to stderr once everything is up.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_POLICY, type ProcessSpec, type RestartPolicy, Supervisor } from './supervisor';

const log = (line: string) => process.stderr.write(`\x1b[1m[${new Date().toTimeString().slice(0, 8)}]\x1b[0m [supervisor] ${line}\n`);

interface Args {
  logDir: string;
  watchPid?: number;
  stateFile?: string;
  groups: ProcessSpec[][];
}

/** `name=intake port=3001 entry=dist/… KEY=value …` → a process spec (HTTP_PORT=port, ready URL /health/ready). */
export function parseProc(text: string, logDir: string): ProcessSpec {
  const env: Record<string, string> = {};
  let name: string | undefined;
  let port: string | undefined;
  let entry: string | undefined;
  for (const word of text.trim().split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new Error(`--proc: "${word}" is not key=value`);
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    if (key === 'name') name = value;
    else if (key === 'port') port = value;
    else if (key === 'entry') entry = value;
    else env[key] = value;
  }
  if (!name || !entry) throw new Error(`--proc needs name= and entry=: ${text}`);
  if (port) env.HTTP_PORT = port;
  return {
    name,
    args: [entry],
    env,
    logFile: path.join(logDir, `${name}.log`),
    readyUrl: port ? `http://127.0.0.1:${port}/health/ready` : undefined,
  };
}

function parseArgs(argv: string[]): Args {
  const args: Args = { logDir: path.resolve('.cache/logs'), groups: [[]] };
  const procs: string[][] = [[]];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--log-dir') args.logDir = path.resolve(next());
    else if (a === '--watch-pid') args.watchPid = Number(next());
    else if (a === '--state-file') args.stateFile = path.resolve(next());
    else if (a === '--proc') procs.at(-1)!.push(next());
    else if (a === '--then') procs.push([]);
    else throw new Error(`unknown argument ${a}`);
  }
  args.groups = procs.filter((g) => g.length > 0).map((g) => g.map((t) => parseProc(t, args.logDir)));
  return args;
}

function policyFromEnv(): RestartPolicy {
  const num = (name: string, fallback: number) => {
    const v = process.env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${v}"`);
    return n;
  };
  return {
    ...DEFAULT_POLICY,
    maxRestarts: num('SUPERVISOR_MAX_RESTARTS', DEFAULT_POLICY.maxRestarts),
    windowMs: num('SUPERVISOR_WINDOW_MS', DEFAULT_POLICY.windowMs),
    initialDelayMs: num('SUPERVISOR_INITIAL_DELAY_MS', DEFAULT_POLICY.initialDelayMs),
    maxDelayMs: num('SUPERVISOR_MAX_DELAY_MS', DEFAULT_POLICY.maxDelayMs),
    readyTimeoutMs: num('SUPERVISOR_READY_TIMEOUT_MS', DEFAULT_POLICY.readyTimeoutMs),
  };
}

async function main(): Promise<void> {
  let args: Args;
  let policy: RestartPolicy;
  try {
    args = parseArgs(process.argv.slice(2));
    policy = policyFromEnv();
  } catch (e) {
    log(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  const sup = new Supervisor(policy, log);
  for (const spec of args.groups.flat()) sup.add(spec);

  let allReady = false;
  const writeState = () => {
    if (!args.stateFile) return;
    const processes = Object.fromEntries(sup.names().map((n) => [n, { pid: sup.pid(n) ?? null, restarts: sup.restarts(n), ready: sup.isReady(n) }]));
    try {
      writeFileSync(args.stateFile, JSON.stringify({ supervisorPid: process.pid, allReady, processes }, null, 2));
    } catch {
      // the state file is informational
    }
  };
  for (const event of ['ready', 'exit', 'restart']) sup.on(event, writeState);

  let stopping: Promise<void> | undefined;
  const stopAll = (why: string, code: number) => {
    if (!stopping) {
      log(`${why} — stopping ${sup.pids().length} processes`);
      stopping = sup.stopAll().then(() => {
        writeState();
        log('all processes stopped');
        process.exit(code);
      });
    }
    return stopping;
  };

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(`received ${signal}`, 0));
  sup.on('gave-up', (e: { name: string; restarts: number }) => {
    void stopAll(`${e.name} kept dying (${e.restarts} restarts within ${Math.round(policy.windowMs / 60_000)} min, the limit)`, 1);
  });

  // The process that started us (npm, or the shell): when it is gone, nobody would stop us.
  const parent = process.ppid;
  const watched = args.watchPid;
  setInterval(() => {
    if (stopping) return;
    if (process.ppid !== parent) void stopAll(`parent process ${parent} is gone`, 1);
    else if (watched && !isAlive(watched)) void stopAll(`watched process ${watched} is gone`, 1);
  }, 500).unref();

  for (const group of args.groups) {
    try {
      await sup.start(...group.map((s) => s.name));
      for (const s of group) log(`${s.name} ready (pid ${sup.pid(s.name)})`);
    } catch (e) {
      if (stopping) return;
      log(e instanceof Error ? e.message : String(e));
      for (const s of group.filter((g) => !sup.isReady(g.name))) process.stderr.write(tail(s.logFile, 20));
      await stopAll('start-up failed', 1);
      return;
    }
    if (stopping) return;
  }
  allReady = true;
  writeState();
  log(`all processes ready (restart bound: ${policy.maxRestarts} within ${Math.round(policy.windowMs / 60_000)} min per process, backoff from ${policy.initialDelayMs} ms)`);
}

function tail(file: string, lines: number): string {
  try {
    return `--- last lines of ${file} ---\n${readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n')}\n`;
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

if (require.main === module) void main();
