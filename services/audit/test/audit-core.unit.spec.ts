import { policyLineDecider } from '../../eligibility/src/domain';
import {
  type AuditEvent,
  caseHistory,
  caseStateAsOf,
  compareCheckpoint,
  computeCheckpoint,
  CONTEXT_LABELS,
  explainDecision,
  renderHistoryHtml,
  SHREDDED_FIELD,
} from '../src/domain';
import { decideAll, fakeUuid, intakeDecided, policySteps, reviewDecided, wrap } from './support/case-fixtures';

const CASE = '5d1c9a8e-2b3f-4c6d-8e7f-9a0b1c2d3e4f';

/**
 * The case: intake (draft/submit 2 March, accepted 9 March), eligibility (opened 2 March … approved
 * 16 March). The home visit of 4 March was entered late: recorded on 10 March.
 */
function build(): { caseEvents: AuditEvent[]; policyEvents: AuditEvent[] } {
  const intake = wrap(`application-${CASE}`, CASE, intakeDecided(CASE));
  const review = wrap(`reviewCase-${CASE}`, CASE, reviewDecided(CASE), (_i, occurredAt) =>
    occurredAt.startsWith('2026-03-04') ? '2026-03-10T09:00:00+08:00' : occurredAt,
  );
  const policyEvents = wrap('policy-dibao-330106', 'policy-dibao-330106', decideAll(policyLineDecider as never, policySteps() as never));
  return { caseEvents: [...review, ...intake], policyEvents };
}

