/**
 * 期限补定 in the service: after every refresh of the published holiday calendars (at start, every
 * minute, right after `PUT /calendars/:year`), each case whose due dates were left open for a year
 * the calendar now knows gets `DateOpenDueDates` (domain: due-dates.decide.ts). The command id
 * derives from the case, the year and the calendar version, so instances racing each other, or a
 * refresh repeating itself, append nothing twice; a case with nothing left to date records nothing.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { uuidV5 } from '@sa/eventstore';
import type { ManagedWorkingDayCalendar } from '@sa/time';
import { EligibilityPipelines } from '../commands/eligibility-pipelines';
import type { DateOpenDueDates } from '../domain';
import { HolidayCalendars } from './holiday-calendars';
import { WORKING_CALENDAR } from './working-calendar';
import { systemActor } from '../messaging/incoming';
import { ReviewCaseQueries } from '../read-models/review-case-queries';

const DATING_NAMESPACE = '6f0c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f';
const PAGE = 200;

export interface DatingReport {
  year: number;
  version: number | null;
  cases: number;
  dated: number;
}

@Injectable()
export class DueDateDating implements OnApplicationBootstrap {
  private readonly log = new Logger('DueDateDating');
  private running: Promise<DatingReport[]> | null = null;

  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly queries: ReviewCaseQueries,
    private readonly calendars: HolidayCalendars,
    @Inject(WORKING_CALENDAR) private readonly calendar: ManagedWorkingDayCalendar,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited by the refresh: a publication's HTTP answer does not wait for every case to be dated.
    this.calendars.afterRefresh(async () => {
      this.run().catch((err: Error) => this.log.warn({ err: err.message }, 'dating open due dates failed'));
    });
    this.run().catch((err: Error) => this.log.warn({ err: err.message }, 'dating open due dates failed'));
  }

  /** Dates what can be dated now; one run at a time (a caller arriving meanwhile shares it). */
  run(): Promise<DatingReport[]> {
    this.running ??= this.datePublishedYears().finally(() => (this.running = null));
    return this.running;
  }

  private async datePublishedYears(): Promise<DatingReport[]> {
    const reports: DatingReport[] = [];
    for (const year of await this.queries.calendarMissingYears()) {
      const source = this.calendar.sourceOf(year);
      if (source.source === 'missing') continue;
      reports.push(await this.dateYear(year, source.source === 'published' ? source.version : null));
    }
    return reports;
  }

  private async dateYear(year: number, version: number | null): Promise<DatingReport> {
    const report: DatingReport = { year, version, cases: 0, dated: 0 };
    let after: string | null = null;
    for (;;) {
      const page = await this.queries.openForYear(year, after, PAGE);
      for (const { caseId, jurisdiction } of page) {
        report.cases += 1;
        const actor = systemActor(jurisdiction ?? '');
        const command: Omit<DateOpenDueDates, 'metadata'> = { type: 'DateOpenDueDates', data: { calendarYear: year, calendarVersion: version } };
        const outcome = await this.pipelines.reviewCase.handle(caseId, command, {
          commandId: uuidV5(`due-dates:${caseId}:${year}:${version ?? 'bundled'}`, DATING_NAMESPACE),
          actor,
          reason: `${year}年节假日安排${version !== null ? `（第${version}版）` : ''}已知，补定此前因缺少该年安排而未定的期限`,
          retryOnConflict: true,
        });
        if (outcome.events.length > 0) report.dated += 1;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.caseId;
    }
    if (report.cases > 0) this.log.log(report, 'open due dates dated');
    return report;
  }
}
