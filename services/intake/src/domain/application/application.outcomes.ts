/** How an application leaves intake: accepted, rejected at intake, withdrawn, or closed after eligibility's decision. */
import { ConflictOfInterest, conflictKey } from '../conflict-of-interest';
import { requiredConsents, validConsentOf } from '../consent';
import { assessHousehold } from '../household';
import { missingMaterials } from './materials';
import { IntakeRuleError } from '../shared/intake-rule-error';
import { ApplicationEvent, ApplicationState } from './application';
import { AcceptApplication, CloseAfterDecision, RejectApplicationAtIntake, ReopenOnAppeal, WithdrawApplication } from './application.commands';
import { conflictEvents, rejectionGrounds, requireApplication, requireStatus, snapshot, todayOf } from './application.shared';

export function decideAcceptApplication(command: AcceptApplication, state: ApplicationState): ApplicationEvent[] {
  const today = todayOf(command);
  const ctx = requireApplication(state, command.metadata.actor);
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
  const events: ApplicationEvent[] = conflictEvents(form, command.data.declaredRelatives, state.conflicts, ctx.caseId, today);
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
      acceptedAt: command.metadata.now,
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
      acceptedBy: command.metadata.actor,
    },
  });
  return events;
}

export function decideRejectApplicationAtIntake(command: RejectApplicationAtIntake, state: ApplicationState): ApplicationEvent[] {
  const today = todayOf(command);
  const ctx = requireApplication(state, command.metadata.actor);
    requireStatus(state, ['SUBMITTED', 'AWAITING_MATERIALS', 'MATERIALS_SUPPLIED'], 'Only a submitted application not yet accepted can be rejected at intake');
    const reason = command.data.reason.trim();
    if (reason === '') throw new IntakeRuleError('reason_required', 'A rejection states its reason', [{ field: 'reason', message: 'must not be empty' }]);
    if (command.data.ground === 'OPEN_APPLICATION_EXISTS' && !command.data.otherCaseNumber?.trim()) {
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
          grounds: [command.data.ground],
          reason,
          ...(command.data.otherCaseNumber ? { otherCaseNumber: command.data.otherCaseNumber.trim() } : {}),
          evidenceRefs: command.data.evidenceRefs,
          rejectedOn: today,
          rejectedBy: command.metadata.actor,
        },
      },
    ];
}

export function decideWithdrawApplication(command: WithdrawApplication, state: ApplicationState): ApplicationEvent[] {
  const today = todayOf(command);
  const ctx = requireApplication(state, command.metadata.actor);
    requireStatus(
      state,
      ['DRAFT', 'SUBMITTED', 'AWAITING_MATERIALS', 'MATERIALS_SUPPLIED', 'ACCEPTED'],
      'A rejected or withdrawn application cannot be withdrawn',
    );
    const note = command.data.note?.trim() ?? '';
    if (command.data.reason === 'OTHER' && note === '') {
      throw new IntakeRuleError('reason_required', 'A withdrawal for another reason says which', [{ field: 'note', message: 'is required when the reason is OTHER' }]);
    }
    if (command.data.requestedBy === 'PROXY' && !ctx.form.proxy) {
      throw new IntakeRuleError('no_proxy', 'Only an application made by proxy can be withdrawn by the proxy', [
        { field: 'requestedBy', message: 'the application was not made by proxy' },
      ]);
    }
    if (state.status !== 'DRAFT' && !command.data.documentRef?.trim()) {
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
          reason: command.data.reason,
          ...(note ? { note } : {}),
          requestedBy: command.data.requestedBy,
          ...(command.data.documentRef ? { documentRef: command.data.documentRef } : {}),
          withdrawnOn: today,
          previousStatus: state.status,
          recordedBy: command.metadata.actor,
        },
      },
    ];
}

/**
 * Only an accepted case is closed by a decision. A case already closed, withdrawn or rejected has
 * released its household: nothing more happens (a redelivered or later decision is a no-op). A
 * case intake never accepted is not intake's to close.
 */
export function decideCloseAfterDecision(command: CloseAfterDecision, state: ApplicationState): ApplicationEvent[] {
  const today = todayOf(command);
  if (state.status === 'CLOSED' || state.status === 'WITHDRAWN' || state.status === 'REJECTED') return [];
  if (state.status !== 'ACCEPTED' || !state.caseId || !state.caseNumber) {
    throw new IntakeRuleError('application_not_accepted', `Only an accepted application is closed by a decision (status ${state.status})`);
  }
  if (command.data.reason.trim() === '') {
    throw new IntakeRuleError('reason_required', 'The decision that closes the case states its reason', [{ field: 'reason', message: 'is required' }]);
  }
  return [
    {
      type: 'ApplicationClosedAfterDecision',
      data: {
        caseId: state.caseId,
        caseNumber: state.caseNumber,
        outcome: command.data.outcome,
        decisionId: command.data.decisionId,
        decidedOn: command.data.decidedOn,
        reason: command.data.reason.trim(),
        reasonCodes: command.data.reasonCodes,
        sourceEventId: command.data.sourceEventId,
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
export function decideReopenOnAppeal(command: ReopenOnAppeal, state: ApplicationState): ApplicationEvent[] {
  if (state.status !== 'CLOSED' || !state.closure || !state.caseId || !state.caseNumber) return [];
  if (state.closure.decisionId !== command.data.appeal.contestedDecisionId) return [];
  return [
    {
      type: 'ApplicationReopenedOnAppeal',
      data: {
        caseId: state.caseId,
        caseNumber: state.caseNumber,
        appeal: { ...command.data.appeal },
        decisionId: command.data.decisionId,
        decidedOn: command.data.decidedOn,
        sourceEventId: command.data.sourceEventId,
        reopenedOn: todayOf(command),
      },
    },
  ];
}
