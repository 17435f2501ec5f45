/**
 * The public side of the decisions (AssistanceGranted / AssistanceRefused / BenefitChanged validated
 * against their JSON Schemas) and the consumed events turned into commands.
 */
import { EXAMPLE_EVENT_DATA, validateIntegrationEvent } from '@sa/contracts';
import type { EventMetadata } from '@sa/eventstore';
import {
  A,
  approvedCase,
  B,
  caseMember,
  COUNTY,
  decideCase,
  decided,
  history,
  HOUSEHOLD,
  notice,
  open,
  opinion,
  policy,
  policyWith,
  PROPOSER,
  receiveFacts,
  submit,
  visit, meta } from '../src/domain/__tests__/review-case-fixtures';
import { NATIONAL_DEFAULT_DEADLINES, type CaseApproved, type ReviewCaseCommand, type ReviewCaseEvent } from '../src/domain';
import { openCommand, receiveFactsCommand, redeterminationCommand, verificationFacts } from '../src/messaging/incoming';
import { toIntegrationEvent } from '../src/messaging/outgoing';

const metadata = (actor = COUNTY): EventMetadata => ({
  correlationId: '3f0c6d1e-8b2a-4c5d-9e7f-0a1b2c3d4e5f',
  causationId: '11111111-2222-4333-8444-555555555555',
  actor,
  occurredAt: '2026-03-16T10:00:00.000+08:00',
  reason: '经审核确认',
  evidenceRefs: ['doc:decision/2026/000123'],
  policyVersion: '330106-2026-01',
});
const recorded = (event: ReviewCaseEvent) => ({ eventId: '0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f', type: event.type, data: event.data, metadata: metadata() });

