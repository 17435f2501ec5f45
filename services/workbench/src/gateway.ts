import { existsSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { CONTEXTS, type Context, type WorkbenchConfig } from './config';
import { DIVISION, DirectoryUnavailableError, OfficerDirectory } from './directory';
import { isCaseReport, nameActors } from './report-names';
import { OidcClient, ProviderRefusedError, randomToken } from './oidc';
import { type Session, SessionStore } from './sessions';

export const SESSION_COOKIE = 'sa_session';
export const CSRF_COOKIE = 'sa_csrf';
export const CSRF_HEADER = 'x-csrf-token';

// content-encoding / vary / accept-encoding: the audit service sends its long JSON gzip- or br-compressed to a
// browser that accepts it (issue 20); the body is passed through as it came. link: the next page of a paged list.
const RESPONSE_HEADERS = ['content-type', 'content-encoding', 'vary', 'link', 'etag', 'location', 'content-disposition', 'cache-control', 'repr-digest', 'digest'];
const REQUEST_HEADERS = ['if-match', 'if-none-match', 'idempotency-key', 'x-acting-role', 'content-type', 'content-length', 'accept', 'accept-encoding', 'x-correlation-id'];

type Next = (err?: unknown) => void;

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (k && !(k in out)) out[k] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** Only same-origin relative paths ("/x", not "//host" or "/\host"). */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\r\n\t]/.test(value)) return '/';
  return value;
}

