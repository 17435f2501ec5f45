/**
 * The casework rules of 审核确认, as given / when / then specifications of the review-case decider.
 */
import { given } from '@sa/decider';
import {
  A,
  approvedCase,
  B,
  C,
  CASE_ID,
  COUNTY,
  COUNTY_VISITOR_1,
  COUNTY_VISITOR_2,
  decideCase,
  decided,
  decider,
  facts,
  history,
  notice,
  open,
  opinion,
  policy,
  policyWith,
  PROPOSER,
  receiveFacts,
  REVIEWER,
  stateOf,
  submit,
  submittedCase,
  SYSTEM,
  visit,
  VISITOR_1,
  VISITOR_2, meta, reviewCaseCommand, type CommandInput } from '../__tests__/review-case-fixtures';
import { CaseApproved, CaseRefused, InitialOpinionIssued, PublicNoticePosted, ReviewCaseCommand, ReviewCaseEvent } from './index';

const only = <T extends ReviewCaseEvent['type']>(events: ReviewCaseEvent[], type: T) => {
  expect(events.map((e) => e.type)).toEqual([type]);
  return events[0] as Extract<ReviewCaseEvent, { type: T }>;
};

const objection = (d: CommandInput<'FileObjection'> = {}): ReviewCaseCommand => reviewCaseCommand('FileObjection', { objectionId: 'objection-1', summary: '有居民反映申请人有稳定收入', evidenceRefs: [], actor: PROPOSER, on: '2026-03-09' }, d);
const resolve = (d: CommandInput<'ResolveObjection'> = {}): ReviewCaseCommand => reviewCaseCommand('ResolveObjection', {
    objectionId: 'objection-1',
    method: 'REINVESTIGATION',
    outcome: 'REJECTED',
    findings: '重新入户调查，申请人无稳定收入，异议不成立',
    actor: VISITOR_1,
    on: '2026-03-11',
  }, d);
const extend = (reason = '核对平台公积金数据未反馈，需信函索证'): ReviewCaseCommand => ({
  type: 'ExtendDecisionDeadline',
  data: { reason }, metadata: meta(REVIEWER, '2026-03-20'),
});

describe('opening a review case (受理 → 审核确认)', () => {
  it('opens from an accepted application with the decision due 30 working days after acceptance', () => {
    const [opened] = given(decider).when(open()).then([expect.objectContaining({ type: 'ReviewCaseOpened' }) as never]);
    expect(opened!.type === 'ReviewCaseOpened' && opened!.data.deadline).toEqual({
      workingDays: 30,
      // 2 March 2026 + 30 working days, skipping 清明 (4–6 April).
      dueOn: '2026-04-14',
      extensionReason: null,
      investigationStartDueOn: '2026-03-05',
    });
  });

  it('counts the deadline in working days across the Spring Festival and its make-up working days', () => {
    const events = decided([], open({ acceptedOn: '2026-02-10', on: '2026-02-10' }));
    const opened = only(events, 'ReviewCaseOpened');
    // 11–13 Feb (3), Sat 14 Feb worked (4), 15–23 Feb off, 24–27 (8), Sat 28 Feb worked (9),
    // 2–6 March (14), 9–13 (19), 16–20 (24), 23–27 (29), Mon 30 March (30).
    expect(opened.data.deadline.investigationStartDueOn).toBe('2026-02-13');
    expect(opened.data.deadline.dueOn).toBe('2026-03-30');
  });

  it('leaves the due date open when the holiday calendar does not reach it yet', () => {
    const opened = only(decided([], open({ acceptedOn: '2026-12-10', on: '2026-12-10' })), 'ReviewCaseOpened');
    expect(opened.data.deadline.dueOn).toBeNull();
  });

  it('treats the same acceptance twice as done, and refuses another case number for the same case', () => {
    given(decider, history(open())).when(open()).thenNothing();
    given(decider, history(open())).when(open({ caseNumber: '330106-2026-000999' })).thenThrows('case_already_open');
  });
});

describe('verification facts (核对报告)', () => {
  it('keeps every report version and ignores a version older than one received', () => {
    const past = history(open(), receiveFacts(180000, { reportVersion: 2 }));
    given(decider, past).when(receiveFacts(240000, { reportVersion: 1 })).thenNothing();
    const [event] = decided(past, receiveFacts(150000, { reportVersion: 3 }));
    expect(event).toMatchObject({ type: 'VerificationFactsReceived', data: { report: { reportVersion: 3, receivedOn: '2026-03-03' } } });
    expect(stateOf([...past, event!]).verifications.map((r) => r.reportVersion)).toEqual([2, 3]);
  });

  it('keeps a report that arrives before the accepted application, then opens the case around it', () => {
    const past = history(receiveFacts());
    expect(stateOf(past).status).toBe('NONE');
    const state = stateOf([...past, ...decided(past, open())]);
    expect(state.status).toBe('INVESTIGATING');
    expect(state.verifications).toHaveLength(1);
  });
});

