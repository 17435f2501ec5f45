import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { ValidationProblemException } from '@sa/errors';
import { CommandRoute } from '@sa/platform';
import { holidayCalendarStreamId, type PublishHolidaySchedule } from '../domain';
import { GetHolidayCalendarQuery, ListHolidayCalendarsQuery, PublishHolidayScheduleCommand } from './holiday-calendars.handlers';

const READERS = ['policy_admin', 'community_officer', 'street_officer', 'street_reviewer', 'county_approver', 'disbursement_officer', 'auditor'] as const;
const FIELDS = new Set(['holidays', 'makeUpWorkdays', 'source', 'reason', 'corrects']);

const BODY = {
  description:
    'The State Council\'s 节假日安排 of the year: every public holiday (days off) and every 调休 make-up working day (a Saturday or Sunday). The first PUT publishes version 1; a later PUT with other dates is a correction (reason required) that supersedes the version in force.',
  schema: {
    type: 'object',
    required: ['holidays', 'makeUpWorkdays', 'source'],
    properties: {
      holidays: { type: 'array', items: { type: 'string', format: 'date' }, example: ['2027-01-01', '2027-02-06'] },
      makeUpWorkdays: { type: 'array', items: { type: 'string', format: 'date' }, example: ['2027-02-20'] },
      source: { type: 'string', example: '国办发明电〔2026〕7号' },
      reason: { type: 'string', example: '更正端午节放假日期' },
      corrects: { type: 'integer', description: 'optional: the version in force this corrects (409 if it is no longer)', example: 1 },
    },
  },
};

/** The year of the path: 4 digits, else 400 naming `year`. */
export function yearOf(param: string): number {
  if (!/^\d{4}$/.test(param)) throw new ValidationProblemException([{ field: 'year', message: 'year must be a year such as 2027' }]);
  return Number(param);
}

/** Checks the body's shape (400 naming each field); the decider checks the dates. */
export function scheduleFromBody(year: number, body: unknown): PublishHolidaySchedule['data'] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationProblemException([{ field: '', message: 'the body must be a holiday schedule (a JSON object)' }]);
  }
  const b = body as Record<string, unknown>;
  const errors = Object.keys(b)
    .filter((k) => !FIELDS.has(k))
    .map((k) => ({ field: k, message: `${k} is not a field of a holiday schedule (holidays, makeUpWorkdays, source, reason, corrects)` }));
  for (const name of ['holidays', 'makeUpWorkdays'] as const) {
    if (!Array.isArray(b[name])) errors.push({ field: name, message: `${name} must be a list of dates YYYY-MM-DD` });
    else if ((b[name] as unknown[]).length > 366) errors.push({ field: name, message: `${name} has more dates than a year has days` });
  }
  if (typeof b.source !== 'string') errors.push({ field: 'source', message: 'source must name the notice published, e.g. 国办发明电〔2026〕7号' });
  if (b.reason !== undefined && b.reason !== null && typeof b.reason !== 'string') errors.push({ field: 'reason', message: 'reason must be a text' });
  if (b.corrects !== undefined && b.corrects !== null && !(Number.isInteger(b.corrects) && (b.corrects as number) >= 1)) {
    errors.push({ field: 'corrects', message: 'corrects must be a version number (1, 2, …)' });
  }
  if (errors.length > 0) throw new ValidationProblemException(errors);
  return {
    year,
    holidays: b.holidays as string[],
    makeUpWorkdays: b.makeUpWorkdays as string[],
    source: b.source as string,
    ...(typeof b.reason === 'string' ? { reason: b.reason } : {}),
    ...(typeof b.corrects === 'number' ? { corrects: b.corrects } : {}),
  };
}

/**
 * The national holiday calendar (节假日安排), managed data: a `policy_admin` publishes a year's
 * schedule, each correction a new version (`HolidayCalendarPublished`, published to every service
 * that counts working days). The bundled chinese-days data is the default for unpublished years.
 */
@ApiTags('calendars')
@Controller('calendars')
export class HolidayCalendarsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  /** Publishes (or corrects) the schedule of `year`. 400 names every invalid field; nothing is recorded then. */
  @Put(':year')
  @CommandRoute({ stream: (p) => holidayCalendarStreamId(p.year) })
  @Roles('policy_admin')
  @ApiBody(BODY)
  @ApiOkResponse({ description: '{ year, calendarId, version, supersedesVersion, written }' })
  async publish(@Param('year') yearParam: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    const year = yearOf(yearParam);
    const data = scheduleFromBody(year, body);
    return this.commandBus.execute(new PublishHolidayScheduleCommand(year, data, actor));
  }

  /** Years around today: where each year's working days come from (published version, bundled, missing). */
  @Get()
  @Roles(...READERS)
  async list() {
    return this.queryBus.execute(new ListHolidayCalendarsQuery());
  }

  /** One year: every published version (superseded ones marked), or the bundled schedule. */
  @Get(':year')
  @Roles(...READERS)
  async year(@Param('year') yearParam: string) {
    return this.queryBus.execute(new GetHolidayCalendarQuery(yearOf(yearParam)));
  }
}
