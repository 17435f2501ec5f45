import { fold, given, run } from '@sa/decider';
import { isLeadOverdue, LeadCommand, LeadEvent, leadDecider } from '../../src/domain';
import { ManagedWorkingDayCalendar } from '@sa/time';
import { leadDueOn } from '../../src/leads/shared/lead-due-dates';
import { COMMUNITY, IDS, LATER, NOW, OFFICER, OUTSIDER, withWrongCheckDigit } from '../support/fixtures';

const LEAD_ID = '7a1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const RESERVED_CASE_ID = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';

const report = (overrides: Partial<Extract<LeadCommand, { type: 'ReportLead' }>['data']> = {}, actor = OFFICER): LeadCommand => ({
  type: 'ReportLead',
  data: {
    leadId: LEAD_ID,
    reservedCaseId: RESERVED_CASE_ID,
    source: 'GRID_WORKER',
    sourceRef: 'grid-07',
    jurisdiction: COMMUNITY,
    subject: { name: '赵大爷', residentId: IDS.supporter, address: '北山街道某社区3幢' },
    reporter: { name: '网格员小周', gridId: 'grid-07' },
    hardships: ['ELDERLY_LIVING_ALONE', 'ILLNESS'],
    urgency: 'ROUTINE',
    suggestedProgram: 'EXTREME_POVERTY_SUPPORT',
    description: '独居老人，近期中风，无人照料',
    dueOn: '2026-03-05',
    ...overrides,
  },
  metadata: { actor, now: NOW },
});

function history(...commands: LeadCommand[]): LeadEvent[] {
  const events: LeadEvent[] = [];
  for (const c of commands) events.push(...run(leadDecider, events, c).events);
  return events;
}

