import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  Optional,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { EncryptingEventStore, isCiphertext, SHREDDED, type FieldEncryptor } from '@sa/crypto';
import { PG_POOL } from '@sa/database';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import { assertMayAddress, EVENT_STORE, OutsideJurisdictionError, runInCommandScope, streamRevision, uuidV5, type CommandScope, type EventStore } from '@sa/eventstore';
import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { from, lastValueFrom, type Observable } from 'rxjs';

/**
 * The HTTP contract of every command route (docs/CONVENTIONS.md, "Commands"):
 *
 * - `Idempotency-Key`: any opaque string of 1–200 visible ASCII characters. A retry with the same key
 *   (same caller) appends nothing and gets the first answer (status and body, ETag); the same key with
 *   a different request (method, path or body) is 422 `idempotency-key-reused`; while the first is
 *   still running, 409 `idempotency-request-in-progress`. Only successful answers are kept: a refused
 *   command appended nothing, and its retry is decided again.
 * - `If-Match: "<revision>"` (the case's ETag): compared with the case stream's revision before the
 *   handler runs and again at the append; a different revision is 409 `concurrency-conflict` — for a
 *   caller who may see the case; one outside its jurisdiction gets 403 `outside-jurisdiction` instead.
 * - The answer carries `ETag: "<revision>"` of the case after the command.
 * - No silent retry: two concurrent commands on one case give one 2xx and one 409.
 *
 * `@CaseRead(stream)` puts the same `ETag` on a case read.
 */

export const COMMAND_ROUTE = 'sa:command-route';
export const CASE_READ = 'sa:case-read';

/** The aggregate stream a route addresses, from its path parameters (e.g. `p => reviewCaseStreamId(p.caseId)`). */
export type StreamOf = (params: Record<string, string>) => string;

export interface CommandRouteOptions {
  /** The case stream: If-Match is checked against it and ETag set from it. Omit on routes that create a case. */
  stream?: StreamOf;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e](?:[\x20-\x7e]{0,198}[\x21-\x7e])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Namespace of command ids derived from idempotency keys. */
const COMMAND_ID_NAMESPACE = '5d8f3a52-3c1e-4f0b-9a41-1b6f0f4c7e21';
/** A pending key older than this is taken over (its request died). */
const PENDING_TTL_SECONDS = 10;

/** Marks a command route: idempotency, If-Match, ETag and the command scope of the pipeline. */
export function CommandRoute(options: CommandRouteOptions = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(COMMAND_ROUTE, options),
    UseInterceptors(HttpCommandInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Any opaque string up to 200 characters; a retry returns the first answer' }),
    ...(options.stream ? [ApiHeader({ name: 'If-Match', required: false, description: 'The case ETag ("<revision>"); a stale one is 409' })] : []),
  );
}

/** Marks a read of one case: the answer carries `ETag: "<revision>"` of the case stream. */
export function CaseRead(stream: StreamOf): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(CASE_READ, { stream }), UseInterceptors(CaseReadInterceptor));
}

/** `If-Match: "3"` (also `W/"3"`, `3`) → 3; absent or `*` → undefined; anything else → 400. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '' || value.trim() === '*') return undefined;
  const m = /^(?:W\/)?"?(-?\d{1,15})"?$/.exec(value.trim());
  if (!m) {
    throw new ProblemException(400, {
      type: PROBLEM_TYPES.validation,
      detail: 'If-Match must be the ETag of the case ("<revision>")',
      errors: [{ field: 'If-Match', message: 'must be the ETag of the case' }],
    });
  }
  return Number(m[1]);
}

/** Validates an Idempotency-Key: 1–200 visible ASCII characters (inner spaces allowed). */
export function checkIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new ProblemException(400, {
      type: PROBLEM_TYPES.validation,
      detail: 'Idempotency-Key must be 1 to 200 visible ASCII characters',
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }],
    });
  }
  return value;
}

/** The command id of a key: the key itself when it is a UUID (as before), else a UUID derived from the caller and the key. */
export function commandIdFor(scope: string, key: string): string {
  return UUID.test(key) ? key.toLowerCase() : uuidV5(`${scope}\n${key}`, COMMAND_ID_NAMESPACE);
}

/** Canonical JSON (sorted keys) for the request fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

interface HttpRequest {
  method: string;
  originalUrl?: string;
  url: string;
  params: Record<string, string>;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  actor?: { id: string; role: string; jurisdiction: string };
}

interface HttpResponse {
  statusCode: number;
  setHeader(name: string, value: string): void;
  getHeader(name: string): unknown;
  status(code: number): unknown;
}

const header = (req: HttpRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

interface StoredAnswer {
  fingerprint: string;
  state: 'pending' | 'done';
  status: number | null;
  body: unknown;
  headers: Record<string, string> | null;
}

/** The stored form of a sealed answer body: `{ "sealed": "sa3.<suite>.<keyId>.…" }` (`sa1.…` before the compact format; both open). */
interface SealedBody {
  sealed: string;
}

