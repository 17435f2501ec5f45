/**
 * The authorization matrix of every service (issue #12, "a suite that keeps it so"): every route is
 * enumerated from the Nest route metadata (controller and handler paths, HTTP method, and the
 * `@Public()` / `@Roles()` / `@CheckJurisdiction()` metadata the platform's AuthGuard reads), then
 * each route × each role × own/other jurisdiction × valid/missing/forged/expired token is sent and
 * the status compared with what the metadata says:
 *   missing, forged or expired token       → 401
 *   a role the route does not allow        → 403
 *   an allowed role, own jurisdiction      → neither 401 nor 403
 *   an allowed role, other jurisdiction    → 403 on a @CheckJurisdiction route; 403 or 404 on a
 *                                            case-scoped route (an id in the path); not 401 otherwise
 * Real PostgreSQL, the real AppModules in-process, real JWT verification.
 */
import { ROLES, type Role } from '@sa/auth';
import request from 'supertest';
import { DEFAULT_JURISDICTIONS } from '../../deploy/auth/mint-token';
import { routesOf } from './support/routes';
import { SERVICES, fillPath, paramValue, prng, startService } from './support/services';

jest.setTimeout(300_000);

type TokenKind = 'valid' | 'missing' | 'forged' | 'expired';
const TOKEN_KINDS: TokenKind[] = ['valid', 'missing', 'forged', 'expired'];
const rand = prng(Number(process.env.FUZZ_SEED ?? 20261206) >>> 0);

/** The same kind of division (same length) in another district: Xihu 330106… → Binjiang 330108…. */
const otherJurisdiction = (own: string) => `330108${own.slice(6)}`;

const matrixCounts: Record<string, Record<string, number>> = {};
let matrixSize = 0;

describe('authorization matrix of every route of every service (real PostgreSQL, real JWT)', () => {
  afterAll(() => {
    process.stdout.write(`[authz] matrix size ${matrixSize} requests\n[authz] status counts by expectation ${JSON.stringify(matrixCounts, null, 1)}\n`);
  });

  for (const def of SERVICES) {
    it(`${def.name}: every route answers as its metadata says`, async () => {
      const svc = await startService(def);
      const failures: string[] = [];
      try {
        const routes = routesOf(svc);
        const guarded = routes.filter((r) => !r.isPublic);
        process.stdout.write(`[authz] ${def.name}: ${routes.length} routes (${routes.length - guarded.length} public)\n`);
        expect(guarded.length).toBeGreaterThan(0);
        const http = request(svc.app.getHttpServer());
        const tokens = new Map<string, string>();
        const tokenFor = async (role: Role, jurisdiction: string, kind: TokenKind): Promise<string | undefined> => {
          if (kind === 'missing') return undefined;
          const key = `${role}|${jurisdiction}|${kind}`;
          if (!tokens.has(key)) {
            const options =
              kind === 'forged'
                ? { jurisdiction, secret: 'an-attacker-secret-that-is-not-ours-0123456789' }
                : kind === 'expired'
                  ? { jurisdiction, expiresIn: -3600 }
                  : { jurisdiction };
            tokens.set(key, await svc.token(role, options));
          }
          return tokens.get(key);
        };

        for (const route of guarded) {
          // A path parameter names a case's resource, except a year of national reference data (the holiday
          // calendar, GET /calendars/:year: the same for every jurisdiction).
          const caseScoped = (route.path.match(/[{:]([A-Za-z0-9_]+)/g) ?? []).some((p) => p.slice(1) !== 'year');
          const hasBody = ['post', 'put', 'patch'].includes(route.method);
          for (const role of ROLES) {
            const own = DEFAULT_JURISDICTIONS[role];
            // The target is always the own jurisdiction's resource; the "other" caller is in another district.
            const url = fillPath(route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'), (name) => paramValue(name, rand, own));
            const allowed = !route.roles || route.roles.length === 0 || route.roles.includes(role);
            for (const where of ['own', 'other'] as const) {
              for (const kind of TOKEN_KINDS) {
                const token = await tokenFor(role, where === 'own' ? own : otherJurisdiction(own), kind);
                // `purpose`, `asOf`: the audit API's read routes require them (400 otherwise); other routes ignore them.
                let req = (http as unknown as Record<string, (u: string) => request.Test>)[route.method](url).query({ purpose: '安全测试 authz matrix', asOf: '2026-03-02' });
                if (token) req = req.set('Authorization', `Bearer ${token}`);
                if (hasBody) req = req.set('Content-Type', 'application/json').send('{}');
                const res = await req;
                matrixSize++;
                let expectation: string;
                let ok: boolean;
                if (kind !== 'valid') {
                  expectation = `401 (${kind} token)`;
                  ok = res.status === 401;
                } else if (!allowed) {
                  expectation = '403 (role not allowed)';
                  ok = res.status === 403;
                } else if (route.storeWide && !/^\d{2}0000$/.test(where === 'own' ? own : otherJurisdiction(own))) {
                  // Store-wide audit operations: a provincial auditor only (a district auditor gets 403; an
                  // empty body may be refused first with 400).
                  expectation = '403 (store-wide operation, district caller)';
                  ok = res.status === 403 || res.status === 400;
                } else if (where === 'own') {
                  expectation = 'not 401/403 (allowed, own jurisdiction)';
                  ok = res.status !== 401 && res.status !== 403 && res.status < 500;
                } else if (route.jurisdiction && 'param' in route.jurisdiction) {
                  expectation = '403 (allowed, other jurisdiction, checked path)';
                  ok = res.status === 403;
                } else if (caseScoped && hasBody) {
                  // The body is validated before the case is loaded: 400 refuses without revealing the case.
                  expectation = '400/403/404 (allowed, other jurisdiction, case-scoped write with an empty body)';
                  ok = res.status === 400 || res.status === 403 || res.status === 404;
                } else if (caseScoped) {
                  expectation = '403/404 (allowed, other jurisdiction, case-scoped)';
                  ok = res.status === 403 || res.status === 404;
                } else {
                  expectation = 'not 401 (allowed, other jurisdiction, not case-scoped)';
                  ok = res.status !== 401 && res.status < 500;
                }
                const counts = (matrixCounts[expectation] ??= {});
                counts[res.status] = (counts[res.status] ?? 0) + 1;
                if (!ok) failures.push(`${def.name} ${route.method.toUpperCase()} ${url} as ${role} (${where}, ${kind}): ${res.status}, expected ${expectation} — ${JSON.stringify(res.body).slice(0, 200)}`);
              }
            }
          }
        }
      } finally {
        await svc.close();
      }
      if (failures.length > 0) process.stdout.write(`[authz] ${failures.length} mismatches:\n${failures.slice(0, 60).join('\n')}\n`);
      expect(failures).toEqual([]);
    });
  }
});
