/**
 * Workbench case page benchmark (issue #16): how long from navigation until the case page is usable —
 * the case number in the heading, the summary, the timeline and the 受理 panel rendered — with the BUILT web
 * assets served by the gateway on loopback, in Debian's chromium (playwright-core).
 *
 *   npm run build && npm run --silent bench:workbench
 *
 * Stack (services/workbench/test/support/stack.ts): Keycloak (KEYCLOAK_PORT), a dedicated broker
 * (E2E_KAFKA_PORT), intake, eligibility, audit (the case page's 办理记录) and the gateway as processes. A submitted case is created
 * through the gateway as the community officer (browser fetch with the session cookie and CSRF header).
 * Then, interleaved per round so background load hits all alike:
 *   - cold: browser cache cleared (CDP Network.clearBrowserCache), navigation to /cases/:id → rendered;
 *   - warm: the same navigation with the cache filled (hashed assets cached for a year);
 *   - baseline: navigation to the gateway's /health/live (one loopback round trip, no JS) — the floor.
 * Also the navigation timing's domInteractive of each cold run. Figures are medians / p90 in ms;
 * `ratios` = case page ÷ baseline. Not a test: nothing is asserted; `withinBudget` says whether the
 * cold median is ≤ BENCH_BUDGET_MS (1000). Output: ONE JSON object on stdout (progress on stderr).
 *
 * Env: BENCH_RUNS (10).
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { applicationForm } from '../test/e2e/support/household';
import { launchChromium, signIn, startStack } from '../services/workbench/test/support/stack';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 1000);
const log = (msg: string) => process.stderr.write(`[workbench.bench] ${msg}\n`);

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p90: at(0.9), min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

async function browserFetch(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const document = (globalThis as unknown as { document: { cookie: string } }).document;
      const headers: Record<string, string> = { accept: 'application/json' };
      if (method !== 'GET') headers['X-CSRF-Token'] = decodeURIComponent(/(?:^|; )sa_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '');
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: res.status, json };
    },
    { method, url, body },
  );
}

async function main(): Promise<void> {
  const t0 = Date.now();
  log('starting Keycloak, a broker, intake, eligibility, audit and the gateway …');
  const stack = await startStack({ services: ['intake', 'eligibility', 'audit'] });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await signIn(page, 'community-330106001');
    const caseId = randomUUID();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const created = await browserFetch(page, 'POST', `${stack.baseUrl}/api/intake/applications`, applicationForm(caseId, today));
    if (created.status >= 300) throw new Error(`creating the case: ${created.status} ${JSON.stringify(created.json).slice(0, 300)}`);
    const submitted = await browserFetch(page, 'POST', `${stack.baseUrl}/api/intake/applications/${caseId}/submission`, {});
    if (submitted.status >= 300) throw new Error(`submitting the case: ${submitted.status} ${JSON.stringify(submitted.json).slice(0, 300)}`);
    const caseNumber = String(created.json.caseNumber ?? '');
    log(`case ${caseNumber} (${caseId}) created and submitted`);

    const cdp = await context.newCDPSession(page);
    const url = `${stack.baseUrl}/cases/${caseId}`;
    const rendered = async () => {
      await page.locator('h1', { hasText: caseNumber }).waitFor({ timeout: 30_000 });
      await page.locator('#intake-title').waitFor({ timeout: 30_000 });
      await page.locator('[data-test="case-timeline"] .el-timeline-item').first().waitFor({ timeout: 30_000 });
    };
    // One load first: the session's directory and the SPA chunks as any officer's first visit of the day.
    await page.goto(url);
    await rendered();

    const cold: number[] = [];
    const warm: number[] = [];
    const baseline: number[] = [];
    const domInteractive: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto('about:blank');
      await cdp.send('Network.clearBrowserCache');
      let t = Date.now();
      await page.goto(url, { waitUntil: 'commit' });
      await rendered();
      cold.push(Date.now() - t);
      domInteractive.push(Math.round(Number(await page.evaluate("performance.getEntriesByType('navigation')[0].domInteractive"))));

      await page.goto('about:blank');
      t = Date.now();
      await page.goto(url, { waitUntil: 'commit' });
      await rendered();
      warm.push(Date.now() - t);

      await page.goto('about:blank');
      t = Date.now();
      await page.goto(`${stack.baseUrl}/health/live`, { waitUntil: 'load' });
      baseline.push(Date.now() - t);
      log(`round ${i + 1}/${RUNS}: cold ${cold.at(-1)} ms, warm ${warm.at(-1)} ms, baseline ${baseline.at(-1)} ms`);
    }
    const c = stats(cold);
    const w = stats(warm);
    const b = stats(baseline);
    const result = {
      bench: 'workbench-case-page',
      what: 'navigation → case number heading, 办理记录 (audit timeline) and the 受理 panel rendered (built assets, gateway on loopback, Debian chromium)',
      runs: RUNS,
      coldMs: c,
      warmMs: w,
      baselineMs: b,
      domInteractiveColdMs: stats(domInteractive),
      ratios: { coldToBaseline: Math.round((c.median / Math.max(1, b.median)) * 10) / 10, warmToBaseline: Math.round((w.median / Math.max(1, b.median)) * 10) / 10 },
      budgetMs: BUDGET_MS,
      withinBudget: c.median <= BUDGET_MS,
      machine: { cpus: cpus().length, loadavg: loadavg().map((x) => Math.round(x * 100) / 100) },
      totalSeconds: Math.round((Date.now() - t0) / 1000),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    await context.close();
  } finally {
    await browser.close().catch(() => undefined);
    await stack.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