describe('proactive leads (主动发现)', () => {
  it('records a lead from a grid worker with its due date, reserving a case id', () => {
    given(leadDecider, [])
      .when(report())
      .then([
        {
          type: 'LeadReported',
          data: {
            leadId: LEAD_ID,
            caseId: RESERVED_CASE_ID,
            concernsExistingCase: false,
            source: 'GRID_WORKER',
            sourceRef: 'grid-07',
            jurisdiction: COMMUNITY,
            subject: { name: '赵大爷', residentId: IDS.supporter, address: '北山街道某社区3幢' },
            reporter: { name: '网格员小周', gridId: 'grid-07' },
            hardships: ['ELDERLY_LIVING_ALONE', 'ILLNESS'],
            urgency: 'ROUTINE',
            suggestedProgram: 'EXTREME_POVERTY_SUPPORT',
            description: '独居老人，近期中风，无人照料',
            reportedOn: '2026-03-02',
            reportedAt: NOW,
            dueOn: '2026-03-05',
            reportedBy: OFFICER,
          },
        },
      ]);
  });

  it('ties a lead about a person with an open application to that case', () => {
    const [event] = run(leadDecider, [], report({ existingCase: { caseId: 'c1d2e3f4-0000-4000-8000-000000000001', caseNumber: '330106-2026-000001' } })).events;
    expect(event?.data).toMatchObject({ caseId: 'c1d2e3f4-0000-4000-8000-000000000001', concernsExistingCase: true, caseNumber: '330106-2026-000001' });
  });

  it('takes a data alert only with the alert it comes from', () => {
    given(leadDecider, []).when(report({ source: 'DATA_ALERT', sourceRef: undefined })).thenThrows('invalid_lead');
  });

  it('refuses a subject resident ID with a wrong check digit, a due date before the report, and no hardship', () => {
    let fields: string[] = [];
    try {
      run(leadDecider, [], report({ subject: { name: '赵大爷', residentId: withWrongCheckDigit(IDS.supporter), address: 'x' }, dueOn: '2026-03-01', hardships: [] }));
    } catch (e) {
      fields = (e as { violations: { field: string }[] }).violations.map((v) => v.field);
    }
    expect(fields).toEqual(['subject.residentId', 'hardships', 'dueOn']);
  });

  it("refuses a lead outside the officer's jurisdiction", () => {
    given(leadDecider, []).when(report({}, OUTSIDER)).thenThrows('outside_jurisdiction');
  });

  it('records a contact dated between the report and today', () => {
    given(leadDecider, history(report()))
      .when({ type: 'RecordLeadContact', data: { contactedOn: '2026-03-03', note: '已上门，建议申请特困' }, metadata: { actor: OFFICER, now: LATER } })
      .then([{ type: 'LeadContacted', data: { leadId: LEAD_ID, contactedOn: '2026-03-03', note: '已上门，建议申请特困', contactedBy: OFFICER } }]);
    given(leadDecider, history(report()))
      .when({ type: 'RecordLeadContact', data: { contactedOn: '2026-03-10', note: '已上门' }, metadata: { actor: OFFICER, now: LATER } })
      .thenThrows('bad_contact_date');
  });

  it('converts to the application made with the case id reserved for the lead', () => {
    given(leadDecider, history(report()))
      .when({ type: 'ConvertLeadToApplication', data: { caseId: RESERVED_CASE_ID, caseNumber: '330106-2026-000124', applicationJurisdiction: COMMUNITY }, metadata: { actor: OFFICER, now: LATER } })
      .then([
        {
          type: 'LeadConvertedToApplication',
          data: { leadId: LEAD_ID, caseId: RESERVED_CASE_ID, caseNumber: '330106-2026-000124', convertedOn: '2026-03-09', convertedBy: OFFICER },
        },
      ]);
    given(leadDecider, history(report()))
      .when({ type: 'ConvertLeadToApplication', data: { caseId: 'ffffffff-0000-4000-8000-000000000000', caseNumber: '330106-2026-000125', applicationJurisdiction: COMMUNITY }, metadata: { actor: OFFICER, now: LATER } })
      .thenThrows('wrong_case');
  });

  it('does not convert a lead about an open application', () => {
    const existing = report({ existingCase: { caseId: 'c1d2e3f4-0000-4000-8000-000000000001', caseNumber: '330106-2026-000001' } });
    given(leadDecider, history(existing))
      .when({ type: 'ConvertLeadToApplication', data: { caseId: 'c1d2e3f4-0000-4000-8000-000000000001', caseNumber: '330106-2026-000001', applicationJurisdiction: COMMUNITY }, metadata: { actor: OFFICER, now: LATER } })
      .thenThrows('lead_concerns_open_case');
  });

  it('closes a lead with a reason', () => {
    given(leadDecider, history(report()))
      .when({ type: 'CloseLead', data: { reason: 'NOT_IN_HARDSHIP', note: '子女按月给付赡养费，生活有保障' }, metadata: { actor: OFFICER, now: LATER } })
      .then([
        { type: 'LeadClosed', data: { leadId: LEAD_ID, reason: 'NOT_IN_HARDSHIP', note: '子女按月给付赡养费，生活有保障', closedOn: '2026-03-09', closedBy: OFFICER } },
      ]);
    given(leadDecider, history(report())).when({ type: 'CloseLead', data: { reason: 'OTHER', note: ' ' }, metadata: { actor: OFFICER, now: LATER } }).thenThrows('reason_required');
  });

  it('takes no further outcome once closed or converted', () => {
    const closed = history(report(), { type: 'CloseLead', data: { reason: 'DUPLICATE', note: '重复线索' }, metadata: { actor: OFFICER, now: LATER } });
    given(leadDecider, closed).when({ type: 'RecordLeadContact', data: { contactedOn: '2026-03-09', note: 'x' }, metadata: { actor: OFFICER, now: LATER } }).thenThrows('lead_resolved');
  });

  it('is overdue when no outcome is recorded after the due date, and not once contacted', () => {
    const reported = fold(leadDecider, history(report()));
    expect(isLeadOverdue(reported, '2026-03-05')).toBe(false);
    expect(isLeadOverdue(reported, '2026-03-06')).toBe(true);
    const contacted = fold(
      leadDecider,
      history(report(), { type: 'RecordLeadContact', data: { contactedOn: '2026-03-04', note: '电话联系' }, metadata: { actor: OFFICER, now: LATER } }),
    );
    expect(isLeadOverdue(contacted, '2026-03-06')).toBe(false);
  });

  it('refuses outcomes for a lead that does not exist', () => {
    given(leadDecider, []).when({ type: 'CloseLead', data: { reason: 'OTHER', note: 'x' }, metadata: { actor: OFFICER, now: LATER } }).thenThrows('lead_not_found');
  });
});

