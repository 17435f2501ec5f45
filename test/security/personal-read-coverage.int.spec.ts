/**
 * Accountable reads (issue #18 item 6; docs/PERSONAL-DATA.md "Accountable reads"): every GET route
 * of the five services that read intake's cases (verification, eligibility, disbursement, follow-up,
 * audit) is enumerated from the Nest route metadata (support/routes.ts, as the command contract
 * does) and is either marked `@PersonalRead()` — each answer showing a person's name or resident ID
 * in clear is recorded in the shared read log — or listed below with the reason it shows no person's
 * data unmasked. A new GET route that is neither fails this test; a listed route that no longer
 * exists, or that is now marked, fails it too (the list stays exact). Intake records its own reads
 * (intake-reads.ts), outside this list.
 */
import { PERSONAL_READ, type PersonalReadOptions } from '@sa/platform';
import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner } from '@nestjs/core';
import { routesOf } from './support/routes';
import { SERVICES, startService, type RunningService } from './support/services';

jest.setTimeout(300_000);

/** GET routes that show no person's name, resident ID, phone or address in clear, with the reason. */
const UNMARKED: Record<string, string> = {
  'audit GET /audit/statistics/monthly': 'counts and fen sums per division and month; no person',
  'audit GET /audit/cases/:caseId/timeline': 'event types, times, actors (officers) and hashes of a case; payloads are not returned',
  'audit GET /audit/cases/:caseId/verify': 'the hash-chain verdict of a case',
  'audit GET /audit/cases/:caseId/events/:eventId/proof': 'an inclusion proof (hashes) of one event',
  'audit GET /audit/cases/:caseId/decision-trace': 'which rule, policy version and officer decided; household figures as fen, no names',
  'audit GET /audit/cases/:caseId/read-access': 'who read the case (officers), from the read log; no resident data',
  'audit GET /audit/cases/:caseId/export': 'the audit export of a case: stored (sealed) forms and hashes, no field opened',
  'audit GET /audit/checkpoints': 'signed checkpoints of the store (hashes)',
  'audit GET /audit/read-access': 'the read log itself (who read which case): officers, blind indexes, no clear personal field',
  'disbursement GET /disbursement/ledgers/payments': 'the 发放台账 export (xlsx/csv file) — payees masked in the ledger',
  'disbursement GET /disbursement/payment-runs/:runId': 'a run: counts, totals, status; no payee',
  'disbursement GET /disbursement/payment-runs': 'runs of a district: counts, totals, status; no payee',
  'disbursement GET /disbursement/payment-runs/:runId/lines': 'payment lines: case number, amount, masked account reference; the payee’s name is not in the stored line',
  'disbursement GET /disbursement/payment-runs/:runId/bank-file': 'the bank file for the bank (payee names, accounts): a file download audited as a payment-run step, not case-work reading',
  'disbursement GET /disbursement/returned-payments': 'returned payments: case number, amount, bank reason; no name',
  'disbursement GET /disbursement/emergency-advances/overdue': 'advances whose paperwork is overdue: case number, dates, amounts; no name',
  'disbursement GET /disbursement/cases/:caseId/household-statement': 'the household’s statement of arrears and recoveries in fen; no name',
  'eligibility GET /ledgers/households': 'the 低保/特困 household ledger: records its own reads (household-ledger.int.spec.ts)',
  'eligibility GET /policies': 'policy versions (rules, amounts); no person',
  'eligibility GET /policies/versions/:versionId': 'one policy version; no person',
  'eligibility GET /policies/impact': 'impact runs of a policy change: counts and fen sums',
  'eligibility GET /policies/impact/:impactId': 'one impact run: counts and fen sums per division',
  'eligibility GET /policies/impact/:impactId/cases': 'cases changed by a policy: case id/number, old and new amount; no name',
  'eligibility GET /policies/impact/:impactId/export': 'the impact run as a file: case numbers and amounts; no name',
  'eligibility GET /policies/impact/:impactId/divisions': 'per-division counts and sums',
  'eligibility GET /holiday-calendars': 'published holiday schedules',
  'eligibility GET /holiday-calendars/:year': 'one year’s holiday schedule',
  'eligibility GET /review-cases': 'the case list: applicant masked (surname + 某), no resident ID',
  'eligibility GET /review-cases/queues/due-soon': 'a queue of the case list: applicant masked',
  'eligibility GET /review-cases/queues/overdue': 'a queue of the case list: applicant masked',
  'eligibility GET /review-cases/queues/calendar-missing': 'a queue of the case list: applicant masked',
  'eligibility GET /review-cases/:caseId/documents': 'the documents issued (kind, digest, who printed them: officers); no person',
  'eligibility GET /public-notice-lists/:community': '公示名单: names masked (张某) by the notice rules, no ID/phone/health',
  'eligibility GET /public-notice-lists/:community/collective-decision-results': '一事一议 结果公示: names masked (张某)',
  'follow-up GET /follow-up/review-queues/due-soon': 'case numbers and due dates; no name',
  'follow-up GET /follow-up/review-queues/overdue': 'case numbers and due dates; no name',
  'follow-up GET /follow-up/complaints': 'the complaint list (its read model never holds the complainant)',
  'follow-up GET /follow-up/complaints/:complaintId': 'a complaint as the caller may see it: the complainant’s identity is never returned',
  'follow-up GET /follow-up/jurisdictions/:code/welfare-visits': 'visit due dates and outcomes per case number; no name',
  'verification GET /manual-tasks': 'manual checks: case and check ids, kind, due date; no name',
};

