/** 一次性告知: the officer asks once for what is missing; the applicant supplies it. */
import { declarationProblems } from '../declaration';
import { normaliseResidentId } from '../resident-id';
import { missingMaterials, otherItems, resolvedItems } from './materials';
import { IntakeRuleError } from '../shared/intake-rule-error';
import { ApplicationEvent, ApplicationState } from './application';
import { RequestMaterials, SupplyMaterials } from './application.commands';
import { materialsRequested, requireApplication, requireStatus, todayOf } from './application.shared';

export function decideRequestMaterials(command: RequestMaterials, state: ApplicationState): ApplicationEvent[] {
  const today = todayOf(command);
  const ctx = requireApplication(state, command.metadata.actor);
    if (state.notice) {
      throw new IntakeRuleError('notice_already_issued', 'The applicant has been told once what is missing (一次性告知); no second notice may be issued', [], {
        noticeDate: state.notice.noticeDate,
      });
    }
    requireStatus(state, ['SUBMITTED'], 'Materials can only be requested for a submitted application');
    const reason = command.data.reason.trim();
    if (reason === '') throw new IntakeRuleError('reason_required', 'A reason is required', [{ field: 'reason', message: 'must not be empty' }]);
    const extra = command.data.items.map((i) => i.trim()).filter((i) => i !== '');
    if (extra.length === 0) throw new IntakeRuleError('nothing_to_request', 'List at least one missing item', [{ field: 'items', message: 'must not be empty' }]);
    const items = [...missingMaterials(ctx.form, state.applicationDate!), ...otherItems(extra)];
    return [materialsRequested(ctx, items, reason, today, command.metadata.actor)];
}

export function decideSupplyMaterials(command: SupplyMaterials, state: ApplicationState): ApplicationEvent[] {
  const today = todayOf(command);
  const ctx = requireApplication(state, command.metadata.actor);
    requireStatus(state, ['AWAITING_MATERIALS'], 'Materials can only be supplied while the notice is outstanding');
    const resolved = resolvedItems(command.data, state.outstandingItems);
    if (command.data.declaration) {
      const memberIds = ctx.form.household.members.map((m) => m.residentId);
      const problems = declarationProblems(command.data.declaration, memberIds, state.applicationDate!, today);
      if (problems.length > 0) throw new IntakeRuleError('materials_not_accepted', 'The declaration is invalid', problems);
    }
    const consentsInFuture = command.data.consents.map((c, i) => ({ c, i })).filter(({ c }) => c.signedOn > today);
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
          documents: command.data.documents,
          consents: command.data.consents.map((c) => ({ ...c, residentId: normaliseResidentId(c.residentId) })),
          ...(command.data.declaration ? { declaration: command.data.declaration } : {}),
          resolvedItemKeys: resolved,
          outstandingItems: state.outstandingItems.filter((i) => !done.has(i.key)),
          receivedBy: command.metadata.actor,
        },
      },
    ];
}
