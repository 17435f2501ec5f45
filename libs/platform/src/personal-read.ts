import { applyDecorators, type CallHandler, type ExecutionContext, Inject, Injectable, Logger, type NestInterceptor, Optional, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiQuery } from '@nestjs/swagger';
import { BLIND_INDEX_SUBJECT, blindIndexWith, ReadLog, SHREDDED, type KeyStore } from '@sa/crypto';
import { PG_POOL } from '@sa/database';
import { ValidationProblemException } from '@sa/errors';
import type { Pool } from 'pg';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { APP_CONFIG } from './config';
import { KEY_STORE } from './event-store';

/**
 * Accountable reads outside intake (issue #18 item 6): a route that shows a person's personal data
 * unmasked — names, resident IDs — is marked `@PersonalRead()`; every successful answer that shows
 * such a field is recorded in the deployment's shared read log (`keyStore.readLog`,
 * `<CRYPTO_SCHEMA>.read_log`, hash-chained; with field encryption off, `<service schema>.read_log`):
 * who (actor, role, jurisdiction), when, which case (subject), which persons (blind indexes of the
 * resident IDs shown), which fields (JSON paths found in the answer) and the purpose.
 *
 * The purpose is `?purpose=` when the caller states one (2–200 characters, else 400 naming
 * `purpose`, nothing read), otherwise the route's case-work purpose (as intake records its file and
 * list reads under 受理经办). Intake's "谁看过我的档案" (`GET /privacy/read-log`) reads this log
 * next to its own.
 */
export const PERSONAL_READ = 'sa:personal-read';

/** The purpose recorded for a case-work read when the caller states none. */
export const CASEWORK_READ_PURPOSE = '经办查阅';

/** Keys whose string values are a person's data shown in clear (masked forms are named otherwise). */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set(['name', 'memberName', 'applicantName', 'holderName', 'recipientName', 'residentId', 'phone', 'address']);

/**
 * A `name` under one of these keys is an officer's (who acted, who is assigned), not a resident's:
 * officers' names are not the personal data this log accounts for, so they are not counted.
 */
export const OFFICER_CONTEXT = /^(actor|officer|assignee|assignedTo|reviewer|approver|handler|caseworker|operator|recordedBy|decidedBy|issuedBy|signedBy|by)s?$|Officers?$|By$/;

const RESIDENT_ID = /^\d{17}[\dX]$/i;
const PURPOSE_MIN = 2;
const PURPOSE_MAX = 200;

export interface PersonalReadOptions {
  /** The case (read-log subject) from the path parameters and the answer; default `params.caseId ?? body.caseId`. */
  subject?: (params: Record<string, string>, body: unknown) => string | undefined;
  /** Recorded when the caller states no purpose; default 经办查阅. */
  purpose?: string;
  /**
   * A list route: the answer shows many cases. `true` reads `body.items` (a string: `body[list]`);
   * each item that shows a person's field is recorded as its own entry, subject `item.caseId`,
   * fields prefixed `items[].` (`<list>[].`). An item without a caseId is not recorded (then the
   * route must not show personal data in it).
   */
  list?: true | string;
  /**
   * A document route (PDF written through `@Res()`): the interceptor cannot read the answer, so the
   * route declares the fields its document shows unmasked; each successful answer (status < 400) is
   * recorded with these fields, subject `params.caseId` (or `subject`). Recorded once the document
   * is sent: a read-log failure then is logged by Nest, the document already out.
   *
   * These are the most a document of the route can show; a route whose documents differ (an approval letter
   * lists the members covered, a refusal none) declares what the one it renders shows with
   * `declareDocumentFields(res, fields)` before sending it, and that is what is recorded (nothing when empty).
   */
  fields?: readonly string[];
  /**
   * Further fields a JSON route shows opened, beyond the name / ID / phone / address keys the walker
   * knows: JSON paths in the answer, arrays as `[]` (e.g. `repaymentPlans[].reason`, the free text an
   * officer typed and the store keeps sealed). A path is recorded only when the answer holds a
   * non-empty string there that is not `已销毁`; with nothing else shown, those paths alone make the read.
   */
  shows?: readonly string[];
}

/** Where a document route leaves the fields the rendered document shows (read by the interceptor when it is sent). */
const DOCUMENT_FIELDS = Symbol('personalReadDocumentFields');

/**
 * A document route (`@PersonalRead({ fields })`, `@Res()`): the personal fields the document about to be sent actually
 * shows unmasked (JSON-path style: `applicantName`, `membersCovered[]`). Recorded instead of the route's declared list;
 * an empty list records no read (the document shows no one's data).
 */
export function declareDocumentFields(res: object, fields: readonly string[]): void {
  (res as { [DOCUMENT_FIELDS]?: readonly string[] })[DOCUMENT_FIELDS] = [...fields];
}

