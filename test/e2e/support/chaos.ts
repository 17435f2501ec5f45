/**
 * SIGKILLs service processes at random points of the journey — the supervisor (deploy/supervisor, as
 * under `npm start`) restarts them with the same environment (same schemas, consumer groups, ports
 * and clock file) — and stops the journey's Kafka broker for a while at one step. Seeded, so a failing
 * run can be repeated with E2E_CHAOS_SEED.
 */
import { SERVICES, System, sleep, type ServiceName } from './system';

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Chaos {
  readonly log: string[] = [];
  private readonly random: () => number;
  private pending: Promise<void>[] = [];

  constructor(
    private readonly sys: System,
    seed: number,
    /** The services that consume, relay or run jobs (audit is a read-only tool). */
    private readonly targets: readonly ServiceName[] = SERVICES.filter((s) => s !== 'audit'),
  ) {
    this.random = rng(seed);
  }

  private pick(): ServiceName {
    return this.targets[Math.floor(this.random() * this.targets.length)]!;
  }

  private async killAndRestart(name: ServiceName, where: string): Promise<void> {
    const started = Date.now();
    await this.sys.proc(name).crash();
    this.log.push(`${where}: SIGKILL ${name}, restarted by the supervisor and ready in ${Math.round((Date.now() - started) / 1000)} s`);
  }

  private outage: { step: number; ms: number } | undefined;
  private outageRunning: Promise<void> | undefined;

  /**
   * Stops the broker when step `step` begins, for `ms`: that step's commands run while it is down; the
   * next step starts once it is back (its own waits then measure propagation, not the outage).
   */
  planBrokerOutage(step: number, ms: number): void {
    this.outage = { step, ms };
    this.planned.delete(step); // no kill while the broker is away: a service cannot start without it
  }

  /**
   * Plans `kills` kills over `steps` steps (seeded): each planned kill happens either just before the
   * step or while it runs. A SIGKILLed consumer's group member lingers until its session times out
   * (30 s), so a restarted service is ready only after ~30 s: a few kills keep the run under minutes.
   */
  plan(steps: number, kills: number): void {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(kills, steps)) chosen.add(Math.floor(this.random() * steps));
    this.planned = new Map([...chosen].map((i) => [i, this.random() < 0.5 ? 'between' : 'during'] as const));
  }

  private planned = new Map<number, 'between' | 'during'>();

  /** Runs step `index`, killing and restarting one service before or during it when planned. */
  async step<T>(index: number, step: string, run: () => Promise<T>): Promise<T> {
    if (this.outageRunning) {
      await this.outageRunning;
      this.outageRunning = undefined;
    }
    if (this.outage?.step === index) {
      const { ms } = this.outage;
      await System.kafka('down');
      const stopped = Date.now();
      this.log.push(`during "${step.slice(0, 40)}": broker stopped for ${ms / 1000} s`);
      this.outageRunning = sleep(ms)
        .then(() => System.kafka('up'))
        .then(() => void this.log.push(`broker back after ${Math.round((Date.now() - stopped) / 1000)} s`));
      this.pending.push(this.outageRunning.catch(() => undefined));
    }
    const what = this.planned.get(index);
    if (what === 'between') await this.killAndRestart(this.pick(), `before "${step.slice(0, 40)}"`);
    if (what !== 'during') return run();
    const name = this.pick();
    const delayMs = 50 + Math.floor(this.random() * 1500);
    const chaos = sleep(delayMs).then(() => this.killAndRestart(name, `during "${step.slice(0, 40)}" (+${delayMs} ms)`));
    this.pending.push(chaos.catch(() => undefined));
    try {
      return await run();
    } finally {
      await chaos;
    }
  }

  async settle(): Promise<void> {
    await Promise.all(this.pending);
  }
}
