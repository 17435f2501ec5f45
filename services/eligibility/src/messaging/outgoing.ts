/**
 * Decision events of the review case → public integration events (@sa/contracts):
 * CaseApproved → AssistanceGranted (v3 when the policy sets the 追回 cap, v2 for an approval ordered on appeal), CaseRefused → AssistanceRefused, BenefitChangeDecided →
 * BenefitChanged (v5 when the change's policy sets the 追回 cap, v4 for a change an appeal caused); and the holiday calendar's HolidayCalendarPublished (stream `holidayCalendar-<year>`). Every other event is internal (null). The integration event id is the source
 * event id, so a relay restart re-publishes the same id and consumers de-duplicate on it.
 * `createIntegrationEvent` validates data and metadata against the JSON Schemas and invariants.
 */
import {
  createIntegrationEvent,
  type AnyIntegrationEvent,
  type AssistanceGrantedV1,
  type AssistanceRefusedV1,
  type AssistanceRefusedV2,
  type BenefitChangedV1,
  type BenefitChangedV2,
  type BenefitChangedV3,
  type BenefitChangedV4,
  type BenefitChangedV5,
  type EmergencyAdvanceApprovedV1,
  type ExplanationStep,
  type HolidayCalendarPublishedV1,
  type IntegrationEventMetadata,
} from '@sa/contracts';
import type { EventMetadata, RecordedEvent } from '@sa/eventstore';
import type { BenefitChangeDecided, CaseApproved, CaseAssessment, CaseMigrated, CaseRefused, EmergencyAdvanceApproved, HolidayCalendarEvent, HolidayCalendarPublished, ReviewCaseEvent, Step } from '../domain';

const MAX_DESCRIPTION = 1000;

function code(rule: string): string {
  const c = rule.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^[^A-Z]+/, '');
  return (c || 'STEP').slice(0, 64);
}

function summary(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 600 ? `${text.slice(0, 597)}...` : text;
}

/** The rule engine's steps as the contract's explanation steps (the full steps stay in the event store). */
export function explanationSteps(steps: readonly Step[]): ExplanationStep[] {
  return steps.map((s) => {
    const result = summary(s.result);
    const description = `${s.description.zh}${result ? `：${result}` : ''}`.slice(0, MAX_DESCRIPTION);
    const ruleRef = Object.keys(s.parameters)[0];
    return { code: code(s.rule), description, ...(ruleRef ? { ruleRef: ruleRef.slice(0, 128) } : {}) };
  });
}

function assessmentSteps(a: CaseAssessment | null, closing: ExplanationStep): ExplanationStep[] {
  return [...(a ? explanationSteps(a.explanation) : []), closing];
}

export function assistanceGrantedData(d: CaseApproved['data']): AssistanceGrantedV1 {
  const a = d.assessment;
  const base = {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    decisionId: d.decisionId,
    membersCovered: d.membersCovered,
    policyVersion: d.policyVersion,
    proposedBy: d.proposedBy,
    decidedBy: d.decidedBy,
    decisionAuthority: d.decisionAuthority,
    decidedOn: d.decidedOn,
    recipient: d.recipient,
    jurisdiction: d.jurisdiction,
  };
  if (d.program === 'TEMPORARY_ASSISTANCE') {
    const t = a.temporary!;
    return {
      ...base,
      program: 'TEMPORARY_ASSISTANCE',
      temporaryAssistanceType: t.assistanceType,
      instalments: t.instalments,
      totalAmountFen: t.grantableFen,
      startMonth: d.startMonth,
      explanation: assessmentSteps(a, { code: 'TOTAL_AMOUNT', description: '临时救助金额', amountFen: t.grantableFen }),
    };
  }
  return {
    ...base,
    program: d.program,
    coverage: a.coverage,
    baseAmountFen: a.baseAmountFen,
    supplements: a.supplements,
    monthlyAmountFen: a.monthlyAmountFen,
    startMonth: d.startMonth,
    ...(a.selfCareLevel ? { selfCareLevel: a.selfCareLevel } : {}),
    assessment: {
      benefitMethod: a.benefitMethod,
      subsistenceStandardFen: a.subsistenceStandardFen,
      householdSize: a.householdSize,
      householdMonthlyIncomeFen: a.householdMonthlyIncomeFen,
      perCapitaMonthlyIncomeFen: a.perCapitaMonthlyIncomeFen,
    },
    reviewClass: a.reviewClass,
    reviewIntervalMonths: a.reviewIntervalMonths,
    explanation: assessmentSteps(a, { code: 'MONTHLY_AMOUNT', description: '月保障金额', amountFen: a.monthlyAmountFen }),
  };
}