describe('home visit (入户调查)', () => {
  const opened = () => history(open(), receiveFacts());

  it('records a visit by two officers with their signed record', () => {
    const visitEvent = only(decided(opened(), visit()), 'HomeVisitRecorded');
    expect(visitEvent.data.visit).toMatchObject({
      visitedOn: '2026-03-04',
      officers: [{ id: VISITOR_1.id }, { id: VISITOR_2.id }],
      countyLevel: false,
      signatureRefs: ['doc:visit/2026/0304-signed'],
      householdSignatureRef: 'doc:visit/2026/0304-household',
      recordedBy: VISITOR_1,
    });
  });

  it('refuses a home visit by one officer', () => {
    given(decider, opened())
      .when(visit({ officers: [{ id: VISITOR_1.id, jurisdiction: VISITOR_1.jurisdiction }] }))
      .thenThrows('home_visit_needs_two_officers');
  });

  it('refuses a home visit whose two officers are the same person', () => {
    const same = { id: VISITOR_1.id, jurisdiction: VISITOR_1.jurisdiction };
    given(decider, opened()).when(visit({ officers: [same, { ...same }] })).thenThrows('home_visit_needs_two_officers');
  });

  it('refuses an officer without jurisdiction over the household', () => {
    given(decider, opened())
      .when(visit({ officers: [{ id: VISITOR_1.id, jurisdiction: '330106001' }, { id: 'officer-x', jurisdiction: '330106002' }] }))
      .thenThrows('officer_outside_jurisdiction');
  });

  it('refuses a visit dated in the future or before the acceptance', () => {
    given(decider, opened()).when(visit({ visitedOn: '2026-03-05' })).thenThrows('date_in_future');
    given(decider, opened()).when(visit({ visitedOn: '2026-02-27' })).thenThrows('date_before_acceptance');
  });

  it('refuses a visit without the signed record', () => {
    given(decider, opened()).when(visit({ signatureRefs: [] })).thenThrows('visit_signatures_missing');
  });

  it('marks a visit by district (county) officers as a county-level visit', () => {
    const event = only(decided(opened(), visit({ officers: [COUNTY_VISITOR_1, COUNTY_VISITOR_2] })), 'HomeVisitRecorded');
    expect(event.data.visit.countyLevel).toBe(true);
  });

  it('records a neighbourhood inquiry and an evidence letter', () => {
    const past = opened();
    const inquiry = decided(past, {
      type: 'RecordNeighbourhoodInquiry',
      data: { inquiryId: 'inq-1', conductedOn: '2026-03-04', officerIds: [VISITOR_2.id], intervieweeCount: 3, summary: '邻居反映家庭确实困难' }, metadata: meta(VISITOR_2, '2026-03-04'),
    });
    expect(inquiry[0]).toMatchObject({ type: 'NeighbourhoodInquiryRecorded', data: { inquiry: { intervieweeCount: 3 } } });
    const letter = decided(past, {
      type: 'RecordEvidenceLetter',
      data: { letterId: 'letter-1', sentOn: '2026-03-04', addressee: '某物业公司', purpose: '核实申请人工作及收入情况' }, metadata: meta(VISITOR_1, '2026-03-04'),
    });
    expect(letter[0]).toMatchObject({ type: 'EvidenceLetterRecorded', data: { letter: { addressee: '某物业公司', replyRef: null } } });
  });
});

