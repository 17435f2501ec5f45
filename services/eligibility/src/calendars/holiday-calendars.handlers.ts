import { Inject } from '@nestjs/common';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { calendarIdOf, type ManagedWorkingDayCalendar } from '@sa/time';
import { EligibilityPipelines } from '../commands/eligibility-pipelines';
import { currentHolidayVersion, notFoundError, type HolidayCalendarState, type PublishHolidaySchedule } from '../domain';
import { HolidayCalendars } from './holiday-calendars';
import { WORKING_CALENDAR } from './working-calendar';

export class PublishHolidayScheduleCommand {
  constructor(
    readonly year: number,
    readonly data: PublishHolidaySchedule['data'],
    readonly actor: Actor,
  ) {}
}

export class ListHolidayCalendarsQuery {}

export class GetHolidayCalendarQuery {
  constructor(readonly year: number) {}
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

/** Publishes (or corrects) a year's schedule through the holiday-calendar pipeline, then refreshes the working calendar. */
@CommandHandler(PublishHolidayScheduleCommand)
export class PublishHolidayScheduleHandler implements ICommandHandler<PublishHolidayScheduleCommand> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly calendars: HolidayCalendars,
  ) {}

  async execute({ year, data, actor }: PublishHolidayScheduleCommand) {
    const actorRef = { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction };
    const outcome = await this.pipelines.holidayCalendar.handle(
      String(year),
      { type: 'PublishHolidaySchedule', data, metadata: { actor: actorRef, now: this.pipelines.now() } },
      { actor: actorRef, correlationId: calendarIdOf(year), ...(data.reason ? { reason: data.reason.trim() } : {}) },
    );
    this.calendars.apply(outcome.state);
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
}

/** Years around today: where each year's working days come from (published version, bundled, missing). */
@QueryHandler(ListHolidayCalendarsQuery)
export class ListHolidayCalendarsHandler implements IQueryHandler<ListHolidayCalendarsQuery> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly calendars: HolidayCalendars,
    @Inject(WORKING_CALENDAR) private readonly calendar: ManagedWorkingDayCalendar,
  ) {}

  async execute() {
    const streams = await this.calendars.streams();
    for (const s of streams) this.calendars.apply(s.state); // the source and version shown agree with the versions counted
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
}

/** One year: every published version (superseded ones marked), or the bundled schedule (404 neither). */
@QueryHandler(GetHolidayCalendarQuery)
export class GetHolidayCalendarHandler implements IQueryHandler<GetHolidayCalendarQuery> {
  constructor(
    private readonly calendars: HolidayCalendars,
    @Inject(WORKING_CALENDAR) private readonly calendar: ManagedWorkingDayCalendar,
  ) {}

  async execute({ year }: GetHolidayCalendarQuery) {
    const stream = (await this.calendars.streams()).find((s) => s.state.year === year);
    if (stream) return { ...view(stream.state, stream.revision), source: this.calendar.sourceOf(year).source };
    const bundled = this.calendar.scheduleOf(year);
    if (!bundled) throw notFoundError('holiday_calendar_not_found', `No holiday schedule of ${year} is published or bundled`);
    return { year, calendarId: calendarIdOf(year), revision: -1, currentVersion: null, versions: [], source: 'bundled', bundled };
  }
}
