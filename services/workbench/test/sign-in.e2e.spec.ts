import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { Proc, REPO, freePort } from '../../../test/e2e/support/system';
import { ISSUER, launchChromium, signIn, startStack, type Stack } from './support/stack';

/**
 * A page of the same browser context parked on the gateway's JSON health page: the web app served at `/`
 * navigates by itself (to sign-in, to its routes), which would destroy an evaluation in flight.
 */
const probes = new WeakMap<object, Page>();
async function probeFor(page: Page, url: string): Promise<Page> {
  const context = page.context();
  let probe = probes.get(context);
  if (!probe || probe.isClosed()) {
    probe = await context.newPage();
    probes.set(context, probe);
  }
  const live = `${new URL(url).origin}/health/live`;
  if (probe.url() !== live) await probe.goto(live);
  return probe;
}

/** fetch() inside the browser, so its own cookies (HttpOnly session, SameSite=Strict) are used. */
async function call(page: Page, method: string, url: string, opts: { csrf?: boolean; body?: unknown } = {}) {
  return (await probeFor(page, url)).evaluate(
    async ({ method, url, csrf, body }) => {
      const document = (globalThis as unknown as { document: { cookie: string } }).document;
      const headers: Record<string, string> = {};
      if (csrf) headers['X-CSRF-Token'] = decodeURIComponent(/(?:^|; )sa_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '');
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, contentType: res.headers.get('content-type'), cacheControl: res.headers.get('cache-control'), json, cookie: document.cookie };
    },
    { method, url, csrf: opts.csrf ?? false, body: opts.body },
  );
}