describe('initial opinion (初审意见)', () => {
  const investigated = () => history(open(), receiveFacts(), visit());

  it('proposes approval with the amount computed by the rule engine, recording the proposer', () => {
    const event = only(decided(investigated(), opinion()), 'InitialOpinionIssued') as InitialOpinionIssued;
    const o = event.data.opinion;
    expect(o).toMatchObject({ proposal: 'APPROVE', proposedBy: PROPOSER, proposedOn: '2026-03-05', policyVersion: '330106-2026-01', noticeRequired: true, noticeDays: 7 });
    expect(o.assessment).toMatchObject({
      eligible: true,
      monthlyAmountFen: 130000,
      baseAmountFen: 120000,
      supplements: [{ memberId: C, category: 'MINOR', amountFen: 10000 }],
      coveredMemberIds: [A, B, C],
      householdMonthlyIncomeFen: 180000,
      perCapitaMonthlyIncomeFen: 60000,
      reviewClass: 'UNSTABLE',
      reviewIntervalMonths: 6,
    });
  });

  it('refuses to propose approval before a home visit', () => {
    given(decider, history(open(), receiveFacts())).when(opinion()).thenThrows('home_visit_missing');
  });

  it('refuses to propose approval before the verification report', () => {
    given(decider, history(open(), visit({ on: '2026-03-04' }))).when(opinion()).thenThrows('verification_missing');
  });

  it('refuses to propose an approval the rules do not allow (¥3,300 a month for three people)', () => {
    given(decider, history(open(), receiveFacts(330000), visit())).when(opinion()).thenThrows('not_eligible_by_rules');
  });

  it('proposes a refusal with the rules’ written reasons when the officer gives none', () => {
    const event = only(decided(history(open(), receiveFacts(330000)), opinion({ proposal: 'REFUSE' })), 'InitialOpinionIssued') as InitialOpinionIssued;
    expect(event.data.opinion.reasons).toEqual([{ code: 'INCOME_ABOVE_STANDARD', description: '家庭月人均收入¥1,100.00不低于当地低保标准¥1,000.00' }]);
    expect(event.data.opinion.noticeRequired).toBe(false);
  });

  it('refuses a proposed refusal without any written reason', () => {
    given(decider, history(open())).when(opinion({ proposal: 'REFUSE', reasons: [] })).thenThrows('refusal_reasons_required');
  });

  it('refuses a policy of another division', () => {
    given(decider, investigated())
      .when(opinion({ policy: { ...policy, divisionCode: '330105', version: '330105-2026-01' } }))
      .thenThrows('policy_not_applicable');
  });

  it('requires a county-level home visit for a conflict-of-interest case', () => {
    const coi = history(open({ conflictOfInterest: { flagged: true, memberIds: [B] } }), receiveFacts(), visit());
    given(decider, coi).when(opinion()).thenThrows('county_home_visit_required');
    const more = decided(coi, visit({ visitId: 'visit-2', officers: [COUNTY_VISITOR_1, COUNTY_VISITOR_2], actor: { ...COUNTY, role: 'county_approver' } }));
    expect(decided([...coi, ...more], opinion())[0]!.type).toBe('InitialOpinionIssued');
  });
});

describe('public notice (公示)', () => {
  const proposed = () => history(open(), receiveFacts(), visit(), opinion());

  it('posts the notice for 7 days with Chinese text that masks personal data', () => {
    const event = only(decided(proposed(), notice()), 'PublicNoticePosted') as PublicNoticePosted;
    expect(event.data.notice).toMatchObject({ postedOn: '2026-03-06', lastDay: '2026-03-12', days: 7, round: 1 });
    const text = event.data.notice.text;
    expect(text).toContain('申请人：张某；家庭人口：3人');
    expect(text).toContain('拟纳入最低生活保障，保障人数3人，月保障金额¥1,300.00');
    expect(text).toContain('公示期：2026年3月6日至2026年3月12日（共7天）');
    for (const secret of ['张伟', '李娜', '张小明', '残疾', '6222', '1234']) expect(text).not.toContain(secret);
  });

  it('runs for the notice period of the policy applied', () => {
    const tenDays = policyWith({ deadlines: { ...policy.parameters.deadlines, publicNoticeDays: 10 } });
    const past = history(open(), receiveFacts(), visit(), opinion({ policy: tenDays }));
    expect((only(decided(past, notice()), 'PublicNoticePosted') as PublicNoticePosted).data.notice.lastDay).toBe('2026-03-15');
  });

  it('refuses personal data in the notice location', () => {
    given(decider, proposed()).when(notice({ location: '联系电话13812345678' })).thenThrows('personal_data_in_notice');
  });

  it('refuses a notice before the initial opinion, and a second notice of the same opinion', () => {
    given(decider, history(open(), receiveFacts(), visit())).when(notice()).thenThrows('initial_opinion_missing');
    given(decider, [...proposed(), ...decided(proposed(), notice())]).when(notice()).thenThrows('public_notice_already_posted');
  });

  it('does not notice a proposed refusal', () => {
    given(decider, history(open(), receiveFacts(330000), opinion({ proposal: 'REFUSE' }))).when(notice()).thenThrows('public_notice_not_required');
  });
});

