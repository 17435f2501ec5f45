import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { CaseRead, CommandRoute, type Page, pageRequest } from '@sa/platform';
import { complaintStreamId } from '../domain';
import type { ComplaintListItem } from '../read-models/follow-up-queries';
import { AssignInvestigatorCommand } from './assign-investigator.handler';
import { GetComplaintQuery, ListComplaintsQuery } from './complaint-queries.handlers';
import { AssignInvestigatorDto, FileComplaintDto, ListComplaintsQueryDto, ResolveComplaintDto } from './complaints.dto';
import { FileComplaintCommand } from './file-complaint.handler';
import { ResolveComplaintCommand } from './resolve-complaint.handler';

const COMPLAINT_STREAM = (p: Record<string, string>) => complaintStreamId(p.complaintId);

/**
 * 监督举报: complaints and tip-offs. Investigated by an officer from outside the community concerned;
 * the complainant's identity is recorded but returned to nobody.
 */
@ApiTags('complaints')
@ApiBearerAuth()
@Controller('follow-up/complaints')
export class ComplaintsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get()
  @Roles('community_officer', 'street_officer', 'street_reviewer', 'county_approver')
  @ApiOperation({ summary: 'Complaints within your jurisdiction or assigned to you (never the complainant): { items, total, page, pageSize }' })
  list(@Query() query: ListComplaintsQueryDto, @CurrentActor() actor: Actor): Promise<Page<ComplaintListItem>> {
    return this.queryBus.execute(new ListComplaintsQuery(actor, query.status, pageRequest(query)));
  }

  @Post()
  @CommandRoute()
  @HttpCode(201)
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @CheckJurisdiction({ body: 'community' })
  @ApiOperation({ summary: 'File a complaint or tip-off (anonymous or named), about a case or an officer' })
  file(@Body() dto: FileComplaintDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new FileComplaintCommand(dto, actor));
  }

  @Post(':complaintId/assignment')
  @CommandRoute({ stream: COMPLAINT_STREAM })
  @HttpCode(200)
  @Roles('street_reviewer', 'county_approver')
  @ApiOperation({ summary: 'Assign an investigator from outside the community concerned' })
  assign(@Param('complaintId', new ParseUUIDPipe()) complaintId: string, @Body() dto: AssignInvestigatorDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new AssignInvestigatorCommand(complaintId, dto, actor));
  }

  @Post(':complaintId/resolution')
  @CommandRoute({ stream: COMPLAINT_STREAM })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer', 'street_reviewer', 'county_approver')
  @ApiOperation({ summary: 'Record the outcome (the assigned investigator only)' })
  resolve(@Param('complaintId', new ParseUUIDPipe()) complaintId: string, @Body() dto: ResolveComplaintDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new ResolveComplaintCommand(complaintId, dto, actor));
  }

  @Get(':complaintId')
  @CaseRead(COMPLAINT_STREAM)
  @Roles('community_officer', 'street_officer', 'street_reviewer', 'county_approver')
  @ApiOperation({ summary: "A complaint; the complainant's identity is never returned (recorded, shown to nobody)" })
  get(@Param('complaintId', new ParseUUIDPipe()) complaintId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetComplaintQuery(complaintId, actor));
  }
}
