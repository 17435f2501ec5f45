/**
 * A consuming service's copy of the published holiday calendars (issue #14 item 1): every
 * `HolidayCalendarPublished` it receives is kept in `<schema>.holiday_calendars` (in the inbox
 * transaction) and applied to the service's `ManagedWorkingDayCalendar`; at start (and every
 * `refreshMs`, for the instances of the group that did not receive the message) the calendar is
 * loaded from that table. The bundled chinese-days data stays the default for unpublished years.
 */
import type { Provider } from '@nestjs/common';
import type { IntegrationEvent } from '@sa/contracts';
import { PG_POOL, type SqlMigration } from '@sa/database';
import { ManagedWorkingDayCalendar, WORKING_DAY_CALENDAR } from '@sa/time';
import type { Pool, PoolClient } from 'pg';
import type { MessagingLogger } from './logger';

/** The table of the published schedules, one row per (year, version); a service adds it as its migration `version`. */
export const holidayCalendarsMigration = (version: number): SqlMigration => ({
  version,
  name: 'holiday calendars (published 节假日安排, HolidayCalendarPublished)',
  sql: (s) => `
    CREATE TABLE IF NOT EXISTS ${s}.holiday_calendars (
      year int NOT NULL,
      version int NOT NULL,
      holidays jsonb NOT NULL,
      make_up_workdays jsonb NOT NULL,
      source text NOT NULL,
      published_on date NOT NULL,
      event_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (year, version)
    );`,
});

interface HolidayCalendarData {
  calendarId: string;
  year: number;
  version: number;
  holidays: string[];
  makeUpWorkdays: string[];
  source: string;
  publishedOn: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class PublishedHolidayCalendars {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly calendar: ManagedWorkingDayCalendar,
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly logger?: MessagingLogger,
  ) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`Bad schema name ${schema}`);
  }

  /** True for the event this class handles (the other types are the service's business). */
  static handles(event: { type: string }): event is IntegrationEvent<HolidayCalendarData, 'HolidayCalendarPublished'> {
    return event.type === 'HolidayCalendarPublished';
  }

  /** Applies the newest stored version of every year. */
  async load(): Promise<void> {
    const { rows } = await this.pool.query<{ year: number; version: number; holidays: string[]; make_up_workdays: string[] }>(
      `SELECT DISTINCT ON (year) year, version, holidays, make_up_workdays FROM ${this.schema}.holiday_calendars ORDER BY year, version DESC`,
    );
    for (const r of rows) {
      if (this.calendar.apply({ year: r.year, version: r.version, holidays: r.holidays, makeUpWorkdays: r.make_up_workdays })) {
        this.logger?.info({ year: r.year, version: r.version }, 'holiday calendar applied');
      }
    }
  }

  /** Keeps the event (in the inbox transaction) and applies it; an older version or a redelivery changes nothing. */
  async record(event: IntegrationEvent<unknown>, tx: PoolClient): Promise<boolean> {
    if (!PublishedHolidayCalendars.handles(event)) throw new TypeError(`not a HolidayCalendarPublished: ${event.type}`);
    const d = event.data;
    await tx.query(
      `INSERT INTO ${this.schema}.holiday_calendars (year, version, holidays, make_up_workdays, source, published_on, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (year, version) DO NOTHING`,
      [d.year, d.version, JSON.stringify(d.holidays), JSON.stringify(d.makeUpWorkdays), d.source, d.publishedOn, event.id],
    );
    const changed = this.calendar.apply({ year: d.year, version: d.version, holidays: d.holidays, makeUpWorkdays: d.makeUpWorkdays });
    if (changed) this.logger?.info({ year: d.year, version: d.version, eventId: event.id }, 'holiday calendar published: applied');
    return changed;
  }

  /** Re-reads the table every `refreshMs` (unref'd timer). */
  startRefreshing(refreshMs = 60_000): void {
    this.stop();
    this.timer = setInterval(() => {
      this.load().catch((err: Error) => this.logger?.warn({ err: err.message }, 'could not re-read the holiday calendars'));
    }, refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  onApplicationShutdown(): void {
    this.stop();
  }
}

/**
 * Nest providers of a consuming service: `PublishedHolidayCalendars` (loaded from the service's
 * table once its migrations ran, refreshed every minute) and `WORKING_DAY_CALENDAR` (its calendar).
 * Past the known years these services guess Monday–Friday for their operational reminders, unless
 * `beyondCoverage: 'throw'` (disbursement: the paperwork due date of an emergency advance stays open).
 */
export function holidayCalendarProviders(deps: {
  schema: string | symbol;
  migrated: string | symbol;
  logger?: MessagingLogger;
  /** The calendar to keep current (default: a new one per application, `beyondCoverage` past the known years). */
  calendar?: ManagedWorkingDayCalendar;
  /** For the default calendar: `'weekdays'` (default, a guessed Monday–Friday) or `'throw'` (the caller leaves due dates open, `dueDateOrOpen`). */
  beyondCoverage?: 'throw' | 'weekdays';
}): Provider[] {
  return [
    {
      provide: PublishedHolidayCalendars,
      inject: [PG_POOL, deps.schema, deps.migrated],
      useFactory: async (pool: Pool, schema: string) => {
        const calendar = deps.calendar ?? new ManagedWorkingDayCalendar(undefined, deps.beyondCoverage ?? 'weekdays');
        const calendars = new PublishedHolidayCalendars(calendar, pool, schema, deps.logger);
        await calendars.load();
        calendars.startRefreshing();
        return calendars;
      },
    },
    { provide: WORKING_DAY_CALENDAR, inject: [PublishedHolidayCalendars], useFactory: (c: PublishedHolidayCalendars) => c.calendar },
  ];
}