describe('objections (异议) during the notice', () => {
  const noticed = () => history(open(), receiveFacts(), visit(), opinion(), notice());

  it('takes an objection during the notice period and refuses one after it', () => {
    expect(decided(noticed(), objection())[0]!.type).toBe('ObjectionFiled');
    given(decider, noticed()).when(objection({ on: '2026-03-13' })).thenThrows('objection_outside_notice_period');
  });

  it('re-investigation of the last objection opens a new round: new opinion, new notice', () => {
    const past = noticed();
    const withObjection = [...past, ...decided(past, objection())];
    const resolved = decided(withObjection, resolve());
    expect(resolved[0]).toMatchObject({ type: 'ObjectionResolved', data: { nextRound: 2, resolution: { method: 'REINVESTIGATION', outcome: 'REJECTED' } } });
    const after = [...withObjection, ...resolved];
    expect(stateOf(after)).toMatchObject({ status: 'INVESTIGATING', round: 2 });
    // The old notice no longer counts: a decision needs the new opinion and its own notice.
    given(decider, after).when(submit({ on: '2026-03-20' })).thenThrows('initial_opinion_missing');
    const reproposed = [...after, ...decided(after, opinion({ opinionId: 'opinion-2', on: '2026-03-12' }))];
    const renoticed = [...reproposed, ...decided(reproposed, notice({ noticeId: 'notice-2', on: '2026-03-12' }))];
    given(decider, renoticed).when(submit({ on: '2026-03-18' })).thenThrows('public_notice_not_ended');
    expect(decided(renoticed, submit({ on: '2026-03-19' }))[0]!.type).toBe('CaseSubmittedForDecision');
  });

  it('a community appraisal (民主评议) records its date and votes', () => {
    const withObjection = [...noticed(), ...decided(noticed(), objection())];
    given(decider, withObjection).when(resolve({ method: 'COMMUNITY_APPRAISAL' })).thenThrows('appraisal_details_required');
    const resolved = decided(
      withObjection,
      resolve({ method: 'COMMUNITY_APPRAISAL', appraisal: { heldOn: '2026-03-10', participants: 9, inFavour: 8, against: 1 } }),
    );
    expect(resolved[0]).toMatchObject({ data: { resolution: { appraisal: { participants: 9, inFavour: 8 } }, nextRound: 2 } });
  });

  it('keeps the round open while another objection is unresolved', () => {
    const past = noticed();
    const first = [...past, ...decided(past, objection())];
    const both = [...first, ...decided(first, objection({ objectionId: 'objection-2' }))];
    expect(decided(both, resolve())[0]).toMatchObject({ data: { nextRound: null } });
  });

  it('refuses to resolve an unknown or already resolved objection', () => {
    given(decider, noticed()).when(resolve()).thenThrows('objection_not_found');
    const withObjection = [...noticed(), ...decided(noticed(), objection())];
    const resolved = [...withObjection, ...decided(withObjection, resolve())];
    given(decider, resolved).when(resolve()).thenThrows('objection_already_resolved');
  });
});

describe('submission for decision (审核)', () => {
  const noticed = () => history(open(), receiveFacts(), visit(), opinion(), notice());

  it('refuses a submission before the notice period has ended', () => {
    given(decider, noticed()).when(submit({ on: '2026-03-12' })).thenThrows('public_notice_not_ended');
  });

  it('refuses a review by the officer who proposed', () => {
    given(decider, noticed()).when(submit({ actor: PROPOSER })).thenThrows('reviewer_is_proposer');
  });

  it('refuses a submission while an objection is unresolved', () => {
    const withObjection = [...noticed(), ...decided(noticed(), objection())];
    given(decider, withObjection).when(submit()).thenThrows('objection_unresolved');
  });
});