describe('workbench sign-in through Keycloak (browser)', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ services: ['intake'] });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 120_000);

  it('signs in as a street officer, reaches intake scoped to the officer, refuses a POST without CSRF, and signs out', async () => {
    const ready = await fetch(`${stack.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { oidc: { status: 'up' }, intake: { status: 'up' }, audit: { status: 'down' } } });

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();

    const before = await call(page, 'GET', `${stack.baseUrl}/auth/me`);
    expect(before.status).toBe(401);
    expect(before.contentType).toContain('application/problem+json');

    await signIn(page, 'officer-330106001', 'Sa-demo-2026', { returnTo: '/cases/none?tab=mine' });
    expect(new URL(page.url()).pathname).toBe('/cases/none');

    // The session cookie is HttpOnly: the page sees only the CSRF cookie, never a token.
    const cookies = await context.cookies(stack.baseUrl);
    const session = cookies.find((c) => c.name === 'sa_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookies.find((c) => c.name === 'sa_csrf')).toMatchObject({ httpOnly: false, sameSite: 'Strict' });

    const me = await call(page, 'GET', `${stack.baseUrl}/auth/me`);
    expect(me.status).toBe(200);
    expect(me.cacheControl).toBe('no-store');
    expect(me.json).toMatchObject({ username: 'officer-330106001', roles: ['street_officer'], jurisdiction: '330106001' });
    expect(me.cookie).not.toContain('sa_session');
    expect(JSON.stringify(me.json)).not.toMatch(/eyJ/); // no JWT in the answer
    expect(Date.parse((me.json as { expiresAt: string }).expiresAt)).toBeGreaterThan(Date.now());

    // Through the proxy, intake sees the officer from the Keycloak token.
    const whoami = await call(page, 'GET', `${stack.baseUrl}/api/intake/whoami`);
    expect(whoami.status).toBe(200);
    expect(whoami.json).toMatchObject({ role: 'street_officer', jurisdiction: '330106001' });
    const own = await call(page, 'GET', `${stack.baseUrl}/api/intake/intake/jurisdictions/330106001/ping`);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ service: 'intake', jurisdiction: '330106001' });
    const other = await call(page, 'GET', `${stack.baseUrl}/api/intake/intake/jurisdictions/330106002/ping`);
    expect(other.status).toBe(403);
    expect(other.contentType).toContain('application/problem+json');

    await mkdirSync(path.join(REPO, 'docs/screenshots'), { recursive: true });
    await page.goto(`${stack.baseUrl}/`);
    await page.waitForFunction(() => !/^…$/.test((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document.getElementById('who')?.textContent ?? '…'), undefined, { timeout: 10_000 }).catch(() => undefined);
    await page.screenshot({ path: path.join(REPO, 'docs/screenshots/workbench-signed-in.png') });

    // Non-GET without the CSRF header: the gateway refuses before the service sees it.
    const noCsrf = await call(page, 'POST', `${stack.baseUrl}/api/intake/applications`, { body: {} });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json).toMatchObject({ status: 403, title: 'CSRF check failed' });
    // With it the request reaches intake, which judges the (empty) body itself.
    const withCsrf = await call(page, 'POST', `${stack.baseUrl}/api/intake/applications`, { body: {}, csrf: true });
    expect(withCsrf.status).toBe(400);
    expect(withCsrf.contentType).toContain('application/problem+json');

    const logoutNoCsrf = await call(page, 'POST', `${stack.baseUrl}/auth/logout`);
    expect(logoutNoCsrf.status).toBe(403);
    const logout = await call(page, 'POST', `${stack.baseUrl}/auth/logout`, { csrf: true });
    expect(logout.status).toBe(204);
    const after = await call(page, 'GET', `${stack.baseUrl}/auth/me`);
    expect(after.status).toBe(401);
    const api = await call(page, 'GET', `${stack.baseUrl}/api/intake/whoami`);
    expect(api.status).toBe(401);
    expect(api.json).toMatchObject({ status: 401, title: 'Not signed in' });

    // The Keycloak session ended too: signing in again shows the login form, not an instant redirect.
    await page.goto(`${stack.baseUrl}/auth/login?returnTo=/`);
    await expect(page.waitForSelector('#username', { timeout: 30_000 })).resolves.toBeTruthy();
    await context.close();
  }, 240_000);

  it('refreshes the access token before it expires (a gateway that refreshes on every request)', async () => {
    const port = await freePort();
    const logFile = path.join(REPO, '.cache', 'e2e-logs', `workbench-refresh-${port}.log`);
    const gateway = new Proc(
      'workbench-refresh',
      'dist/services/workbench/src/main.js',
      { NODE_ENV: 'test', WORKBENCH_PORT: String(port), OIDC_ISSUER_URL: ISSUER, INTAKE_URL: stack.serviceUrls.intake!, TOKEN_REFRESH_BEFORE_SECONDS: '3600' },
      port,
      logFile,
    );
    await gateway.start();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page, 'reviewer-330106002', undefined, { baseUrl: gateway.baseUrl });
      const me = await call(page, 'GET', `${gateway.baseUrl}/auth/me`);
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ username: 'reviewer-330106002', roles: ['street_reviewer'], jurisdiction: '330106002' });
      const whoami = await call(page, 'GET', `${gateway.baseUrl}/api/intake/whoami`);
      expect(whoami.status).toBe(200);
      expect(whoami.json).toMatchObject({ role: 'street_reviewer', jurisdiction: '330106002' });
      const refreshed = readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('"access token refreshed"'));
      expect(refreshed.length).toBeGreaterThanOrEqual(2);
    } finally {
      await context.close();
      await gateway.stop();
    }
  }, 120_000);

  it('ends an idle session (401, then signing in again lands back on the page asked for)', async () => {
    const port = await freePort();
    const gateway = new Proc(
      'workbench-idle',
      'dist/services/workbench/src/main.js',
      { NODE_ENV: 'test', WORKBENCH_PORT: String(port), OIDC_ISSUER_URL: ISSUER, INTAKE_URL: stack.serviceUrls.intake!, SESSION_IDLE_SECONDS: '2' },
      port,
      path.join(REPO, '.cache', 'e2e-logs', `workbench-idle-${port}.log`),
    );
    await gateway.start();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page, 'approver-330106', undefined, { baseUrl: gateway.baseUrl });
      expect((await call(page, 'GET', `${gateway.baseUrl}/auth/me`)).json).toMatchObject({ roles: ['county_approver'], jurisdiction: '330106' });
      await new Promise((r) => setTimeout(r, 3000));
      const expired = await call(page, 'GET', `${gateway.baseUrl}/api/intake/whoami`);
      expect(expired.status).toBe(401);
      expect((await call(page, 'GET', `${gateway.baseUrl}/auth/me`)).status).toBe(401);
      // The SPA's move on 401: /auth/login?returnTo=<current>. Keycloak's own session is still alive,
      // so the browser comes straight back signed in.
      await page.goto(`${gateway.baseUrl}/auth/login?returnTo=${encodeURIComponent('/cases/abc')}`);
      await page.waitForURL((u) => u.toString().startsWith(`${gateway.baseUrl}/cases/abc`), { timeout: 30_000 });
      expect((await call(page, 'GET', `${gateway.baseUrl}/auth/me`)).status).toBe(200);
    } finally {
      await context.close();
      await gateway.stop();
    }
  }, 120_000);
});
