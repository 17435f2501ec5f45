import { DeclaredCloseRelative, findConflicts, conflictKey, ConflictOfInterest } from '../conflict-of-interest';
import { validConsentOf, requiredConsents } from '../consent';
import { declarationProblems } from '../declaration';
import { applicantIsHouseholdMember, assessHousehold } from '../household';
import { normaliseResidentId } from '../resident-id';
import { IntakeRuleError } from '../shared/intake-rule-error';
import { jurisdictionCovers, streetOf } from '../shared/jurisdiction';
import { LocalDate, shanghaiDate } from '../shared/local-date';
import { OfficerRef } from '../shared/officer';
import { ApplicationForm, assertFormValid } from './application-form';
import {
  AppealOnRecord,
  ApplicationEvent,
  ApplicationState,
  CaseOutcome,
  EarlierCase,
  HouseholdSnapshot,
  IntakeRejectionGround,
  WithdrawalReason,
  WithdrawalRequester,
} from './application';
import { MaterialItem, missingMaterials, otherItems, resolvedItems, SuppliedMaterials } from './materials';

interface CommandBase {
  /** The officer issuing the command. */
  actor: OfficerRef;
  /** ISO-8601 instant of the command (from the injectable clock). */
  now: string;
}

export interface CreateDraft extends CommandBase {
  type: 'CreateDraft';
  caseId: string;
  /** Allocated by the shell for (district, year) before the decision, idempotently per case id. */
  caseNumber: string;
  form: ApplicationForm;
  /** The household's latest ended case (looked up by the shell among its counted members). */
  earlierCase?: EarlierCase;
}

export interface ReviseDraft extends CommandBase {
  type: 'ReviseDraft';
  form: ApplicationForm;
}

export interface SubmitApplication extends CommandBase {
  type: 'SubmitApplication';
  /** Items the officer adds to the notice beyond those the form shows missing. */
  additionalMissingItems: string[];
  /** Close relatives declared by officers that match a member (looked up by the shell). */
  declaredRelatives: DeclaredCloseRelative[];
}

/**
 * 一次性告知 for an application the system found complete but the officer did not (e.g. a copy is
 * illegible). The notice lists the officer's items and anything the form shows missing.
 */
export interface RequestMaterials extends CommandBase {
  type: 'RequestMaterials';
  items: string[];
  reason: string;
}

export interface SupplyMaterials extends CommandBase, SuppliedMaterials {
  type: 'SupplyMaterials';
}

export interface AcceptApplication extends CommandBase {
  type: 'AcceptApplication';
  declaredRelatives: DeclaredCloseRelative[];
}

export interface RejectApplicationAtIntake extends CommandBase {
  type: 'RejectApplicationAtIntake';
  ground: IntakeRejectionGround;
  reason: string;
  otherCaseNumber?: string;
  evidenceRefs: string[];
}

export interface WithdrawApplication extends CommandBase {
  type: 'WithdrawApplication';
  reason: WithdrawalReason;
  note?: string;
  requestedBy: WithdrawalRequester;
  documentRef?: string;
}

/**
 * Eligibility decided the accepted case for good (refusal, termination, withdrawal after the grant):
 * issued by intake's inbox for an event of `sa.eligibility.events`, by the system actor.
 */
export interface CloseAfterDecision extends CommandBase {
  type: 'CloseAfterDecision';
  outcome: CaseOutcome;
  decisionId: string;
  decidedOn: string;
  reason: string;
  reasonCodes: string[];
  sourceEventId: string;
}

/**
 * Eligibility approved on appeal a case it had refused (AssistanceGranted v2 with `appeal`): issued by
 * intake's inbox, by the system actor.
 */
export interface ReopenOnAppeal extends CommandBase {
  type: 'ReopenOnAppeal';
  appeal: AppealOnRecord;
  decisionId: string;
  decidedOn: string;
  sourceEventId: string;
}

export type ApplicationCommand =
  | CloseAfterDecision
  | ReopenOnAppeal
  | CreateDraft
  | ReviseDraft
  | SubmitApplication
  | RequestMaterials
  | SupplyMaterials
  | AcceptApplication
  | RejectApplicationAtIntake
  | WithdrawApplication;

export const CASE_NUMBER = /^\d{6}-\d{4}-\d{6}$/;