const isSealedBody = (body: unknown): body is SealedBody =>
  body !== null && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 1 && isCiphertext((body as SealedBody).sealed);

/** The subject whose data key seals kept answers of commands that address no case stream (never a person's). */
export const HTTP_ANSWERS_SUBJECT = 'sa-http-answers';

/** The data-key subject of a kept answer: the case of the stream the command addressed (`reviewCase-<caseId>` → caseId). */
export function answerSubject(streamId: string | undefined): string {
  if (streamId === undefined) return HTTP_ANSWERS_SUBJECT;
  const id = streamId.slice(streamId.indexOf('-') + 1);
  return UUID.test(id) ? id.toLowerCase() : HTTP_ANSWERS_SUBJECT;
}

/** Associated data of a kept answer: bound to its row (caller and key), so it cannot be replayed under another. */
function answerContext(scope: string, key: string): string {
  return `http_idempotency:${scope}\n${key}`;
}

/**
 * Answers kept per (caller, Idempotency-Key), in the service schema (`http_idempotency`).
 *
 * With field encryption on (issue 18), the body is kept sealed as ONE ciphertext (`{ "sealed": "sa3.…" }`) under
 * the data key of the case the command addressed (shredded with it: a replay then answers `已销毁`), bound to the
 * row: an answer may echo names, resident IDs, a payee or a notice text, and only a replay needs it back. Bodies
 * kept before (clear) are replayed as they are.
 */
