import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import type { Response } from 'express';
import { ApplicationSummaryView } from '../shared/application-view';
import { CreateApplicationDto } from './create-draft.dto';
import { CreateDraftCommand } from './create-draft.handler';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class CreateDraftController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @CheckJurisdiction({ body: 'jurisdiction' })
  @ApiOperation({ summary: '登记申请（草稿）: record a draft of the unified application form' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'UUID; a retried request with the same key is not recorded twice' })
  @ApiCreatedResponse({ type: ApplicationSummaryView })
  async create(
    @Body() dto: CreateApplicationDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ApplicationSummaryView> {
    const view = await this.commandBus.execute<CreateDraftCommand, ApplicationSummaryView>(new CreateDraftCommand(dto, actor, idempotencyKey));
    res.setHeader('Location', `/applications/${view.caseId}`);
    return view;
  }
}
