/**
 * Accountable reads (issue #18 item 6; docs/PERSONAL-DATA.md "Accountable reads"): every GET route
 * of the five services that read intake's cases (verification, eligibility, disbursement, follow-up,
 * audit) is enumerated from the Nest route metadata (support/routes.ts, as the command contract
 * does) and is either marked `@PersonalRead()` — each answer showing a person's name or resident ID
 * in clear (or a field the route names in `shows`, e.g. the statement's repayment reasons) is recorded in the shared read log — or listed below with the reason it shows no person's
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
  // infrastructure and contracts
  'verification GET /whoami': 'the caller’s own token claims (an officer)',
  'verification GET /health/live': 'liveness',
  'verification GET /health/ready': 'readiness',
  'verification GET /metrics': 'Prometheus counters',
  'eligibility GET /whoami': 'the caller’s own token claims (an officer)',
  'eligibility GET /health/live': 'liveness',
  'eligibility GET /health/ready': 'readiness',
  'eligibility GET /metrics': 'Prometheus counters',
  'disbursement GET /whoami': 'the caller’s own token claims (an officer)',
  'disbursement GET /health/live': 'liveness',
  'disbursement GET /health/ready': 'readiness',
  'disbursement GET /metrics': 'Prometheus counters',
  'follow-up GET /whoami': 'the caller’s own token claims (an officer)',
  'follow-up GET /health/live': 'liveness',
  'follow-up GET /health/ready': 'readiness',
  'follow-up GET /metrics': 'Prometheus counters',
  'audit GET /whoami': 'the caller’s own token claims (an officer)',
  'audit GET /health/live': 'liveness',
  'audit GET /health/ready': 'readiness',
  'audit GET /metrics': 'Prometheus counters',
  'verification GET /verification/jurisdictions/:code/ping': 'the jurisdiction check probe: { ok }',
  'verification GET /asyncapi.json': 'the AsyncAPI contract',
  'verification GET /asyncapi.yaml': 'the AsyncAPI contract',
  'verification GET /schemas/:a/:b/:file': 'event JSON schemas',
  'eligibility GET /eligibility/jurisdictions/:code/ping': 'the jurisdiction check probe: { ok }',
  'eligibility GET /asyncapi.json': 'the AsyncAPI contract',
  'eligibility GET /asyncapi.yaml': 'the AsyncAPI contract',
  'eligibility GET /schemas/:a/:b/:file': 'event JSON schemas',
  'disbursement GET /disbursement/jurisdictions/:code/ping': 'the jurisdiction check probe: { ok }',
  'disbursement GET /asyncapi.json': 'the AsyncAPI contract',
  'disbursement GET /asyncapi.yaml': 'the AsyncAPI contract',
  'disbursement GET /schemas/:a/:b/:file': 'event JSON schemas',
  'follow-up GET /follow-up/jurisdictions/:code/ping': 'the jurisdiction check probe: { ok }',
  'follow-up GET /asyncapi.json': 'the AsyncAPI contract',
  'follow-up GET /asyncapi.yaml': 'the AsyncAPI contract',
  'follow-up GET /schemas/:a/:b/:file': 'event JSON schemas',
  // audit: the reads that open a case's personal data record themselves in the shared read log (AuditController.logRead, PERSONAL_READS)
  'audit GET /audit/cases/:caseId/history': 'records itself: audit read-access log and the shared read log (fields entries[].data), purpose required',
  'audit GET /audit/cases/:caseId/state': 'records itself: audit read-access log and the shared read log (fields streams[].state), purpose required',
  'audit GET /audit/cases/:caseId/state/streams/:streamId/:list': 'records itself as a state read (shared read log), purpose required',
  'audit GET /audit/cases/:caseId/decisions/:eventId/explanation': 'records itself: the shared read log (fields explanation.inputs), purpose required',
  'audit GET /audit/cases/:caseId/decisions/:eventId/explanation/inputs/:list': 'records itself as an explanation read (shared read log), purpose required',
  'audit GET /audit/cases/:caseId/timeline': '办理记录: event types, times, the officers who acted and their stated reasons; event payloads are not returned (logged in the read-access log)',
  'audit GET /audit/cases': 'the case with a 案件编号: case id, case number, jurisdiction; no person',
  'audit GET /audit/checkpoints': 'signed checkpoints of the store (hashes)',
  'audit GET /audit/read-access': 'the audit read-access log: officers, cases, purposes; no resident data',
  'audit GET /statistics/monthly': 'counts and fen sums per division and month; no person',
  // disbursement
  'disbursement GET /disbursement/ledgers/payments': 'the 发放台账 export (xlsx/csv): case numbers, periods, amounts, status; no payee',
  'disbursement GET /disbursement/payment-runs': 'runs of a district: counts, totals, status; no payee',
  'disbursement GET /disbursement/payment-runs/:runId': 'one run: counts, totals, status; no payee',
  'disbursement GET /disbursement/payment-runs/:runId/lines': 'payment lines: case number, amount, account reference; the payee’s name is not in the stored line',
  'disbursement GET /disbursement/payment-runs/:runId/bank-file': 'the bank file (payee names, accounts): records itself, one shared read-log entry per case of the run (PaymentRunReadsController.bankFile)',
  'disbursement GET /disbursement/returned-payments': 'returned payments: case number, amount, bank reason; no name',
  'disbursement GET /disbursement/emergency-advances/overdue': 'advances whose paperwork is overdue: case number, dates, amounts; no name',
  // eligibility
  'eligibility GET /eligibility/ledgers/households': 'the 低保/特困 household ledger records its own reads in the shared read log (household-ledger.int.spec.ts)',
  'eligibility GET /policies': 'policy versions (rules, amounts); no person',
  'eligibility GET /policies/versions/:version': 'one policy version; no person',
  'eligibility GET /policies/impact': 'impact runs of a policy change: counts and fen sums',
  'eligibility GET /policies/impact/:impactId': 'one impact run: counts and fen sums',
  'eligibility GET /policies/impact/:impactId/cases': 'cases changed by a policy: case id/number, old and new amount; no name',
  'eligibility GET /policies/impact/:impactId/cases.csv': 'the same as a file: case numbers and amounts; no name',
  'eligibility GET /policies/impact/:impactId/cases.xlsx': 'the same as a file: case numbers and amounts; no name',
  'eligibility GET /calendars': 'published holiday schedules',
  'eligibility GET /calendars/:year': 'one year’s holiday schedule',
  'eligibility GET /review-cases': 'the case list: applicant masked (surname + 某), no resident ID',
  'eligibility GET /review-cases/queues/due-soon': 'a queue of the case list: applicant masked',
  'eligibility GET /review-cases/queues/overdue': 'a queue of the case list: applicant masked',
  'eligibility GET /review-cases/queues/calendar-missing': 'a queue of the case list: applicant masked',
  'eligibility GET /review-cases/:caseId/documents': 'the documents issued (kind, digest, who printed them: officers); no person',
  'eligibility GET /public-notice-lists/:community': '公示名单: names masked (张某) by the notice rules, no ID/phone/health',
  'eligibility GET /public-notice-lists/:community/collective-decision-results': '一事一议 结果公示: names masked (张某)',
  // follow-up
  'follow-up GET /follow-up/jurisdictions/:code/reviews/due-soon': 'case numbers and due dates; no name',
  'follow-up GET /follow-up/jurisdictions/:code/reviews/overdue': 'case numbers and due dates; no name',
  'follow-up GET /follow-up/jurisdictions/:code/welfare-visits/missed': 'visit due dates per case number; no name',
  'follow-up GET /follow-up/complaints': 'the complaint list (its read model never holds the complainant)',
  'follow-up GET /follow-up/complaints/:complaintId': 'a complaint as the caller may see it: the complainant’s identity is never returned',
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
  expect(marked.sort()).toEqual([
    'disbursement GET /disbursement/cases/:caseId/statement',
    'disbursement GET /disbursement/emergency-advances',
    'disbursement GET /disbursement/entitlements',
    'disbursement GET /disbursement/entitlements/:caseId',
    'eligibility GET /review-cases/:caseId',
    'eligibility GET /review-cases/:caseId/documents/benefit-changes/:decisionId',
    'eligibility GET /review-cases/:caseId/documents/decision-letter',
    'eligibility GET /review-cases/:caseId/events',
    'follow-up GET /follow-up/cases/:caseId',
    'verification GET /cases/:caseId/verification',
    'verification GET /manual-tasks',
    'verification GET /verifications',
    'verification GET /verifications/:verificationId',
    'verification GET /verifications/:verificationId/reports/:version',
  ]);
});