describe('decision (审核确认)', () => {
  it('approves: monthly amount, start month after the decision, members, supplements, review class, policy version, actor and reason', () => {
    const approved = only(decided(submittedCase(), decideCase()), 'CaseApproved') as CaseApproved;
    expect(approved.data).toMatchObject({
      caseId: CASE_ID,
      decidedOn: '2026-03-16',
      decidedBy: COUNTY,
      proposedBy: PROPOSER,
      decisionAuthority: 'COUNTY',
      policyVersion: '330106-2026-01',
      startMonth: '2026-04',
      reason: '经审核确认，符合最低生活保障条件',
      evidenceRefs: ['doc:decision/2026/000123'],
      overdue: false,
      membersCovered: [
        { memberId: A, name: '张伟' },
        { memberId: B, name: '李娜' },
        { memberId: C, name: '张小明' },
      ],
      recipient: { memberId: A, name: '张伟', bankAccountRef: 'bank-account:7c1e9a' },
    });
    expect(approved.data.assessment).toMatchObject({
      monthlyAmountFen: 130000,
      baseAmountFen: 120000,
      supplements: [{ memberId: C, category: 'MINOR', amountFen: 10000 }],
      reviewClass: 'UNSTABLE',
      reviewIntervalMonths: 6,
    });
    expect(approved.data.assessment.explanation.length).toBeGreaterThan(3);
  });

  it('refuses a decision before the public notice has ended', () => {
    const noticed = history(open(), receiveFacts(), visit(), opinion(), notice());
    given(decider, noticed).when(decideCase({ on: '2026-03-12' })).thenThrows('public_notice_not_ended');
  });

  it('refuses a decision by an officer who investigated the case', () => {
    const investigatorWithCountyRole = { ...COUNTY, id: VISITOR_1.id };
    given(decider, submittedCase()).when(decideCase({ actor: investigatorWithCountyRole })).thenThrows('decider_is_investigator');
  });

  it('refuses a decision by the officer who proposed it', () => {
    given(decider, submittedCase()).when(decideCase({ actor: { ...COUNTY, id: PROPOSER.id } })).thenThrows('decider_is_proposer');
  });

  it('refuses a decision while an objection is unresolved', () => {
    const noticed = history(open(), receiveFacts(), visit(), opinion(), notice());
    const withObjection = [...noticed, ...decided(noticed, objection())];
    given(decider, withObjection).when(decideCase({ on: '2026-03-16' })).thenThrows('objection_unresolved');
  });

  it('refuses a decision when the only home visit was made by one officer', () => {
    const past = submittedCase().map((e) =>
      e.type === 'HomeVisitRecorded' ? { ...e, data: { visit: { ...e.data.visit, officers: [e.data.visit.officers[0]!] } } } : e,
    );
    given(decider, past).when(decideCase()).thenThrows('home_visit_needs_two_officers');
  });

  it('refuses a conflict-of-interest case without a county-level home visit', () => {
    const past = submittedCase().map((e) =>
      e.type === 'ReviewCaseOpened' ? { ...e, data: { ...e.data, conflictOfInterest: { flagged: true, memberIds: [B] } } } : e,
    );
    given(decider, past).when(decideCase()).thenThrows('county_home_visit_required');
  });

  it('refuses a county decision before the street office submitted the file', () => {
    const noticed = history(open(), receiveFacts(), visit(), opinion(), notice());
    given(decider, noticed).when(decideCase()).thenThrows('not_submitted_for_decision');
  });

  it('refuses a 低保 decision by a street reviewer (the county decides)', () => {
    given(decider, submittedCase()).when(decideCase({ actor: { ...REVIEWER, id: 'officer-street-099' } })).thenThrows('county_decision_required');
  });

  it('refuses an approval without a payee', () => {
    given(decider, submittedCase()).when(decideCase({ recipient: null })).thenThrows('recipient_required');
  });

  it('refuses with written reasons and a notice due 3 working days later (over 清明)', () => {
    const past = history(open(), receiveFacts(330000), opinion({ proposal: 'REFUSE' }), submit({ on: '2026-03-06' }));
    const refused = only(decided(past, decideCase({ outcome: 'REFUSE', recipient: null, reason: '经审核，不符合条件', on: '2026-04-02' })), 'CaseRefused') as CaseRefused;
    expect(refused.data).toMatchObject({
      decidedOn: '2026-04-02',
      noticeDueOn: '2026-04-08',
      reasons: [{ code: 'INCOME_ABOVE_STANDARD' }],
      policyVersion: '330106-2026-01',
      decidedBy: COUNTY,
    });
  });

  it('decides with the policy in force on the decision date, recording its version', () => {
    const raised = policyWith({ subsistenceStandard: 110000 }, { version: '330106-2026-03', effectiveFrom: '2026-03-15' });
    const approved = only(decided(submittedCase(), decideCase({ policy: raised })), 'CaseApproved') as CaseApproved;
    // (1100 − 600) × 3 + 110 = 1610.
    expect(approved.data.assessment.monthlyAmountFen).toBe(161000);
    expect(approved.data.policyVersion).toBe('330106-2026-03');
  });

  it('records a decision after the deadline as overdue; an extension with a reason gives 45 working days', () => {
    const late = decided(submittedCase(), decideCase({ on: '2026-04-15' }));
    expect((late[0] as CaseApproved).data.overdue).toBe(true);
    const extended = decided(submittedCase(), extend());
    expect(extended).toEqual([
      {
        type: 'DecisionDeadlineExtended',
        data: { workingDays: 45, dueOn: '2026-05-08', reason: '核对平台公积金数据未反馈，需信函索证', extendedOn: '2026-03-20', extendedBy: REVIEWER },
      },
    ]);
    const onTime = decided([...submittedCase(), ...extended], decideCase({ on: '2026-04-15' }));
    expect((onTime[0] as CaseApproved).data.overdue).toBe(false);
  });

  it('extends the deadline once, and only for a recorded reason', () => {
    given(decider, submittedCase()).when(extend('  ')).thenThrows('extension_reason_required');
    const once = [...submittedCase(), ...decided(submittedCase(), extend())];
    given(decider, once).when(extend()).thenThrows('deadline_already_extended');
  });

  it('refuses a second decision', () => {
    given(decider, approvedCase()).when(decideCase({ decisionId: '5b6c7d8e-9f0a-4b1c-9d2e-3f4a5b6c7d8e' })).thenThrows('case_decided');
  });

  it('a withdrawn application takes no further steps', () => {
    const withdrawn = history(open(), { type: 'WithdrawCase', data: { withdrawnOn: '2026-03-03', reason: 'APPLICANT_REQUEST' }, metadata: meta(SYSTEM, '2026-03-03') });
    given(decider, withdrawn).when(visit()).thenThrows('case_withdrawn');
  });
});

