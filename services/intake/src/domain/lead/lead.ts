import type { CommandBody, CommandWithMetadata, Decider } from '@sa/decider';
import { checkResidentId, normaliseResidentId } from '../resident-id';
import { IntakeRuleError, RuleViolation } from '../shared/intake-rule-error';
import { isDivisionCode, jurisdictionCovers } from '../shared/jurisdiction';
import { isCalendarDate, type CalendarDate, shanghaiDate } from '@sa/time';
import { OfficerRef } from '../shared/officer';
import { Program } from '../programs';

/** 主动发现: where a hardship lead comes from. */
export const LEAD_SOURCES = ['GRID_WORKER', 'HOTLINE', 'DATA_ALERT'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const LEAD_CLOSE_REASONS = [
  'NOT_IN_HARDSHIP',
  'ALREADY_ASSISTED',
  'DECLINED_ASSISTANCE',
  'UNREACHABLE',
  'MOVED_AWAY',
  'DUPLICATE',
  'DECEASED',
  'OTHER',
] as const;
export type LeadCloseReason = (typeof LEAD_CLOSE_REASONS)[number];

export const HARDSHIP_KINDS = [
  'ILLNESS',
  'DISABILITY',
  'ACCIDENT',
  'DISASTER',
  'LOSS_OF_INCOME',
  'ELDERLY_LIVING_ALONE',
  'CHILD_WITHOUT_CARE',
  'HOUSING',
  'OTHER',
] as const;
export type HardshipKind = (typeof HARDSHIP_KINDS)[number];

export const LEAD_URGENCIES = ['ROUTINE', 'URGENT'] as const;
export type LeadUrgency = (typeof LEAD_URGENCIES)[number];

export const LEAD_STATUSES = ['NONE', 'REPORTED', 'CONTACTED', 'CONVERTED', 'CLOSED'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** The person in hardship. */
export interface LeadSubject {
  name: string;
  residentId?: string;
  address: string;
  phone?: string;
}

/** Who tipped the office off (a neighbour on the hotline, a grid worker). Confidential: never published. */
export interface LeadReporter {
  name?: string;
  phone?: string;
  gridId?: string;
}

/** An open application the lead turned out to concern (found by the shell from the resident ID). */
export interface ExistingCase {
  caseId: string;
  caseNumber: string;
}

export interface LeadReported {
  type: 'LeadReported';
  data: {
    leadId: string;
    /**
     * The case the lead concerns: an open application of the household when there is one
     * (`concernsExistingCase`), otherwise a case id reserved for the lead that the application
     * made from it reuses.
     */
    caseId: string;
    concernsExistingCase: boolean;
    caseNumber?: string;
    source: LeadSource;
    /** Hotline ticket, data-alert id, grid id. */
    sourceRef?: string;
    jurisdiction: string;
    subject: LeadSubject;
    reporter?: LeadReporter;
    hardships: HardshipKind[];
    urgency: LeadUrgency;
    suggestedProgram?: Program;
    description: string;
    reportedOn: CalendarDate;
    reportedAt: string;
    /** An outcome (contact, conversion or closing) is due by this date; after it the lead is overdue. */
    dueOn: CalendarDate;
    /**
     * True when `dueOn` was counted Monday–Friday through a year whose holiday schedule nobody has published
     * (`dueOnCalendarMissing`): an estimate, re-dated (LeadDueDateRedated) once that year is published.
     * Absent in events recorded before (and whenever the date is counted on a known calendar).
     */
    dueOnProvisional?: true;
    dueOnCalendarMissing?: number;
    /** With a provisional date: the working days counted from `reportedOn` (to count again). */
    dueWorkingDays?: number;
    reportedBy: OfficerRef;
  };
}

/**
 * A provisional due date counted again once the missing year's holiday schedule is published
 * (HolidayCalendarPublished): the real working day, no longer provisional (unless it now reaches a further
 * year nobody published: `dueOnProvisional` true, `dueOnCalendarMissing` that year).
 */
export interface LeadDueDateRedated {
  type: 'LeadDueDateRedated';
  data: {
    leadId: string;
    previousDueOn: CalendarDate;
    dueOn: CalendarDate;
    dueOnProvisional: boolean;
    dueOnCalendarMissing: number | null;
    /** The published schedule that dated it. */
    calendarYear: number;
    calendarVersion: number | null;
  };
}

export interface LeadContacted {
  type: 'LeadContacted';
  data: { leadId: string; contactedOn: CalendarDate; note: string; contactedBy: OfficerRef };
}

export interface LeadConvertedToApplication {
  type: 'LeadConvertedToApplication';
  data: { leadId: string; caseId: string; caseNumber: string; convertedOn: CalendarDate; convertedBy: OfficerRef };
}

export interface LeadClosed {
  type: 'LeadClosed';
  data: { leadId: string; reason: LeadCloseReason; note: string; closedOn: CalendarDate; closedBy: OfficerRef };
}

export type LeadEvent = LeadReported | LeadContacted | LeadConvertedToApplication | LeadClosed | LeadDueDateRedated;
/** Every lead event type (the compiler checks the list against the union, both ways). */
export const LEAD_EVENT_TYPES = Object.keys({
  LeadReported: true,
  LeadContacted: true,
  LeadConvertedToApplication: true,
  LeadClosed: true,
  LeadDueDateRedated: true,
} satisfies Record<LeadEvent['type'], true>) as readonly LeadEvent['type'][];

export interface LeadState {
  status: LeadStatus;
  leadId?: string;
  caseId?: string;
  concernsExistingCase?: boolean;
  jurisdiction?: string;
  reportedOn?: CalendarDate;
  dueOn?: CalendarDate;
  /** `dueOn` is a Monday–Friday estimate through `dueOnCalendarMissing`, a year nobody published. */
  dueOnProvisional?: boolean;
  dueOnCalendarMissing?: number | null;
  dueWorkingDays?: number;
  contacts: number;
}

export const initialLeadState: LeadState = { status: 'NONE', contacts: 0 };

export function evolveLead(state: LeadState, event: LeadEvent): LeadState {
  switch (event.type) {
    case 'LeadReported':
      return {
        ...state,
        status: 'REPORTED',
        leadId: event.data.leadId,
        caseId: event.data.caseId,
        concernsExistingCase: event.data.concernsExistingCase,
        jurisdiction: event.data.jurisdiction,
        reportedOn: event.data.reportedOn,
        dueOn: event.data.dueOn,
        dueOnProvisional: event.data.dueOnProvisional === true,
        dueOnCalendarMissing: event.data.dueOnCalendarMissing ?? null,
        ...(event.data.dueWorkingDays !== undefined ? { dueWorkingDays: event.data.dueWorkingDays } : {}),
      };
    case 'LeadDueDateRedated':
      return { ...state, dueOn: event.data.dueOn, dueOnProvisional: event.data.dueOnProvisional, dueOnCalendarMissing: event.data.dueOnCalendarMissing };
    case 'LeadContacted':
      return { ...state, status: 'CONTACTED', contacts: state.contacts + 1 };
    case 'LeadConvertedToApplication':
      return { ...state, status: 'CONVERTED', caseId: event.data.caseId };
    case 'LeadClosed':
      return { ...state, status: 'CLOSED' };
    default:
      return state;
  }
}

/** Overdue: no outcome recorded (neither contacted, converted nor closed) after the due date. */
export function isLeadOverdue(state: Pick<LeadState, 'status' | 'dueOn'>, today: CalendarDate): boolean {
  return state.status === 'REPORTED' && state.dueOn !== undefined && today > state.dueOn;
}

export type ReportLead = CommandWithMetadata<
  'ReportLead',
  {
    leadId: string;
    /** Case id reserved for the lead (used when no existing case is found). */
    reservedCaseId: string;
    /** An open application of the person, if the shell found one. */
    existingCase?: ExistingCase;
    source: LeadSource;
    sourceRef?: string;
    jurisdiction: string;
    subject: LeadSubject;
    reporter?: LeadReporter;
    hardships: HardshipKind[];
    urgency: LeadUrgency;
    suggestedProgram?: Program;
    description: string;
    /** Computed by the shell from the local working-day calendar. */
    dueOn: CalendarDate;
    /** Set by the shell when `dueOn` crosses a year nobody published (counted Monday–Friday): that year and the working days counted. */
    dueOnProvisional?: { calendarMissing: number; workingDays: number };
  }
>;

/**
 * Re-date a provisional due date once the missing year is published: the shell counts `dueOn` again from the
 * report date on the calendar now in force (`dueOnCalendarMissing` when it still crosses a missing year).
 */
export type RedateLeadDueDate = CommandWithMetadata<
  'RedateLeadDueDate',
  { dueOn: CalendarDate; dueOnCalendarMissing: number | null; calendarYear: number; calendarVersion: number | null }
>;

export type RecordLeadContact = CommandWithMetadata<
  'RecordLeadContact',
  {
    contactedOn: CalendarDate;
    note: string;
  }
>;

export type ConvertLeadToApplication = CommandWithMetadata<
  'ConvertLeadToApplication',
  {
    caseId: string;
    caseNumber: string;
    /** Jurisdiction of the application, looked up by the shell. */
    applicationJurisdiction: string;
  }
>;

export type CloseLead = CommandWithMetadata<
  'CloseLead',
  {
    reason: LeadCloseReason;
    note: string;
  }
>;

export type LeadCommand = ReportLead | RecordLeadContact | ConvertLeadToApplication | CloseLead | RedateLeadDueDate;

/** A lead command as its issuer builds it (`{ type, data }`). */
export type LeadCommandBody = CommandBody<LeadCommand>;

export function decideLead(command: LeadCommand, state: LeadState): LeadEvent[] {
  const today = shanghaiDate(command.metadata.now);
  if (command.type === 'ReportLead') {
    if (state.status !== 'NONE') throw new IntakeRuleError('lead_exists', 'This lead has already been reported');
    const problems: RuleViolation[] = [];
    if (!isDivisionCode(command.data.jurisdiction) || command.data.jurisdiction.length !== 12) {
      problems.push({ field: 'jurisdiction', message: 'must be a 12-digit community division code' });
    }
    if (command.data.subject.residentId !== undefined) {
      const check = checkResidentId(command.data.subject.residentId, today);
      if (!check.valid) problems.push({ field: 'subject.residentId', message: `resident ID ${check.message}` });
    }
    if (command.data.subject.name.trim() === '') problems.push({ field: 'subject.name', message: 'must not be empty' });
    if (command.data.hardships.length === 0) problems.push({ field: 'hardships', message: 'name at least one hardship' });
    if (command.data.subject.address.trim() === '') problems.push({ field: 'subject.address', message: 'must not be empty' });
    if (command.data.description.trim() === '') problems.push({ field: 'description', message: 'must not be empty' });
    if (command.data.source === 'DATA_ALERT' && !command.data.sourceRef?.trim()) {
      problems.push({ field: 'sourceRef', message: 'a data alert names the alert it comes from' });
    }
    if (!isCalendarDate(command.data.dueOn) || command.data.dueOn < today) {
      problems.push({ field: 'dueOn', message: 'must be a date on or after the report date' });
    }
    const provisional = command.data.dueOnProvisional;
    if (provisional && (!Number.isInteger(provisional.calendarMissing) || !Number.isInteger(provisional.workingDays) || provisional.workingDays < 0)) {
      problems.push({ field: 'dueOnProvisional', message: 'names the missing year and the working days counted' });
    }
    if (problems.length > 0) throw new IntakeRuleError('invalid_lead', 'The lead is invalid', problems);
    assertCovers(command.metadata.actor, command.data.jurisdiction);
    return [
      {
        type: 'LeadReported',
        data: {
          leadId: command.data.leadId,
          caseId: command.data.existingCase?.caseId ?? command.data.reservedCaseId,
          concernsExistingCase: command.data.existingCase !== undefined,
          ...(command.data.existingCase ? { caseNumber: command.data.existingCase.caseNumber } : {}),
          source: command.data.source,
          ...(command.data.sourceRef ? { sourceRef: command.data.sourceRef } : {}),
          jurisdiction: command.data.jurisdiction,
          subject: {
            ...command.data.subject,
            ...(command.data.subject.residentId ? { residentId: normaliseResidentId(command.data.subject.residentId) } : {}),
          },
          ...(command.data.reporter ? { reporter: command.data.reporter } : {}),
          hardships: [...new Set(command.data.hardships)],
          urgency: command.data.urgency,
          ...(command.data.suggestedProgram ? { suggestedProgram: command.data.suggestedProgram } : {}),
          description: command.data.description,
          reportedOn: today,
          reportedAt: command.metadata.now,
          dueOn: command.data.dueOn,
          ...(provisional ? { dueOnProvisional: true as const, dueOnCalendarMissing: provisional.calendarMissing, dueWorkingDays: provisional.workingDays } : {}),
          reportedBy: command.metadata.actor,
        },
      },
    ];
  }

  if (state.status === 'NONE' || !state.leadId || !state.jurisdiction) {
    throw new IntakeRuleError('lead_not_found', 'There is no such lead');
  }
  if (command.type === 'RedateLeadDueDate') return decideRedate(command, state);
  assertCovers(command.metadata.actor, state.jurisdiction);
  if (state.status === 'CONVERTED' || state.status === 'CLOSED') {
    throw new IntakeRuleError('lead_resolved', `The lead is already ${state.status === 'CONVERTED' ? 'converted to an application' : 'closed'}`, [], {
      currentStatus: state.status,
    });
  }
  switch (command.type) {
    case 'RecordLeadContact':
      if (command.data.note.trim() === '') {
        throw new IntakeRuleError('note_required', 'Record what the contact found', [{ field: 'note', message: 'must not be empty' }]);
      }
      if (command.data.contactedOn > today || command.data.contactedOn < state.reportedOn!) {
        throw new IntakeRuleError('bad_contact_date', 'The contact date lies between the report and today', [
          { field: 'contactedOn', message: `must be between ${state.reportedOn} and ${today}` },
        ]);
      }
      return [{ type: 'LeadContacted', data: { leadId: state.leadId, contactedOn: command.data.contactedOn, note: command.data.note.trim(), contactedBy: command.metadata.actor } }];
    case 'ConvertLeadToApplication':
      if (state.concernsExistingCase) {
        throw new IntakeRuleError('lead_concerns_open_case', 'The lead concerns an open application; record the contact or close the lead instead');
      }
      if (command.data.caseId !== state.caseId) {
        throw new IntakeRuleError('wrong_case', 'An application made from a lead uses the case id reserved for the lead', [
          { field: 'caseId', message: `must be ${state.caseId}` },
        ]);
      }
      if (command.data.applicationJurisdiction !== state.jurisdiction) {
        throw new IntakeRuleError('application_elsewhere', 'The application belongs to another community than the lead', [
          { field: 'caseId', message: `the application is in ${command.data.applicationJurisdiction}, the lead in ${state.jurisdiction}` },
        ]);
      }
      return [
        {
          type: 'LeadConvertedToApplication',
          data: { leadId: state.leadId, caseId: command.data.caseId, caseNumber: command.data.caseNumber, convertedOn: today, convertedBy: command.metadata.actor },
        },
      ];
    case 'CloseLead':
      if (command.data.note.trim() === '') {
        throw new IntakeRuleError('reason_required', 'Closing a lead records why', [{ field: 'note', message: 'must not be empty' }]);
      }
      return [{ type: 'LeadClosed', data: { leadId: state.leadId, reason: command.data.reason, note: command.data.note.trim(), closedOn: today, closedBy: command.metadata.actor } }];
  }
}

/**
 * Only a provisional date of an open lead is re-dated (a resolved lead's reminder is moot; a date counted on a
 * known calendar stays). The same dating again is nothing, so a redelivered calendar changes nothing.
 */
function decideRedate(command: RedateLeadDueDate, state: LeadState): LeadEvent[] {
  if (!state.dueOnProvisional || state.status === 'CONVERTED' || state.status === 'CLOSED') return [];
  const d = command.data;
  if (!isCalendarDate(d.dueOn) || d.dueOn < state.reportedOn!) {
    throw new IntakeRuleError('invalid_lead', 'The due date is invalid', [{ field: 'dueOn', message: `must be a date on or after the report date ${state.reportedOn}` }]);
  }
  const stillProvisional = d.dueOnCalendarMissing !== null;
  if (stillProvisional && d.dueOn === state.dueOn && d.dueOnCalendarMissing === state.dueOnCalendarMissing) return [];
  return [
    {
      type: 'LeadDueDateRedated',
      data: {
        leadId: state.leadId!,
        previousDueOn: state.dueOn!,
        dueOn: d.dueOn,
        dueOnProvisional: stillProvisional,
        dueOnCalendarMissing: d.dueOnCalendarMissing,
        calendarYear: d.calendarYear,
        calendarVersion: d.calendarVersion,
      },
    },
  ];
}

function assertCovers(actor: OfficerRef, jurisdiction: string): void {
  if (!jurisdictionCovers(actor.jurisdiction, jurisdiction)) {
    throw new IntakeRuleError('outside_jurisdiction', `The lead (${jurisdiction}) is outside the officer's jurisdiction (${actor.jurisdiction})`);
  }
}

export const LEAD_CATEGORY = 'lead';
export const leadStreamId = (leadId: string): string => `${LEAD_CATEGORY}-${leadId}`;

export const leadDecider: Decider<LeadCommand, LeadEvent, LeadState> = {
  decide: decideLead,
  evolve: evolveLead,
  initialState: initialLeadState,
};
