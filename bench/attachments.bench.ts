/**
 * Attachment upload benchmark: does a large upload keep the intake service's memory flat?
 * The real intake AppModule in-process (createTestApp, listening on a local port) on real PostgreSQL
 * (`TEST_DATABASE_URL`, own schemas dropped at the end), local content-addressed store in a temp
 * directory. The client streams the file from disk with http.request (never whole in memory), so
 * the process RSS measures the service's upload path (plus a streaming client).
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/attachments.bench.ts
 *   BENCH_MB=50,200 npx ts-node --transpile-only -r tsconfig-paths/register bench/attachments.bench.ts
 *
 * It samples process RSS every 20 ms: baseline after a 1 MB warm-up upload, peak during each upload.
 * Not a timed test (no assertion on time); it exits 1 when the RSS growth during an upload exceeds
 * BENCH_MAX_RSS_GROWTH_MB (default 40) — that is, when the file would have been buffered.
 * Output: ONE JSON object on stdout (progress on stderr).
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { createTestApp } from '@sa/platform';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { mintLocalToken } from '../deploy/auth/mint-token';
import { AppModule } from '../services/intake/src/app.module';
import { INTAKE_CONFIG_SPEC } from '../services/intake/src/config';
import { IDS } from '../services/intake/test/support/fixtures';
import { completeApplicationBody } from '../services/intake/test/support/requests';

const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SIZES_MB = (process.env.BENCH_MB ?? '50').split(',').map(Number).filter((n) => n > 0);
const MAX_GROWTH_MB = Number(process.env.BENCH_MAX_RSS_GROWTH_MB ?? 40);
const SECRET = 'attachments-bench-secret-0123456789abcdef0123';
const log = (msg: string) => process.stderr.write(`[attachments.bench] ${msg}\n`);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A PDF-looking file of `size` bytes written in 1 MiB chunks (never whole in memory). */
async function makeFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const head = Buffer.from('%PDF-1.7\n');
  hash.update(head);
  out.write(head);
  for (let left = size - head.length; left > 0; ) {
    const chunk = randomBytes(Math.min(left, 1024 * 1024));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    left -= chunk.length;
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return hash.digest('hex');
}

function upload(port: number, path: string, size: number, token: string, caseId: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/applications/${caseId}/attachments?kind=MATERIAL&itemKey=SIGNED_COMMITMENT&fileName=bench.pdf`,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const schema = `intake_bench_${suffix}`;
  const esSchema = `es_intake_bench_${suffix}`;
  const dir = await mkdtemp(join(tmpdir(), 'attachments-bench-'));
  const maxBytes = Math.max(...SIZES_MB) * 1024 * 1024 + 1024;
  let app: NestExpressApplication | undefined;
  const results: Record<string, unknown>[] = [];
  let failed = false;
  try {
    ({ app } = await createTestApp({
      name: 'intake',
      configSpec: INTAKE_CONFIG_SPEC,
      imports: [AppModule],
      env: {
        NODE_ENV: 'test',
        JWT_SECRET: SECRET,
        DATABASE_URL,
        DATABASE_SCHEMA: schema,
        EVENTSTORE_SCHEMA: esSchema,
        INTAKE_RELAY_ENABLED: 'false',
        INTAKE_CONSUMER_ENABLED: 'false',
        INTAKE_ATTACHMENT_DIR: join(dir, 'store'),
        INTAKE_ATTACHMENT_MAX_BYTES: String(maxBytes),
        LOG_LEVEL: 'warn',
      },
    }));
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const token = await mintLocalToken('community_officer', { secret: SECRET });
    const body = completeApplicationBody({ commitment: undefined });
    body.consents = body.consents.filter((c) => c.residentId !== IDS.spouse);
    const created = await fetch(`http://127.0.0.1:${port}/applications`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const caseId = ((await created.json()) as { caseId: string }).caseId;
    await fetch(`http://127.0.0.1:${port}/applications/${caseId}/submission`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });

    const warm = join(dir, 'warm.pdf');
    await makeFile(warm, 1024 * 1024);
    await upload(port, warm, 1024 * 1024, token, caseId);
    for (const sizeMb of SIZES_MB) {
      const file = join(dir, `upload-${sizeMb}.pdf`);
      const size = sizeMb * 1024 * 1024;
      const digest = await makeFile(file, size);
      global.gc?.();
      await new Promise((r) => setTimeout(r, 500));
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const t0 = process.hrtime.bigint();
      const res = await upload(port, file, size, token, caseId);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const parsed = JSON.parse(res.body) as { digest?: string; sizeBytes?: number };
      const stored = await stat(join(dir, 'store', 'sha256', digest.slice(0, 2), digest.slice(2, 4), digest)).then((s) => s.size).catch(() => -1);
      const growth = mb(peak - baseline);
      const ok = res.status === 201 && parsed.digest === digest && stored === size && growth <= MAX_GROWTH_MB;
      failed ||= !ok;
      results.push({ sizeMb, status: res.status, digestMatches: parsed.digest === digest, storedBytes: stored, baselineRssMb: mb(baseline), peakRssMb: mb(peak), rssGrowthMb: growth, seconds: Math.round(ms) / 1000, mbPerSecond: Math.round((sizeMb / (ms / 1000)) * 10) / 10 });
      log(`${sizeMb} MB: ${res.status}, RSS ${mb(baseline)} → peak ${mb(peak)} MB (+${growth}), ${Math.round(ms)} ms`);
      await rm(file, { force: true });
    }
  } finally {
    await app?.close();
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${esSchema}" CASCADE`);
    await client.end();
    await rm(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ bench: 'attachments-upload', node: process.version, cpus: cpus().length, loadavg: loadavg().map((l) => Math.round(l * 100) / 100), store: 'local content-addressed (temp dir)', maxRssGrowthMb: MAX_GROWTH_MB, runs: results, runId: randomUUID() })}\n`);
  if (failed) process.exit(1);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
