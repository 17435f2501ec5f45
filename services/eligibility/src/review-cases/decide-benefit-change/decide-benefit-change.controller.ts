import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { CaseCommandGateway } from '../shared/case-command-gateway';
import { CaseCommandResponseView, EvidenceRefsDto } from '../shared/dto';

export class DecideBenefitChangeDto extends EvidenceRefsDto {
  @ApiProperty({ example: '经审核确认' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

@ApiTags('review cases: re-determination')
@Controller('review-cases')
export class DecideBenefitChangeController {
  constructor(private readonly gateway: CaseCommandGateway) {}

  @Post(':caseId/benefit-change-decision')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('county_approver')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async decide(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: DecideBenefitChangeDto,
    @CurrentActor() actor: Actor,
  ) {
    const decisionId = randomUUID();
    const out = await this.gateway.execute(
      { caseId, actor },
      {
        needsPolicy: true,
        reason: dto.reason,
        evidenceRefs: dto.evidenceRefs ?? [],
        build: ({ policy }) => ({
          type: 'DecideBenefitChange',
          data: { decisionId, policy: policy!, reason: dto.reason, evidenceRefs: dto.evidenceRefs ?? [] },
        }),
      },
    );
    return { ...out.response, decisionId: out.events.length > 0 ? decisionId : null, benefit: out.state.benefit };
  }
}
