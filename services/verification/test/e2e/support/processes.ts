/**
 * Starting the verification service and the platform simulator as separate processes for e2e tests.
 * Each runs from the build (dist/) when it is newer than every source it is built from, otherwise
 * from the TypeScript sources through ts-node, so a test never runs stale code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../../../..');
const LOG_DIR = path.join(REPO, '.cache', 'e2e-logs');

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** `node dist/<js>` if fresh, else ts-node on `<ts>`. */
function command(ts: string, js: string, sources: string[]): string[] {
  const built = path.join(REPO, js);
  if (existsSync(built) && process.env.VERIFICATION_E2E_FROM_SOURCE !== '1') {
    const newest = Math.max(...sources.map((s) => newestMtime(path.join(REPO, s))));
    if (statSync(built).mtimeMs >= newest) return [built];
  }
  return ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', path.join(REPO, ts)];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  baseUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, name: string, logFile: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} not ready at ${url} within ${timeoutMs} ms; see ${logFile}`);
}

async function start(name: string, args: string[], env: Record<string, string>, port: number): Promise<RunningProcess> {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}-${port}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, TS_NODE_PROJECT: path.join(REPO, 'tsconfig.json'), ...env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitReady(`${baseUrl}/health/ready`, child, name, logFile, 90_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { name, child, baseUrl, logFile, stop };
}

export async function startSimulator(env: Record<string, string>): Promise<RunningProcess> {
  const port = await freePort();
  return start('simulator', command('test/simulator/main.ts', 'dist/test/simulator/main.js', ['test/simulator']), env, port);
}

export async function startVerificationService(env: Record<string, string>, port?: number): Promise<RunningProcess> {
  const p = port ?? (await freePort());
  return start(
    'verification',
    command('services/verification/src/main.ts', 'dist/services/verification/src/main.js', ['services/verification/src', 'libs']),
    env,
    p,
  );
}
