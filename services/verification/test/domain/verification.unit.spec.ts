import { given } from '@sa/decider';
import {
  DEFAULT_SOURCES,
  openRound,
  outstanding,
  verificationDecider as decider,
  type SourceRecord,
  type VerificationCommand,
  type VerificationEvent,
} from '../../src/domain';
import { at, CONSENTS, dueIn5WorkingDays, IDS, MEMBERS, meta, monthlyIncome, OFFICER, openCommand, PLATFORM, RETRY, rid, T0 } from '../support/household';
import { decided, history, ofType, stateOf } from '../support/history';

const submit = (requestId: string, attempt = 1, minute = 1): VerificationCommand => ({
  type: 'RecordSubmission',
  data: { requestId, attempt, submissionId: `sub-${requestId}-${attempt}`, answerDueAt: at(minute + 60) },
  metadata: meta(at(minute)),
});

const result = (requestId: string, records: SourceRecord[], over: Partial<{ resultId: string; complete: boolean; minute: number; attempt: number }> = {}): VerificationCommand => ({
  type: 'RecordSourceResult',
  data: {
    requestId,
    resultId: over.resultId ?? `res-${requestId}-${over.minute ?? 5}`,
    submissionId: `sub-${requestId}-${over.attempt ?? 1}`,
    complete: over.complete ?? true,
    records,
    via: 'CALLBACK',
  },
  metadata: meta(at(over.minute ?? 5), PLATFORM),
});

const failure = (requestId: string, attempt: number, failureKind: 'PLATFORM_ERROR' | 'TIMEOUT' | 'SOURCE_NOT_COVERED' = 'TIMEOUT', minute = 61): VerificationCommand => ({
  type: 'RecordQueryFailure',
  data: { requestId, attempt, failure: failureKind, retry: RETRY, manualTaskDueOn: dueIn5WorkingDays(at(minute)) },
  metadata: meta(at(minute)),
});

const BANK: SourceRecord = { category: 'ASSET', kind: 'BANK_DEPOSIT', valueFen: 862011, asOf: '2025-03-05', sourceRecordRef: 'ACC-1' };

/** Every query of the applicant and spouse answered (wages by TAX, a deposit), everything else empty. */
function answerAll(except: string[] = []): VerificationCommand[] {
  const commands: VerificationCommand[] = [];
  for (const member of [IDS.applicant, IDS.spouse]) {
    for (const source of DEFAULT_SOURCES) {
      const id = rid(source, member);
      if (except.includes(id)) continue;
      commands.push(submit(id));
      const records =
        source === 'TAX' ? monthlyIncome('WAGES', member === IDS.applicant ? 150000 : 30000) : source === 'BANK_DEPOSITS' && member === IDS.applicant ? [BANK] : [];
      commands.push(result(id, records));
    }
  }
  return commands;
}