const GROUND_REASONS: Record<IntakeRejectionGround, string> = {
  WRONG_JURISDICTION: '申请家庭户籍不在本街道（乡镇）辖区，应向户籍所在地提出申请',
  APPLICANT_NOT_HOUSEHOLD_MEMBER: '申请人不属于共同生活的家庭成员',
  OPEN_APPLICATION_EXISTS: '该家庭已有尚未办结的申请',
};

export function decideApplication(command: ApplicationCommand, state: ApplicationState): ApplicationEvent[] {
  const today = shanghaiDate(command.now);
  if (command.type === 'CreateDraft') return createDraft(command, state, today);
  if (command.type === 'CloseAfterDecision') return closeAfterDecision(command, state, today);
  if (command.type === 'ReopenOnAppeal') return reopenOnAppeal(command, state, today);

  if (state.status === 'NONE' || !state.form || !state.caseId || !state.caseNumber || !state.jurisdiction) {
    throw new IntakeRuleError('application_not_found', 'There is no such application');
  }
  assertCovers(command.actor, state.jurisdiction);
  const ctx = { caseId: state.caseId, caseNumber: state.caseNumber, jurisdiction: state.jurisdiction, form: state.form };

  switch (command.type) {
    case 'ReviseDraft':
      requireStatus(state, ['DRAFT'], 'Only a draft can be revised');
      if (command.form.jurisdiction !== state.jurisdiction) {
        throw new IntakeRuleError('jurisdiction_changed', 'A draft stays in the community where it was made; withdraw it and apply there', [
          { field: 'jurisdiction', message: `must stay ${state.jurisdiction}` },
        ]);
      }
      assertFormValid(command.form, today, today);
      return [{ type: 'ApplicationDraftRevised', data: { caseId: ctx.caseId, form: command.form, revisedOn: today, revisedBy: command.actor } }];

    case 'SubmitApplication':
      return submit(command, state, ctx, today);

    case 'RequestMaterials': {
      if (state.notice) {
        throw new IntakeRuleError('notice_already_issued', 'The applicant has been told once what is missing (一次性告知); no second notice may be issued', [], {
          noticeDate: state.notice.noticeDate,
        });
      }
      requireStatus(state, ['SUBMITTED'], 'Materials can only be requested for a submitted application');
      const reason = command.reason.trim();
      if (reason === '') throw new IntakeRuleError('reason_required', 'A reason is required', [{ field: 'reason', message: 'must not be empty' }]);
      const extra = command.items.map((i) => i.trim()).filter((i) => i !== '');
      if (extra.length === 0) throw new IntakeRuleError('nothing_to_request', 'List at least one missing item', [{ field: 'items', message: 'must not be empty' }]);
      const items = [...missingMaterials(ctx.form, state.applicationDate!), ...otherItems(extra)];
      return [materialsRequested(ctx, items, reason, today, command.actor)];
    }

    case 'SupplyMaterials': {
      requireStatus(state, ['AWAITING_MATERIALS'], 'Materials can only be supplied while the notice is outstanding');
      const resolved = resolvedItems(command, state.outstandingItems);
      if (command.declaration) {
        const memberIds = ctx.form.household.members.map((m) => m.residentId);
        const problems = declarationProblems(command.declaration, memberIds, state.applicationDate!, today);
        if (problems.length > 0) throw new IntakeRuleError('materials_not_accepted', 'The declaration is invalid', problems);
      }
      const consentsInFuture = command.consents.map((c, i) => ({ c, i })).filter(({ c }) => c.signedOn > today);
      if (consentsInFuture.length > 0) {
        throw new IntakeRuleError(
          'materials_not_accepted',
          'A consent cannot be dated in the future',
          consentsInFuture.map(({ i }) => ({ field: `consents[${i}].signedOn`, message: 'must not be in the future' })),
        );
      }
      const done = new Set(resolved);
      return [
        {
          type: 'MaterialsSupplied',
          data: {
            caseId: ctx.caseId,
            suppliedOn: today,
            documents: command.documents,
            consents: command.consents.map((c) => ({ ...c, residentId: normaliseResidentId(c.residentId) })),
            ...(command.declaration ? { declaration: command.declaration } : {}),
            resolvedItemKeys: resolved,
            outstandingItems: state.outstandingItems.filter((i) => !done.has(i.key)),
            receivedBy: command.actor,
          },
        },
      ];
    }

    case 'AcceptApplication':
      return accept(command, state, ctx, today);

    case 'RejectApplicationAtIntake': {
      requireStatus(state, ['SUBMITTED', 'AWAITING_MATERIALS', 'MATERIALS_SUPPLIED'], 'Only a submitted application not yet accepted can be rejected at intake');
      const reason = command.reason.trim();
      if (reason === '') throw new IntakeRuleError('reason_required', 'A rejection states its reason', [{ field: 'reason', message: 'must not be empty' }]);
      if (command.ground === 'OPEN_APPLICATION_EXISTS' && !command.otherCaseNumber?.trim()) {
        throw new IntakeRuleError('other_case_required', 'Name the open application of the same household', [
          { field: 'otherCaseNumber', message: 'is required for OPEN_APPLICATION_EXISTS' },
        ]);
      }
      return [
        {
          type: 'ApplicationRejectedAtIntake',
          data: {
            caseId: ctx.caseId,
            caseNumber: ctx.caseNumber,
            grounds: [command.ground],
            reason,
            ...(command.otherCaseNumber ? { otherCaseNumber: command.otherCaseNumber.trim() } : {}),
            evidenceRefs: command.evidenceRefs,
            rejectedOn: today,
            rejectedBy: command.actor,
          },
        },
      ];
    }

    case 'WithdrawApplication': {
      requireStatus(
        state,
        ['DRAFT', 'SUBMITTED', 'AWAITING_MATERIALS', 'MATERIALS_SUPPLIED', 'ACCEPTED'],
        'A rejected or withdrawn application cannot be withdrawn',
      );
      const note = command.note?.trim() ?? '';
      if (command.reason === 'OTHER' && note === '') {
        throw new IntakeRuleError('reason_required', 'A withdrawal for another reason says which', [{ field: 'note', message: 'is required when the reason is OTHER' }]);
      }
      if (command.requestedBy === 'PROXY' && !ctx.form.proxy) {
        throw new IntakeRuleError('no_proxy', 'Only an application made by proxy can be withdrawn by the proxy', [
          { field: 'requestedBy', message: 'the application was not made by proxy' },
        ]);
      }
      if (state.status !== 'DRAFT' && !command.documentRef?.trim()) {
        throw new IntakeRuleError('withdrawal_request_required', 'A submitted application is withdrawn on a written request', [
          { field: 'documentRef', message: 'the written withdrawal request is required once the application is submitted' },
        ]);
      }
      return [
        {
          type: 'ApplicationWithdrawn',
          data: {
            caseId: ctx.caseId,
            caseNumber: ctx.caseNumber,
            reason: command.reason,
            ...(note ? { note } : {}),
            requestedBy: command.requestedBy,
            ...(command.documentRef ? { documentRef: command.documentRef } : {}),
            withdrawnOn: today,
            previousStatus: state.status,
            recordedBy: command.actor,
          },
        },
      ];
    }
  }
}