/**
 * A migrated case as AssistanceGranted: the benefit in force from the ledger, from `startMonth`.
 * The ledger's approver is not known: `proposedBy` names the source ledger (file digest), `decidedBy`
 * the officer who imported it; the explanation names the file and rows.
 */
export function migratedGrantData(d: CaseMigrated['data']): AssistanceGrantedV1 {
  const size = d.household.members.filter((m) => m.included).length;
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    decisionId: d.decisionId,
    membersCovered: d.membersCovered,
    policyVersion: d.policyVersion,
    proposedBy: { id: `ledger:${d.source.fileDigest.slice(0, 16)}`, role: 'legacy_ledger', jurisdiction: d.jurisdiction },
    decidedBy: d.importedBy,
    decisionAuthority: 'COUNTY',
    decidedOn: d.decidedOn,
    recipient: d.recipient,
    jurisdiction: d.jurisdiction,
    program: d.program,
    coverage: 'HOUSEHOLD',
    baseAmountFen: d.monthlyAmountFen,
    supplements: [],
    monthlyAmountFen: d.monthlyAmountFen,
    startMonth: d.startMonth,
    ...(d.selfCareLevel ? { selfCareLevel: d.selfCareLevel } : {}),
    assessment: {
      benefitMethod: 'GAP',
      subsistenceStandardFen: d.subsistenceStandardFen,
      householdSize: size,
      householdMonthlyIncomeFen: d.perCapitaMonthlyIncomeFen * size,
      perCapitaMonthlyIncomeFen: d.perCapitaMonthlyIncomeFen,
    },
    reviewClass: d.reviewClass,
    reviewIntervalMonths: d.reviewIntervalMonths,
    explanation: [
      {
        code: 'MIGRATED',
        description: `由原台账迁入：文件 ${d.source.fileName}（SHA-256 ${d.source.fileDigest}）第 ${d.source.rows.join('、')} 行；原批准日期 ${d.decidedOn}`.slice(0, MAX_DESCRIPTION),
      },
      { code: 'MONTHLY_AMOUNT', description: '月保障金额（原台账）', amountFen: d.monthlyAmountFen },
    ],
  };
}

/** v1 data: the notice due date is known. */
export function assistanceRefusedData(d: CaseRefused['data'] & { noticeDueOn: string }): AssistanceRefusedV1 {
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    decisionId: d.decisionId,
    program: d.program,
    ...(d.program === 'TEMPORARY_ASSISTANCE' && d.temporaryAssistanceType ? { temporaryAssistanceType: d.temporaryAssistanceType } : {}),
    reasons: d.reasons,
    explanation: assessmentSteps(d.assessment, { code: 'REFUSAL', description: `不予批准：${d.reasons.map((r) => r.description).join('；')}`.slice(0, MAX_DESCRIPTION) }),
    policyVersion: d.policyVersion,
    proposedBy: d.proposedBy,
    decidedBy: d.decidedBy,
    decisionAuthority: d.decisionAuthority,
    decidedOn: d.decidedOn,
    noticeDueOn: d.noticeDueOn,
    jurisdiction: d.jurisdiction,
  };
}

/** v2 data: the notice due date is open because the holiday schedule of `calendarMissing` is missing. */
export function assistanceRefusedOpenData(d: CaseRefused['data']): AssistanceRefusedV2 {
  const v1 = assistanceRefusedData({ ...d, noticeDueOn: d.decidedOn });
  const year = d.calendarMissing ?? Number(d.decidedOn.slice(0, 4)) + 1;
  return { ...v1, noticeDueOn: null, calendarMissing: year };
}

const CHANGE_LABELS: Record<BenefitChangeDecided['data']['changeType'], string> = {
  INCREASE: '增发',
  DECREASE: '减发',
  TAPER: '渐退',
  SUSPENSION: '暂停发放',
  TERMINATION: '停保',
  RESUMPTION: '恢复发放',
};

/** v2 data: the written notice is needed but its date is open (holiday schedule of `calendarMissing` missing). */
/** BenefitChanged v3: who proposed the change, and the written-notice date (null while its calendar year is missing). */
export function benefitChangedV3Data(d: BenefitChangeDecided['data']): BenefitChangedV3 {
  const open = d.writtenNoticeDueOn === null && typeof d.calendarMissing === 'number';
  return { ...(open ? benefitChangedOpenData(d) : benefitChangedData(d)), proposedBy: d.proposedBy };
}