describe('opening a verification for an accepted application', () => {
  it('asks one query per consenting member and source, each carrying its consent and purpose', () => {
    const events = decided([], openCommand());
    const requested = ofType(events, 'SourceQueryRequested');
    expect(requested).toHaveLength(2 * DEFAULT_SOURCES.length);
    expect(requested[0]!.data).toEqual({
      requestId: `R1-HOUSEHOLD_REGISTRATION-${IDS.applicant}`,
      round: 1,
      memberId: IDS.applicant,
      source: 'HOUSEHOLD_REGISTRATION',
      purpose: 'INITIAL',
      consentId: IDS.consentApplicant,
      consentDocumentRef: 'doc:consent/1',
      requestedAt: T0,
    });
    expect(new Set(requested.map((e) => e.data.memberId))).toEqual(new Set([IDS.applicant, IDS.spouse]));
  });

  it('does not query a member without consent and records why', () => {
    const events = decided([], openCommand());
    expect(ofType(events, 'MemberNotQueried').map((e) => e.data)).toEqual([
      { round: 1, memberId: IDS.child, reason: 'NO_CONSENT', sources: [...DEFAULT_SOURCES] },
    ]);
    expect(ofType(events, 'SourceQueryRequested').some((e) => e.data.memberId === IDS.child)).toBe(false);
  });

  it('counts income over the twelve months before the month of acceptance', () => {
    const [, started] = decided([], openCommand());
    expect(started).toMatchObject({ type: 'VerificationRoundStarted', data: { purpose: 'INITIAL', referencePeriod: { from: '2024-03', to: '2025-02' } } });
  });

  it('leaves out the sources a consent does not cover, and does not use an expired consent', () => {
    const consents = [
      { ...CONSENTS[0]!, sources: ['TAX' as const, 'BANK_DEPOSITS' as const] },
      { ...CONSENTS[1]!, validUntil: '2025-01-31' },
    ];
    const events = decided([], openCommand({ consents }));
    expect(ofType(events, 'SourceQueryRequested').map((e) => e.data.requestId)).toEqual([rid('TAX'), rid('BANK_DEPOSITS')]);
    const notQueried = ofType(events, 'MemberNotQueried').map((e) => [e.data.memberId, e.data.reason, e.data.sources.length]);
    expect(notQueried).toEqual([
      [IDS.applicant, 'SOURCE_NOT_IN_CONSENT_SCOPE', 8],
      [IDS.spouse, 'CONSENT_EXPIRED', 10],
      [IDS.child, 'NO_CONSENT', 10],
    ]);
  });

  it('queries an obliged supporter living apart, but not a person outside the household', () => {
    const members = [
      ...MEMBERS,
      { memberId: 'supporter', name: '张父', residentId: '440305195501011234', inHousehold: false, exclusionReason: 'OBLIGED_SUPPORTER_LIVING_APART' },
      { memberId: 'prisoner', name: '张某', residentId: '440305198501011236', inHousehold: false, exclusionReason: 'IMPRISONED' },
    ];
    const consents = [...CONSENTS, { ...CONSENTS[0]!, consentId: 'c-supporter', memberId: 'supporter' }];
    const events = decided([], openCommand({ members, consents }));
    expect(ofType(events, 'SourceQueryRequested').filter((e) => e.data.memberId === 'supporter')).toHaveLength(10);
    expect(ofType(events, 'MemberNotQueried').find((e) => e.data.memberId === 'prisoner')?.data.reason).toBe('NOT_IN_HOUSEHOLD');
  });

  it('changes nothing when the same acceptance arrives again', () => {
    given(decider, history(openCommand())).when(openCommand()).thenNothing();
  });

  it('completes at once, with everyone listed as not queried, when no member consented', () => {
    const events = decided([], openCommand({ consents: [] }));
    const [report] = ofType(events, 'VerificationReportCompleted');
    expect(report?.data.reportVersion).toBe(1);
    expect(report?.data.items).toEqual([]);
    expect(report?.data.membersNotQueried.map((m) => m.memberId)).toEqual([IDS.applicant, IDS.spouse, IDS.child]);
  });

  it('refuses a household that lists nobody', () => {
    given(decider, []).when(openCommand({ members: [] })).thenThrows('invalid_input');
  });
});

describe('submitting queries to the platform', () => {
  const past = history(openCommand());

  it('records a submission as the next attempt', () => {
    given(decider, past)
      .when(submit(rid('TAX')))
      .then([
        {
          type: 'SourceQuerySubmitted',
          data: { requestId: rid('TAX'), attempt: 1, submissionId: `sub-${rid('TAX')}-1`, submittedAt: at(1), answerDueAt: at(61) },
        },
      ]);
  });

  it('changes nothing when the same submission is recorded twice', () => {
    given(decider, history(openCommand(), submit(rid('TAX'))))
      .when(submit(rid('TAX')))
      .thenNothing();
  });

  it('refuses to submit a query that is already out', () => {
    given(decider, history(openCommand(), submit(rid('TAX'))))
      .when({ ...submit(rid('TAX'), 2), data: { ...(submit(rid('TAX'), 2).data as object), submissionId: 'other' } } as VerificationCommand)
      .thenThrows('request_not_awaiting_submission');
  });

  it('refuses an unknown query', () => {
    given(decider, past).when(submit('R1-TAX-nobody')).thenThrows('request_not_found');
  });
});