describe('特困 (extreme poverty support)', () => {
  const elder = {
    applicantMemberId: A,
    members: [
      {
        memberId: A,
        name: '王秀英',
        relation: 'APPLICANT',
        birthDate: '1950-02-01',
        included: true,
        disability: null,
        severeIllness: null,
        workAbility: 'NONE' as const,
      },
    ],
  };
  const selfCare = { EATING: 'ABLE', DRESSING: 'UNABLE', BED_TRANSFER: 'ABLE', TOILETING: 'ABLE', INDOOR_WALKING: 'ABLE', BATHING: 'UNABLE' } as const;

  it('approves basic living (1.3 × standard) plus the care allowance of the self-care level as a supplement', () => {
    const past = history(
      open({ program: 'EXTREME_POVERTY_SUPPORT', household: elder }),
      receiveFacts(0, { facts: { ...facts(0), financialAssets: [], homes: [] } }),
      visit(),
      opinion({ extremePoverty: { memberId: A, selfCare, supporters: [] } }),
      notice(),
      submit(),
    );
    const approved = only(decided(past, decideCase()), 'CaseApproved') as CaseApproved;
    expect(approved.data.assessment).toMatchObject({
      coverage: 'INDIVIDUAL',
      baseAmountFen: 130000,
      supplements: [{ memberId: A, category: 'CARE_ALLOWANCE', amountFen: 30000 }],
      monthlyAmountFen: 160000,
      selfCareLevel: 'PARTLY_DEPENDENT',
      reviewClass: 'STABLE',
    });
  });

  it('needs the self-care assessment established by the officers', () => {
    const past = history(open({ program: 'EXTREME_POVERTY_SUPPORT', household: elder }), receiveFacts(0), visit());
    given(decider, past).when(opinion()).thenThrows('extreme_poverty_assessment_missing');
  });
});

describe('临时救助 (temporary assistance)', () => {
  const ta = (requestedAmountFen: number) =>
    open({ program: 'TEMPORARY_ASSISTANCE', temporaryAssistance: { type: 'EMERGENCY', requestedAmountFen, emergencyAdvanceRequested: false } });

  it('a small amount is decided by the street office alone, without verification or notice', () => {
    const past = history(ta(200000), opinion({ on: '2026-03-03' }));
    const o = (past[1] as InitialOpinionIssued).data.opinion;
    expect(o).toMatchObject({ authority: 'STREET_OFFICE', noticeRequired: false });
    const approved = only(decided(past, decideCase({ actor: REVIEWER, on: '2026-03-03' })), 'CaseApproved') as CaseApproved;
    expect(approved.data).toMatchObject({ decisionAuthority: 'STREET_DELEGATED', startMonth: '2026-03' });
    expect(approved.data.assessment.temporary).toMatchObject({ grantableFen: 200000, instalments: [{ month: '2026-03', amountFen: 200000 }] });
  });

  it('even a small amount is confirmed by someone other than the proposer', () => {
    const past = history(ta(200000), opinion({ on: '2026-03-03' }));
    given(decider, past).when(decideCase({ actor: { ...REVIEWER, id: PROPOSER.id }, on: '2026-03-03' })).thenThrows('decider_is_proposer');
  });

  it('a larger amount goes through investigation, notice and a county decision', () => {
    given(decider, history(ta(500000), receiveFacts())).when(opinion()).thenThrows('home_visit_missing');
    const noticed = history(ta(500000), receiveFacts(), visit(), opinion(), notice());
    expect((noticed[3] as InitialOpinionIssued).data.opinion).toMatchObject({ authority: 'COUNTY', noticeRequired: true });
    given(decider, [...noticed, ...decided(noticed, submit())]).when(decideCase({ actor: REVIEWER })).thenThrows('county_decision_required');
    const approved = only(decided([...noticed, ...decided(noticed, submit())], decideCase()), 'CaseApproved') as CaseApproved;
    expect(approved.data.decisionAuthority).toBe('COUNTY');
  });
});

