/**
 * Input fuzzing of every service (issue #12, "a suite that keeps it so"): each of the five services
 * and audit booted in-process on real PostgreSQL; from the OpenAPI document it serves, every
 * POST/PUT/PATCH route gets generated bad requests with a valid token of a permitted role —
 * malformed JSON, wrong types per schema property, 5,000-level nesting, huge strings, NUL/control
 * characters, RTL/emoji, prototype keys, extra and missing fields, a 1 MB body, non-object bodies.
 * Seeded (FUZZ_SEED overrides; the seed is printed), at most 5,000 requests in all.
 * Asserts: no 5xx, and no refused (4xx) request changed a row count in the service's schema or its
 * event store.
 */
import type { Role } from '@sa/auth';
import { isRole } from '@sa/auth';
import request from 'supertest';
import { DEFAULT_JURISDICTIONS } from '../../deploy/auth/mint-token';
import { CALLBACK_PATH } from '../../services/verification/src/platform-callbacks/raw-body';
import { signedHeaders } from '../../services/verification/src/platform/signature';
import { CALLBACK_SECRET, SERVICES, type RunningService, fillPath, paramValue, prng, startService } from './support/services';

jest.setTimeout(300_000);

const SEED = Number(process.env.FUZZ_SEED ?? 20261206) >>> 0;
const MAX_REQUESTS = 5000;
const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 70);
/** Signed platform callbacks that parse wait up to 2 s for their (unknown) query: fewer of them. */
const PER_SIGNED_CALLBACK_ROUTE = 30;
const rand = prng(SEED);

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  format?: string;
  example?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
interface OpenApi {
  paths: Record<string, Record<string, { 'x-roles'?: string[]; 'x-public'?: boolean; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Case {
  label: string;
  /** A raw body (sent as is with content-type application/json) or a value to serialise. */
  raw?: string;
  json?: unknown;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

function resolve(doc: OpenApi, schema: Schema | undefined, depth = 0): Schema {
  if (!schema || depth > 8) return {};
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.split('/').pop() as string], depth + 1);
  const all = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (all && all.length > 0) return resolve(doc, all[0], depth + 1);
  return schema;
}

/** A value shaped like the schema (valid-looking, not necessarily valid). */
function plausible(doc: OpenApi, raw: Schema | undefined, depth = 0): unknown {
  const s = resolve(doc, raw);
  if (s.example !== undefined) return s.example;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  if (depth > 6) return null;
  switch (s.type) {
    case 'string':
      if (s.format === 'date') return '2026-03-02';
      if (s.format === 'date-time') return '2026-03-02T10:00:00+08:00';
      if (s.format === 'uuid') return '6f1c1d1e-8a4b-4c2d-9e3f-0a1b2c3d4e5f';
      return 'text';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [plausible(doc, s.items, depth + 1)];
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = plausible(doc, v, depth + 1);
      return out;
    }
  }
}

const WRONG_VALUES: unknown[] = [42, -1.5, 'not-the-type', true, null, [], [1, 'a'], {}, { nested: { x: 1 } }, 1e308, '', '9'.repeat(400)];
const BAD_TEXTS = ['a\u0000b', 'x\u0007y', '\u001b[31mred', 'lone \ud800 surrogate', '\u007f'];
const ODD_TEXTS = ['\u202Eabc\u202C', 'مرحبا بالعالم', '👨‍👩‍👧‍👦🚀', 'Ｚａｌｇｏ̴̡̛̗', "'; DROP TABLE x; --", '<script>alert(1)</script>', '\\u0000', '%00', '../../etc/passwd'];

