import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { ValidationProblemException } from '@sa/errors';
import { CommandRoute } from '@sa/platform';
import { calendarIdOf, type ManagedWorkingDayCalendar } from '@sa/time';
import { EligibilityPipelines } from '../commands/eligibility-pipelines';
import { currentHolidayVersion, holidayCalendarStreamId, notFoundError, type HolidayCalendarState, type PublishHolidaySchedule } from '../domain';
import { HolidayCalendars } from './holiday-calendars';
import { WORKING_CALENDAR } from './working-calendar';

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

function view(state: HolidayCalendarState, revision: number) {
  const current = currentHolidayVersion(state);
  return {
    year: state.year,
    calendarId: state.year !== null ? calendarIdOf(state.year) : null,
    revision,
    currentVersion: current?.version ?? null,
    versions: state.versions.map((v) => ({ ...v, inForce: v.supersededBy === null })),
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
    private readonly pipelines: EligibilityPipelines,
    private readonly calendars: HolidayCalendars,
    @Inject(WORKING_CALENDAR) private readonly calendar: ManagedWorkingDayCalendar,
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
    const actorRef = { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction };
    const outcome = await this.pipelines.holidayCalendar.handle(
      String(year),
      { type: 'PublishHolidaySchedule', data, metadata: { actor: actorRef, now: this.pipelines.now() } },
      { actor: actorRef, correlationId: calendarIdOf(year), ...(data.reason ? { reason: data.reason.trim() } : {}) },
    );
    await this.calendars.refresh();
    const current = currentHolidayVersion(outcome.state)!;
    return {
      year,
      calendarId: calendarIdOf(year),
      version: current.version,
      supersedesVersion: current.version > 1 ? current.version - 1 : null,
      written: outcome.events.length > 0,
    };
  }

  /** Years around today: where each year's working days come from (published version, bundled, missing). */
  @Get()
  @Roles(...READERS)
  async list() {
    const streams = await this.calendars.streams();
    const published = new Map(streams.map((s) => [s.state.year, s]));
    const today = this.pipelines.today();
    const thisYear = Number(today.slice(0, 4));
    const years = new Set<number>([thisYear - 1, thisYear, thisYear + 1, ...streams.map((s) => s.state.year!).filter((y) => y !== null)]);
    return [...years]
      .sort((a, b) => a - b)
      .map((year) => {
        const p = published.get(year);
        return {
          year,
          calendarId: calendarIdOf(year),
          ...this.calendar.sourceOf(year),
          versionCount: p?.state.versions.length ?? 0,
        };
      });
  }

  /** One year: every published version (superseded ones marked), or the bundled schedule. */
  @Get(':year')
  @Roles(...READERS)
  async year(@Param('year') yearParam: string) {
    const year = yearOf(yearParam);
    const stream = (await this.calendars.streams()).find((s) => s.state.year === year);
    if (stream) return { ...view(stream.state, stream.revision), source: this.calendar.sourceOf(year).source };
    const bundled = this.calendar.scheduleOf(year);
    if (!bundled) throw notFoundError('holiday_calendar_not_found', `No holiday schedule of ${year} is published or bundled`);
    return { year, calendarId: calendarIdOf(year), revision: -1, currentVersion: null, versions: [], source: 'bundled', bundled };
  }
}
