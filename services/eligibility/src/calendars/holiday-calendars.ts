/**
 * The published holiday calendars, read from eligibility's own event store (streams
 * `holidayCalendar-<year>`, the source of truth) into the service's `ManagedWorkingDayCalendar`:
 * at start, after each publication through this instance, and every `refreshMs` (other instances'
 * publications). Few streams (one per year), a category read of a few events.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { fold } from '@sa/decider';
import { EVENT_STORE, START, type EventStore, type GlobalPosition, type RecordedEvent } from '@sa/eventstore';
import type { ManagedWorkingDayCalendar } from '@sa/time';
import {
  currentHolidayVersion,
  HOLIDAY_CALENDAR_CATEGORY,
  holidayCalendarDecider,
  type HolidayCalendarEvent,
  type HolidayCalendarState,
} from '../domain';
import { WORKING_CALENDAR } from './working-calendar';

const PAGE = 500;

export interface HolidayCalendarStream {
  streamId: string;
  revision: number;
  state: HolidayCalendarState;
}

@Injectable()
export class HolidayCalendars implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('HolidayCalendars');
  private timer: NodeJS.Timeout | undefined;
  /** How often published calendars are re-read (another instance may have published). */
  static refreshMs = 60_000;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WORKING_CALENDAR) private readonly calendar: ManagedWorkingDayCalendar,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((err: Error) => this.log.warn({ err: err.message }, 'could not re-read the published holiday calendars'));
    }, HolidayCalendars.refreshMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Every year's stream, folded. */
  async streams(): Promise<HolidayCalendarStream[]> {
    const byStream = new Map<string, RecordedEvent[]>();
    let after: GlobalPosition = START;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE, filter: { streamCategories: [HOLIDAY_CALENDAR_CATEGORY] } });
      for (const event of page) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.position;
    }
    return [...byStream.entries()]
      .map(([streamId, events]) => {
        events.sort((a, b) => a.revision - b.revision);
        const state = fold(holidayCalendarDecider, events.map((e) => ({ type: e.type, data: e.data }) as HolidayCalendarEvent));
        return { streamId, revision: events[events.length - 1]!.revision, state };
      })
      .sort((a, b) => (a.state.year ?? 0) - (b.state.year ?? 0));
  }

  /**
   * Applies a year's version in force to the service's calendar (an older version than the one held changes
   * nothing). The publishing handler applies the state it has just decided: the global log it refreshes from is
   * read below the server-wide transaction horizon and may not show that event yet.
   */
  apply(state: HolidayCalendarStream['state']): void {
    const current = currentHolidayVersion(state);
    if (state.year === null || !current) return;
    if (this.calendar.apply({ year: state.year, version: current.version, holidays: current.holidays, makeUpWorkdays: current.makeUpWorkdays })) {
      this.log.log({ year: state.year, version: current.version }, 'holiday calendar applied');
    }
  }

  /** Applies the version in force of every published year to the service's calendar. */
  async refresh(): Promise<void> {
    for (const { state } of await this.streams()) this.apply(state);
    for (const listener of this.listeners) {
      await listener().catch((err: Error) => this.log.warn({ err: err.message }, 'after-refresh step failed'));
    }
  }

  private readonly listeners: (() => Promise<void>)[] = [];

  /** Runs `listener` after every refresh (at start, every `refreshMs`, after a publication). */
  afterRefresh(listener: () => Promise<void>): void {
    this.listeners.push(listener);
  }
}
