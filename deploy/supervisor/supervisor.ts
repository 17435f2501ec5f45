/**
 * A small process supervisor, used by `npm start` (deploy/supervisor/main.ts, run by deploy/start.sh)
 * and by the cross-service e2e harness (test/e2e/support/system.ts).
 *
 * - Each process runs in its own process group (so a terminal's Ctrl-C reaches the supervisor only,
 *   which then stops everything in order) and appends its stdout/stderr to its log file.
 * - A process that exits without being asked to is restarted after a backoff (1 s, 2 s, 4 s … by
 *   default), at most `maxRestarts` times within `windowMs`; one more exit within the window and the
 *   supervisor gives up ('gave-up' event; the CLI then stops everything).
 * - Every exit, restart and give-up is logged: which process, exit code or signal, attempt n of the
 *   bound, next delay.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync, writeSync } from 'node:fs';

export interface ProcessSpec {
  name: string;
  /** Executable (default: this Node binary). */
  command?: string;
  args: string[];
  /** Added to the supervisor's own environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** stdout and stderr are appended here. */
  logFile: string;
  /** Polled until it answers 2xx; without one, a process counts as ready once spawned. */
  readyUrl?: string;
}

export interface RestartPolicy {
  /** Restarts allowed per process within `windowMs` (default 5). */
  maxRestarts: number;
  /** Sliding window for the bound, ms (default 10 minutes). */
  windowMs: number;
  /** First backoff, doubled per restart within the window (default 1000 ms). */
  initialDelayMs: number;
  /** Largest backoff (default 30 s). */
  maxDelayMs: number;
  /** How long a (re)started process may take to become ready (default 120 s). */
  readyTimeoutMs: number;
  /** SIGTERM → SIGKILL grace period when stopping (default 10 s). */
  stopTimeoutMs: number;
}

export const DEFAULT_POLICY: RestartPolicy = {
  maxRestarts: 5,
  windowMs: 10 * 60_000,
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  readyTimeoutMs: 120_000,
  stopTimeoutMs: 10_000,
};

export interface ExitInfo {
  name: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Backoff before restart number `attempt` (1-based) within the window. */
export function restartDelay(attempt: number, policy: Pick<RestartPolicy, 'initialDelayMs' | 'maxDelayMs'>): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

class Supervised {
  child: ChildProcess | undefined;
  /** Times of the restarts counted against the bound. */
  restartTimes: number[] = [];
  restarts = 0;
  wanted = false;
  ready = false;
  timer: NodeJS.Timeout | undefined;
  exited: Promise<void> = Promise.resolve();
  constructor(readonly spec: ProcessSpec) {}

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }
}

/**
 * Events: 'exit' (ExitInfo & { expected }), 'restart' ({ name, attempt, delayMs }), 'ready'
 * ({ name, pid, restarts }), 'gave-up' (ExitInfo & { restarts }).
 */
export class Supervisor extends EventEmitter {
  readonly policy: RestartPolicy;
  private readonly procs = new Map<string, Supervised>();
  private stopping = false;

  constructor(
    policy: Partial<RestartPolicy> = {},
    private readonly log: (line: string) => void = (line) => process.stderr.write(`[supervisor] ${line}\n`),
  ) {
    super();
    this.policy = { ...DEFAULT_POLICY, ...policy };
  }

  add(spec: ProcessSpec): void {
    if (this.procs.has(spec.name)) throw new Error(`supervisor: ${spec.name} added twice`);
    this.procs.set(spec.name, new Supervised(spec));
  }

  names(): string[] {
    return [...this.procs.keys()];
  }

  pid(name: string): number | undefined {
    const p = this.get(name);
    return p.alive ? p.child?.pid : undefined;
  }

  isReady(name: string): boolean {
    const p = this.get(name);
    return p.alive && p.ready;
  }

  restarts(name: string): number {
    return this.get(name).restarts;
  }

  /** Every pid the supervisor currently runs. */
  pids(): number[] {
    return [...this.procs.values()].filter((p) => p.alive).map((p) => p.child!.pid!);
  }

  private get(name: string): Supervised {
    const p = this.procs.get(name);
    if (!p) throw new Error(`supervisor: no process ${name}`);
    return p;
  }

  /** Starts the named processes (in parallel) and resolves when all are ready; rejects if one is not. */
  async start(...names: string[]): Promise<void> {
    await Promise.all(
      names.map(async (name) => {
        const p = this.get(name);
        if (this.stopping) throw new Error(`supervisor is stopping: ${name} not started`);
        p.wanted = true;
        if (!p.alive) this.spawn(p);
        await this.waitReady(p, true);
      }),
    );
  }

