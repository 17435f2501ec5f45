import { Controller, Get } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { IntakePipelines } from '../../commands/intake-pipelines';
import { declaredRelativesOf, type OfficerRelativesEvent } from '../../domain';
import { OFFICER_ROLES } from '../../http/roles';

export class MyCloseRelativesQuery {
  constructor(readonly actor: Actor) {}
}

/** The signed-in officer's own 近亲属备案 in force (relatives' IDs masked). Nobody reads another officer's. */
@QueryHandler(MyCloseRelativesQuery)
export class MyCloseRelativesHandler implements IQueryHandler<MyCloseRelativesQuery> {
  constructor(private readonly commands: IntakePipelines) {}

  async execute({ actor }: MyCloseRelativesQuery) {
    const { events } = await this.commands.officerRelatives.aggregate(actor.id);
    const relatives = declaredRelativesOf(events.map((e) => ({ type: e.type, data: e.data }) as OfficerRelativesEvent));
    return { officerId: actor.id, items: relatives };
  }
}

@ApiTags('close relatives (近亲属备案)')
@ApiBearerAuth()
@Controller('officers/me/close-relatives')
export class MyCloseRelativesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles(...OFFICER_ROLES)
  @ApiOperation({ summary: 'Your own declared close relatives in force (IDs masked)' })
  list(@CurrentActor() actor: Actor) {
    return this.queryBus.execute(new MyCloseRelativesQuery(actor));
  }
}
