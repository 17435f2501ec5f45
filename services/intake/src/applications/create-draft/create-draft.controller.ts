import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
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
  @CommandRoute()
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @CheckJurisdiction({ body: 'jurisdiction' })
  @ApiOperation({ summary: '登记申请（草稿）: record a draft of the unified application form' })
  @ApiCreatedResponse({ type: ApplicationSummaryView })
  async create(
    @Body() dto: CreateApplicationDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ApplicationSummaryView> {
    const view = await this.commandBus.execute<CreateDraftCommand, ApplicationSummaryView>(new CreateDraftCommand(dto, actor));
    res.setHeader('Location', `/applications/${view.caseId}`);
    return view;
  }
}