describe('answers from the platform', () => {
  const opened = history(openCommand(), submit(rid('TAX')));

  it('keeps the query open after a partial answer', () => {
    const events = history(openCommand(), submit(rid('TAX')), result(rid('TAX'), monthlyIncome('WAGES', 150000).slice(0, 6), { complete: false }));
    const state = stateOf(events);
    expect(state.requests[rid('TAX')]!.status).toBe('PARTIAL');
    expect(state.requests[rid('TAX')]!.items).toHaveLength(6);
  });

  it('completes the query when the late rest of the answer arrives, counting no month twice', () => {
    const past = history(openCommand(), submit(rid('TAX')), result(rid('TAX'), monthlyIncome('WAGES', 150000).slice(0, 6), { complete: false, minute: 5 }));
    const events = decided(past, result(rid('TAX'), monthlyIncome('WAGES', 150000).slice(4), { minute: 300 }));
    const state = stateOf([...past, ...events]);
    expect(state.requests[rid('TAX')]!.status).toBe('ANSWERED');
    expect(state.requests[rid('TAX')]!.items).toHaveLength(12);
  });

  it('changes nothing when the same answer is delivered again', () => {
    const past = history(openCommand(), submit(rid('TAX')), result(rid('TAX'), [BANK].map((b) => ({ ...b, kind: 'WAGES', category: 'INCOME' as const, period: { from: '2024-03', to: '2025-02' }, asOf: undefined }))));
    given(decider, past).when(result(rid('TAX'), [])).thenNothing();
  });

  it('refuses an answer naming a submission that was never made', () => {
    given(decider, opened)
      .when({ ...result(rid('TAX'), []), data: { ...(result(rid('TAX'), []).data as object), submissionId: 'forged' } } as VerificationCommand)
      .thenThrows('submission_not_found');
  });

  it('refuses a record that cannot be used, naming the field', () => {
    const err = given(decider, opened)
      .when(result(rid('TAX'), [{ category: 'INCOME', kind: 'WAGES', valueFen: 100 }]))
      .thenThrows<Error & { field?: string }>('invalid_record');
    expect(err.field).toBe('records[0].period');
  });

  it('refuses money that is not a whole number of fen', () => {
    given(decider, opened)
      .when(result(rid('TAX'), [{ category: 'INCOME', kind: 'WAGES', valueFen: 100.5, period: { from: '2024-03', to: '2024-03' } }]))
      .thenThrows('invalid_record');
  });
});

describe('failures, retries and manual tasks', () => {
  it('retries a failed query after an exponential back-off', () => {
    const past = history(openCommand(), submit(rid('TAX')));
    given(decider, past)
      .when(failure(rid('TAX'), 1, 'PLATFORM_ERROR', 2))
      .then([{ type: 'SourceQueryFailed', data: { requestId: rid('TAX'), attempt: 1, failure: 'PLATFORM_ERROR', failedAt: at(2), retryAt: '2025-03-04T10:03:00.000+08:00' } }]);
    const past2 = history(openCommand(), submit(rid('TAX')), failure(rid('TAX'), 1, 'PLATFORM_ERROR', 2), submit(rid('TAX'), 2, 3));
    const [second] = decided(past2, failure(rid('TAX'), 2, 'PLATFORM_ERROR', 4));
    expect(second).toMatchObject({ data: { attempt: 2, retryAt: '2025-03-04T10:06:00.000+08:00' } });
  });

  it('hands the query to an officer (信函索证) once the retry budget is spent', () => {
    const past = history(
      openCommand(),
      submit(rid('HOUSING_FUND', IDS.spouse), 1, 1),
      failure(rid('HOUSING_FUND', IDS.spouse), 1, 'TIMEOUT', 61),
      submit(rid('HOUSING_FUND', IDS.spouse), 2, 62),
      failure(rid('HOUSING_FUND', IDS.spouse), 2, 'TIMEOUT', 122),
      submit(rid('HOUSING_FUND', IDS.spouse), 3, 125),
    );
    const events = decided(past, failure(rid('HOUSING_FUND', IDS.spouse), 3, 'TIMEOUT', 185));
    expect(events.map((e) => e.type)).toEqual(['SourceQueryFailed', 'ManualVerificationTaskOpened']);
    expect(events[1]!.data).toMatchObject({
      taskId: `${rid('HOUSING_FUND', IDS.spouse)}-M1`,
      memberId: IDS.spouse,
      source: 'HOUSING_FUND',
      reason: 'PLATFORM_TIMEOUT',
      dueOn: '2025-03-11', // Tuesday 4 March + 5 working days
      caseNumber: IDS.caseNumber,
      purpose: 'INITIAL',
      outstanding: [{ memberId: IDS.spouse, source: 'HOUSING_FUND' }],
    });
  });

  it('hands a source the platform does not cover to an officer at once', () => {
    const events = decided(history(openCommand(), submit(rid('SECURITIES'))), failure(rid('SECURITIES'), 1, 'SOURCE_NOT_COVERED', 2));
    expect(events.map((e) => e.type)).toEqual(['SourceQueryFailed', 'ManualVerificationTaskOpened']);
    expect(events[1]!.data).toMatchObject({ reason: 'SOURCE_NOT_COVERED' });
  });

  it('hands a source the platform is configured not to cover to an officer without submitting it', () => {
    const events = decided(history(openCommand()), failure(rid('SECURITIES'), 0, 'SOURCE_NOT_COVERED', 1));
    expect(events.map((e) => e.type)).toEqual(['SourceQueryFailed', 'ManualVerificationTaskOpened']);
  });

  it('ignores the failure of an attempt that is no longer the current one', () => {
    const past = history(openCommand(), submit(rid('TAX')), failure(rid('TAX'), 1, 'PLATFORM_ERROR', 2), submit(rid('TAX'), 2, 3));
    given(decider, past).when(failure(rid('TAX'), 1, 'TIMEOUT', 61)).thenNothing();
  });

  it('takes a late platform answer even after the task was opened, and cancels the task', () => {
    const past = history(openCommand(), submit(rid('SECURITIES')), failure(rid('SECURITIES'), 1, 'SOURCE_NOT_COVERED', 2));
    const events = decided(past, result(rid('SECURITIES'), [], { minute: 600 }));
    expect(events.map((e) => e.type)).toEqual(['SourceResultReceived', 'ManualVerificationTaskCancelled']);
    expect(events[1]!.data).toMatchObject({ reason: 'ANSWERED_BY_PLATFORM' });
  });
});

