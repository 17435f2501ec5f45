import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertJurisdiction, type Actor } from '@sa/auth';
import { PolicyCatalogue } from '../policy-catalogue';
import type { PolicyVersion } from '../../domain';

export class PublishPolicyVersionCommand {
  constructor(
    readonly policyId: string,
    readonly version: PolicyVersion,
    readonly actor: Actor,
    readonly reason?: string,
  ) {}
}

export class CorrectPolicyVersionCommand {
  constructor(
    readonly policyId: string,
    readonly corrects: string,
    readonly version: PolicyVersion,
    readonly actor: Actor,
    readonly reason: string,
  ) {}
}

const actorRef = (actor: Actor) => ({ id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction });

/** Publishes a new version of a policy line (the body already checked by the controller); 403 outside the caller's division. */
@CommandHandler(PublishPolicyVersionCommand)
export class PublishPolicyVersionHandler implements ICommandHandler<PublishPolicyVersionCommand> {
  constructor(private readonly catalogue: PolicyCatalogue) {}

  async execute({ policyId, version, actor, reason }: PublishPolicyVersionCommand) {
    assertJurisdiction(actor, version.divisionCode, 'divisionCode');
    const result = await this.catalogue.publish({ policyId, version, actor: actorRef(actor), ...(reason ? { reason } : {}) });
    return { policyId, version: version.version, effectiveFrom: version.effectiveFrom, written: result.written };
  }
}

/** A correction: a new version that supersedes `corrects` (which stays on record for past decisions). */
@CommandHandler(CorrectPolicyVersionCommand)
export class CorrectPolicyVersionHandler implements ICommandHandler<CorrectPolicyVersionCommand> {
  constructor(private readonly catalogue: PolicyCatalogue) {}

  async execute({ policyId, corrects, version, actor, reason }: CorrectPolicyVersionCommand) {
    assertJurisdiction(actor, version.divisionCode, 'divisionCode');
    const result = await this.catalogue.publish({ policyId, version, corrects, actor: actorRef(actor), reason });
    return { policyId, version: version.version, corrects, written: result.written };
  }
}