function declaredDocumentFields(res: object): readonly string[] | undefined {
  return (res as { [DOCUMENT_FIELDS]?: readonly string[] })[DOCUMENT_FIELDS];
}

/** Marks a read that may show personal data unmasked: each answer showing it is recorded in the read log. */
export function PersonalRead(options: PersonalReadOptions = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(PERSONAL_READ, options),
    UseInterceptors(PersonalReadInterceptor),
    ApiQuery({ name: 'purpose', required: false, description: 'Why the personal data is read (2–200 characters), recorded in the read log; default 经办查阅' }),
  );
}

/** The JSON paths (array indexes as `[]`) of personal fields shown in clear, and the resident IDs among them. */
export function personalFieldsShown(body: unknown): { fields: string[]; residentIds: string[] } {
  const fields = new Set<string>();
  const residentIds = new Set<string>();
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > 12 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item, `${path}[]`, depth + 1);
      return;
    }
    const parentKey = /([A-Za-z]+)(\[\])*$/.exec(path)?.[1] ?? '';
    const officers = OFFICER_CONTEXT.test(parentKey);
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      if (officers && k === 'name') continue;
      if (typeof child === 'string') {
        if (PERSONAL_KEYS.has(k) && child.trim() !== '' && child !== SHREDDED) {
          fields.add(p);
          if (k === 'residentId' && RESIDENT_ID.test(child.trim())) residentIds.add(child.trim().toUpperCase());
        }
      } else walk(child, p, depth + 1);
    }
  };
  walk(body, '', 0);
  return { fields: [...fields].sort(), residentIds: [...residentIds] };
}

/**
 * Which of `paths` (`a.b[].c`, `[]` for each array element) hold a shown value in `body`: a non-empty
 * string that is not `已销毁`. Returned sorted, each path once.
 */
export function declaredFieldsShown(body: unknown, paths: readonly string[]): string[] {
  const shown = (v: unknown, steps: readonly string[]): boolean => {
    if (steps.length === 0) return typeof v === 'string' && v.trim() !== '' && v !== SHREDDED;
    const [step, ...rest] = steps as [string, ...string[]];
    const many = step.endsWith('[]');
    const key = many ? step.slice(0, -2) : step;
    const child = key === '' ? v : v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
    if (!many) return shown(child, rest);
    return Array.isArray(child) && child.some((item) => shown(item, rest));
  };
  return [...new Set(paths.filter((p) => shown(body, p.split('.'))))].sort();
}

/** A list answer: one entry per item (case) that shows a person's field, fields prefixed `<list>[].`. */
export function personalFieldsShownPerItem(body: unknown, list: true | string): { subject: string; fields: string[]; residentIds: string[] }[] {
  const key = list === true ? 'items' : list;
  const items = (body as Record<string, unknown> | null | undefined)?.[key];
  if (!Array.isArray(items)) return [];
  const out: { subject: string; fields: string[]; residentIds: string[] }[] = [];
  for (const item of items) {
    const subject = (item as { caseId?: unknown } | null)?.caseId;
    if (typeof subject !== 'string' || subject === '') continue;
    const { fields, residentIds } = personalFieldsShown({ [key]: [item] });
    if (fields.length > 0) out.push({ subject, fields, residentIds });
  }
  return out;
}

/** `?purpose=`: absent → undefined; present → trimmed, 2–200 characters without control characters, else 400. */
export function statedPurpose(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  const purpose = typeof raw === 'string' ? raw.trim() : '';
  if (purpose.length < PURPOSE_MIN || purpose.length > PURPOSE_MAX || [...purpose].some((ch) => ch.charCodeAt(0) < 0x20)) {
    throw new ValidationProblemException([{ field: 'purpose', message: 'must state the purpose of the read in words (2–200 characters), e.g. ?purpose=入户调查' }]);
  }
  return purpose;
}

interface DocumentResponse {
  statusCode: number;
  send: (payload: unknown) => unknown;
  status(code: number): DocumentResponse;
  setHeader(name: string, value: string): unknown;
  removeHeader(name: string): void;
}

const logger = new Logger('PersonalRead');

interface Req {
  method: string;
  baseUrl?: string;
  route?: { path?: string };
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  actor?: { id: string; role: string; jurisdiction: string };
}