function createDraft(command: CreateDraft, state: ApplicationState, today: LocalDate): ApplicationEvent[] {
  if (state.status !== 'NONE') {
    throw new IntakeRuleError('application_exists', 'This application already exists', [], { caseNumber: state.caseNumber });
  }
  assertCovers(command.actor, command.form.jurisdiction);
  if (!CASE_NUMBER.test(command.caseNumber) || !command.caseNumber.startsWith(command.form.jurisdiction.slice(0, 6))) {
    throw new IntakeRuleError('bad_case_number', `Case number ${command.caseNumber} does not belong to the district`);
  }
  assertFormValid(command.form, today, today);
  return [
    {
      type: 'ApplicationDrafted',
      data: {
        caseId: command.caseId,
        caseNumber: command.caseNumber,
        jurisdiction: command.form.jurisdiction,
        form: command.form,
        draftedOn: today,
        draftedBy: command.actor,
        ...(command.earlierCase ? { earlierCase: command.earlierCase } : {}),
      },
    },
  ];
}

/**
 * Only an accepted case is closed by a decision. A case already closed, withdrawn or rejected has
 * released its household: nothing more happens (a redelivered or later decision is a no-op). A
 * case intake never accepted is not intake's to close.
 */
function closeAfterDecision(command: CloseAfterDecision, state: ApplicationState, today: LocalDate): ApplicationEvent[] {
  if (state.status === 'CLOSED' || state.status === 'WITHDRAWN' || state.status === 'REJECTED') return [];
  if (state.status !== 'ACCEPTED' || !state.caseId || !state.caseNumber) {
    throw new IntakeRuleError('application_not_accepted', `Only an accepted application is closed by a decision (status ${state.status})`);
  }
  if (command.reason.trim() === '') {
    throw new IntakeRuleError('reason_required', 'The decision that closes the case states its reason', [{ field: 'reason', message: 'is required' }]);
  }
  return [
    {
      type: 'ApplicationClosedAfterDecision',
      data: {
        caseId: state.caseId,
        caseNumber: state.caseNumber,
        outcome: command.outcome,
        decisionId: command.decisionId,
        decidedOn: command.decidedOn,
        reason: command.reason.trim(),
        reasonCodes: command.reasonCodes,
        sourceEventId: command.sourceEventId,
        closedOn: today,
      },
    },
  ];
}