describe('publishing decisions (sa.eligibility.events)', () => {
  it('an approval becomes an AssistanceGranted that satisfies its JSON Schema: ¥1,300 from April', () => {
    const approval = approvedCase().at(-1)!;
    const event = toIntegrationEvent(recorded(approval))!;
    expect(event.type).toBe('AssistanceGranted');
    expect(validateIntegrationEvent('AssistanceGranted', 1, event.data)).toMatchObject({ ok: true });
    expect(event.data).toMatchObject({
      monthlyAmountFen: 130000,
      baseAmountFen: 120000,
      startMonth: '2026-04',
      reviewClass: 'UNSTABLE',
      reviewIntervalMonths: 6,
      policyVersion: '330106-2026-01',
      decisionAuthority: 'COUNTY',
      proposedBy: PROPOSER,
      decidedBy: COUNTY,
    });
    expect(event.id).toBe('0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f');
    expect(event.metadata).toMatchObject({ policyVersion: '330106-2026-01', reason: '经审核确认' });
  });

  it('given a policy with a 追回 cap of 20 %, when the county approves, then the approval carries it and is published as AssistanceGranted v3', () => {
    const capped = policyWith({ overpaymentRecovery: { monthlyCapPercent: 20 } });
    const past = history(open(), receiveFacts(), visit(), opinion(), notice(), submit());
    const [approval] = decided(past, decideCase({ policy: capped }));
    expect(approval).toMatchObject({ type: 'CaseApproved', data: { policyVersion: capped.version, overpaymentRecovery: { monthlyCapPercent: 20 } } });
    const event = toIntegrationEvent(recorded(approval!))!;
    expect(event).toMatchObject({ type: 'AssistanceGranted', schemaVersion: 3, data: { monthlyAmountFen: 130000, overpaymentRecovery: { monthlyCapPercent: 20 } } });
    expect(validateIntegrationEvent('AssistanceGranted', 3, event.data).errors).toEqual([]);
  });

  it('given a policy without the cap, when the county approves, then nothing is carried and AssistanceGranted stays v1', () => {
    const past = history(open(), receiveFacts(), visit(), opinion(), notice(), submit());
    const [approval] = decided(past, decideCase());
    expect((approval!.data as CaseApproved['data']).overpaymentRecovery).toBeUndefined();
    const event = toIntegrationEvent(recorded(approval!))!;
    expect(event.schemaVersion).toBe(1);
    expect(event.data).not.toHaveProperty('overpaymentRecovery');
  });

  it('a refusal becomes an AssistanceRefused with its written reasons and notice deadline', () => {
    const past = history(open(), receiveFacts(330000), opinion({ proposal: 'REFUSE' }), submit({ on: '2026-03-06' }));
    const [refusal] = decided(past, decideCase({ outcome: 'REFUSE', recipient: null, on: '2026-03-09' }));
    const event = toIntegrationEvent(recorded(refusal!))!;
    expect(event.type).toBe('AssistanceRefused');
    expect(validateIntegrationEvent('AssistanceRefused', 1, event.data)).toMatchObject({ ok: true });
    expect(event.data).toMatchObject({ noticeDueOn: '2026-03-12', reasons: [{ code: 'INCOME_ABOVE_STANDARD' }] });
  });

  it('a taper becomes a BenefitChanged with the month-by-month schedule', () => {
    const change: ReviewCaseCommand = {
      type: 'RequestRedetermination',
      data: {
        changeRequestId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
        origin: 'REVIEW',
        requestedChange: 'RECALCULATE',
        trigger: { kind: 'PERIODIC_REVIEW' },
        reportedOn: '2026-06-01',
        urgent: false,
        changes: [],
        membersLeft: [],
        membersJoined: [],
        declaredIncome: [{ memberId: A, type: 'WAGES', month: '2026-05', amountFen: 330000 }],
      }, metadata: meta(COUNTY, '2026-06-02'),
    };
    const asked = [...approvedCase(), ...decided(approvedCase(), change)];
    const proposal: ReviewCaseCommand = {
      type: 'ProposeBenefitChange',
      data: { proposalId: 'p', policy: policy, reason: { code: 'INCOME_INCREASED', description: '收入超过标准，渐退' } }, metadata: meta(PROPOSER, '2026-06-03'),
    };
    const proposed = [...asked, ...decided(asked, proposal)];
    const [taper] = decided(proposed, { type: 'DecideBenefitChange', data: { decisionId: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', policy: policy, reason: '同意渐退' }, metadata: meta(COUNTY, '2026-06-10') });
    const event = toIntegrationEvent(recorded(taper!))!;
    expect(event.type).toBe('BenefitChanged');
    expect(event.schemaVersion).toBe(3);
    expect(validateIntegrationEvent('BenefitChanged', 3, event.data)).toMatchObject({ ok: true });
    expect(event.data).toMatchObject({ proposedBy: { id: expect.any(String) }, decidedBy: { id: expect.any(String) } });
    expect(event.data).toMatchObject({ changeType: 'TAPER', effectiveMonth: '2026-07', previousMonthlyAmountFen: 130000 });
  });

  it('internal events are not published', () => {
    expect(toIntegrationEvent(recorded(history(open())[0]!))).toBeNull();
  });
});

describe('consuming ApplicationAccepted, HouseholdVerified and ChangeRequested', () => {
  it('opens the case from the accepted application’s household snapshot (no resident IDs kept)', () => {
    const command = openCommand(EXAMPLE_EVENT_DATA.ApplicationAccepted, NATIONAL_DEFAULT_DEADLINES);
    expect(command.type).toBe('OpenReviewCase');
    const data = command.data as Extract<ReviewCaseCommand, { type: 'OpenReviewCase' }>['data'];
    expect(data.household.members).toHaveLength(3);
    expect(JSON.stringify(data)).not.toContain('440305198003121235');
    expect(data.household.members[1]).toMatchObject({ name: '李娜', disability: { grade: 3, category: 'PHYSICAL' } });
    // the declaration of income and property travels with the snapshot (it counts where registries are silent)
    const accepted = EXAMPLE_EVENT_DATA.ApplicationAccepted;
    const declaredMonths = accepted.household.members.reduce((n, m) => n + m.declaredIncome.length, 0);
    expect(declaredMonths).toBeGreaterThan(0);
    expect(data.household.declaration!.incomes).toHaveLength(declaredMonths);
    expect(data.household.declaration!.incomes[0]).toEqual({ memberId: accepted.household.members[0]!.memberId, ...accepted.household.members[0]!.declaredIncome[0]! });
    expect(data.household.declaration!.assets).toHaveLength(accepted.household.declaredAssets.length);
  });

  it('keeps the verified facts as the rule engine reads them, report version included', () => {
    const verified = EXAMPLE_EVENT_DATA.HouseholdVerified;
    const facts = verificationFacts(verified.facts, verified.items);
    const registriesOf = (category: string, kind: string, memberId: string) =>
      [...new Set(verified.items.filter((i) => i.category === category && i.kind === kind && i.memberId === memberId).map((i) => i.source))].sort();
    const [first, second] = verified.facts.monthlyIncome;
    expect(facts.incomes).toEqual([
      { memberId: first!.memberId, type: 'WAGES', monthlyAverageFen: 150000, source: { origin: 'VERIFIED', registries: registriesOf('INCOME', 'WAGES', first!.memberId) } },
      { memberId: second!.memberId, type: 'WAGES', monthlyAverageFen: 30000, source: { origin: 'VERIFIED', registries: registriesOf('INCOME', 'WAGES', second!.memberId) } },
    ]);
    expect(facts.incomes[0]!.source!.registries!.length).toBeGreaterThan(0);
    expect(facts.financialAssets).toEqual([
      { memberId: verified.facts.assetTotals[0]!.memberIds[0], kind: 'BANK_DEPOSIT', valueFen: 862011, source: { origin: 'VERIFIED', registries: ['BANK_DEPOSITS'] } },
    ]);
    const command = receiveFactsCommand(EXAMPLE_EVENT_DATA.HouseholdVerified);
    expect(command.data).toMatchObject({ reportVersion: 1, outstanding: expect.arrayContaining([{ memberId: expect.any(String), source: 'HOUSING_FUND' }]) });
  });

  it('turns a change request into a re-determination: a new member joins (without their resident ID), the trigger is kept', () => {
    const command = redeterminationCommand(EXAMPLE_EVENT_DATA.ChangeRequested);
    expect(command.type).toBe('RequestRedetermination');
    expect(command.data).toMatchObject({
      requestedChange: 'RECALCULATE',
      trigger: { kind: 'CHANGE_REQUEST', refId: EXAMPLE_EVENT_DATA.ChangeRequested.changeRequestId },
      membersJoined: [{ name: '张小红', birthDate: '2025-06-20', included: true }],
      membersLeft: [],
    });
    expect(JSON.stringify(command.data)).not.toContain('440305202506201236');
  });
});

describe('publishing a 低保边缘 approval with a 单人保 member (issue 14 item 2)', () => {
  // B is grade-1 disabled with no income; A earns ¥3,300: per capita ¥1,100, above the ¥1,000 standard, below 1.5 ×.
  const household = {
    ...HOUSEHOLD,
    members: HOUSEHOLD.members.map((m) => (m.memberId === B ? caseMember(B, '李娜', 'SPOUSE', { birthDate: '1982-07-05', workAbility: 'NONE', disability: { grade: 1, category: 'PHYSICAL' } }) : m)),
  };
  const facts = { incomes: [{ memberId: A, type: 'WAGES' as const, monthlyAverageFen: 330000 }], financialAssets: [], vehicles: [], businesses: [], homes: [] };

  it('given the approval under SHARE_OF_STANDARD 60 %, when published, then AssistanceGranted names the member alone and the 单人保 amount (what disbursement pays as 低保)', () => {
    const marginalPolicy = policyWith({ individualCoverage: { method: 'SHARE_OF_STANDARD', share: '0.60', addSupplements: false } });
    const past = history(open({ program: 'LOW_INCOME_MARGINAL', household }), receiveFacts(0, { facts }), visit(), opinion({ policy: marginalPolicy }), notice(), submit());
    const [approval] = decided(past, decideCase({ policy: marginalPolicy }));
    expect(approval!.type).toBe('CaseApproved');
    expect((approval as CaseApproved).data.assessment).toMatchObject({ outcome: 'MARGINAL_WITH_INDIVIDUAL_COVERAGE', householdMarginal: true, coverage: 'INDIVIDUAL' });
    const event = toIntegrationEvent(recorded(approval!))!;
    expect(validateIntegrationEvent('AssistanceGranted', 1, event.data)).toMatchObject({ ok: true });
    expect(event.data).toMatchObject({
      program: 'LOW_INCOME_MARGINAL',
      coverage: 'INDIVIDUAL',
      membersCovered: [expect.objectContaining({ memberId: B })],
      baseAmountFen: 60000,
      supplements: [],
      monthlyAmountFen: 60000,
      recipient: expect.objectContaining({ memberId: A }),
    });
    expect((event.data as { membersCovered: unknown[] }).membersCovered).toHaveLength(1);
  });
});
