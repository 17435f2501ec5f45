import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { ValidationProblemException } from '@sa/errors';
import { CommandRoute } from '@sa/platform';
import { policyStreamId, validatePolicyVersion, type PolicyVersion } from '../../domain';
import { CorrectPolicyVersionCommand, PublishPolicyVersionCommand } from './publish-policy-version.handler';

const POLICY_ID = /^[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+)*$/;

const POLICY_BODY = {
  description:
    'A whole policy version (every parameter, see PolicyParameters in services/eligibility/src/domain/policy/policy-version.ts) plus an optional `reason`. Money in fen, ratios as decimal strings.',
  schema: {
    type: 'object',
    required: ['policyId', 'version', 'divisionCode', 'effectiveFrom', 'parameters'],
    properties: {
      policyId: { type: 'string', example: 'district-330106' },
      version: { type: 'string', example: '330106-2026-07' },
      divisionCode: { type: 'string', example: '330106' },
      effectiveFrom: { type: 'string', example: '2026-07-01' },
      reason: { type: 'string', example: '2026年下半年低保标准调整' },
      parameters: { type: 'object' },
    },
  },
};

/** Checks the body as JSON (every violation named by its field) and splits off the reason. */
export function policyFromBody(body: unknown, reasonRequired = false): { version: PolicyVersion; reason?: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationProblemException([{ field: '', message: 'the body must be a policy version (a JSON object)' }]);
  }
  const { reason, ...version } = body as Record<string, unknown>;
  const errors = validatePolicyVersion(version as unknown as PolicyVersion).map((v) => ({ field: v.path, message: `${v.path} ${v.message}` }));
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > 2000)) errors.push({ field: 'reason', message: 'reason must be a text' });
  if (reasonRequired && (typeof reason !== 'string' || reason.trim() === '')) errors.push({ field: 'reason', message: 'a correction needs a reason' });
  if (errors.length > 0) throw new ValidationProblemException(errors);
  return { version: version as unknown as PolicyVersion, ...(typeof reason === 'string' && reason.trim() !== '' ? { reason: reason.trim() } : {}) };
}

function checkPolicyId(policyId: string): void {
  if (!POLICY_ID.test(policyId) || policyId.length > 100) {
    throw new ValidationProblemException([{ field: 'policyId', message: 'policyId must be letters, digits, _ . and single dashes' }]);
  }
}

@ApiTags('policies')
@Controller('policies')
export class PublishPolicyVersionController {
  constructor(private readonly commandBus: CommandBus) {}

  /** Publishes a new version (never changes a published one). 400 names every invalid field. */
  @Post(':policyId/versions')
  @CommandRoute({ stream: (p) => policyStreamId(p.policyId) })
  @Roles('policy_admin')
  @ApiBody(POLICY_BODY)
  @ApiCreatedResponse({ description: '{ policyId, version, written }' })
  async publish(
    @Param('policyId') policyId: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    checkPolicyId(policyId);
    const { version, reason } = policyFromBody(body);
    return this.commandBus.execute(new PublishPolicyVersionCommand(policyId, version, actor, reason));
  }

  /** A correction: a new version that supersedes `version` (which stays on record for past decisions). */
  @Post(':policyId/versions/:version/corrections')
  @CommandRoute({ stream: (p) => policyStreamId(p.policyId) })
  @HttpCode(201)
  @Roles('policy_admin')
  @ApiBody(POLICY_BODY)
  async correct(
    @Param('policyId') policyId: string,
    @Param('version') corrects: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    checkPolicyId(policyId);
    const { version, reason } = policyFromBody(body, true);
    return this.commandBus.execute(new CorrectPolicyVersionCommand(policyId, corrects, version, actor, reason!));
  }
}
