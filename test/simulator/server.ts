/**
 * The verification-platform simulator (居民家庭经济状况核对平台): the platform side of the HTTP/JSON
 * contract, on plain node:http. See test/simulator/README.md for the contract.
 *
 *   POST /requests              submit a query (signed); 202, answered later by a signed callback
 *   GET  /requests/:id          poll a query: status and every answer made so far
 *   GET  /fixtures              the fixture households (synthetic people)
 *   GET|PUT|PATCH /admin/behaviour, POST /admin/reset, GET /admin/requests,
 *   POST /admin/requests/:id/answer (answer a silent query now) — all /admin/* with Authorization: Bearer <SIMULATOR_ADMIN_TOKEN>,
 *   GET /health/live|ready
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { behaviourProblems, resolveBehaviour, type BehaviourConfig } from './behaviour';
import { HOUSEHOLDS, recordsFor, SOURCES, type MonthRange, type PlatformRecord, type Source } from './fixtures';
import { isValidResidentId, maskResidentId } from './resident-id';
import { SIGNATURE_HEADER, signedHeaders, TIMESTAMP_HEADER, verify } from './signing';

export type AnswerStatus = 'PARTIAL' | 'COMPLETE' | 'NOT_FOUND' | 'ERROR';

export interface CallbackBody {
  callbackId: string;
  requestId: string;
  source: Source;
  sequence: number;
  status: AnswerStatus;
  answeredAt: string;
  platformReportRef: string;
  records: PlatformRecord[];
  error?: { code: string; message: string };
}

interface QueryBody {
  requestId: string;
  residentId: string;
  source: Source;
  purpose: 'INITIAL' | 'RECERTIFICATION' | 'OBJECTION';
  consentRef: string;
  consentDocumentRef?: string;
  callbackUrl: string;
  referencePeriod?: MonthRange;
  name?: string;
}

interface StoredQuery extends QueryBody {
  receivedAt: string;
  status: 'PENDING' | AnswerStatus;
  answers: CallbackBody[];
  callbacksDelivered: number;
  callbacksFailed: number;
  silent: boolean;
  fingerprint: string;
}

export interface SimulatorOptions {
  hmacSecret: string;
  behaviour?: BehaviourConfig;
  /** Refuse unsigned or badly signed submissions (default true). */
  requireSignature?: boolean;
  /** Attempts per callback delivery (default 8), with back-off from 250 ms to 5 s. */
  callbackAttempts?: number;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  now?: () => number;
  /**
   * Bearer token of `/admin/*`: a string = required (401 otherwise); `null` = `/admin/*` disabled
   * (always 401); left out = open (only for a simulator embedded in a test process).
   * main.ts passes SIMULATOR_ADMIN_TOKEN, or null when it is unset.
   */
  adminToken?: string | null;
}

const MAX_BODY = 1024 * 1024;
const SHANGHAI = 8 * 3600 * 1000;

function shanghai(ms: number): string {
  return `${new Date(ms + SHANGHAI).toISOString().slice(0, 23)}+08:00`;
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': `${contentType}; charset=utf-8`, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function problem(res: ServerResponse, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): void {
  send(res, status, { type: `urn:sim:problem:${status}`, title, status, detail, ...extra }, 'application/problem+json');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const PURPOSES = ['INITIAL', 'RECERTIFICATION', 'OBJECTION'];
const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

function queryProblems(b: Partial<QueryBody>): string[] {
  const p: string[] = [];
  if (typeof b.requestId !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(b.requestId)) p.push('requestId: required, 1–128 of [A-Za-z0-9._:-]');
  if (typeof b.residentId !== 'string' || !isValidResidentId(b.residentId)) p.push('residentId: must be an 18-character resident ID with a valid check digit');
  if (!SOURCES.includes(b.source as Source)) p.push(`source: must be one of ${SOURCES.join(', ')}`);
  if (!PURPOSES.includes(b.purpose as string)) p.push(`purpose: must be one of ${PURPOSES.join(', ')}`);
  if (typeof b.consentRef !== 'string' || b.consentRef.length === 0) p.push('consentRef: required (the consent the query is made under)');
  if (typeof b.callbackUrl !== 'string' || !/^https?:\/\//.test(b.callbackUrl)) p.push('callbackUrl: must be an http(s) URL');
  if (b.referencePeriod !== undefined) {
    const r = b.referencePeriod;
    if (!r || !MONTH.test(r.from) || !MONTH.test(r.to) || r.from > r.to) p.push('referencePeriod: must be { from: YYYY-MM, to: YYYY-MM } with from ≤ to');
  }
  return p;
}

function split<T>(items: T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, i) => (size === 0 ? [] : items.slice(i * size, (i + 1) * size)));
}

