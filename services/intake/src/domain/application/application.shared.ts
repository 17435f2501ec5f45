/** The rules and event builders the application's steps share (pure). */
import { DeclaredCloseRelative, findConflicts, conflictKey, ConflictOfInterest } from '../conflict-of-interest';
import { applicantIsHouseholdMember, assessHousehold } from '../household';
import { normaliseResidentId } from '../resident-id';
import { IntakeRuleError } from '../shared/intake-rule-error';
import { jurisdictionCovers, streetOf } from '../shared/jurisdiction';
import { type CalendarDate, shanghaiDate } from '@sa/time';
import { OfficerRef } from '../shared/officer';
import { ApplicationForm } from './application-form';
import { ApplicationEvent, ApplicationState, HouseholdSnapshot, IntakeRejectionGround } from './application';
import { MaterialItem } from './materials';

export const CASE_NUMBER = /^\d{6}-\d{4}-\d{6}$/;

export const GROUND_REASONS: Record<IntakeRejectionGround, string> = {
  WRONG_JURISDICTION: '申请家庭户籍不在本街道（乡镇）辖区，应向户籍所在地提出申请',
  APPLICANT_NOT_HOUSEHOLD_MEMBER: '申请人不属于共同生活的家庭成员',
  OPEN_APPLICATION_EXISTS: '该家庭已有尚未办结的申请',
};

export type Ctx = { caseId: string; caseNumber: string; jurisdiction: string; form: ApplicationForm };

/** The command's date: the Asia/Shanghai date of `metadata.now`. */
export function todayOf(command: { metadata: { now: string } }): CalendarDate {
  return shanghaiDate(command.metadata.now);
}

/** The application a command on an existing case acts on, within the officer's jurisdiction. */
export function requireApplication(state: ApplicationState, actor: OfficerRef): Ctx {
  if (state.status === 'NONE' || !state.form || !state.caseId || !state.caseNumber || !state.jurisdiction) {
    throw new IntakeRuleError('application_not_found', 'There is no such application');
  }
  assertCovers(actor, state.jurisdiction);
  return { caseId: state.caseId, caseNumber: state.caseNumber, jurisdiction: state.jurisdiction, form: state.form };
}

/** Grounds the form itself shows for rejection at intake. */
export function rejectionGrounds(form: ApplicationForm, jurisdiction: string, applicationDate: CalendarDate): IntakeRejectionGround[] {
  const grounds: IntakeRejectionGround[] = [];
  if (streetOf(form.household.registeredResidence) !== streetOf(jurisdiction)) grounds.push('WRONG_JURISDICTION');
  if (!applicantIsHouseholdMember(form.household, applicationDate)) grounds.push('APPLICANT_NOT_HOUSEHOLD_MEMBER');
  return grounds;
}

export function conflictEvents(
  form: ApplicationForm,
  declared: DeclaredCloseRelative[],
  already: ConflictOfInterest[],
  caseId: string,
  today: CalendarDate,
): ApplicationEvent[] {
  const known = new Set(already.map(conflictKey));
  const fresh = findConflicts(form.household.members, declared).filter((c) => !known.has(conflictKey(c)));
  if (fresh.length === 0) return [];
  return [
    {
      type: 'ConflictOfInterestFlagged',
      data: {
        caseId,
        conflicts: fresh,
        flaggedOn: today,
        reason: '家庭成员为经办人员或村（居）委会成员的近亲属，应单独登记备案，由县级民政部门入户调查',
      },
    },
  ];
}

export function materialsRequested(ctx: Ctx, items: MaterialItem[], reason: string, today: CalendarDate, actor: OfficerRef): ApplicationEvent {
  return {
    type: 'MaterialsRequested',
    data: { caseId: ctx.caseId, caseNumber: ctx.caseNumber, noticeDate: today, items, reason, requestedBy: actor },
  };
}

export function snapshot(form: ApplicationForm, applicationDate: CalendarDate): HouseholdSnapshot {
  const h = form.household;
  return {
    registeredResidence: h.registeredResidence,
    address: h.address,
    ...(h.phone ? { phone: h.phone } : {}),
    members: assessHousehold(h, applicationDate),
    supporters: h.supporters.map((s) => ({ ...s, residentId: normaliseResidentId(s.residentId) })),
  };
}

export function requireStatus(state: ApplicationState, allowed: ApplicationState['status'][], message: string): void {
  if (!allowed.includes(state.status)) {
    throw new IntakeRuleError('invalid_status', `${message} (status: ${state.status})`, [], { currentStatus: state.status });
  }
}

export function assertCovers(actor: OfficerRef, jurisdiction: string): void {
  if (!jurisdictionCovers(actor.jurisdiction, jurisdiction)) {
    throw new IntakeRuleError('outside_jurisdiction', `The application (${jurisdiction}) is outside the officer's jurisdiction (${actor.jurisdiction})`);
  }
}