@Injectable()
export class PersonalReadInterceptor implements NestInterceptor {
  private fallback?: ReadLog;
  private blindKey?: Promise<Buffer>;

  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(KEY_STORE) private readonly keys: KeyStore | null = null,
    @Optional() @Inject(PG_POOL) private readonly pool: Pool | null = null,
    @Optional() @Inject(APP_CONFIG) private readonly config: { DATABASE_SCHEMA?: string; FIELD_ENCRYPTION?: boolean } | null = null,
  ) {
    // field encryption on but no key store visible here: the reads would go to a log no one reads
    if (config?.FIELD_ENCRYPTION === true && !keys) throw new Error('@PersonalRead: FIELD_ENCRYPTION is on but KEY_STORE is not visible in this module (export it from the persistence module)');
  }

  /** The shared read log; with field encryption off, one in the service's schema. */
  get readLog(): ReadLog {
    if (this.keys) return this.keys.readLog;
    if (!this.pool) throw new Error('@PersonalRead needs the key store or a database pool');
    this.fallback ??= new ReadLog(this.pool, this.config?.DATABASE_SCHEMA ?? 'public');
    return this.fallback;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const options = this.reflector.getAllAndOverride<PersonalReadOptions | undefined>(PERSONAL_READ, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<Req>();
    const stated = options ? statedPurpose(req.query?.['purpose']) : undefined;
    if (options?.fields && req.actor) this.recordBeforeSending(context, req, options, options.fields, stated ?? options.purpose ?? CASEWORK_READ_PURPOSE);
    const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    if (options?.fields) return body;
    if (!options || !req.actor) return body;
    const actor = { id: req.actor.id, role: req.actor.role, jurisdiction: req.actor.jurisdiction };
    const purpose = stated ?? options.purpose ?? CASEWORK_READ_PURPOSE;
    const channel = `http ${req.method} ${req.baseUrl ?? ''}${req.route?.path ?? ''}`;
    if (options.list) {
      for (const { subject, fields, residentIds } of personalFieldsShownPerItem(body, options.list)) {
        await this.readLog.record({ actor, subject, persons: await this.persons(residentIds), fields, purpose, channel });
      }
      return body;
    }
    const found = personalFieldsShown(body);
    const residentIds = found.residentIds;
    const fields = options.shows ? [...new Set([...found.fields, ...declaredFieldsShown(body, options.shows)])].sort() : found.fields;
    if (fields.length === 0) return body;
    const params = req.params ?? {};
    const subject = options.subject ? options.subject(params, body) : (params['caseId'] ?? (body as { caseId?: unknown } | undefined)?.caseId);
    if (typeof subject !== 'string' || subject === '') return body;
    await this.readLog.record({ actor, subject, persons: await this.persons(residentIds), fields, purpose, channel });
    return body;
  }

  /**
   * A document route writes its answer itself (`@Res()`): the read is recorded when the document is
   * about to be sent with a success status, before it leaves; if the read log cannot record it, the
   * document is withheld and the answer is 503 problem+json (an unrecorded read is not served).
   */
  private recordBeforeSending(context: ExecutionContext, req: Req, options: PersonalReadOptions, fields: readonly string[], purpose: string): void {
    const res = context.switchToHttp().getResponse<DocumentResponse>();
    const subject = options.subject ? options.subject(req.params ?? {}, undefined) : req.params?.['caseId'];
    if (typeof subject !== 'string' || subject === '' || fields.length === 0 || !req.actor) return;
    const actor = { id: req.actor.id, role: req.actor.role, jurisdiction: req.actor.jurisdiction };
    const channel = `http ${req.method} ${req.baseUrl ?? ''}${req.route?.path ?? ''}`;
    const send = res.send;
    res.send = (payload: unknown) => {
      res.send = send;
      if (res.statusCode >= 400) return send.call(res, payload);
      // what the rendered document shows, when the route said so; else what the route declares
      const shown = declaredDocumentFields(res) ?? fields;
      if (shown.length === 0) return send.call(res, payload);
      this.readLog.record({ actor, subject, persons: [], fields: [...shown].sort(), purpose, channel }).then(
        () => send.call(res, payload),
        (err: unknown) => {
          logger.error({ err, subject, channel }, 'read log unavailable: document withheld');
          for (const h of ['ETag', 'X-Document-Digest', 'Content-Disposition']) res.removeHeader(h);
          res.status(503).setHeader('Retry-After', '30');
          res.setHeader('Content-Type', 'application/problem+json');
          send.call(res, JSON.stringify({ type: 'about:blank', title: 'Read log unavailable', status: 503, detail: 'The read of personal data could not be recorded; the document is not served. Try again later.' }));
        },
      );
      return res;
    };
  }

  /** Blind indexes (HMAC-SM3, kind residentId) of the resident IDs shown: the same values intake looks a person up by. */
  private async persons(residentIds: string[]): Promise<string[]> {
    if (!this.keys || residentIds.length === 0) return [];
    this.blindKey ??= this.keys.dataKeys.keyFor(BLIND_INDEX_SUBJECT).then((k) => k.key);
    const key = await this.blindKey;
    return residentIds.map((id) => blindIndexWith(key, 'residentId', id));
  }
}