const FIVE = ['verification', 'eligibility', 'disbursement', 'follow-up', 'audit'];
const running: RunningService[] = [];

beforeAll(async () => {
  for (const def of SERVICES.filter((d) => FIVE.includes(d.name))) running.push(await startService(def));
});
afterAll(async () => {
  for (const svc of running.reverse()) await svc.close();
});

/** `<service> GET <path>` → its `@PersonalRead()` options (undefined when unmarked). */
function getRoutes(svc: RunningService): Map<string, PersonalReadOptions | undefined> {
  const marks = new Map<string, PersonalReadOptions | undefined>();
  const scanner = new MetadataScanner();
  for (const module of svc.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!controller || typeof controller !== 'function') continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET) continue;
        const paths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const options = (Reflect.getMetadata(PERSONAL_READ, handler) ?? Reflect.getMetadata(PERSONAL_READ, controller)) as PersonalReadOptions | undefined;
        for (const b of base) for (const p of paths) marks.set(`${svc.name} GET /${[b, p].map((x) => x.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`, options);
      }
    }
  }
  return marks;
}

it('every GET route of the five services is marked @PersonalRead() or listed with the reason it shows no person in clear', () => {
  const marked: string[] = [];
  const unlisted: string[] = [];
  const seen = new Set<string>();
  for (const svc of running) {
    const gets = routesOf(svc).filter((r) => r.method === 'get');
    const marks = getRoutes(svc);
    expect(marks.size).toBe(gets.length); // both readings of the metadata agree
    for (const [key, options] of marks) {
      seen.add(key);
      if (options) {
        marked.push(key);
        expect(UNMARKED[key]).toBeUndefined(); // marked and listed: drop it from the list
      } else if (!UNMARKED[key]) unlisted.push(key);
    }
  }
  expect(unlisted).toEqual([]);
  expect(Object.keys(UNMARKED).filter((k) => !seen.has(k))).toEqual([]);
  expect(marked.sort()).toEqual(
    [
      'disbursement GET /disbursement/emergency-advances',
      'disbursement GET /disbursement/entitlements',
      'disbursement GET /disbursement/entitlements/:caseId',
      'eligibility GET /review-cases/:caseId',
      'eligibility GET /review-cases/:caseId/documents/benefit-changes/:decisionId',
      'eligibility GET /review-cases/:caseId/documents/decision-letter',
      'eligibility GET /review-cases/:caseId/events',
      'follow-up GET /follow-up/cases/:caseId',
    ].concat(marked.filter((k) => k.startsWith('verification '))).sort(),
  );
  expect(marked.filter((k) => k.startsWith('verification ')).length).toBeGreaterThanOrEqual(3);
});