describe('completing a manual task', () => {
  const taskId = `${rid('HOUSING_FUND', IDS.spouse)}-M1`;
  const withTask = () =>
    history(openCommand(), ...answerAll([rid('HOUSING_FUND', IDS.spouse)]), submit(rid('HOUSING_FUND', IDS.spouse)), {
      type: 'RecordQueryFailure',
      data: { requestId: rid('HOUSING_FUND', IDS.spouse), attempt: 1, failure: 'MEMBER_NOT_FOUND', retry: RETRY, manualTaskDueOn: dueIn5WorkingDays(at(70)) },
      metadata: meta(at(70), PLATFORM),
    });
  const complete = (over: Partial<{ outcome: 'FIGURES_ENTERED' | 'NOT_OBTAINABLE'; records: SourceRecord[]; documentRef: string; note: string }> = {}): VerificationCommand => ({
    type: 'CompleteManualTask',
    data: {
      taskId,
      outcome: over.outcome ?? 'FIGURES_ENTERED',
      records: over.records ?? [{ category: 'ASSET', kind: 'HOUSING_FUND', valueFen: 1234500, asOf: '2025-03-06' }],
      documentRef: over.documentRef ?? 'doc:letter/2025/0042',
      ...(over.note ? { note: over.note } : {}),
    },
    metadata: meta(at(3000), OFFICER),
  });

  it('takes the figures an officer entered with the document, and the report is then complete', () => {
    const events = decided(withTask(), complete());
    expect(events.map((e) => e.type)).toEqual(['ManualVerificationTaskCompleted', 'VerificationReportCompleted']);
    const report = ofType(events, 'VerificationReportCompleted')[0]!.data;
    const manual = report.items.find((i) => i.source === 'HOUSING_FUND' && i.memberId === IDS.spouse);
    expect(manual).toMatchObject({ origin: 'MANUAL', evidenceRef: 'doc:letter/2025/0042', valueFen: 1234500, consentId: IDS.consentSpouse });
    expect(report.facts.assetTotals).toEqual([
      { kind: 'BANK_DEPOSIT', memberIds: [IDS.applicant], totalFen: 862011 },
      { kind: 'HOUSING_FUND', memberIds: [IDS.spouse], totalFen: 1234500 },
    ]);
  });

  it('lists a source the officer could not establish as unanswered', () => {
    const events = decided(withTask(), complete({ outcome: 'NOT_OBTAINABLE', records: [], note: '公积金中心未回函' }));
    const report = ofType(events, 'VerificationReportCompleted')[0]!.data;
    expect(report.unansweredSources).toEqual([{ memberId: IDS.spouse, source: 'HOUSING_FUND', reason: 'NOT_SHARED_BY_REGISTRY' }]);
  });

  it('refuses figures without the document they come from', () => {
    given(decider, withTask()).when(complete({ documentRef: ' ' })).thenThrows('invalid_input');
  });

  it('changes nothing when the same completion is sent twice, and refuses a different one', () => {
    const past = [...withTask(), ...decided(withTask(), complete())];
    given(decider, past).when(complete()).thenNothing();
    given(decider, past).when(complete({ documentRef: 'doc:other' })).thenThrows('task_already_completed');
  });

  it('refuses an unknown task', () => {
    given(decider, withTask()).when({ ...complete(), data: { ...(complete().data as object), taskId: 'nope' } } as VerificationCommand).thenThrows('task_not_found');
  });
});