function nest(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function cases(doc: OpenApi, bodySchema: Schema | undefined): Case[] {
  const base = plausible(doc, bodySchema);
  const obj = base !== null && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : {};
  const s = resolve(doc, bodySchema);
  const props = Object.keys(s.properties ?? {});
  const stringProps = props.filter((p) => resolve(doc, s.properties?.[p]).type === 'string');
  const required = s.required ?? [];
  const out: Case[] = [
    { label: 'malformed JSON', raw: '{"a":' },
    { label: 'malformed JSON', raw: "{'single': 'quotes'}" },
    { label: 'malformed JSON', raw: '{"a":1,}' },
    { label: 'malformed JSON', raw: '\u0000\u0001' },
    { label: 'non-object body', json: null },
    { label: 'non-object body', raw: '"a string"' },
    { label: 'non-object body', raw: '12345' },
    { label: 'non-object body', json: [obj] },
    { label: 'empty object', json: {} },
    { label: 'deep nesting', raw: nest(5000, 'array') },
    { label: 'deep nesting', raw: nest(5000, 'object') },
    { label: 'deep nesting', json: { ...obj, [props[0] ?? 'x']: JSON.parse(nest(200, 'object')) } },
    { label: '1 MB body', raw: JSON.stringify({ ...obj, padding: 'x'.repeat(1024 * 1024) }) },
    { label: 'prototype keys', raw: JSON.stringify(obj).replace(/^\{/, '{"__proto__":{"isAdmin":true},').replace(/,\}$/, '}') },
    { label: 'prototype keys', raw: JSON.stringify(obj).replace(/^\{/, '{"constructor":{"prototype":{"polluted":1}},').replace(/,\}$/, '}') },
    { label: 'prototype keys', json: { ...obj, nested: JSON.parse('{"__proto__":{"x":1}}') } },
    { label: 'extra fields', json: { ...obj, unexpectedField: 'x', $where: '1==1', 'a.b': 1 } },
  ];
  for (const p of props) {
    out.push({ label: 'wrong type', json: { ...obj, [p]: pick(WRONG_VALUES) } });
    out.push({ label: 'wrong type', json: { ...obj, [p]: pick(WRONG_VALUES) } });
  }
  for (const p of required) {
    const { [p]: _dropped, ...rest } = obj;
    out.push({ label: 'missing field', json: rest });
  }
  for (const p of stringProps) {
    out.push({ label: 'huge string', json: { ...obj, [p]: pick(['x', '汉', '😀']).repeat(20_000 + Math.floor(rand() * 10_000)) } });
    out.push({ label: 'control characters', json: { ...obj, [p]: pick(BAD_TEXTS) } });
    out.push({ label: 'RTL/emoji', json: { ...obj, [p]: pick(ODD_TEXTS) } });
  }
  if (stringProps.length === 0) {
    out.push({ label: 'control characters', json: { ...obj, note: pick(BAD_TEXTS) } });
    out.push({ label: 'control characters', json: { ...obj, ['k\u0000ey']: 1 } });
    out.push({ label: 'RTL/emoji', json: { ...obj, note: pick(ODD_TEXTS) } });
  }
  // Randomly mutated variants up to the per-route budget.
  while (out.length < PER_ROUTE && props.length > 0) {
    const mutated: Record<string, unknown> = { ...obj };
    for (let i = 0; i < 1 + Math.floor(rand() * 3); i++) {
      const p = pick(props);
      mutated[p] = pick([...WRONG_VALUES, ...BAD_TEXTS, ...ODD_TEXTS, 'x'.repeat(5000)]);
    }
    out.push({ label: 'random mutation', json: mutated });
  }
  // Shuffle, then bound.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.slice(0, PER_ROUTE);
}

const histogram: Record<string, number> = {};
const byLabel: Record<string, Record<string, number>> = {};
let sent = 0;

describe('fuzzing every write route of every service (real PostgreSQL)', () => {
  beforeAll(() => {
    process.stdout.write(`[fuzz] seed ${SEED} (override with FUZZ_SEED)\n`);
  });

  afterAll(() => {
    process.stdout.write(`[fuzz] ${sent} requests, seed ${SEED}\n[fuzz] status histogram ${JSON.stringify(histogram)}\n[fuzz] by kind ${JSON.stringify(byLabel)}\n`);
  });

  for (const def of SERVICES) {
    it(`${def.name}: no 5xx and nothing stored from a refused request`, async () => {
      const serverErrors: string[] = [];
      const countChanges: string[] = [];
      const svc: RunningService = await startService(def);
      try {
        const http = request(svc.app.getHttpServer());
        const docRes = await http.get('/api-docs-json');
        expect(docRes.status).toBe(200);
        const doc = docRes.body as OpenApi;
        let routes = 0;
        for (const [path, ops] of Object.entries(doc.paths)) {
          for (const method of ['post', 'put', 'patch'] as const) {
            const op = ops[method];
            if (!op) continue;
            routes++;
            const roles = (op['x-roles'] ?? []).filter(isRole) as Role[];
            const role: Role = roles[0] ?? 'county_approver';
            const jurisdiction = DEFAULT_JURISDICTIONS[role];
            const token = await svc.token(role);
            const content = op.requestBody?.content ?? {};
            const bodySchema = (content['application/json'] ?? Object.values(content)[0])?.schema;
            // The platform's callbacks are public but signed: sign (most of) them so the body is reached.
            const signed = path === CALLBACK_PATH;
            for (const c of cases(doc, bodySchema).slice(0, signed ? PER_SIGNED_CALLBACK_ROUTE : PER_ROUTE)) {
              if (sent >= MAX_REQUESTS) break;
              const url = fillPath(path, (name) => paramValue(name, rand, jurisdiction));
              const before = await svc.rowCounts();
              const body = c.raw ?? JSON.stringify(c.json);
              const headers = signed && rand() < 0.9 ? signedHeaders(CALLBACK_SECRET, body, Date.now()) : {};
              const res = await http[method](url).set('Authorization', `Bearer ${token}`).set(headers).set('Content-Type', 'application/json').send(body);
              sent++;
              histogram[res.status] = (histogram[res.status] ?? 0) + 1;
              (byLabel[c.label] ??= {})[res.status] = (byLabel[c.label]?.[res.status] ?? 0) + 1;
              const where = `${def.name} ${method.toUpperCase()} ${url} [${c.label}]`;
              if (res.status >= 500) {
                const line = `${where} → ${res.status} ${JSON.stringify(res.body).slice(0, 400)}\n    body: ${body.slice(0, 300)}`;
                serverErrors.push(line);
                process.stdout.write(`[fuzz] 5xx: ${line}\n`);
              } else if (res.status >= 400) {
                const after = await svc.rowCounts();
                const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
                if (changed.length > 0) countChanges.push(`${where} → ${res.status} changed ${changed.map((t) => `${t} ${before[t]}→${after[t]}`).join(', ')}`);
              }
            }
          }
        }
        process.stdout.write(`[fuzz] ${def.name}: ${routes} write routes\n`);
        expect(routes).toBeGreaterThan(0);
      } finally {
        await svc.close();
      }
      expect(serverErrors).toEqual([]);
      expect(countChanges).toEqual([]);
    });
  }

  it('stayed within the request budget', () => {
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(MAX_REQUESTS);
  });
});
