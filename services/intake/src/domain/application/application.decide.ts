/**
 * `decide` of an application: the switch over the per-command functions, one file per step (application.drafting.ts,
 * application.notice.ts, application.outcomes.ts; shared rules in application.shared.ts). Each `decide<Command>` is
 * exported and can be tested alone.
 */
import { ApplicationEvent, ApplicationState } from './application';
import { ApplicationCommand } from './application.commands';
import { decideCreateDraft, decideReviseDraft, decideSubmitApplication } from './application.drafting';
import { decideRequestMaterials, decideSupplyMaterials } from './application.notice';
import { decideAcceptApplication, decideCloseAfterDecision, decideRejectApplicationAtIntake, decideReopenOnAppeal, decideWithdrawApplication } from './application.outcomes';

export * from './application.commands';
export { CASE_NUMBER, rejectionGrounds } from './application.shared';
export { decideCreateDraft, decideReviseDraft, decideSubmitApplication } from './application.drafting';
export { decideRequestMaterials, decideSupplyMaterials } from './application.notice';
export { decideAcceptApplication, decideCloseAfterDecision, decideRejectApplicationAtIntake, decideReopenOnAppeal, decideWithdrawApplication } from './application.outcomes';

export function decideApplication(command: ApplicationCommand, state: ApplicationState): ApplicationEvent[] {
  switch (command.type) {
    case 'CreateDraft':
      return decideCreateDraft(command, state);
    case 'CloseAfterDecision':
      return decideCloseAfterDecision(command, state);
    case 'ReopenOnAppeal':
      return decideReopenOnAppeal(command, state);
    case 'ReviseDraft':
      return decideReviseDraft(command, state);
    case 'SubmitApplication':
      return decideSubmitApplication(command, state);
    case 'RequestMaterials':
      return decideRequestMaterials(command, state);
    case 'SupplyMaterials':
      return decideSupplyMaterials(command, state);
    case 'AcceptApplication':
      return decideAcceptApplication(command, state);
    case 'RejectApplicationAtIntake':
      return decideRejectApplicationAtIntake(command, state);
    case 'WithdrawApplication':
      return decideWithdrawApplication(command, state);
  }
}