describe('the report', () => {
  it('is complete as version 1 when every query is answered, with the facts and nothing judged', () => {
    const past = history(openCommand(), ...answerAll());
    const state = stateOf(past);
    expect(state.reports).toHaveLength(1);
    const report = state.reports[0]!;
    expect(report).toMatchObject({ reportVersion: 1, purpose: 'INITIAL', caseId: IDS.caseId, referencePeriod: { from: '2024-03', to: '2025-02' } });
    expect(report.facts.monthlyIncome).toEqual([
      { memberId: IDS.applicant, type: 'WAGES', totalFen: 1800000, months: 12, monthlyAverageFen: 150000 },
      { memberId: IDS.spouse, type: 'WAGES', totalFen: 360000, months: 12, monthlyAverageFen: 30000 },
    ]);
    expect(report.membersNotQueried).toEqual([{ memberId: IDS.child, reason: 'NO_CONSENT', sources: [...DEFAULT_SOURCES] }]);
    expect(openRound(state)).toBeUndefined();
  });

  it('says what is still outstanding while queries are out', () => {
    const state = stateOf(history(openCommand(), ...answerAll([rid('TAX', IDS.spouse)])));
    const waiting = outstanding(state, 1);
    expect(waiting.awaitingPlatform.map((r) => r.requestId)).toEqual([rid('TAX', IDS.spouse)]);
    expect(state.reports).toHaveLength(0);
  });

  it('ignores an answer that arrives after the report is complete', () => {
    const past = history(openCommand(), ...answerAll());
    given(decider, past).when(result(rid('TAX'), [], { resultId: 'very-late' })).thenNothing();
  });
});