/**
 * A case closed on the decision the appeal contested is reopened (status ACCEPTED again, as after an
 * ordinary approval; the revoked closure and the appeal stay in its history). Nothing happens when the
 * case is not closed on that decision: still open (the refusal never closed it, or this appeal already
 * reopened it: a redelivery), closed on another decision, or ended at intake.
 */
function reopenOnAppeal(command: ReopenOnAppeal, state: ApplicationState, today: LocalDate): ApplicationEvent[] {
  if (state.status !== 'CLOSED' || !state.closure || !state.caseId || !state.caseNumber) return [];
  if (state.closure.decisionId !== command.appeal.contestedDecisionId) return [];
  return [
    {
      type: 'ApplicationReopenedOnAppeal',
      data: {
        caseId: state.caseId,
        caseNumber: state.caseNumber,
        appeal: { ...command.appeal },
        decisionId: command.decisionId,
        decidedOn: command.decidedOn,
        sourceEventId: command.sourceEventId,
        reopenedOn: today,
      },
    },
  ];
}

type Ctx = { caseId: string; caseNumber: string; jurisdiction: string; form: ApplicationForm };

function submit(command: SubmitApplication, state: ApplicationState, ctx: Ctx, today: LocalDate): ApplicationEvent[] {
  requireStatus(state, ['DRAFT'], 'The application has already been submitted');
  const form = ctx.form;
  assertFormValid(form, today, today);
  const applicationDate = today;
  const events: ApplicationEvent[] = [
    {
      type: 'ApplicationSubmitted',
      data: {
        caseId: ctx.caseId,
        caseNumber: ctx.caseNumber,
        jurisdiction: ctx.jurisdiction,
        applicationDate,
        channel: form.channel,
        program: form.program,
        ...(form.proxy ? { proxy: form.proxy } : {}),
        household: snapshot(form, applicationDate),
        submittedBy: command.actor,
      },
    },
  ];
  const grounds = rejectionGrounds(form, ctx.jurisdiction, applicationDate);
  if (grounds.length > 0) {
    events.push({
      type: 'ApplicationRejectedAtIntake',
      data: {
        caseId: ctx.caseId,
        caseNumber: ctx.caseNumber,
        grounds,
        reason: grounds.map((g) => GROUND_REASONS[g]).join('；'),
        evidenceRefs: [],
        rejectedOn: today,
        rejectedBy: command.actor,
      },
    });
    return events;
  }
  events.push(...conflictEvents(form, command.declaredRelatives, [], ctx.caseId, today));
  const extra = command.additionalMissingItems.map((i) => i.trim()).filter((i) => i !== '');
  const items = [...missingMaterials(form, applicationDate), ...otherItems(extra)];
  if (items.length > 0) {
    events.push(materialsRequested(ctx, items, `申请材料不齐全，一次性告知需补齐的材料（共${items.length}项）`, today, command.actor));
  }
  return events;
}

