import { ensureDatabase } from '@sa/database';
/**
 * Shared pieces of the HTTP benches: a service started as its own process (its real `main.ts`, as
 * `npm start` runs it, through ts-node so no build is needed), the autocannon runs, the figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';

export const REPO = path.resolve(__dirname, '../..');

export const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

export const logTo =
  (name: string) =>
  (msg: string): void => {
    process.stderr.write(`[bench:${name}] ${msg}\n`);
  };

export { ensureDatabase };

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `services/<name>/src/main.ts` on 127.0.0.1:port with the given environment (on top of this
 * process's), and waits until `/health/ready` answers 200. Its output goes to stderr, prefixed.
 */
export async function startService(name: string, port: number, env: Record<string, string>, readyTimeoutMs = 180_000): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', path.join(REPO, 'services', name, 'src', 'main.ts')],
    {
      cwd: REPO,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const prefix = (d: Buffer) => process.stderr.write(d.toString().replace(/^(?=.)/gm, `[${name}] `));
  child.stdout!.on('data', prefix);
  child.stderr!.on('data', prefix);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`${name} exited (code ${exited}) before it was ready`);
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready on ${url} after ${readyTimeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    child,
    async stop() {
      if (exited !== undefined) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

export interface LoadFigures {
  requests: number;
  reqPerSec: number;
  seconds: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Either a duration (s) or an amount of requests. */
  durationSec?: number;
  amount?: number;
  method?: 'GET' | 'POST';
  /** Headers per connection (connection i gets headersFor(i)): 32 connections = 32 different users. */
  headersFor?: (connection: number) => Record<string, string>;
  /** A fresh body per request (e.g. a new application each time). */
  bodyFor?: () => string;
  /** A fresh path per request (e.g. the next case), relative to url's origin. */
  pathFor?: () => string;
}

/**
 * One autocannon run; latency percentiles in ms, as autocannon's HDR histogram gives them. `reqPerSec` is the
 * responses received over the wall time from the start to the last response, measured here: autocannon's own
 * `duration` is only known to its 1 s sampling tick (a 640-request run that took 0.2 s reported ~1.01 s, so every
 * endpoint printed the same ~634 req/s).
 */
export async function load(options: LoadOptions): Promise<LoadFigures> {
  let nextConnection = 0;
  const started = performance.now();
  let last = started;
  let responses = 0;
  const run = autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSec ?? 10 }),
    method: options.method ?? 'GET',
    timeout: 30,
    setupClient: (client) => {
      const i = nextConnection++;
      if (options.headersFor) client.setHeaders({ ...options.headersFor(i) });
    },
    ...(options.bodyFor || options.pathFor
      ? {
          requests: [
            {
              setupRequest: (req) => ({
                ...req,
                ...(options.bodyFor ? { body: options.bodyFor() } : {}),
                ...(options.pathFor ? { path: options.pathFor() } : {}),
              }),
            },
          ],
        }
      : {}),
  });
  // at run time the promise is autocannon's tracker (an EventEmitter, lib/init.js); its types only say Promise
  (run as unknown as NodeJS.EventEmitter).on('response', () => {
    responses++;
    last = performance.now();
  });
  const result = await run;
  const seconds = Math.max(0.001, (last - started) / 1000);
  return {
    requests: result.requests.total,
    reqPerSec: round(responses / seconds),
    seconds: round(seconds, 3),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