describe('re-determination on a change request (动态管理)', () => {
  const requestChange = (
    requestedChange: 'RECALCULATE' | 'SUSPEND' | 'TERMINATE' | 'RESUME',
    monthlyWagesOfA: number | null,
    changeRequestId = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
  ): ReviewCaseCommand => ({
    type: 'RequestRedetermination',
    data: {
      changeRequestId,
      origin: 'HOUSEHOLD_REPORT',
      requestedChange,
      trigger: { kind: 'CHANGE_REQUEST', refId: changeRequestId },
      reportedOn: '2026-06-01',
      urgent: false,
      changes: [{ kind: 'INCOME', memberId: A, description: '申请人收入变化' }],
      membersLeft: [],
      membersJoined: [],
      declaredIncome:
        monthlyWagesOfA === null ? [] : ['2026-03', '2026-04', '2026-05'].map((month) => ({ memberId: A, type: 'WAGES' as const, month, amountFen: monthlyWagesOfA })),
    }, metadata: meta(SYSTEM, '2026-06-02'),
  });
  const propose = (code: 'INCOME_INCREASED' | 'INCOME_DECREASED' | 'HOUSEHOLD_REQUEST' | 'OTHER' = 'INCOME_INCREASED'): ReviewCaseCommand => ({
    type: 'ProposeBenefitChange',
    data: { proposalId: 'proposal-1', policy, reason: { code, description: '家庭收入发生变化，按规定调整' } }, metadata: meta(PROPOSER, '2026-06-05'),
  });
  const decideChange = (d: CommandInput<'DecideBenefitChange'> = {}): ReviewCaseCommand => reviewCaseCommand('DecideBenefitChange', { decisionId: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', policy, reason: '经审核确认', actor: COUNTY, on: '2026-06-10' }, d);
  const changed = (wages: number | null, kind: 'RECALCULATE' | 'SUSPEND' | 'TERMINATE' | 'RESUME' = 'RECALCULATE') => {
    const past = [...approvedCase(), ...decided(approvedCase(), requestChange(kind, wages))];
    return [...past, ...decided(past, propose())];
  };
  const outcome = (past: ReviewCaseEvent[], command = decideChange()) => only(decided(past, command), 'BenefitChangeDecided').data;

  it('opens a re-determination once per change request', () => {
    const past = [...approvedCase(), ...decided(approvedCase(), requestChange('RECALCULATE', 90000))];
    expect(stateOf(past).redetermination).toMatchObject({ requestedChange: 'RECALCULATE', proposal: null });
    given(decider, past).when(requestChange('RECALCULATE', 90000)).thenNothing();
    given(decider, past).when(requestChange('RECALCULATE', 90000, 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f')).thenThrows('redetermination_in_progress');
  });

  it('refuses a change request for a case that was refused', () => {
    const refusedPast = history(open(), receiveFacts(330000), opinion({ proposal: 'REFUSE' }), submit({ on: '2026-03-06' }));
    const refused = [...refusedPast, ...decided(refusedPast, decideCase({ outcome: 'REFUSE', recipient: null, on: '2026-03-09' }))];
    given(decider, refused).when(requestChange('RECALCULATE', 90000)).thenThrows('no_active_benefit');
  });

  it('increases the benefit when income fell (¥900 a month → ¥2,200)', () => {
    expect(outcome(changed(90000))).toMatchObject({
      changeType: 'INCREASE',
      effectiveMonth: '2026-07',
      previousMonthlyAmountFen: 130000,
      monthlyAmountFen: 220000,
      writtenNoticeDueOn: null,
      decidedBy: COUNTY,
      proposedBy: PROPOSER,
      policyVersion: '330106-2026-01',
      trigger: { kind: 'CHANGE_REQUEST' },
    });
  });

  it('decreases it with written reasons due 3 working days later when income rose below the standard', () => {
    // Per capita ¥800: gap ¥200 = the 20 % minimum; (200 × 3) + 100 = ¥700.
    expect(outcome(changed(240000))).toMatchObject({ changeType: 'DECREASE', monthlyAmountFen: 70000, writtenNoticeDueOn: '2026-06-15' });
  });

  it('tapers (渐退) by the policy’s schedule when income rose above the standard', () => {
    expect(outcome(changed(330000))).toMatchObject({
      changeType: 'TAPER',
      monthlyAmountFen: null,
      taperSchedule: [
        { month: '2026-07', amountFen: 130000 },
        { month: '2026-08', amountFen: 130000 },
        { month: '2026-09', amountFen: 104000 },
        { month: '2026-10', amountFen: 104000 },
        { month: '2026-11', amountFen: 78000 },
        { month: '2026-12', amountFen: 78000 },
      ],
    });
  });

  it('terminates at once when the policy has no taper', () => {
    const noTaper = policyWith({ taperSchedule: [] });
    const past = [...approvedCase(), ...decided(approvedCase(), requestChange('RECALCULATE', 330000))];
    const proposed = [...past, ...decided(past, { ...propose(), data: { ...propose().data, policy: noTaper } } as ReviewCaseCommand)];
    expect(outcome(proposed, decideChange({ policy: noTaper }))).toMatchObject({ changeType: 'TERMINATION', writtenNoticeDueOn: '2026-06-15' });
  });

  it('suspends, and resumes only a suspended benefit', () => {
    const suspendedPast = changed(null, 'SUSPEND');
    const suspension = decided(suspendedPast, decideChange());
    expect(suspension[0]).toMatchObject({ data: { changeType: 'SUSPENSION', monthlyAmountFen: null } });
    const suspended = [...suspendedPast, ...suspension];
    expect(stateOf(suspended).benefit).toMatchObject({ status: 'SUSPENDED', monthlyAmountFen: 0 });
    given(decider, approvedCase()).when(requestChange('RESUME', null)).thenThrows('benefit_not_suspended');
    const resumeAsked = [...suspended, ...decided(suspended, requestChange('RESUME', null, 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f'))];
    const resumeProposed = [...resumeAsked, ...decided(resumeAsked, propose('OTHER'))];
    expect(outcome(resumeProposed, decideChange({ decisionId: 'd4e5f6a7-b8c9-4d0e-9f1a-3b4c5d6e7f8a' }))).toMatchObject({
      changeType: 'RESUMPTION',
      previousMonthlyAmountFen: 0,
      monthlyAmountFen: 130000,
    });
  });

  it('terminates on request with written reasons', () => {
    expect(outcome(changed(null, 'TERMINATE'))).toMatchObject({ changeType: 'TERMINATION', monthlyAmountFen: null, taperSchedule: null, writtenNoticeDueOn: '2026-06-15' });
  });

  it('closes without a change when the rules give the same amount', () => {
    const same = decided(changed(180000), decideChange());
    expect(same).toEqual([
      {
        type: 'RedeterminationClosed',
        data: {
          changeRequestId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
          outcome: 'NO_CHANGE',
          closedOn: '2026-06-10',
          decidedBy: COUNTY,
          proposedBy: PROPOSER,
          policyVersion: '330106-2026-01',
          reason: '经审核确认',
        },
      },
    ]);
  });

  it('applies the same four-eyes rule: not the proposer, not an investigator', () => {
    given(decider, changed(90000)).when(decideChange({ actor: { ...COUNTY, id: PROPOSER.id } })).thenThrows('decider_is_proposer');
    given(decider, changed(90000)).when(decideChange({ actor: { ...COUNTY, id: VISITOR_2.id } })).thenThrows('decider_is_investigator');
  });

  it('asks for a new proposal when the rules give another answer by the decision date', () => {
    const raised = policyWith({ subsistenceStandard: 110000 }, { version: '330106-2026-06', effectiveFrom: '2026-06-08' });
    given(decider, changed(90000)).when(decideChange({ policy: raised })).thenThrows('proposal_outdated');
  });

  it('refuses a change decision without a proposal', () => {
    const past = [...approvedCase(), ...decided(approvedCase(), requestChange('RECALCULATE', 90000))];
    given(decider, past).when(decideChange()).thenThrows('change_proposal_missing');
  });

  it('a newer verification report replaces the income declared with the change request', () => {
    const past = [...approvedCase(), ...decided(approvedCase(), requestChange('RECALCULATE', 90000))];
    const reverified = [
      ...past,
      ...decided(past, receiveFacts(180000, { verificationId: '3b4c5d6e-7f8a-4b9c-8d0e-1f2a3b4c5d6e', purpose: 'RECERTIFICATION', on: '2026-06-04' })),
    ];
    const proposal = decided(reverified, propose());
    expect(proposal[0]).toMatchObject({ data: { proposal: { changeType: 'NO_CHANGE' } } });
  });
});