function accept(command: AcceptApplication, state: ApplicationState, ctx: Ctx, today: LocalDate): ApplicationEvent[] {
  if (state.status === 'AWAITING_MATERIALS') {
    throw new IntakeRuleError('materials_outstanding', 'The notice still has outstanding items', [], {
      outstandingItems: state.outstandingItems,
    });
  }
  requireStatus(state, ['SUBMITTED', 'MATERIALS_SUPPLIED'], 'Only a submitted, complete application can be accepted');
  const form = ctx.form;
  const applicationDate = state.applicationDate!;
  const grounds = rejectionGrounds(form, ctx.jurisdiction, applicationDate);
  if (grounds.length > 0) {
    throw new IntakeRuleError('grounds_for_rejection', 'The application must be rejected at intake', [], { grounds });
  }
  const assessed = assessHousehold(form.household, applicationDate);
  const missingConsents = requiredConsents(assessed, form.household.supporters).filter(
    (r) => !validConsentOf(form.consents, r.residentId, today),
  );
  if (missingConsents.length > 0) {
    throw new IntakeRuleError('consent_missing', 'Every adult member and every legally obliged supporter must consent to verification', [], {
      missing: missingConsents.map((r) => ({ name: r.name, role: r.role })),
    });
  }
  const missing = missingMaterials(form, applicationDate);
  if (missing.length > 0 || state.outstandingItems.length > 0) {
    throw new IntakeRuleError('materials_incomplete', 'The application is not complete', [], {
      outstandingItems: [...missing, ...state.outstandingItems],
    });
  }
  const events: ApplicationEvent[] = conflictEvents(form, command.declaredRelatives, state.conflicts, ctx.caseId, today);
  const known = new Set(state.conflicts.map(conflictKey));
  const conflicts: ConflictOfInterest[] = [...state.conflicts];
  for (const e of events) {
    if (e.type === 'ConflictOfInterestFlagged') conflicts.push(...e.data.conflicts.filter((c) => !known.has(conflictKey(c))));
  }
  const consents = requiredConsents(assessed, form.household.supporters).map((r) => validConsentOf(form.consents, r.residentId, today)!);
  events.push({
    type: 'ApplicationAccepted',
    data: {
      caseId: ctx.caseId,
      caseNumber: ctx.caseNumber,
      jurisdiction: ctx.jurisdiction,
      applicationDate,
      acceptedOn: today,
      acceptedAt: command.now,
      program: form.program,
      ...(form.temporaryAssistance ? { temporaryAssistance: form.temporaryAssistance } : {}),
      channel: form.channel,
      ...(form.proxy ? { proxy: form.proxy } : {}),
      household: snapshot(form, applicationDate),
      declaration: form.declaration,
      ...(form.bankAccount ? { bankAccount: form.bankAccount } : {}),
      consents,
      identityDocuments: form.identityDocuments,
      commitment: form.commitment!,
      conflictOfInterest: { flagged: conflicts.length > 0, conflicts },
      ...(form.leadId ? { leadId: form.leadId } : {}),
      reason: '申请材料齐全，符合受理条件，予以受理',
      acceptedBy: command.actor,
    },
  });
  return events;
}

/** Grounds the form itself shows for rejection at intake. */
export function rejectionGrounds(form: ApplicationForm, jurisdiction: string, applicationDate: LocalDate): IntakeRejectionGround[] {
  const grounds: IntakeRejectionGround[] = [];
  if (streetOf(form.household.registeredResidence) !== streetOf(jurisdiction)) grounds.push('WRONG_JURISDICTION');
  if (!applicantIsHouseholdMember(form.household, applicationDate)) grounds.push('APPLICANT_NOT_HOUSEHOLD_MEMBER');
  return grounds;
}

function conflictEvents(
  form: ApplicationForm,
  declared: DeclaredCloseRelative[],
  already: ConflictOfInterest[],
  caseId: string,
  today: LocalDate,
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

function materialsRequested(ctx: Ctx, items: MaterialItem[], reason: string, today: LocalDate, actor: OfficerRef): ApplicationEvent {
  return {
    type: 'MaterialsRequested',
    data: { caseId: ctx.caseId, caseNumber: ctx.caseNumber, noticeDate: today, items, reason, requestedBy: actor },
  };
}

function snapshot(form: ApplicationForm, applicationDate: LocalDate): HouseholdSnapshot {
  const h = form.household;
  return {
    registeredResidence: h.registeredResidence,
    address: h.address,
    ...(h.phone ? { phone: h.phone } : {}),
    members: assessHousehold(h, applicationDate),
    supporters: h.supporters.map((s) => ({ ...s, residentId: normaliseResidentId(s.residentId) })),
  };
}

function requireStatus(state: ApplicationState, allowed: ApplicationState['status'][], message: string): void {
  if (!allowed.includes(state.status)) {
    throw new IntakeRuleError('invalid_status', `${message} (status: ${state.status})`, [], { currentStatus: state.status });
  }
}

function assertCovers(actor: OfficerRef, jurisdiction: string): void {
  if (!jurisdictionCovers(actor.jurisdiction, jurisdiction)) {
    throw new IntakeRuleError('outside_jurisdiction', `The application (${jurisdiction}) is outside the officer's jurisdiction (${actor.jurisdiction})`);
  }
}