export class PlatformSimulator {
  readonly server: Server;
  private behaviour: BehaviourConfig;
  private readonly initialBehaviour: BehaviourConfig;
  private readonly queries = new Map<string, StoredQuery>();
  private readonly failCounts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private reportCounter = 0;
  private readonly log: NonNullable<SimulatorOptions['log']>;
  private readonly now: () => number;

  constructor(private readonly options: SimulatorOptions) {
    this.initialBehaviour = options.behaviour ?? {};
    this.behaviour = structuredClone(this.initialBehaviour);
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        const status = (err as { status?: number }).status ?? 500;
        this.log(status >= 500 ? 'error' : 'warn', 'request failed', { err: String(err), url: req.url });
        if (!res.headersSent) problem(res, status, status === 413 ? 'Content Too Large' : 'Error', String((err as Error).message ?? err));
      });
    });
  }

  listen(port: number, host = '0.0.0.0'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private adminAuthorised(req: IncomingMessage): boolean {
    const expected = this.options.adminToken;
    if (expected === undefined) return true;
    if (expected === null || expected.length === 0) return false;
    const given = /^Bearer (.+)$/i.exec(header(req, 'authorization') ?? '')?.[1]?.trim() ?? '';
    const a = createHash('sha256').update(given).digest();
    const b = createHash('sha256').update(expected).digest();
    return timingSafeEqual(a, b);
  }

  private later(ms: number, fn: () => void | Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      void Promise.resolve(fn()).catch((err) => this.log('error', 'scheduled work failed', { err: String(err) }));
    }, ms);
    this.timers.add(t);
  }

  // -------------------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';

    if (path === '/health/live' || path === '/health/ready') return send(res, 200, { status: 'ok' });
    if (method === 'POST' && path === '/requests') return this.submit(req, res);
    const poll = /^\/requests\/([^/]+)$/.exec(path);
    if (method === 'GET' && poll) return this.poll(decodeURIComponent(poll[1]!), res);
    if (method === 'GET' && path === '/fixtures') return send(res, 200, { households: HOUSEHOLDS.map((h) => ({ ...h, members: h.members.map(({ corrections: _c, incomes: _i, stocks: _s, ...m }) => m) })) });

    if (path === '/admin' || path.startsWith('/admin/')) {
      if (!this.adminAuthorised(req)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="simulator-admin"');
        return problem(
          res,
          401,
          'Unauthorized',
          this.options.adminToken === null
            ? '/admin/* is disabled: start the simulator with SIMULATOR_ADMIN_TOKEN set'
            : '/admin/* needs Authorization: Bearer <SIMULATOR_ADMIN_TOKEN>',
        );
      }
    }
    if (path === '/admin/behaviour') {
      if (method === 'GET') return send(res, 200, this.behaviour);
      if (method === 'PUT' || method === 'PATCH') {
        const body = await this.json(req, res);
        if (body === undefined) return;
        const next = method === 'PUT' ? body : mergeBehaviour(this.behaviour, body as BehaviourConfig);
        const problems = behaviourProblems(next);
        if (problems.length > 0) return problem(res, 400, 'Bad behaviour', problems.join('; '), { errors: problems });
        this.behaviour = next as BehaviourConfig;
        this.log('info', 'behaviour changed', { behaviour: redactBehaviour(this.behaviour) });
        return send(res, 200, this.behaviour);
      }
    }
    if (method === 'POST' && path === '/admin/reset') {
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      this.queries.clear();
      this.failCounts.clear();
      this.behaviour = structuredClone(this.initialBehaviour);
      return send(res, 200, { status: 'reset' });
    }
    if (method === 'GET' && path === '/admin/requests') {
      const resident = url.searchParams.get('residentId');
      const list = [...this.queries.values()]
        .filter((q) => !resident || q.residentId === resident)
        .map((q) => ({
          requestId: q.requestId,
          residentIdMasked: maskResidentId(q.residentId),
          source: q.source,
          purpose: q.purpose,
          consentRef: q.consentRef,
          status: q.status,
          receivedAt: q.receivedAt,
          answers: q.answers.length,
          callbacksDelivered: q.callbacksDelivered,
          callbacksFailed: q.callbacksFailed,
        }));
      return send(res, 200, { requests: list });
    }
    const force = /^\/admin\/requests\/([^/]+)\/answer$/.exec(path);
    if (method === 'POST' && force) {
      const q = this.queries.get(decodeURIComponent(force[1]!));
      if (!q) return problem(res, 404, 'Not Found', 'no such request');
      q.silent = false;
      this.answer(q, 0);
      return send(res, 202, { requestId: q.requestId, status: 'ANSWERING' });
    }
    return problem(res, 404, 'Not Found', `no route ${method} ${path}`);
  }

  private async json(req: IncomingMessage, res: ServerResponse, raw?: Buffer): Promise<unknown> {
    const body = raw ?? (await readBody(req));
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      problem(res, 400, 'Bad Request', 'the body is not JSON');
      return undefined;
    }
  }

  private async submit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (this.options.requireSignature ?? true) {
      const verdict = verify(this.options.hmacSecret, header(req, TIMESTAMP_HEADER), header(req, SIGNATURE_HEADER), raw, 300, this.now());
      if (verdict !== 'ok') {
        this.log('warn', 'submission refused: signature', { verdict });
        return problem(res, 401, 'Unauthorized', `signature ${verdict}`);
      }
    }
    const body = (await this.json(req, res, raw)) as Partial<QueryBody> | undefined;
    if (body === undefined) return;
    const problems = queryProblems(body);
    if (problems.length > 0) return problem(res, 400, 'Bad Request', problems.join('; '), { errors: problems });
    const q = body as QueryBody;
    const fingerprint = JSON.stringify([q.residentId, q.source, q.purpose, q.consentRef, q.callbackUrl, q.referencePeriod ?? null]);
    const existing = this.queries.get(q.requestId);
    if (existing) {
      if (existing.fingerprint !== fingerprint) return problem(res, 409, 'Conflict', 'requestId already used for another query');
      return send(res, 200, { requestId: q.requestId, status: existing.status, acceptedAt: existing.receivedAt });
    }
    const b = resolveBehaviour(this.behaviour, q.residentId, q.source);
    const fields = { requestId: q.requestId, source: q.source, purpose: q.purpose, resident: maskResidentId(q.residentId), mode: b.mode };
    if (b.mode === 'not-covered') {
      this.log('info', 'query refused: source not covered', fields);
      return problem(res, 422, 'Source not covered', `this platform has no access to ${q.source}`, { code: 'SOURCE_NOT_COVERED' });
    }
    if (b.mode === 'fail') {
      const key = `${q.residentId}|${q.source}`;
      const failed = this.failCounts.get(key) ?? 0;
      if (b.failTimes === undefined || failed < b.failTimes) {
        this.failCounts.set(key, failed + 1);
        this.log('info', 'query refused: simulated outage', fields);
        return problem(res, 503, 'Service Unavailable', 'the platform is temporarily unavailable (simulated)');
      }
    }
    const stored: StoredQuery = {
      ...q,
      receivedAt: shanghai(this.now()),
      status: 'PENDING',
      answers: [],
      callbacksDelivered: 0,
      callbacksFailed: 0,
      silent: b.mode === 'timeout',
      fingerprint,
    };
    this.queries.set(q.requestId, stored);
    this.log('info', 'query accepted', fields);
    if (!stored.silent) this.answer(stored, b.latencyMs);
    send(res, 202, { requestId: q.requestId, status: 'ACCEPTED', acceptedAt: stored.receivedAt });
  }

  private answer(q: StoredQuery, latencyMs: number): void {
    const b = resolveBehaviour(this.behaviour, q.residentId, q.source);
    const reportRef = `SIM-${q.source}-${shanghai(this.now()).slice(0, 10).replace(/-/g, '')}-${String(++this.reportCounter).padStart(6, '0')}`;
    const asOf = shanghai(this.now()).slice(0, 10);
    const base = { requestId: q.requestId, source: q.source, platformReportRef: reportRef };
    if (b.mode === 'error') {
      this.later(latencyMs, () => this.emit(q, { ...base, sequence: 1, status: 'ERROR', records: [], error: { code: 'REGISTRY_UNAVAILABLE', message: '数据来源部门接口异常（模拟）' } }, b));
      return;
    }
    const found = b.mode === 'not-found' ? null : recordsFor({ residentId: q.residentId, source: q.source, purpose: q.purpose, referencePeriod: q.referencePeriod, asOf });
    const override = b.incomeMonthlyFen;
    const records = found && override !== undefined ? found.map((r) => (r.category === 'INCOME' ? { ...r, valueFen: override } : r)) : found;
    if (records === null) {
      this.later(latencyMs, () => this.emit(q, { ...base, sequence: 1, status: 'NOT_FOUND', records: [], error: { code: 'MEMBER_NOT_FOUND', message: '查无此人' } }, b));
      return;
    }
    const parts = split(records, b.partialParts);
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      this.later(latencyMs + i * b.partialGapMs, () => this.emit(q, { ...base, sequence: i + 1, status: last ? 'COMPLETE' : 'PARTIAL', records: part }, b));
    });
  }

  private async emit(q: StoredQuery, partial: Omit<CallbackBody, 'callbackId' | 'answeredAt'>, b: ReturnType<typeof resolveBehaviour>): Promise<void> {
    if (!this.queries.has(q.requestId)) return; // reset meanwhile
    const body: CallbackBody = { callbackId: randomUUID(), answeredAt: shanghai(this.now()), ...partial };
    q.answers.push(body);
    q.status = body.status;
    this.log('info', 'answer ready', { requestId: q.requestId, source: q.source, sequence: body.sequence, status: body.status, records: body.records.length });
    if (b.dropCallbacks) return;
    await this.deliver(q, body);
    if (b.duplicateCallbacks) await this.deliver(q, body);
  }

  private async deliver(q: StoredQuery, body: CallbackBody): Promise<void> {
    const text = JSON.stringify(body);
    const attempts = this.options.callbackAttempts ?? 8;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let status = 0;
      try {
        const response = await fetch(q.callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-callback-id': body.callbackId, ...signedHeaders(this.options.hmacSecret, text, this.now()) },
          body: text,
          signal: AbortSignal.timeout(10_000),
        });
        status = response.status;
        await response.arrayBuffer().catch(() => undefined);
      } catch (err) {
        this.log('warn', 'callback not delivered', { requestId: q.requestId, attempt, err: String(err) });
      }
      if (status >= 200 && status < 300) {
        q.callbacksDelivered++;
        this.log('info', 'callback delivered', { requestId: q.requestId, sequence: body.sequence, status });
        return;
      }
      // 404: the receiver may not know the query yet (its read side lags): worth retrying, like 5xx.
      const retry = status === 0 || status === 404 || status === 408 || status === 429 || status >= 500;
      if (status !== 0) this.log('warn', 'callback refused', { requestId: q.requestId, attempt, status });
      if (!retry) break;
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** (attempt - 1))));
    }
    q.callbacksFailed++;
  }

  private poll(id: string, res: ServerResponse): void {
    const q = this.queries.get(id);
    if (!q) return problem(res, 404, 'Not Found', 'no such request');
    send(res, 200, { requestId: q.requestId, source: q.source, purpose: q.purpose, status: q.status, receivedAt: q.receivedAt, answers: q.answers });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function mergeBehaviour(a: BehaviourConfig, b: BehaviourConfig): BehaviourConfig {
  const residents = { ...(a.residents ?? {}) };
  for (const [r, v] of Object.entries(b.residents ?? {})) {
    residents[r] = { ...(residents[r] ?? {}), ...v, sources: { ...(residents[r]?.sources ?? {}), ...(v.sources ?? {}) } };
  }
  return {
    default: { ...(a.default ?? {}), ...(b.default ?? {}) },
    sources: { ...(a.sources ?? {}), ...(b.sources ?? {}) },
    residents,
  };
}

function redactBehaviour(c: BehaviourConfig): BehaviourConfig {
  return { ...c, residents: Object.fromEntries(Object.entries(c.residents ?? {}).map(([r, v]) => [maskResidentId(r), v])) };
}