/** v4: a change an appeal caused — v3 with trigger APPEAL (refId: the appeal) and the appeal (stored events keep their recorded trigger). */
export function benefitChangedV4Data(d: BenefitChangeDecided['data'] & { appeal: NonNullable<BenefitChangeDecided['data']['appeal']> }): BenefitChangedV4 {
  const { kind: _k, refId: _r, ...trigger } = d.trigger;
  return { ...benefitChangedV3Data(d), trigger: { ...trigger, kind: 'APPEAL', refId: d.appeal.appealId }, appeal: { ...d.appeal } };
}

/** v5: v3 (v4 when an appeal caused the change) plus the 追回 cap of the policy the change was decided under. */
export function benefitChangedV5Data(d: BenefitChangeDecided['data'] & { overpaymentRecovery: NonNullable<BenefitChangeDecided['data']['overpaymentRecovery']> }): BenefitChangedV5 {
  const base = d.appeal ? benefitChangedV4Data({ ...d, appeal: d.appeal }) : benefitChangedV3Data(d);
  return { ...base, overpaymentRecovery: { monthlyCapPercent: d.overpaymentRecovery.monthlyCapPercent } };
}

export function benefitChangedOpenData(d: BenefitChangeDecided['data']): BenefitChangedV2 {
  return { ...benefitChangedData(d), writtenNoticeDueOn: null, calendarMissing: d.calendarMissing! };
}

export function benefitChangedData(d: BenefitChangeDecided['data']): BenefitChangedV1 {
  const closing: ExplanationStep = {
    code: d.changeType,
    description: `${CHANGE_LABELS[d.changeType]}：${d.reason.description}`.slice(0, MAX_DESCRIPTION),
    ...(d.monthlyAmountFen !== null ? { amountFen: d.monthlyAmountFen } : {}),
    ...(d.changeType === 'TAPER' ? { ruleRef: 'taperSchedule' } : {}),
  };
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    decisionId: d.decisionId,
    program: d.program,
    changeType: d.changeType,
    effectiveMonth: d.effectiveMonth,
    previousMonthlyAmountFen: d.previousMonthlyAmountFen,
    ...(d.monthlyAmountFen !== null ? { monthlyAmountFen: d.monthlyAmountFen } : {}),
    ...(d.taperSchedule ? { taperSchedule: d.taperSchedule } : {}),
    ...(d.membersCovered ? { membersCovered: d.membersCovered } : {}),
    ...(d.supplements ? { supplements: d.supplements } : {}),
    reason: d.reason,
    trigger: d.trigger,
    explanation: assessmentSteps(d.assessment, closing),
    policyVersion: d.policyVersion,
    decidedBy: d.decidedBy,
    decidedOn: d.decidedOn,
    ...(d.writtenNoticeDueOn ? { writtenNoticeDueOn: d.writtenNoticeDueOn } : {}),
    ...(d.reviewClass ? { reviewClass: d.reviewClass } : {}),
    ...(d.reviewIntervalMonths ? { reviewIntervalMonths: d.reviewIntervalMonths } : {}),
    jurisdiction: d.jurisdiction,
  };
}

export function emergencyAdvanceApprovedData(d: EmergencyAdvanceApproved['data']): EmergencyAdvanceApprovedV1 {
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    advanceId: d.advanceId,
    amountFen: d.amountFen,
    advanceLimitFen: d.advanceLimitFen,
    policyVersion: d.policyVersion,
    paperworkWorkingDays: d.paperworkWorkingDays,
    recipient: d.recipient,
    reason: d.reason.slice(0, 500),
    approvedBy: d.approvedBy,
    approvedOn: d.approvedOn,
    jurisdiction: d.jurisdiction,
  };
}

export function holidayCalendarPublishedData(d: HolidayCalendarPublished['data']): HolidayCalendarPublishedV1 {
  return {
    calendarId: d.calendarId,
    year: d.year,
    version: d.version,
    supersedesVersion: d.supersedesVersion,
    holidays: d.holidays,
    makeUpWorkdays: d.makeUpWorkdays,
    source: d.source,
    ...(d.reason ? { reason: d.reason } : {}),
    publishedOn: d.publishedOn,
    publishedBy: d.publishedBy,
  };
}