describe('audit core (pure)', () => {
  const { caseEvents, policyEvents } = build();
  const approval = caseEvents.find((e) => e.type === 'CaseApproved')!;

  describe('caseHistory', () => {
    it('lists every event in record order with actor, role, jurisdiction, reason, evidence, policy version and context', () => {
      const h = caseHistory(caseEvents);
      expect(h).toHaveLength(caseEvents.length);
      const times = h.map((e) => Date.parse(e.recordedAt));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      const approved = h.find((e) => e.type === 'CaseApproved')!;
      expect(approved).toMatchObject({
        context: 'eligibility',
        contextLabel: '审核确认',
        label: '审核确认：批准',
        actor: { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' },
        reason: '经审核确认，符合最低生活保障条件',
        evidenceRefs: ['doc:decision/2026/000123'],
        policyVersion: approval.metadata.policyVersion,
      });
      expect(h.find((e) => e.type === 'ApplicationAccepted')).toMatchObject({ context: 'intake', contextLabel: CONTEXT_LABELS.intake, reason: '材料齐全，予以受理' });
    });

    it('filters by type, business time and actor', () => {
      expect(caseHistory(caseEvents, { types: ['CaseApproved', 'HomeVisitRecorded'] }).map((e) => e.type).sort()).toEqual(['CaseApproved', 'HomeVisitRecorded']);
      const march = caseHistory(caseEvents, { from: '2026-03-05', to: '2026-03-13' });
      expect(march.length).toBeGreaterThan(0);
      for (const e of march) expect(e.occurredAt >= '2026-03-05' && e.occurredAt < '2026-03-14').toBe(true);
      expect(march.some((e) => e.type === 'HomeVisitRecorded')).toBe(false); // occurred on the 4th
      const county = caseHistory(caseEvents, { actorId: 'officer-county-003' });
      expect(county.map((e) => e.type)).toEqual(['CaseApproved']);
      expect(caseHistory(caseEvents, { actorId: 'nobody' })).toEqual([]);
    });

    it('renders a printable Chinese report', () => {
      const html = renderHistoryHtml({ caseId: CASE, entries: caseHistory(caseEvents), generatedAt: '2026-04-01T02:00:00Z' });
      expect(html).toContain('<h1>案件审计报告 · 案件编号');
      for (const col of ['时间', '业务环节', '事项', '办理人', '辖区', '理由', '证据', '政策版本']) expect(html).toContain(`<th>${col}</th>`);
      expect(html).toContain('经审核确认，符合最低生活保障条件');
    });
  });

  describe('as-of replay with each context’s own decider', () => {
    it('"what was true" counts the late-entered home visit on its business date', () => {
      const s = caseStateAsOf(caseEvents, '2026-03-05T00:00:00+08:00', 'true');
      const review = s.streams.find((x) => x.streamId === `reviewCase-${CASE}`)!;
      expect(review.replayed).toBe(true);
      expect((review.state as { visits: unknown[]; status: string }).visits).toHaveLength(1);
      expect((review.state as { status: string }).status).toBe('INVESTIGATING');
      const intake = s.streams.find((x) => x.streamId === `application-${CASE}`)!;
      expect((intake.state as { status: string }).status).toBe('SUBMITTED');
    });

    it('"what the office knew" leaves the visit out until it was recorded', () => {
      const before = caseStateAsOf(caseEvents, '2026-03-05T00:00:00+08:00', 'known');
      const review = before.streams.find((x) => x.streamId === `reviewCase-${CASE}`)!;
      expect((review.state as { visits: unknown[] }).visits).toHaveLength(0);
      expect(review.eventsExcluded).toBeGreaterThan(0);
      const after = caseStateAsOf(caseEvents, '2026-03-10', 'known');
      expect((after.streams.find((x) => x.streamId === `reviewCase-${CASE}`)!.state as { visits: unknown[] }).visits).toHaveLength(1);
    });

    it('a date is the whole day in Asia/Shanghai; after the decision the case is approved at ¥1,300', () => {
      const s = caseStateAsOf(caseEvents, '2026-03-16', 'true');
      const review = s.streams.find((x) => x.streamId === `reviewCase-${CASE}`)!.state as { status: string; benefit: { monthlyAmountFen: number } };
      expect(review.status).toBe('APPROVED');
      expect(review.benefit.monthlyAmountFen).toBe(130000);
      const dayBefore = caseStateAsOf(caseEvents, '2026-03-15', 'true');
      expect((dayBefore.streams.find((x) => x.streamId === `reviewCase-${CASE}`)!.state as { status: string }).status).toBe('SUBMITTED');
    });

    it('a complaint about the case is replayed without its complainant (shown to nobody, not even the auditor)', () => {
      const streamId = `complaint-${fakeUuid('complaint-1')}`;
      const filed: AuditEvent = {
        streamId,
        revision: 0,
        eventId: fakeUuid('complaint-1/0'),
        type: 'ComplaintFiled',
        schemaVersion: 1,
        data: { complaintId: fakeUuid('complaint-1'), about: 'CASE', caseId: CASE, community: '330106001001', channel: 'HOTLINE', subject: 'WRONGFUL_BENEFIT', anonymous: false, complainant: { name: '李四', phone: '13800000000' }, allegation: '该户有车辆', receivedOn: '2026-03-01' },
        metadata: { correlationId: CASE, causationId: 'cmd-c', actor: { id: 'co-1', role: 'community_officer', jurisdiction: '330106001001' }, occurredAt: '2026-03-01T09:00:00+08:00' },
        recordedAt: '2026-03-01T01:00:00.000Z',
      };
      const s = caseStateAsOf([...caseEvents, filed], '2026-03-16', 'true');
      const complaint = s.streams.find((x) => x.streamId === streamId)!;
      expect(complaint.replayed).toBe(true);
      expect(complaint.state).toMatchObject({ status: 'RECEIVED', filed: { allegation: '该户有车辆', identityHidden: true } });
      expect(JSON.stringify(complaint)).not.toMatch(/李四|13800000000/);
    });

    it('before the first event a stream has no state', () => {
      const s = caseStateAsOf(caseEvents, '2026-01-01', 'true');
      expect(s.streams.every((x) => x.state === null && x.eventsApplied === 0)).toBe(true);
    });
  });

  describe('decision explanation', () => {
    it('gathers the inputs and re-computes the same amount with today’s rule engine', () => {
      const x = explainDecision(caseEvents, policyEvents, approval.eventId);
      expect(x.inputs.verificationReport).toMatchObject({ verificationId: '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b', reportVersion: 1 });
      expect(x.inputs.verificationReport!.eventIds).toHaveLength(1);
      expect(x.inputs.homeVisits).toHaveLength(1);
      expect(x.inputs.publicNotices).toHaveLength(1);
      expect(x.inputs.objections).toEqual([]);
      expect(x.inputs.initialOpinion).toMatchObject({ proposal: 'APPROVE' });
      expect(x.inputs.policy).toMatchObject({ streamId: 'policy-dibao-330106', version: { version: approval.metadata.policyVersion } });
      expect(x.inputs.recordedAssessment!.explanation.length).toBeGreaterThan(0);
      expect(x.recordedAmountFen).toBe(130000);
      expect(x.recomputation).toMatchObject({ performed: true, consistent: true, differences: [] });
      expect(x.recomputation.assessment!.monthlyAmountFen).toBe(130000);
    });

    it('flags a difference when the recorded amount was altered', () => {
      const altered = caseEvents.map((e) =>
        e.eventId === approval.eventId
          ? { ...e, data: { ...(e.data as object), assessment: { ...(e.data as { assessment: object }).assessment, monthlyAmountFen: 150000 } } }
          : e,
      );
      const x = explainDecision(altered, policyEvents, approval.eventId);
      expect(x.recomputation.consistent).toBe(false);
      expect(x.recomputation.differences).toContainEqual({ field: 'assessment.monthlyAmountFen', recorded: 150000, recomputed: 130000 });
    });

    it('flags a difference when the policy parameters in the policy stream differ from those applied', () => {
      const cheaper = policyEvents.map((e) => {
        const d = e.data as { version: { parameters: object } };
        return { ...e, data: { ...d, version: { ...d.version, parameters: { ...d.version.parameters, subsistenceStandard: 90000 } } } };
      });
      const x = explainDecision(caseEvents, cheaper, approval.eventId);
      expect(x.recomputation.consistent).toBe(false);
      expect(x.recomputation.differences.map((d) => d.field)).toContain('assessment.subsistenceStandardFen');
    });

    it('a shredded case (issue 18): no re-computation over 已销毁 inputs — INPUTS_DESTROYED, the recorded outcome and amount still shown', () => {
      const shred = (v: unknown): unknown =>
        Array.isArray(v)
          ? v.map(shred)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, ['name', 'birthDate', 'residentId'].includes(k) ? SHREDDED_FIELD : shred(x)]))
            : v;
      const shredded = caseEvents.map((e) => (e.type === 'ReviewCaseOpened' ? { ...e, data: shred(e.data) } : e));
      expect(JSON.stringify(shredded)).toContain(SHREDDED_FIELD);
      const x = explainDecision(shredded, policyEvents, approval.eventId);
      expect(x.recomputation).toMatchObject({ status: 'INPUTS_DESTROYED', performed: false, assessment: null, differences: [], consistent: null });
      expect(x.recomputation.note).toMatch(/ReviewCaseOpened\(0\)\.household\.members\[0\]\.(name|birthDate)/);
      expect(x.outcome).toBe('CaseApproved');
      expect(x.recordedAmountFen).toBe(130000);
      expect(x.inputs.recordedAssessment!.monthlyAmountFen).toBe(130000);
      expect(explainDecision(caseEvents, policyEvents, approval.eventId).recomputation.status).toBe('PERFORMED');
    });

    it('does not re-compute without the policy version, and refuses events that are not decisions', () => {
      expect(explainDecision(caseEvents, [], approval.eventId).recomputation).toMatchObject({ performed: false, consistent: null });
      const visit = caseEvents.find((e) => e.type === 'HomeVisitRecorded')!;
      expect(() => explainDecision(caseEvents, policyEvents, visit.eventId)).toThrow(/not an eligibility decision/);
      expect(() => explainDecision(caseEvents, policyEvents, '00000000-0000-4000-8000-000000000000')).toThrow(/not an event of this case/);
    });
  });

  describe('checkpoints', () => {
    const log = [...policyEvents, ...caseEvents].map((e, i) => ({ ...e, position: `${i + 1}/${i + 1}` }));

    it('is reproducible and detects an edit of an event before its position', () => {
      const cp = computeCheckpoint(log, '2026-04-01T00:00:00Z');
      expect(cp).toMatchObject({ eventCount: log.length, globalPosition: `${log.length}/${log.length}` });
      expect(compareCheckpoint(cp, computeCheckpoint(log, 'later')).ok).toBe(true);
      const edited = log.map((e, i) => (i === 3 ? { ...e, data: { ...(e.data as object), tampered: true } } : e));
      const c = compareCheckpoint(cp, computeCheckpoint(edited, 'later'));
      expect(c.ok).toBe(false);
      expect(c.detail).toContain('摘要不一致');
      expect(compareCheckpoint(cp, computeCheckpoint(log.slice(0, -1), 'later')).ok).toBe(false);
    });
  });
});