export class IdempotencyStore {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly fields?: FieldEncryptor,
  ) {}

  private ensure(): Promise<void> {
    this.ready ??= this.pool
      .query(
        `CREATE TABLE IF NOT EXISTS http_idempotency (
           scope text NOT NULL, key text NOT NULL, fingerprint text NOT NULL,
           state text NOT NULL, status int, body jsonb, headers jsonb,
           created_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (scope, key))`,
      )
      .then(
        () => undefined,
        (e: { code?: string }) => {
          // Several instances creating it at once.
          if (e.code !== '23505' && e.code !== '42P07') {
            this.ready = undefined;
            throw e;
          }
        },
      );
    return this.ready;
  }

  /** Claims the key (true), or returns the answer stored for it. */
  async claim(scope: string, key: string, fingerprint: string): Promise<true | StoredAnswer> {
    await this.ensure();
    const inserted = await this.pool.query(
      `INSERT INTO http_idempotency (scope, key, fingerprint, state) VALUES ($1, $2, $3, 'pending')
       ON CONFLICT (scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, created_at = now()
         WHERE http_idempotency.state = 'pending' AND http_idempotency.created_at < now() - make_interval(secs => $4)
       RETURNING 1`,
      [scope, key, fingerprint, PENDING_TTL_SECONDS],
    );
    if ((inserted.rowCount ?? 0) > 0) return true;
    const { rows } = await this.pool.query<StoredAnswer>(
      `SELECT fingerprint, state, status, body, headers FROM http_idempotency WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    if (!row) return true;
    if (isSealedBody(row.body)) {
      row.body = this.fields ? await this.fields.decryptValue(row.body.sealed, answerContext(scope, key)) : SHREDDED;
    }
    return row;
  }

  /** `subject`: whose data key seals the body (answerSubject of the command's case stream). */
  async complete(scope: string, key: string, status: number, body: unknown, headers: Record<string, string>, subject = HTTP_ANSWERS_SUBJECT): Promise<void> {
    const kept = this.fields && body !== undefined && body !== null ? { sealed: await this.fields.encryptValue(body, subject, answerContext(scope, key)) } : body;
    await this.pool.query(`UPDATE http_idempotency SET state = 'done', status = $3, body = $4, headers = $5 WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      status,
      JSON.stringify(kept ?? null),
      JSON.stringify(headers),
    ]);
  }

  async release(scope: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM http_idempotency WHERE scope = $1 AND key = $2 AND state = 'pending'`, [scope, key]);
  }
}

const stores = new WeakMap<Pool, IdempotencyStore>();
const storeFor = (pool: Pool, fields: FieldEncryptor | undefined): IdempotencyStore => {
  let s = stores.get(pool);
  if (!s) stores.set(pool, (s = new IdempotencyStore(pool, fields)));
  return s;
};

const concurrencyConflict = (detail: string, revision?: number): ProblemException =>
  new ProblemException(
    409,
    { type: PROBLEM_TYPES.concurrencyConflict, title: 'Conflict', detail, ...(revision !== undefined ? { currentRevision: revision } : {}) },
    revision !== undefined && revision >= 0 ? { ETag: `"${revision}"` } : {},
  );

const outsideJurisdiction = (e: unknown): never => {
  if (e instanceof OutsideJurisdictionError) {
    throw new ProblemException(403, { type: PROBLEM_TYPES.outsideJurisdiction, title: 'Outside your jurisdiction', detail: e.message });
  }
  throw e;
};

@Injectable()
export class HttpCommandInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Optional() @Inject(EVENT_STORE) private readonly store?: EventStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const options = this.reflector.getAllAndOverride<CommandRouteOptions | undefined>(COMMAND_ROUTE, [context.getHandler(), context.getClass()]) ?? {};
    const http = context.switchToHttp();
    const req = http.getRequest<HttpRequest>();
    const res = http.getResponse<HttpResponse>();
    const key = checkIdempotencyKey(header(req, 'idempotency-key'));
    const expectedRevision = parseIfMatch(header(req, 'if-match'));
    const callerScope = req.actor?.id ?? 'anonymous';
    const streamId = options.stream ? options.stream(req.params ?? {}) : undefined;

    if (expectedRevision !== undefined && streamId && this.store) {
      const current = await streamRevision(this.store, streamId);
      // Only a caller who may see the case learns anything from If-Match (its revision, that it exists):
      // anyone outside its jurisdiction gets 403 whatever revision they send — stale or right, so a
      // guessed revision is no oracle either. The case's jurisdiction comes from the CommandPipeline
      // set up for the stream's category (docs/CONVENTIONS.md "Commands").
      if (current >= 0) await assertMayAddress(this.store, streamId, req.actor).catch(outsideJurisdiction);
      if (current !== expectedRevision) {
        throw concurrencyConflict(`The case is at revision ${current}, not ${expectedRevision}: it was changed by another request. Reload it and try again.`, current);
      }
    }

    const fingerprint = createHash('sha256')
      .update(`${req.method} ${(req.originalUrl ?? req.url).split('?')[0]}\n${canonical(req.body ?? null)}`)
      .digest('hex');
    // The service's field encryption (FIELD_ENCRYPTION): the encrypting store's encryptor seals kept answers.
    const idempotency = key ? storeFor(this.pool, this.store instanceof EncryptingEventStore ? this.store.encryptor : undefined) : undefined;
    if (idempotency && key) {
      const claimed = await idempotency.claim(callerScope, key, fingerprint);
      if (claimed !== true) {
        if (claimed.fingerprint !== fingerprint) {
          throw new ProblemException(422, {
            type: PROBLEM_TYPES.businessRule('idempotency_key_reused'),
            title: 'Idempotency-Key reused',
            detail: 'This Idempotency-Key was used for a different request; use a new key for a new command.',
            code: 'idempotency_key_reused',
            errors: [{ field: 'Idempotency-Key', message: 'was used for a different request' }],
          });
        }
        if (claimed.state === 'pending') {
          throw concurrencyConflict('A request with this Idempotency-Key is still being handled; retry later.');
        }
        for (const [name, value] of Object.entries(claimed.headers ?? {})) res.setHeader(name, value);
        res.setHeader('Idempotent-Replayed', 'true');
        if (claimed.status !== null) res.status(claimed.status);
        return claimed.body;
      }
    }

    const scope: CommandScope = {
      commandId: key ? commandIdFor(callerScope, key) : randomUUID(),
      keyed: key !== undefined,
      ...(req.actor ? { actor: { id: req.actor.id, role: req.actor.role, jurisdiction: req.actor.jurisdiction } } : {}),
      ...(streamId ? { streamId } : {}),
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      revisions: new Map(),
    };
    let body: unknown;
    try {
      body = await lastValueFrom(
        runInCommandScope(scope, () => next.handle()),
        { defaultValue: undefined },
      );
    } catch (e) {
      if (idempotency && key) await idempotency.release(callerScope, key).catch(() => undefined);
      throw e;
    }
    const revision = streamId !== undefined ? scope.revisions.get(streamId) : scope.revisions.size === 1 ? [...scope.revisions.values()][0] : undefined;
    if (revision !== undefined && revision >= 0) res.setHeader('ETag', `"${revision}"`);
    if (idempotency && key) {
      const kept: Record<string, string> = {};
      for (const name of ['ETag', 'Location']) {
        const v = res.getHeader(name);
        if (typeof v === 'string') kept[name] = v;
      }
      const caseStream = streamId ?? (scope.revisions.size === 1 ? [...scope.revisions.keys()][0] : undefined);
      await idempotency.complete(callerScope, key, res.statusCode, body, kept, answerSubject(caseStream));
    }
    return body;
  }
}

@Injectable()
export class CaseReadInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const options = this.reflector.getAllAndOverride<{ stream: StreamOf } | undefined>(CASE_READ, [context.getHandler(), context.getClass()]);
    const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    if (options) {
      const req = context.switchToHttp().getRequest<HttpRequest>();
      const res = context.switchToHttp().getResponse<HttpResponse>();
      const revision = await streamRevision(this.store, options.stream(req.params ?? {}));
      if (revision >= 0 && !res.getHeader('ETag')) res.setHeader('ETag', `"${revision}"`);
    }
    return body;
  }
}