function problem(res: ServerResponse, status: number, title: string, detail: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/problem+json');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

function problemWithErrors(res: ServerResponse, status: number, title: string, detail: string, errors: { field: string; message: string }[]): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/problem+json');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail, errors }));
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PLACEHOLDER = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>社会救助工作台 Workbench</title></head>
<body><main><h1>社会救助工作台 · Social assistance workbench</h1>
<p id="who">…</p>
<p><a href="/auth/login?returnTo=/">Sign in</a> · <a href="/auth/me">/auth/me</a></p>
<p><small>The web app is not built (services/workbench/web/dist is missing); the gateway serves this page instead.</small></p>
</main><script src="/__gateway/placeholder.js"></script></body></html>`;

const PLACEHOLDER_JS = `fetch('/auth/me').then(function (r) { return r.ok ? r.json() : null; }).then(function (me) {
  document.getElementById('who').textContent = me
    ? 'Signed in: ' + me.name + ' (' + me.username + ') · roles ' + me.roles.join(', ') + ' · jurisdiction ' + me.jurisdiction
    : 'Not signed in.';
});`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Fixed one-minute windows per key (client IP, user): at most `limit` requests per window. */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Undefined when allowed, else the seconds until the window resets (for Retry-After). */
  hit(key: string, now = Date.now()): number | undefined {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.windows.size > 100_000) for (const [k, v] of this.windows) if (v.resetAt <= now) this.windows.delete(k);
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > this.limit ? Math.max(1, Math.ceil((w.resetAt - now) / 1000)) : undefined;
  }
}

/**
 * The workbench gateway (back end for the front end): OIDC sign-in with server-side sessions,
 * CSRF double-submit, the `/api/<context>/…` proxy with the session's bearer token, and the SPA.
 */
export class Gateway {
  readonly oidc: OidcClient;
  readonly sessions: SessionStore;
  private readonly publicUrl: string;
  private readonly secureCookies: boolean;
  private readonly webDist: string;
  private readonly perIp: RateLimiter;
  private readonly perUser: RateLimiter;
  readonly directory: OfficerDirectory | undefined;

  constructor(
    private readonly config: WorkbenchConfig,
    private readonly log: Logger,
    port: number,
  ) {
    this.oidc = new OidcClient({
      issuer: config.OIDC_ISSUER_URL,
      discoveryUrl: config.OIDC_DISCOVERY_URL,
      clientId: config.OIDC_CLIENT_ID,
      audience: config.JWT_AUDIENCE,
    });
    this.sessions = new SessionStore(config.SESSION_IDLE_SECONDS * 1000);
    this.publicUrl = (config.PUBLIC_URL ?? `http://${config.WORKBENCH_HOST}:${port}`).replace(/\/$/, '');
    this.secureCookies =
      config.COOKIE_SECURE === 'true' || (config.COOKIE_SECURE === 'auto' && (this.publicUrl.startsWith('https:') || config.NODE_ENV === 'production'));
    this.perIp = new RateLimiter(config.RATE_LIMIT_PER_IP);
    this.perUser = new RateLimiter(config.RATE_LIMIT_PER_USER);
    this.directory = config.DIRECTORY_CLIENT_SECRET
      ? new OfficerDirectory({
          tokenEndpoint: async () => (await this.oidc.provider()).token_endpoint,
          clientId: config.DIRECTORY_CLIENT_ID,
          clientSecret: config.DIRECTORY_CLIENT_SECRET,
          adminUrl: config.DIRECTORY_ADMIN_URL,
        })
      : undefined;
    this.webDist = path.resolve(config.WEB_DIST_DIR ?? path.join(__dirname, '../../../../services/workbench/web/dist'));
  }

  get redirectUri(): string {
    return `${this.publicUrl}/auth/callback`;
  }

  /** Express-style middleware handling everything but /health. */
  readonly handle = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: Next): void => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname.startsWith('/health/')) return next();
    this.securityHeaders(res, url.pathname);
    const run = async () => {
      const isAuth = url.pathname === '/auth' || url.pathname.startsWith('/auth/');
      const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
      const isDirectory = url.pathname === '/directory/officers';
      if ((isAuth || isApi || isDirectory) && this.limited(req, res)) return;
      if (isAuth) return this.auth(req, res, url);
      if (isDirectory) return this.officers(req, res, url);
      if (isApi) return this.api(req, res, url);
      return this.static(req, res, url);
    };
    run().catch((e: unknown) => {
      this.log.error({ err: e }, 'gateway request failed');
      if (e instanceof ProviderRefusedError) return problem(res, e.status === 401 ? 401 : 502, 'Sign-in failed', e.message);
      problem(res, 502, 'Bad gateway', 'The gateway could not complete the request.');
    });
  };

  private clientIp(req: IncomingMessage): string {
    if (this.config.TRUST_PROXY) {
      const forwarded = req.headers['x-forwarded-for'];
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  /** 429 + Retry-After past RATE_LIMIT_PER_IP or RATE_LIMIT_PER_USER requests in a minute. */
  private limited(req: IncomingMessage, res: ServerResponse): boolean {
    const user = this.session(req)?.signedIn.principal.id;
    const retryAfter = this.perIp.hit(this.clientIp(req)) ?? (user ? this.perUser.hit(user) : undefined);
    if (retryAfter === undefined) return false;
    res.setHeader('retry-after', String(retryAfter));
    problem(res, 429, 'Too many requests', `Rate limit reached; retry after ${retryAfter} s.`);
    return true;
  }

  /** Each upstream service's /health/ready, for the gateway's own readiness report. */
  async upstreams(): Promise<Record<string, { status: 'up' | 'down'; message?: string }>> {
    const entries = await Promise.all(
      (Object.entries(CONTEXTS) as [Context, (typeof CONTEXTS)[Context]][]).map(async ([context, envName]) => {
        try {
          const res = await fetch(new URL('health/ready', `${this.config[envName].replace(/\/$/, '')}/`), { signal: AbortSignal.timeout(2000) });
          return [context, res.ok ? { status: 'up' as const } : { status: 'down' as const, message: `answered ${res.status}` }] as const;
        } catch (e) {
          return [context, { status: 'down' as const, message: e instanceof Error ? e.message : String(e) }] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  }

  private securityHeaders(res: ServerResponse, pathname: string): void {
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'same-origin');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    if (this.secureCookies) res.setHeader('strict-transport-security', 'max-age=31536000');
    if (pathname.startsWith('/api') || pathname.startsWith('/auth') || pathname.startsWith('/directory/')) res.setHeader('cache-control', 'no-store');
  }

  private cookie(name: string, value: string, opts: { httpOnly: boolean; maxAge?: number }): string {
    const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Strict'];
    if (opts.httpOnly) parts.push('HttpOnly');
    if (this.secureCookies) parts.push('Secure');
    if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
    return parts.join('; ');
  }

  private session(req: IncomingMessage): Session | undefined {
    return this.sessions.get(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
  }

  /** Double submit: the header must equal the sa_csrf cookie and the session's own token. */
  private csrfOk(req: IncomingMessage, session: Session | undefined): boolean {
    const header = req.headers[CSRF_HEADER];
    const cookie = parseCookies(req.headers.cookie)[CSRF_COOKIE];
    if (typeof header !== 'string' || header === '' || header !== cookie) return false;
    return !session || session.csrf === header;
  }

  private async auth(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD' && !this.csrfOk(req, this.session(req))) {
      return problem(res, 403, 'CSRF check failed', `A ${method} request must send the ${CSRF_HEADER} header equal to the ${CSRF_COOKIE} cookie.`);
    }
    switch (`${method} ${url.pathname}`) {
      case 'GET /auth/login': {
        const state = randomToken();
        const nonce = randomToken();
        const codeVerifier = randomToken(48);
        this.sessions.addPending(state, { codeVerifier, nonce, returnTo: safeReturnTo(url.searchParams.get('returnTo')), createdAt: Date.now() });
        const location = await this.oidc.authorizationUrl({ redirectUri: this.redirectUri, state, nonce, codeVerifier });
        res.statusCode = 302;
        res.setHeader('location', location);
        return void res.end();
      }
      case 'GET /auth/callback': {
        const error = url.searchParams.get('error');
        const pending = this.sessions.takePending(url.searchParams.get('state') ?? undefined);
        if (error) return problem(res, 401, 'Sign-in refused', `The identity provider answered ${error}.`);
        const code = url.searchParams.get('code');
        if (!pending || !code) return problem(res, 400, 'Sign-in expired', 'Unknown or expired sign-in state (query parameter state); start again at /auth/login.');
        const signedIn = await this.oidc.exchangeCode({ code, redirectUri: this.redirectUri, codeVerifier: pending.codeVerifier, nonce: pending.nonce });
        const old = this.session(req);
        if (old) this.sessions.delete(old.id);
        const session = this.sessions.create(signedIn);
        this.log.info({ user: signedIn.username, roles: signedIn.principal.roles }, 'signed in');
        res.setHeader('set-cookie', [
          this.cookie(SESSION_COOKIE, session.id, { httpOnly: true }),
          this.cookie(CSRF_COOKIE, session.csrf, { httpOnly: false }),
        ]);
        res.statusCode = 302;
        res.setHeader('location', pending.returnTo);
        return void res.end();
      }
      case 'GET /auth/me': {
        const session = await this.freshSession(req);
        if (!session) return problem(res, 401, 'Not signed in', 'No session; sign in at /auth/login.');
        const { principal, username, name, tokens } = session.signedIn;
        res.setHeader('content-type', 'application/json');
        return void res.end(
          JSON.stringify({
            sub: principal.id,
            username,
            name,
            roles: principal.roles,
            jurisdiction: principal.jurisdiction,
            expiresAt: new Date(tokens.refreshExpiresAt ?? tokens.accessExpiresAt).toISOString(),
          }),
        );
      }
      case 'POST /auth/logout': {
        const session = this.session(req);
        if (session) {
          this.sessions.delete(session.id);
          await this.oidc.logout(session.signedIn.tokens).catch((e: unknown) => this.log.warn({ err: e }, 'provider logout failed'));
        }
        res.setHeader('set-cookie', [
          this.cookie(SESSION_COOKIE, '', { httpOnly: true, maxAge: 0 }),
          this.cookie(CSRF_COOKIE, '', { httpOnly: false, maxAge: 0 }),
        ]);
        res.statusCode = 204;
        return void res.end();
      }
      default:
        return problem(res, 404, 'Not found', `${method} ${url.pathname} is not an /auth route.`);
    }
  }

  /** The session with an access token valid for at least TOKEN_REFRESH_BEFORE_SECONDS (refreshed if needed), or undefined. */
  private async freshSession(req: IncomingMessage): Promise<Session | undefined> {
    const session = this.session(req);
    if (!session) return undefined;
    const tokens = session.signedIn.tokens;
    if (tokens.accessExpiresAt - Date.now() > this.config.TOKEN_REFRESH_BEFORE_SECONDS * 1000) return session;
    if (!tokens.refreshToken) {
      this.sessions.delete(session.id);
      return undefined;
    }
    session.refreshing ??= this.oidc.refresh(tokens.refreshToken).finally(() => (session.refreshing = undefined));
    try {
      const next = await session.refreshing;
      const principal = await this.oidc.verifyAccessToken(next.accessToken);
      session.signedIn = { ...session.signedIn, principal, tokens: { ...next, refreshToken: next.refreshToken ?? tokens.refreshToken } };
      this.log.info({ user: session.signedIn.username, accessExpiresAt: new Date(next.accessExpiresAt).toISOString() }, 'access token refreshed');
      return session;
    } catch (e) {
      if (!(e instanceof ProviderRefusedError)) throw e;
      this.log.info({ user: session.signedIn.username, reason: e.message }, 'session ended: refresh refused');
      this.sessions.delete(session.id);
      return undefined;
    }
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const [, , context, ...rest] = url.pathname.split('/');
    const envName = (CONTEXTS as Record<string, string>)[context ?? ''];
    if (!envName) return problem(res, 404, 'Not found', `Unknown context "${context ?? ''}"; one of ${Object.keys(CONTEXTS).join(', ')}.`);
    const method = req.method ?? 'GET';
    const session = await this.freshSession(req);
    if (!session) return problem(res, 401, 'Not signed in', 'No session; sign in at /auth/login.');
    if (method !== 'GET' && method !== 'HEAD' && !this.csrfOk(req, session)) {
      return problem(res, 403, 'CSRF check failed', `A ${method} request must send the ${CSRF_HEADER} header equal to the ${CSRF_COOKIE} cookie.`);
    }
    const base = new URL(this.config[envName as (typeof CONTEXTS)[Context]]);
    const target = new URL(`${base.pathname.replace(/\/$/, '')}/${rest.join('/')}${url.search}`, base);
    const headers: Record<string, string> = { authorization: `Bearer ${session.signedIn.tokens.accessToken}` };
    for (const h of REQUEST_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const correlationId = (req as IncomingMessage & { id?: unknown }).id;
    if (typeof correlationId === 'string') headers['x-correlation-id'] = correlationId;
    if (req.headers['transfer-encoding'] && !headers['content-length']) headers['transfer-encoding'] = 'chunked';
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const report = this.directory && isCaseReport(method, url.pathname, url.searchParams) ? session.signedIn.principal.jurisdiction : undefined;
    await new Promise<void>((resolve) => {
      const upstream = send(target, { method, headers, timeout: this.config.UPSTREAM_TIMEOUT_MS }, (up: IncomingMessage) => {
        res.statusCode = up.statusCode ?? 502;
        for (const h of RESPONSE_HEADERS) {
          const v = up.headers[h];
          if (v !== undefined && !(h === 'cache-control')) res.setHeader(h, v);
        }
        if (report && up.statusCode === 200 && String(up.headers['content-type'] ?? '').startsWith('text/html')) {
          // The printable case report: the officers' names from the directory in place of their ids.
          const chunks: Buffer[] = [];
          up.on('data', (c: Buffer) => chunks.push(c));
          up.on('end', () => {
            void this.namedReport(Buffer.concat(chunks).toString('utf8'), report).then((html) => {
              res.end(html);
              resolve();
            });
          });
          up.on('error', () => {
            res.destroy();
            resolve();
          });
          return;
        }
        up.pipe(res);
        up.on('end', resolve);
        up.on('error', () => {
          res.destroy();
          resolve();
        });
      });
      upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
      upstream.on('error', (e) => {
        this.log.warn({ err: e, context }, 'upstream failed');
        problem(res, 502, 'Service unavailable', `The ${context} service did not answer.`);
        resolve();
      });
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.config.BODY_LIMIT) {
          upstream.destroy();
          req.unpipe(upstream);
          problem(res, 413, 'Payload too large', `The request body exceeds ${this.config.BODY_LIMIT} bytes.`);
        }
      });
      req.pipe(upstream);
    });
  }

  /** The report with the names of the officers the directory knows for the reader's jurisdiction; as it came when the directory fails. */
  private async namedReport(html: string, jurisdiction: string): Promise<string> {
    try {
      const officers = await this.directory!.officers(jurisdiction);
      return nameActors(html, new Map(officers.map((o) => [o.id, o])));
    } catch (e) {
      this.log.warn({ err: e }, 'officer directory unavailable: the report names officers by id');
      return html;
    }
  }

  /**
   * GET /directory/officers?jurisdiction=<division>: officers (community, street, reviewer, county
   * approver) with authority over that division or inside it, from the identity provider — for naming
   * the second officer of a home visit. The division must lie within the caller's own jurisdiction.
   */
  private async officers(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 405, 'Method not allowed', `${req.method} is not allowed here.`);
    const session = await this.freshSession(req);
    if (!session) return problem(res, 401, 'Not signed in', 'No session; sign in at /auth/login.');
    const jurisdiction = url.searchParams.get('jurisdiction') ?? '';
    if (!DIVISION.test(jurisdiction)) {
      return problemWithErrors(res, 400, 'Invalid query', 'jurisdiction must be a 6, 9 or 12-digit division code', [
        { field: 'jurisdiction', message: 'jurisdiction must be a 6, 9 or 12-digit division code' },
      ]);
    }
    const own = session.signedIn.principal.jurisdiction ?? '';
    if (!own || !jurisdiction.startsWith(own)) {
      return problem(res, 403, 'Outside your jurisdiction', `Division ${jurisdiction} is not within your jurisdiction ${own}.`);
    }
    if (!this.directory) return problem(res, 503, 'Directory not configured', 'The officer directory needs DIRECTORY_CLIENT_SECRET (the service account of the identity provider).');
    try {
      const officers = await this.directory.officers(jurisdiction);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jurisdiction, items: officers }));
    } catch (e) {
      this.log.warn({ err: e }, 'officer directory unavailable');
      const detail = e instanceof DirectoryUnavailableError ? e.message : 'The identity provider did not answer the directory request.';
      problem(res, 502, 'Directory unavailable', detail);
    }
  }

  private async static(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 405, 'Method not allowed', `${req.method} is not allowed here.`);
    const index = path.join(this.webDist, 'index.html');
    if (!existsSync(index) && url.pathname === '/__gateway/placeholder.js') {
      res.setHeader('content-type', 'text/javascript; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      return void res.end(PLACEHOLDER_JS);
    }
    if (!existsSync(index)) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      return void res.end(req.method === 'HEAD' ? undefined : PLACEHOLDER);
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      decoded = '/';
    }
    let file = path.join(this.webDist, path.normalize(decoded).replace(/^([/\\])+/, ''));
    if (!file.startsWith(this.webDist + path.sep) || !existsSync(file) || !statSync(file).isFile()) file = index;
    const ext = path.extname(file);
    res.setHeader('content-type', MIME[ext] ?? 'application/octet-stream');
    res.setHeader('cache-control', file === index ? 'no-store' : /[.-][A-Za-z0-9_-]{8,}\.\w+$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  }

  close(): void {
    this.sessions.close();
  }
}