function metadataOf(m: EventMetadata): IntegrationEventMetadata {
  return {
    correlationId: m.correlationId,
    causationId: m.causationId,
    actor: { id: m.actor.id, role: m.actor.role, jurisdiction: m.actor.jurisdiction },
    ...(m.reason ? { reason: m.reason } : {}),
    ...(m.evidenceRefs && m.evidenceRefs.length > 0 ? { evidenceRefs: m.evidenceRefs } : {}),
    ...(m.policyVersion ? { policyVersion: m.policyVersion } : {}),
  };
}

/** The public event of one recorded review-case event, validated against its contract; null if internal. */
export function toIntegrationEvent(recorded: Pick<RecordedEvent, 'eventId' | 'type' | 'data' | 'metadata'>): AnyIntegrationEvent | null {
  const event = { type: recorded.type, data: recorded.data } as ReviewCaseEvent | HolidayCalendarEvent;
  const options = { id: recorded.eventId, time: recorded.metadata.occurredAt, metadata: metadataOf(recorded.metadata) };
  switch (event.type) {
    case 'CaseApproved':
      // AssistanceGranted v3 when the decision's policy sets the 追回 cap (v2 + overpaymentRecovery, the appeal too if any);
      // v2 only for an approval ordered on appeal (start month possibly in the past); v1 otherwise.
      if (event.data.overpaymentRecovery && event.data.program !== 'TEMPORARY_ASSISTANCE') {
        const data = { ...assistanceGrantedData(event.data), ...(event.data.appeal ? { appeal: event.data.appeal } : {}), overpaymentRecovery: event.data.overpaymentRecovery };
        // createIntegrationEvent is typed by the current version (1); the data is validated against v3's schema at runtime.
        return createIntegrationEvent('AssistanceGranted', data as unknown as AssistanceGrantedV1, { ...options, schemaVersion: 3 });
      }
      return event.data.appeal && event.data.program !== 'TEMPORARY_ASSISTANCE'
        ? // createIntegrationEvent is typed by the current version (1); the data is validated against v2's schema at runtime.
          createIntegrationEvent('AssistanceGranted', { ...assistanceGrantedData(event.data), appeal: event.data.appeal } as unknown as AssistanceGrantedV1, { ...options, schemaVersion: 2 })
        : createIntegrationEvent('AssistanceGranted', assistanceGrantedData(event.data), options);
    case 'CaseRefused':
      // AssistanceRefused v2 only while the notice date is open; v1 otherwise (consumers of v1 unaffected).
      return event.data.noticeDueOn === null
        ? // createIntegrationEvent is typed by the current version (1); the data is validated against v2's schema at runtime.
          createIntegrationEvent('AssistanceRefused', assistanceRefusedOpenData(event.data) as unknown as AssistanceRefusedV1, { ...options, schemaVersion: 2 })
        : createIntegrationEvent('AssistanceRefused', assistanceRefusedData({ ...event.data, noticeDueOn: event.data.noticeDueOn }), options);
    case 'BenefitChangeDecided':
      // BenefitChanged v3 (current): v2's open notice date while the calendar is missing, plus proposedBy;
      // v4 for a change an appeal's outcome caused (trigger APPEAL + the appeal);
      // v5 (v3 or v4 + overpaymentRecovery) when the policy the change was decided under sets the 追回 cap.
      if (event.data.overpaymentRecovery) {
        // createIntegrationEvent is typed by the current version (3); the data is validated against v5's schema at runtime.
        return createIntegrationEvent('BenefitChanged', benefitChangedV5Data({ ...event.data, overpaymentRecovery: event.data.overpaymentRecovery }) as unknown as BenefitChangedV3, {
          ...options,
          schemaVersion: 5,
        });
      }
      return event.data.appeal
        ? // createIntegrationEvent is typed by the current version (3); the data is validated against v4's schema at runtime.
          createIntegrationEvent('BenefitChanged', benefitChangedV4Data({ ...event.data, appeal: event.data.appeal }) as unknown as BenefitChangedV3, { ...options, schemaVersion: 4 })
        : createIntegrationEvent('BenefitChanged', benefitChangedV3Data(event.data), options);
    case 'EmergencyAdvanceApproved':
      return createIntegrationEvent('EmergencyAdvanceApproved', emergencyAdvanceApprovedData(event.data), options);
    case 'CaseMigrated':
      return createIntegrationEvent('AssistanceGranted', migratedGrantData(event.data), options);
    case 'HolidayCalendarPublished':
      return createIntegrationEvent('HolidayCalendarPublished', holidayCalendarPublishedData(event.data), options);
    default:
      return null;
  }
}