describe('objections', () => {
  const complete = () => history(openCommand(), ...answerAll());
  const objection = (over: Partial<{ reportVersion: number; evidenceRefs: string[]; memberId: string; source: 'TAX' }> = {}): VerificationCommand => ({
    type: 'FileObjection',
    data: {
      objectionId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      reportVersion: over.reportVersion ?? 1,
      items: [{ memberId: over.memberId ?? IDS.applicant, source: over.source ?? 'TAX', kind: 'WAGES', note: '已离职' }],
      reason: '2024 年 9 月起已离职，无工资收入',
      evidenceRefs: over.evidenceRefs ?? ['doc:objection/2025/0007'],
      raisedOn: '2025-03-10',
      manualTaskDueOn: dueIn5WorkingDays('2025-03-10T09:00:00.000+08:00'),
    },
    metadata: meta('2025-03-10T09:00:00.000+08:00', OFFICER),
  });
  const recheck = rid('TAX', IDS.applicant, 2);

  it('re-checks the objected source with purpose OBJECTION', () => {
    const events = decided(complete(), objection());
    expect(events.map((e) => e.type)).toEqual(['VerificationObjectionFiled', 'VerificationRoundStarted', 'SourceQueryRequested']);
    expect(events[2]!.data).toMatchObject({ requestId: recheck, purpose: 'OBJECTION', consentId: IDS.consentApplicant });
  });

  it('publishes a corrected report version 2 when the re-check changes the figures, and keeps version 1', () => {
    const past = history(...[], openCommand(), ...answerAll(), objection(), submit(recheck, 1, 10));
    const events = decided(past, result(recheck, monthlyIncome('WAGES', 150000, '2024-03', 6), { minute: 20 }));
    expect(events.map((e) => e.type)).toEqual(['SourceResultReceived', 'VerificationReportCompleted', 'VerificationObjectionResolved']);
    const state = stateOf([...past, ...events]);
    expect(state.reports.map((r) => r.reportVersion)).toEqual([1, 2]);
    expect(state.reports[0]!.facts.monthlyIncome[0]!.totalFen).toBe(1800000);
    expect(state.reports[1]).toMatchObject({ purpose: 'OBJECTION', objectionId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' });
    expect(state.reports[1]!.facts.monthlyIncome[0]).toEqual({ memberId: IDS.applicant, type: 'WAGES', totalFen: 900000, months: 12, monthlyAverageFen: 75000 });
    expect(events[2]!.data).toMatchObject({
      outcome: 'UPHELD',
      correctedReportVersion: 2,
      correctedItems: [{ memberId: IDS.applicant, source: 'TAX', kind: 'WAGES', previousValueFen: 1800000, correctedValueFen: 900000 }],
      raisedOn: '2025-03-10',
    });
  });

  it('partly upholds an objection when only some re-checked sources change, counting the reference period only', () => {
    const two: VerificationCommand = {
      ...objection(),
      data: {
        ...(objection().data as object),
        items: [
          { memberId: IDS.applicant, source: 'TAX', kind: 'WAGES' },
          { memberId: IDS.applicant, source: 'BANK_DEPOSITS' },
        ],
      },
    } as VerificationCommand;
    const bankRecheck = rid('BANK_DEPOSITS', IDS.applicant, 2);
    // The re-check answers one month before the period too (2024-02): it must not count.
    const wages = [...monthlyIncome('WAGES', 999999, '2024-02', 1), ...monthlyIncome('WAGES', 100000)];
    const past = history(openCommand(), ...answerAll(), two, submit(recheck, 1, 10), submit(bankRecheck, 1, 10), result(bankRecheck, [BANK], { minute: 15 }));
    const events = decided(past, result(recheck, wages, { minute: 20 }));
    const resolved = ofType(events, 'VerificationObjectionResolved')[0]!.data;
    expect(resolved).toMatchObject({
      outcome: 'PARTIALLY_UPHELD',
      correctedReportVersion: 2,
      correctedItems: [{ memberId: IDS.applicant, source: 'TAX', kind: 'WAGES', previousValueFen: 1800000, correctedValueFen: 1200000 }],
    });
  });

  it('rejects the objection, with no new version, when the re-check confirms the figures', () => {
    const past = history(openCommand(), ...answerAll(), objection(), submit(recheck, 1, 10));
    const events = decided(past, result(recheck, monthlyIncome('WAGES', 150000), { minute: 20 }));
    expect(events.map((e) => e.type)).toEqual(['SourceResultReceived', 'VerificationObjectionResolved']);
    expect(events[1]!.data).toMatchObject({ outcome: 'REJECTED', correctedItems: [] });
    expect(stateOf([...past, ...events]).reports).toHaveLength(1);
  });

  it('refuses an objection without evidence', () => {
    given(decider, complete()).when(objection({ evidenceRefs: [] })).thenThrows('objection_needs_evidence');
  });

  it('refuses an objection to a version that is not the current one', () => {
    given(decider, complete()).when(objection({ reportVersion: 2 })).thenThrows('report_not_current');
  });

  it('refuses an objection before there is a report', () => {
    given(decider, history(openCommand())).when(objection()).thenThrows('no_report_yet');
  });

  it('refuses an objection about a member who was not queried', () => {
    given(decider, complete()).when(objection({ memberId: IDS.child })).thenThrows('item_not_in_report');
  });

  it('re-checks by hand when the consent does not cover an objection re-check', () => {
    const consents = CONSENTS.map((c) => ({ ...c, purposes: ['INITIAL' as const] }));
    const past = history(openCommand({ consents }), ...answerAll());
    const events = decided(past, objection());
    expect(events.map((e) => e.type)).toEqual(['VerificationObjectionFiled', 'VerificationRoundStarted', 'SourceQueryRequested', 'ManualVerificationTaskOpened']);
    expect(events[3]!.data).toMatchObject({ purpose: 'OBJECTION', reason: 'OTHER' });
  });
});

describe('re-verification (recertification)', () => {
  const request = (id = 'd4e5f6a7-b8c9-4d0e-9f1a-3b4c5d6e7f8a'): VerificationCommand => ({
    type: 'RequestReverification',
    data: {
      verificationId: IDS.verificationId,
      reverificationRequestId: id,
      caseId: IDS.caseId,
      caseNumber: IDS.caseNumber,
      jurisdiction: IDS.jurisdiction,
      members: MEMBERS.slice(0, 2),
      consents: CONSENTS,
      sources: ['TAX', 'BANK_DEPOSITS'],
      referencePeriod: { from: '2024-10', to: '2025-09' },
      dueOn: '2025-10-17',
    },
    metadata: meta('2025-10-08T09:00:00.000+08:00'),
  });

  it('starts a RECERTIFICATION round over the period follow-up names', () => {
    const events = decided(history(openCommand(), ...answerAll()), request());
    expect(events[0]).toMatchObject({ type: 'VerificationRoundStarted', data: { round: 2, purpose: 'RECERTIFICATION', referencePeriod: { from: '2024-10', to: '2025-09' } } });
    expect(ofType(events, 'SourceQueryRequested').map((e) => e.data.requestId)).toEqual([
      rid('TAX', IDS.applicant, 2),
      rid('BANK_DEPOSITS', IDS.applicant, 2),
      rid('TAX', IDS.spouse, 2),
      rid('BANK_DEPOSITS', IDS.spouse, 2),
    ]);
  });

  it('yields report version 2 and keeps version 1', () => {
    const answers = [IDS.applicant, IDS.spouse].flatMap((m) =>
      (['TAX', 'BANK_DEPOSITS'] as const).flatMap((s) => [submit(rid(s, m, 2), 1, 10), result(rid(s, m, 2), [], { minute: 20 })]),
    );
    const state = stateOf(history(openCommand(), ...answerAll(), request(), ...answers));
    expect(state.reports.map((r) => [r.reportVersion, r.purpose])).toEqual([
      [1, 'INITIAL'],
      [2, 'RECERTIFICATION'],
    ]);
    expect(state.reports[1]!.reverificationRequestId).toBe('d4e5f6a7-b8c9-4d0e-9f1a-3b4c5d6e7f8a');
    expect(state.reports[0]!.facts.monthlyIncome).toHaveLength(2);
  });

  it('changes nothing when the same request arrives again', () => {
    given(decider, history(openCommand(), ...answerAll(), request())).when(request()).thenNothing();
  });

  it('waits for the round in progress, then starts by itself', () => {
    const past = history(openCommand(), ...answerAll([rid('TAX', IDS.spouse)]));
    const queued = decided(past, request());
    expect(queued.map((e) => e.type)).toEqual(['ReverificationQueued']);
    const events = decided([...past, ...queued], { ...(submit(rid('TAX', IDS.spouse)) as VerificationCommand) });
    const after = [...past, ...queued, ...events];
    const done = decided(after, result(rid('TAX', IDS.spouse), []));
    expect(done.map((e) => e.type).slice(0, 3)).toEqual(['SourceResultReceived', 'VerificationReportCompleted', 'VerificationRoundStarted']);
    expect(ofType(done, 'VerificationRoundStarted')[0]!.data.purpose).toBe('RECERTIFICATION');
  });

  it('opens the verification when the case was never seen before', () => {
    const events = decided([], request());
    expect(events[0]).toMatchObject({ type: 'VerificationOpened', data: { caseId: IDS.caseId } });
  });
});

describe('withdrawal of the application', () => {
  it('cancels open manual tasks and ignores answers that come later', () => {
    const past = history(openCommand(), submit(rid('SECURITIES')), failure(rid('SECURITIES'), 1, 'SOURCE_NOT_COVERED', 2), submit(rid('TAX')));
    const events = decided(past, { type: 'CancelVerification', data: { reason: 'APPLICANT_REQUEST' }, metadata: meta(at(100)) });
    expect(events.map((e) => e.type)).toEqual(['ManualVerificationTaskCancelled', 'VerificationCancelled']);
    given(decider, [...past, ...events]).when(result(rid('TAX'), [])).thenNothing();
  });

  it('changes nothing for a case never verified', () => {
    given(decider, []).when({ type: 'CancelVerification', data: { reason: 'APPLICANT_REQUEST' }, metadata: meta(T0) }).thenNothing();
  });
});

describe('every decided event evolves', () => {
  it('folds a whole life without error', () => {
    const events: VerificationEvent[] = history(openCommand(), ...answerAll());
    expect(stateOf(events).exists).toBe(true);
  });
});
