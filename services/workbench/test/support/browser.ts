/**
 * What the workbench's browser specs share: the screenshot folder, an officer's signed-in browser pages, the
 * gateway's API called from inside the browser (session cookie and CSRF header, as the web app sends them),
 * polling, and the axe-core check. Each spec keeps its own viewports and screenshot steps.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO } from '../../../../test/e2e/support/system';

export const SHOTS = path.join(REPO, 'docs/screenshots');

/** A signed-in officer: the page they work on, and a second page parked at the gateway for API calls. */
export interface Officer {
  context: BrowserContext;
  page: Page;
  probe: Page;
}

/** fetch() inside the browser on the officer's probe page: the session cookie and CSRF header, like the web app. */
export async function api(o: Officer, method: string, url: string, body?: unknown): Promise<{ status: number; json: any; headers: Record<string, string> }> {
  return o.probe.evaluate(
    async ({ method, url, body }) => {
      const document = (globalThis as unknown as { document: { cookie: string } }).document;
      const headers: Record<string, string> = { accept: 'application/json' };
      if (method !== 'GET') headers['X-CSRF-Token'] = decodeURIComponent(/(?:^|; )sa_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '');
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      const h: Record<string, string> = {};
      res.headers.forEach((v, k) => (h[k] = v));
      return { status: res.status, json, headers: h };
    },
    { method, url, body },
  );
}

/** `api`, failing the test on anything but 2xx. */
export async function ok(o: Officer, method: string, url: string, body?: unknown): Promise<any> {
  const res = await api(o, method, url, body);
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${JSON.stringify(res.json).slice(0, 600)}`);
  return res.json;
}

/** Polls `probe` every second until it gives a value (errors count as not yet). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** axe-core in the page: the serious and critical violations (none expected). */
export async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  const result = await page.evaluate(async () => {
    const a = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return a.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
