import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { APP_CONFIG } from '@sa/platform';
import type { Repository } from 'typeorm';
import type { EligibilityConfig } from '../config';
import { dueDateOrOpen } from '@sa/time';
import { OPEN_STATUSES, type WorkingDays } from '../domain';
import { WORKING_CALENDAR } from '../calendars/working-calendar';
import { ReviewCaseRow } from './review-case-row.entity';

export interface CaseListFilter {
  jurisdiction: string;
  status?: string;
  program?: string;
  limit: number;
  offset: number;
}

/** Case list and deadline queues per jurisdiction (a jurisdiction covers every code starting with it). */
@Injectable()
export class ReviewCaseQueries {
  constructor(
    @InjectRepository(ReviewCaseRow) private readonly rows: Repository<ReviewCaseRow>,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingDays,
    @Inject(APP_CONFIG) private readonly config: EligibilityConfig,
  ) {}

  async list(filter: CaseListFilter): Promise<{ total: number; items: ReviewCaseRow[] }> {
    const q = this.rows
      .createQueryBuilder('c')
      .where('c.jurisdiction LIKE :prefix', { prefix: `${filter.jurisdiction}%` })
      .orderBy('c.acceptedOn', 'DESC', 'NULLS LAST')
      .addOrderBy('c.caseId', 'ASC')
      .take(filter.limit)
      .skip(filter.offset);
    if (filter.status) q.andWhere('c.status = :status', { status: filter.status });
    if (filter.program) q.andWhere('c.program = :program', { program: filter.program });
    const [items, total] = await q.getManyAndCount();
    return { total, items };
  }

  /** Cases with a deadline left open because the holiday schedule of a year is missing (oldest first). */
  async calendarMissing(jurisdiction: string): Promise<ReviewCaseRow[]> {
    return this.rows
      .createQueryBuilder('c')
      .where('c.jurisdiction LIKE :prefix', { prefix: `${jurisdiction}%` })
      .andWhere('c.calendarMissing IS NOT NULL')
      .orderBy('c.calendarMissing', 'ASC')
      .addOrderBy('c.decidedOn', 'ASC', 'NULLS FIRST')
      .addOrderBy('c.acceptedOn', 'ASC')
      .addOrderBy('c.caseId', 'ASC')
      .getMany();
  }

  /** The years whose missing holiday schedule leaves a due date of some case open. */
  async calendarMissingYears(): Promise<number[]> {
    const rows = await this.rows.createQueryBuilder('c').select('DISTINCT c.calendarMissing', 'year').where('c.calendarMissing IS NOT NULL').getRawMany<{ year: number }>();
    return rows.map((r) => Number(r.year)).sort((a, b) => a - b);
  }

  /** A page of the cases (all jurisdictions) with a due date open for want of `year`'s schedule, by case id. */
  async openForYear(year: number, afterCaseId: string | null, limit: number): Promise<{ caseId: string; jurisdiction: string | null }[]> {
    const q = this.rows
      .createQueryBuilder('c')
      .select(['c.caseId', 'c.jurisdiction'])
      .where('c.calendarMissing = :year', { year })
      .orderBy('c.caseId', 'ASC')
      .take(limit);
    if (afterCaseId !== null) q.andWhere('c.caseId > :after', { after: afterCaseId });
    return (await q.getMany()).map((r) => ({ caseId: r.caseId, jurisdiction: r.jurisdiction }));
  }

  /** Open cases whose decision is due within the configured number of working days (today included). */
  async dueSoon(jurisdiction: string, today: string): Promise<{ until: string; items: ReviewCaseRow[] }> {
    // Past the known holiday calendar: every case due by the end of the known year (no date beyond it is known).
    const until = dueDateOrOpen(this.calendar, today, this.config.ELIGIBILITY_DUE_SOON_WORKING_DAYS).dueOn ?? `${today.slice(0, 4)}-12-31`;
    const items = await this.open(jurisdiction)
      .andWhere('c.dueOn >= :today AND c.dueOn <= :until', { today, until })
      .orderBy('c.dueOn', 'ASC')
      .addOrderBy('c.caseId', 'ASC')
      .getMany();
    return { until, items };
  }

  /** Open cases past their decision deadline. */
  async overdue(jurisdiction: string, today: string): Promise<ReviewCaseRow[]> {
    return this.open(jurisdiction).andWhere('c.dueOn < :today', { today }).orderBy('c.dueOn', 'ASC').addOrderBy('c.caseId', 'ASC').getMany();
  }

  private open(jurisdiction: string) {
    return this.rows
      .createQueryBuilder('c')
      .where('c.jurisdiction LIKE :prefix', { prefix: `${jurisdiction}%` })
      .andWhere('c.status IN (:...statuses)', { statuses: [...OPEN_STATUSES] });
  }
}
