/** Drafting an application: create, revise, submit (an incomplete one gets its 一次性告知 at once). */
import { assertFormValid } from './application-form';
import { missingMaterials, otherItems } from './materials';
import { IntakeRuleError } from '../shared/intake-rule-error';
import { ApplicationEvent, ApplicationState } from './application';
import { CreateDraft, ReviseDraft, SubmitApplication } from './application.commands';
import { assertCovers, CASE_NUMBER, conflictEvents, GROUND_REASONS, materialsRequested, rejectionGrounds, requireApplication, requireStatus, snapshot, todayOf } from './application.shared';

export function decideCreateDraft(command: CreateDraft, state: ApplicationState): ApplicationEvent[] {
  const today = todayOf(command);
  if (state.status !== 'NONE') {
    throw new IntakeRuleError('application_exists', 'This application already exists', [], { caseNumber: state.caseNumber });
  }
  assertCovers(command.metadata.actor, command.data.form.jurisdiction);
  if (!CASE_NUMBER.test(command.data.caseNumber) || !command.data.caseNumber.startsWith(command.data.form.jurisdiction.slice(0, 6))) {
    throw new IntakeRuleError('bad_case_number', `Case number ${command.data.caseNumber} does not belong to the district`);
  }
  assertFormValid(command.data.form, today, today);
  return [
    {
      type: 'ApplicationDrafted',
      data: {
        caseId: command.data.caseId,
        caseNumber: command.data.caseNumber,
        jurisdiction: command.data.form.jurisdiction,
        form: command.data.form,
        draftedOn: today,
        draftedBy: command.metadata.actor,
        ...(command.data.earlierCase ? { earlierCase: command.data.earlierCase } : {}),
      },
    },
  ];
}

export function decideReviseDraft(command: ReviseDraft, state: ApplicationState): ApplicationEvent[] {
  const today = todayOf(command);
  const ctx = requireApplication(state, command.metadata.actor);
    requireStatus(state, ['DRAFT'], 'Only a draft can be revised');
    if (command.data.form.jurisdiction !== state.jurisdiction) {
      throw new IntakeRuleError('jurisdiction_changed', 'A draft stays in the community where it was made; withdraw it and apply there', [
        { field: 'jurisdiction', message: `must stay ${state.jurisdiction}` },
      ]);
    }
    assertFormValid(command.data.form, today, today);
    return [{ type: 'ApplicationDraftRevised', data: { caseId: ctx.caseId, form: command.data.form, revisedOn: today, revisedBy: command.metadata.actor } }];
}

export function decideSubmitApplication(command: SubmitApplication, state: ApplicationState): ApplicationEvent[] {
  const today = todayOf(command);
  const ctx = requireApplication(state, command.metadata.actor);
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
        submittedBy: command.metadata.actor,
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
        rejectedBy: command.metadata.actor,
      },
    });
    return events;
  }
  events.push(...conflictEvents(form, command.data.declaredRelatives, [], ctx.caseId, today));
  const extra = command.data.additionalMissingItems.map((i) => i.trim()).filter((i) => i !== '');
  const items = [...missingMaterials(form, applicationDate), ...otherItems(extra)];
  if (items.length > 0) {
    events.push(materialsRequested(ctx, items, `申请材料不齐全，一次性告知需补齐的材料（共${items.length}项）`, today, command.metadata.actor));
  }
  return events;
}