describe('a lead due date past the published calendar (暂按周一至周五推算)', () => {
  // Reported on Tuesday 2026-12-29 with 3 working days: 30 and 31 December, then 2027 — nobody has published 2027.
  const REPORTED_AT = '2026-12-29T10:00:00+08:00';
  const reportOn29 = (dueOn: string, provisional?: { calendarMissing: number; workingDays: number }): LeadCommand => ({
    ...report({ dueOn, ...(provisional ? { dueOnProvisional: provisional } : {}) }),
    metadata: { actor: OFFICER, now: REPORTED_AT },
  });
  const redate = (dueOn: string, dueOnCalendarMissing: number | null = null): LeadCommand => ({
    type: 'RedateLeadDueDate',
    data: { dueOn, dueOnCalendarMissing, calendarYear: 2027, calendarVersion: 1 },
    metadata: { actor: { id: 'system:intake-inbox', role: 'system', jurisdiction: COMMUNITY }, now: '2026-12-30T09:00:00+08:00' },
  });

  it('the shell counts Monday–Friday through 2027 and marks the date provisional; 2026 alone is not provisional', () => {
    const calendar = new ManagedWorkingDayCalendar(undefined, 'weekdays');
    expect(leadDueOn(calendar, '2026-12-29', 3)).toEqual({ dueOn: '2027-01-01', dueOnProvisional: { calendarMissing: 2027, workingDays: 3 } });
    expect(leadDueOn(calendar, '2026-12-22', 3)).toEqual({ dueOn: '2026-12-25' });
  });

  it('given no 2027 calendar, when the lead is reported on 2026-12-29, then LeadReported keeps the estimate in dueOn, marked provisional', () => {
    const [reported] = given(leadDecider, []).when(reportOn29('2027-01-01', { calendarMissing: 2027, workingDays: 3 })).then([expect.objectContaining({ type: 'LeadReported' }) as unknown as LeadEvent]);
    expect(reported!.data).toMatchObject({ reportedOn: '2026-12-29', dueOn: '2027-01-01', dueOnProvisional: true, dueOnCalendarMissing: 2027, dueWorkingDays: 3 });
    expect(fold(leadDecider, [reported!])).toMatchObject({ dueOn: '2027-01-01', dueOnProvisional: true, dueOnCalendarMissing: 2027 });
  });

  it('given a provisional lead, when 2027 is published, then it is re-dated to the real working day and no longer provisional', () => {
    const calendar = new ManagedWorkingDayCalendar(undefined, 'weekdays');
    calendar.apply({ year: 2027, version: 1, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeUpWorkdays: [] });
    expect(leadDueOn(calendar, '2026-12-29', 3)).toEqual({ dueOn: '2027-01-04' });
    const past = history(reportOn29('2027-01-01', { calendarMissing: 2027, workingDays: 3 }));
    given(leadDecider, past)
      .when(redate('2027-01-04'))
      .then([
        {
          type: 'LeadDueDateRedated',
          data: { leadId: LEAD_ID, previousDueOn: '2027-01-01', dueOn: '2027-01-04', dueOnProvisional: false, dueOnCalendarMissing: null, calendarYear: 2027, calendarVersion: 1 },
        },
      ]);
    const after = fold(leadDecider, [...past, ...run(leadDecider, past, redate('2027-01-04')).events]);
    expect(after).toMatchObject({ dueOn: '2027-01-04', dueOnProvisional: false, dueOnCalendarMissing: null });
    expect(isLeadOverdue(after, '2027-01-04')).toBe(false);
    expect(isLeadOverdue(after, '2027-01-05')).toBe(true);
  });

  it('re-dates nothing that is not provisional, resolved, or dated again the same way; refuses a date before the report', () => {
    given(leadDecider, history(report())).when(redate('2026-03-06')).thenNothing();
    const provisional = history(reportOn29('2027-01-01', { calendarMissing: 2027, workingDays: 3 }));
    const dated = [...provisional, ...run(leadDecider, provisional, redate('2027-01-04')).events];
    given(leadDecider, dated).when(redate('2027-01-04')).thenNothing();
    const closed = [...provisional, ...run(leadDecider, provisional, { type: 'CloseLead', data: { reason: 'DUPLICATE', note: '重复线索' }, metadata: { actor: OFFICER, now: '2026-12-30T10:00:00+08:00' } }).events];
    given(leadDecider, closed).when(redate('2027-01-04')).thenNothing();
    given(leadDecider, provisional).when(redate('2027-01-01', 2027)).thenNothing();
    given(leadDecider, provisional).when(redate('2026-12-28')).thenThrows('invalid_lead');
  });

  it('refuses a provisional mark without its year and working days, naming the field', () => {
    const err = given(leadDecider, []).when(reportOn29('2027-01-01', { calendarMissing: 2027.5, workingDays: 3 })).thenThrows<Error & { violations?: unknown }>('invalid_lead');
    expect(JSON.stringify(err)).toContain('dueOnProvisional');
  });
});
