// Temporary profile of the payment run (per statement kind); not part of `npm run bench`.
import { Pool, type PoolClient } from 'pg';
const sums: Record<string, { ms: number; n: number }> = {};
const kind = (text: string): string => {
  const t = text.replace(/\s+/g, ' ').trim();
  if (/^INSERT INTO "[^"]+"\.payments/.test(t)) return 'insert payments';
  if (/FROM "[^"]+"\.entitlements/.test(t) && /ORDER BY entitlement_id LIMIT/.test(t)) return 'entitlement page';
  if (/^WITH input AS/.test(t)) return 'es write';
  if (/^SELECT w\.stream_id/.test(t)) return 'es read head';
  if (/payment_runs AS pr/.test(t)) return 'save progress';
  if (/payment_run_file_parts/.test(t)) return 'file part';
  if (/^(BEGIN|COMMIT|ROLLBACK)/.test(t)) return t.slice(0, 6);
  return t.slice(0, 40);
};
function wrap(target: { query: (...a: unknown[]) => unknown }) {
  const orig = target.query.bind(target);
  target.query = ((...a: unknown[]) => {
    const text = typeof a[0] === 'string' ? a[0] : String((a[0] as { text?: string }).text);
    const k = kind(text);
    const t0 = process.hrtime.bigint();
    const r = orig(...a) as Promise<unknown>;
    if (r && typeof r.then === 'function') {
      return r.finally(() => {
        const s = (sums[k] ??= { ms: 0, n: 0 });
        s.ms += Number(process.hrtime.bigint() - t0) / 1e6;
        s.n++;
      });
    }
    return r;
  }) as typeof target.query;
}
const wrapped = new WeakSet<object>();
const once = (c: unknown) => {
  if (c && !wrapped.has(c as object)) {
    wrapped.add(c as object);
    wrap(c as { query: (...a: unknown[]) => unknown });
  }
};
const origConnect = Pool.prototype.connect;
Pool.prototype.connect = function (this: Pool, ...a: unknown[]) {
  const cb = a[0];
  if (typeof cb === 'function') {
    return (origConnect as (...x: unknown[]) => unknown).call(this, (err: unknown, c: PoolClient, done: unknown) => {
      once(c);
      (cb as (...x: unknown[]) => unknown)(err, c, done);
    });
  }
  return ((origConnect as (...x: unknown[]) => Promise<PoolClient>).apply(this, a)).then((c) => {
    once(c);
    return c;
  });
} as typeof Pool.prototype.connect;
process.on('exit', () => {
  const cpu = process.cpuUsage();
  process.stderr.write(JSON.stringify({ sums: Object.fromEntries(Object.entries(sums).sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => [k, { ms: Math.round(v.ms), n: v.n }])), cpuUserS: cpu.user / 1e6, cpuSysS: cpu.system / 1e6 }, null, 1) + '\n');
});
