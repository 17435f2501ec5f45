import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '@sa/config';
import pino from 'pino';
import { WORKBENCH_CONFIG_SPEC } from '../src/config';
import { Gateway, RateLimiter, parseCookies, safeReturnTo } from '../src/gateway';
import { SessionStore } from '../src/sessions';

describe('safeReturnTo', () => {
  it.each([
    ['/cases?tab=mine', '/cases?tab=mine'],
    ['/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['cases', '/'],
    ['/a\r\nSet-Cookie: x=1', '/'],
    [undefined, '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});

describe('parseCookies', () => {
  it('reads name=value pairs, first one wins, values URI-decoded', () => {
    expect(parseCookies('sa_session=abc; sa_csrf=x%2By; sa_session=other; junk')).toEqual({ sa_session: 'abc', sa_csrf: 'x+y' });
    expect(parseCookies(undefined)).toEqual({});
  });
});

describe('SessionStore', () => {
  it('ends a session unused for longer than the idle time', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const store = new SessionStore(1000);
    try {
      const s = store.create({ tokens: { accessToken: 'a', accessExpiresAt: 0 }, principal: { id: 'u', roles: [] } as never, username: 'u', name: 'u' });
      jest.setSystemTime(1_000_900);
      expect(store.get(s.id)?.id).toBe(s.id);
      jest.setSystemTime(1_002_000);
      expect(store.get(s.id)).toBeUndefined();
      expect(store.takePending('nope')).toBeUndefined();
    } finally {
      store.close();
      jest.useRealTimers();
    }
  });
});

describe('RateLimiter', () => {
  it('allows `limit` hits per key and window, then gives the seconds until the window resets', () => {
    const limiter = new RateLimiter(2, 60_000);
    expect(limiter.hit('a', 0)).toBeUndefined();
    expect(limiter.hit('a', 1000)).toBeUndefined();
    expect(limiter.hit('a', 1000)).toBe(59);
    expect(limiter.hit('b', 1000)).toBeUndefined();
    expect(limiter.hit('a', 60_000)).toBeUndefined();
  });
});

describe('Gateway rate limit', () => {
  it('answers 429 problem+json with Retry-After past RATE_LIMIT_PER_IP on /auth and /api, not on the app', async () => {
    const config = loadConfig(WORKBENCH_CONFIG_SPEC, { NODE_ENV: 'test', RATE_LIMIT_PER_IP: '3', WEB_DIST_DIR: '/nonexistent' });
    const gateway = new Gateway(config, pino({ level: 'silent' }), 0);
    const server = createServer((req, res) => gateway.handle(req, res, () => res.end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${base}/auth/me`)).status);
      expect(statuses).toEqual([401, 401, 401]);
      const limited = await fetch(`${base}/api/intake/x`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('content-type')).toBe('application/problem+json');
      expect((await fetch(`${base}/`)).status).toBe(200);
    } finally {
      gateway.close();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('Gateway without a session (no provider needed)', () => {
  let server: Server;
  let base: string;
  let dist: string;
  let gateway: Gateway;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'wb-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)');
    const config = loadConfig(WORKBENCH_CONFIG_SPEC, { NODE_ENV: 'test', WEB_DIST_DIR: dist });
    gateway = new Gateway(config, pino({ level: 'silent' }), 0);
    server = createServer((req, res) =>
      gateway.handle(req, res, () => {
        res.statusCode = 404;
        res.end();
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    gateway.close();
    await new Promise((r) => server.close(r));
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the SPA: unknown paths fall back to index.html (no-store), hashed assets long-cache, security headers', async () => {
    const page = await fetch(`${base}/cases/123`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>app</title>');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const asset = await fetch(`${base}/assets/index-Ab12Cd34.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const traversal = await fetch(`${base}/..%2f..%2fetc%2fpasswd`);
    expect(await traversal.text()).toContain('<title>app</title>');
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(200); // malformed escape: the app, not an error
  });

  it('answers /api and /auth/me without a session with 401 problem+json, no-store', async () => {
    for (const url of [`${base}/api/intake/applications`, `${base}/auth/me`]) {
      const res = await fetch(url);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toMatchObject({ status: 401, title: 'Not signed in' });
    }
    const unknown = await fetch(`${base}/api/payroll/x`);
    expect(unknown.status).toBe(404);
  });

  it('refuses a non-GET to /auth without the CSRF header (403) and with a header that does not match the cookie', async () => {
    expect((await fetch(`${base}/auth/logout`, { method: 'POST' })).status).toBe(403);
    const mismatch = await fetch(`${base}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': 'a', cookie: 'sa_csrf=b' } });
    expect(mismatch.status).toBe(403);
    const ok = await fetch(`${base}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': 'a', cookie: 'sa_csrf=a' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.getSetCookie().join('\n')).toMatch(/sa_session=;.*HttpOnly.*Max-Age=0/);
  });

  it('leaves /health to the next handler', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(404);
  });
});

describe('Gateway officer directory route (GET /directory/officers)', () => {
  it('401 without a session; 400 naming jurisdiction; 403 outside the caller’s jurisdiction; 503 without the service account', async () => {
    const config = loadConfig(WORKBENCH_CONFIG_SPEC, { NODE_ENV: 'test', WEB_DIST_DIR: '/nonexistent' });
    const gateway = new Gateway(config, pino({ level: 'silent' }), 0);
    const server = createServer((req, res) => gateway.handle(req, res, () => res.end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const session = gateway.sessions.create({
      tokens: { accessToken: 'a', accessExpiresAt: Date.now() + 3_600_000 },
      principal: { id: 'u', roles: ['street_officer'], jurisdiction: '330106001' } as never,
      username: 'officer',
      name: 'officer',
    });
    const get = (q: string, cookie = `sa_session=${session.id}`) => fetch(`${base}/directory/officers${q}`, { headers: { cookie } });
    try {
      expect((await get('?jurisdiction=330106001001', '')).status).toBe(401);
      const bad = await get('?jurisdiction=33010');
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toBe('application/problem+json');
      expect(((await bad.json()) as { errors: unknown }).errors).toEqual([{ field: 'jurisdiction', message: expect.stringContaining('division code') }]);
      expect((await get('?jurisdiction=330102001')).status).toBe(403);
      expect((await get('?jurisdiction=330106')).status).toBe(403);
      const unconfigured = await get('?jurisdiction=330106001001');
      expect(unconfigured.status).toBe(503);
      expect(unconfigured.headers.get('cache-control')).toBe('no-store');
    } finally {
      gateway.close();
      await new Promise((r) => server.close(r));
    }
  });
});