  /**
   * Resolves when the named process is ready after at least `minRestarts` restarts (e.g. the current
   * count + 1 after `signal(name, 'SIGKILL')`); rejects when the supervisor gives up on it.
   */
  async whenReady(name: string, minRestarts = 0, timeoutMs = this.policy.readyTimeoutMs + this.policy.maxDelayMs): Promise<void> {
    const p = this.get(name);
    if (p.ready && p.alive && p.restarts >= minRestarts) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${name} not ready again within ${timeoutMs} ms; see ${p.spec.logFile}`));
      }, timeoutMs);
      const onReady = (e: { name: string; restarts: number }) => {
        if (e.name !== name || e.restarts < minRestarts) return;
        cleanup();
        resolve();
      };
      const onGaveUp = (e: { name: string }) => {
        if (e.name !== name) return;
        cleanup();
        reject(new Error(`supervisor gave up on ${name}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.off('ready', onReady);
        this.off('gave-up', onGaveUp);
      };
      this.on('ready', onReady);
      this.on('gave-up', onGaveUp);
    });
  }

  /** Sends a signal to the process (its process group) without stopping supervision: a test's "crash". */
  signal(name: string, signal: NodeJS.Signals): void {
    const p = this.get(name);
    if (!p.alive || !p.child?.pid) throw new Error(`${name} is not running`);
    killGroup(p.child.pid, signal);
  }

  /** Stops one process for good (no restart): SIGTERM to its group, SIGKILL after the grace period. */
  async stop(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.get(name);
    p.wanted = false;
    clearTimeout(p.timer);
    p.timer = undefined;
    await this.terminate(p, signal);
  }

  /** Stops every process (in reverse order of adding), no restarts any more. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const all = [...this.procs.values()];
    for (const p of all) {
      p.wanted = false;
      clearTimeout(p.timer);
      p.timer = undefined;
    }
    await Promise.all(all.reverse().map((p) => this.terminate(p, 'SIGTERM')));
  }

  private async terminate(p: Supervised, signal: NodeJS.Signals): Promise<void> {
    const child = p.child;
    if (!child?.pid || !p.alive) {
      await p.exited;
      return;
    }
    killGroup(child.pid, signal);
    const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), this.policy.stopTimeoutMs);
    await p.exited;
    clearTimeout(timer);
  }

  private spawn(p: Supervised): void {
    const { spec } = p;
    const fd = openSync(spec.logFile, 'a');
    writeSync(fd, `\n==== ${spec.name} start #${p.restarts} ${new Date().toISOString()} ====\n`);
    let child: ChildProcess;
    try {
      child = spawn(spec.command ?? process.execPath, spec.args, {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env },
        stdio: ['ignore', fd, fd],
        // Own process group: a terminal's Ctrl-C reaches the supervisor, which stops it in order.
        detached: true,
      });
    } finally {
      closeSync(fd);
    }
    p.child = child;
    p.ready = false;
    p.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        this.onExit(p, child, code, signal);
      });
      child.once('error', (err) => {
        this.log(`${spec.name}: ${err.message}`);
        if (child.pid === undefined) {
          resolve();
          this.onExit(p, child, null, null);
        }
      });
    });
  }

  private onExit(p: Supervised, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (p.child !== child) return;
    p.ready = false;
    const info: ExitInfo = { name: p.spec.name, pid: child.pid ?? -1, code, signal };
    const expected = !p.wanted || this.stopping;
    this.emit('exit', { ...info, expected });
    if (expected) return;
    const now = Date.now();
    p.restartTimes = p.restartTimes.filter((t) => now - t < this.policy.windowMs);
    if (p.restartTimes.length >= this.policy.maxRestarts) {
      p.wanted = false;
      this.log(
        `${p.spec.name} (pid ${info.pid}) exited (${describeExit(code, signal)}) after ${p.restartTimes.length} restarts within ${seconds(this.policy.windowMs)} — giving up (see ${p.spec.logFile})`,
      );
      this.emit('gave-up', { ...info, restarts: p.restartTimes.length });
      return;
    }
    const attempt = p.restartTimes.length + 1;
    p.restartTimes.push(now);
    const delayMs = restartDelay(attempt, this.policy);
    this.log(
      `${p.spec.name} (pid ${info.pid}) exited (${describeExit(code, signal)}) — restart ${attempt} of ${this.policy.maxRestarts} in ${seconds(delayMs)} (see ${p.spec.logFile})`,
    );
    this.emit('restart', { name: p.spec.name, attempt, delayMs });
    p.timer = setTimeout(() => {
      p.timer = undefined;
      if (!p.wanted || this.stopping) return;
      p.restarts++;
      this.spawn(p);
      this.waitReady(p, false).catch(() => undefined);
    }, delayMs);
  }

  /** Polls the ready URL. On first start a timeout rejects; after a restart it kills the process (→ restart). */
  private async waitReady(p: Supervised, first: boolean): Promise<void> {
    const child = p.child!;
    const until = Date.now() + this.policy.readyTimeoutMs;
    for (;;) {
      if (p.child !== child || child.exitCode !== null || child.signalCode !== null) {
        const why = `${p.spec.name} exited (${describeExit(child.exitCode, child.signalCode)}) before it was ready; see ${p.spec.logFile}`;
        if (first) throw new Error(why);
        return;
      }
      if (!p.spec.readyUrl || (await answers(p.spec.readyUrl))) break;
      if (Date.now() > until) {
        const why = `${p.spec.name} not ready within ${seconds(this.policy.readyTimeoutMs)}; see ${p.spec.logFile}`;
        if (first) throw new Error(why);
        this.log(`${why} — killing it`);
        killGroup(child.pid!, 'SIGKILL');
        return;
      }
      await sleep(250);
    }
    p.ready = true;
    if (!first) this.log(`${p.spec.name} ready again (pid ${child.pid}, restart ${p.restarts})`);
    this.emit('ready', { name: p.spec.name, pid: child.pid, restarts: p.restarts });
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel().catch(() => undefined);
    return res.ok;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
