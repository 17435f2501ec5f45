/**
 * The case timeline (办理记录) of the workbench's case page: the case's steps across the five contexts,
 * newest first, each with who (id, role in Chinese, jurisdiction), when, what (Chinese label), why and the
 * policy version; routine system events folded into their step as the printable report folds them.
 */
import { type AuditEvent, caseHistory, caseTimeline, EVENT_LABELS, foldRoutine, ROUTINE_EVENT_TYPES } from '../src/domain';
import { fakeUuid, intakeDecided, policy, reviewDecided, wrap } from './support/case-fixtures';

const CASE = '7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';
const system = { id: 'system', role: 'system', jurisdiction: '330106' };
const at = (iso: string, i: number) => new Date(Date.parse(iso) + i * 1000).toISOString();

function hand(streamId: string, i: number, type: string, iso: string, actor = system, data: unknown = {}): AuditEvent {
  return { streamId, revision: i, eventId: fakeUuid(`${streamId}/${i}/${type}`), type, schemaVersion: 1, data, metadata: { correlationId: CASE, actor, occurredAt: iso }, recordedAt: iso };
}

/** Intake and review through their real deciders; verification's 30 routine queries; a payment run's routine line; follow-up. */
function build(): AuditEvent[] {
  const intake = wrap(`application-${CASE}`, CASE, intakeDecided(CASE));
  const review = wrap(`reviewCase-${CASE}`, CASE, reviewDecided(CASE));
  const v = `verification-${fakeUuid('verification/timeline')}`;
  const verification = [
    hand(v, 0, 'VerificationOpened', at('2026-03-03T02:00:00Z', 0)),
    ...Array.from({ length: 30 }, (_, i) => hand(v, i + 1, ['SourceQueryRequested', 'SourceQuerySubmitted', 'SourceResultReceived'][i % 3]!, at('2026-03-03T02:00:00Z', i + 1))),
    hand(v, 31, 'VerificationReportCompleted', at('2026-03-03T02:00:00Z', 31)),
  ];
  const run = `paymentRun-${fakeUuid('run/timeline')}`;
  const disburser = { id: 'disburser-1', role: 'disbursement_officer', jurisdiction: '330106' };
  // A run's bookkeeping line before any step of the case in that context: a step "发放:系统自动处理" of its own.
  const payments = [hand(run, 0, 'PaymentBatchProcessed', '2026-04-05T01:00:00.000Z'), hand(run, 1, 'PaymentIssued', '2026-04-05T02:00:00.000Z', disburser, { caseId: CASE, amountFen: 130000, period: '2026-04' })];
  const followUp = [hand(`followUp-${CASE}`, 0, 'FollowUpOpened', '2026-04-06T02:00:00.000Z')];
  return [...intake, ...verification, ...review, ...payments, ...followUp];
}

describe('办理记录 (case timeline across the contexts)', () => {
  const events = build();
  const history = caseHistory(events);
  const timeline = caseTimeline(history);
  const approval = events.find((e) => e.type === 'CaseApproved')!;
  const decided = approval.data as { reason: string; decidedBy: { id: string; jurisdiction: string } };

  it('one entry per step: the routine events are folded, as in the printable report', () => {
    const routine = history.filter((e) => ROUTINE_EVENT_TYPES.has(e.type)).length;
    expect(routine).toBe(31);
    expect(timeline).toHaveLength(foldRoutine(history).length);
    expect(timeline).toHaveLength(history.length - routine + 1); // + the run's own 系统自动处理 step
    expect(timeline.some((e) => e.type === 'SourceQueryRequested' || e.type === 'SourceResultReceived')).toBe(false);
    const opened = timeline.find((e) => e.type === 'VerificationOpened')!;
    expect(opened.step.folded).toEqual([
      { label: EVENT_LABELS.SourceQueryRequested, count: 10 },
      { label: EVENT_LABELS.SourceQuerySubmitted, count: 10 },
      { label: EVENT_LABELS.SourceResultReceived, count: 10 },
    ]);
    expect(opened.step.until).toBe(at('2026-03-03T02:00:00Z', 30));
    const own = timeline.find((e) => e.label === '发放:系统自动处理')!;
    expect(own.step.folded).toEqual([{ label: EVENT_LABELS.PaymentBatchProcessed, count: 1 }]);
    expect(own.reason).toBeNull();
  });

  it('newest first, across all five contexts', () => {
    const times = timeline.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(timeline[0]!.type).toBe('FollowUpOpened');
    expect(timeline.at(-1)!.type).toBe('ApplicationDrafted');
    expect(new Set(timeline.map((e) => e.contextLabel))).toEqual(new Set(['受理', '核对', '审核确认', '发放', '动态管理']));
  });

  it('who, when, what, why, policy version: the decision as recorded', () => {
    const e = timeline.find((x) => x.type === 'CaseApproved')!;
    expect(e).toMatchObject({
      at: approval.metadata.occurredAt,
      context: 'eligibility',
      contextLabel: '审核确认',
      label: EVENT_LABELS.CaseApproved,
      reason: decided.reason,
      policyVersion: policy.version,
      actor: { id: decided.decidedBy.id, role: 'county_approver', roleLabel: '区县审批人' },
    });
    expect(e.actor.jurisdiction).toMatch(/^330106/);
    const accepted = timeline.find((x) => x.type === 'ApplicationAccepted')!;
    expect(accepted).toMatchObject({ label: '受理', contextLabel: '受理', reason: '材料齐全，予以受理' });
    expect(accepted.actor.roleLabel).not.toBe('');
    // every entry labelled in Chinese, no event type or role code shown
    for (const x of timeline) {
      expect(x.label).not.toMatch(/[A-Za-z]{3,}/);
      expect(x.actor.roleLabel).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('an empty history is an empty timeline', () => {
    expect(caseTimeline([])).toEqual([]);
  });
});
