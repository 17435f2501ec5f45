/**
 * PublishedHolidayCalendars on real PostgreSQL (own schema, dropped afterwards): a received
 * HolidayCalendarPublished is kept in `holiday_calendars` and applied; a redelivery or an older
 * version changes nothing; a fresh instance (another process of the service) loads the newest
 * version of each year from the table.
 */
import { createIntegrationEvent, EXAMPLE_EVENT_DATA, type IntegrationEvent } from '@sa/contracts';
import { DEFAULT_TEST_DATABASE_URL, runSqlMigrations } from '@sa/database';
import { holidayCalendarsMigration, PublishedHolidayCalendars } from '@sa/messaging';
import { ManagedWorkingDayCalendar } from '@sa/time';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';

const SCHEMA = `holiday_calendars_${randomBytes(4).toString('hex')}`;
const pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL, max: 2 });

const published = (version: number, holidays: string[]) =>
  createIntegrationEvent(
    'HolidayCalendarPublished',
    { ...EXAMPLE_EVENT_DATA.HolidayCalendarPublished, version, supersedesVersion: version === 1 ? null : version - 1, holidays, ...(version > 1 ? { reason: '更正' } : {}) },
    {
      id: randomUUID(),
      time: '2026-12-01T09:00:00+08:00',
      metadata: { correlationId: 'CN-2027', causationId: randomUUID(), actor: { id: 'policy-admin-01', role: 'policy_admin', jurisdiction: '440000' } },
    },
  ) as IntegrationEvent;

async function inTx<T>(work: (tx: import('pg').PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } finally {
    tx.release();
  }
}

beforeAll(async () => {
  await runSqlMigrations(pool, SCHEMA, [holidayCalendarsMigration(10)]);
});

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await pool.end();
});

describe('PublishedHolidayCalendars', () => {
  it('keeps and applies each version; redelivery and older versions change nothing; a new instance loads the newest', async () => {
    const calendars = new PublishedHolidayCalendars(new ManagedWorkingDayCalendar(), pool, SCHEMA);
    expect(() => calendars.calendar.addWorkingDays('2026-12-31', 1)).toThrow(/outside the holiday data/);
    const v1 = published(1, ['2027-01-01', '2027-01-04']);
    expect(PublishedHolidayCalendars.handles(v1)).toBe(true);
    expect(await inTx((tx) => calendars.record(v1, tx))).toBe(true);
    expect(calendars.calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-05');
    expect(await inTx((tx) => calendars.record(v1, tx))).toBe(false);

    const v2 = published(2, ['2027-01-01']);
    expect(await inTx((tx) => calendars.record(v2, tx))).toBe(true);
    expect(calendars.calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(await inTx((tx) => calendars.record(v1, tx))).toBe(false);
    expect(calendars.calendar.sourceOf(2027)).toEqual({ source: 'published', version: 2 });

    const { rows } = await pool.query(`SELECT year, version FROM ${SCHEMA}.holiday_calendars ORDER BY version`);
    expect(rows).toEqual([
      { year: 2027, version: 1 },
      { year: 2027, version: 2 },
    ]);
    const restarted = new PublishedHolidayCalendars(new ManagedWorkingDayCalendar(), pool, SCHEMA);
    await restarted.load();
    expect(restarted.calendar.sourceOf(2027)).toEqual({ source: 'published', version: 2 });
    expect(restarted.calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });
});
