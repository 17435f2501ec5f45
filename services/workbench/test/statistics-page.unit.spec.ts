/**
 * The 统计 page's pure logic (services/workbench/web/src/statistics.ts): averages and shares from
 * integer fen and counts without floating arithmetic, the month picker's default, the "as reported vs
 * as corrected" comparison and the corrections list in Chinese, the per-programme and per-division
 * sums the charts draw, and the download file name of a Content-Disposition header.
 */
import fc from 'fast-check';
import { dispositionFilename } from '../web/src/format';
import {
  averageFen,
  averages,
  byProgramme,
  comparison,
  correctionLines,
  divisionProblem,
  expenditureByDivision,
  figure,
  levelsFor,
  percent,
  personGroups,
  previousMonth,
  type StatisticsReport,
  type StatisticsRow,
} from '../web/src/statistics';

const row = (over: Partial<StatisticsRow>): StatisticsRow => ({
  month: '2026-11',
  district: '330106',
  division: '330106',
  program: 'MINIMUM_LIVING_ALLOWANCE',
  programLabel: '最低生活保障',
  households: 0,
  persons: 0,
  householdsWithoutCoverage: 0,
  elderly: 0,
  minors: 0,
  disabled: 0,
  payments: 0,
  issuedFen: 0,
  reissuedFen: 0,
  returnedFen: 0,
  netFen: 0,
  ...over,
});

describe('averages in integer fen (rounded half up, BigInt)', () => {
  it.each([
    [100, 3, 33],
    [200, 3, 67],
    [150, 2, 75],
    [1, 2, 1],
    [390000, 3, 130000],
    [-100, 3, -33],
    [-150, 2, -75],
  ])('%i fen / %i → %i fen', (total, count, expected) => expect(averageFen(total, count)).toBe(expected));

  it('is null without a count or a total', () => {
    expect(averageFen(100, 0)).toBeNull();
    expect(averageFen(undefined, 3)).toBeNull();
  });

  it('is exact up to the largest safe amount', () => {
    expect(averageFen(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(averageFen(Number.MAX_SAFE_INTEGER, 2)).toBe(4503599627370496); // …495.5 rounded half up
  });

  it('always lies within half a fen of the true quotient (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 1, max: 100_000 }), (total, count) => {
        const avg = BigInt(averageFen(total, count)!);
        const diff2 = 2n * (avg * BigInt(count) - BigInt(total)); // 2 × (avg − total/count) × count
        return diff2 <= BigInt(count) && diff2 > -BigInt(count);
      }),
    );
  });

  it('per household, per person and the average standard of a row', () => {
    expect(averages({ netFen: 390000, households: 3, persons: 7, standardFenTotal: 330000, householdsWithStandard: 3 })).toEqual({
      perHouseholdFen: 130000,
      perPersonFen: 55714,
      standardFen: 110000,
    });
    expect(averages({ netFen: 0, households: 0, persons: 0 })).toEqual({ perHouseholdFen: null, perPersonFen: null, standardFen: null });
  });
});

describe('shares as percentages with two decimals', () => {
  it.each([
    [7, 8, '87.50%'],
    [1, 3, '33.33%'],
    [2, 3, '66.67%'],
    [3, 3, '100.00%'],
    [0, 5, '0.00%'],
    [0, 0, '—'],
  ])('%i / %i → %s', (part, whole, text) => expect(percent(part, whole)).toBe(text));

  it("the API's 4-decimal share shown the same way", () => {
    expect(figure('withinDeadlineShare', 0.875)).toBe('87.50%');
    expect(figure('withinDeadlineShare', 0.3333)).toBe('33.33%');
    expect(figure('withinDeadlineShare', null)).toBe('—');
    expect(figure('netFen', 130000)).toBe('¥1,300.00');
    expect(figure('households', 3)).toBe('3');
  });
});

describe('the month picker and the division', () => {
  it('defaults to the previous month in Asia/Shanghai', () => {
    expect(previousMonth(new Date('2026-12-07T03:00:00Z'))).toBe('2026-11');
    expect(previousMonth(new Date('2027-01-15T00:00:00Z'))).toBe('2026-12');
    // 2026-11-30 17:00 UTC is already 1 December in Shanghai: the previous month is November.
    expect(previousMonth(new Date('2026-11-30T17:00:00Z'))).toBe('2026-11');
    expect(previousMonth(new Date('2026-11-30T15:00:00Z'))).toBe('2026-10');
  });

  it('division codes are 6, 9 or 12 digits; the levels are not coarser than the division', () => {
    expect(divisionProblem('330106')).toBeNull();
    expect(divisionProblem('330106001')).toBeNull();
    expect(divisionProblem('33010600')).toMatch(/6 位/);
    expect(divisionProblem('33x106')).toMatch(/数字/);
    expect(levelsFor('330106').map((l) => l.value)).toEqual(['county', 'street', 'community']);
    expect(levelsFor('330106001').map((l) => l.value)).toEqual(['street', 'community']);
    expect(levelsFor('330106001001').map((l) => l.value)).toEqual(['community']);
  });
});

describe('what the charts draw', () => {
  const rows = [
    row({ division: '330106001', households: 2, persons: 5, netFen: 260000, elderly: 1 }),
    row({ division: '330106001', program: 'EXTREME_POVERTY_SUPPORT', programLabel: '特困人员救助供养', households: 1, persons: 1, netFen: 150000 }),
    row({ division: '330106002', households: 1, persons: 3, netFen: 130000 }),
  ];

  it('households and persons per programme, summed over the divisions', () => {
    expect(byProgramme(rows)).toEqual([
      { program: 'MINIMUM_LIVING_ALLOWANCE', label: '最低生活保障', households: 3, persons: 8, netFen: 390000 },
      { program: 'EXTREME_POVERTY_SUPPORT', label: '特困人员救助供养', households: 1, persons: 1, netFen: 150000 },
    ]);
  });

  it('net expenditure per division, summed over the programmes, in code order', () => {
    expect(expenditureByDivision([rows[2]!, rows[0]!, rows[1]!])).toEqual([
      { division: '330106001', netFen: 410000 },
      { division: '330106002', netFen: 130000 },
    ]);
  });

  it('persons by group', () => {
    expect(personGroups({ elderly: 4, minors: 2, disabled: 1 }).map((g) => g.value)).toEqual([4, 2, 1]);
  });
});

describe('as reported vs as corrected', () => {
  const totals = (over: Partial<StatisticsRow>) => {
    const { district: _d, division: _v, program: _p, programLabel: _l, ...t } = row(over);
    return t;
  };
  const processTotals = { decided: 4, decidedWithinDeadline: 3, withinDeadlineShare: 0.75, overdueReviews: 1, terminationsAfterDataAlert: 0, reapplications: 0 };
  const report: Pick<StatisticsReport, 'totals' | 'processTotals' | 'asReported'> = {
    totals: totals({ households: 3, persons: 7, payments: 3, issuedFen: 390000, returnedFen: 130000, netFen: 260000 }),
    processTotals: { ...processTotals, decided: 5, decidedWithinDeadline: 4, withinDeadlineShare: 0.8 },
    asReported: {
      rows: [],
      process: [],
      totals: totals({ households: 3, persons: 7, payments: 3, issuedFen: 390000, netFen: 390000 }),
      processTotals,
    },
  };

  it('lists both views of every total, marks what changed and by how much', () => {
    const lines = comparison(report);
    const of = (field: string) => lines.find((l) => l.field === field)!;
    expect(of('households')).toMatchObject({ label: '户数', reported: '3', corrected: '3', change: '', changed: false });
    expect(of('returnedFen')).toMatchObject({ label: '退回金额', reported: '¥0.00', corrected: '¥1,300.00', change: '+¥1,300.00', changed: true });
    expect(of('netFen')).toMatchObject({ reported: '¥3,900.00', corrected: '¥2,600.00', change: '-¥1,300.00', changed: true });
    expect(of('decided')).toMatchObject({ reported: '4', corrected: '5', change: '+1', changed: true });
    expect(of('withinDeadlineShare')).toMatchObject({ reported: '75.00%', corrected: '80.00%', changed: true });
  });

  it('the 特困 供养方式 split and 人次 when the service gives them (a correction shows), left out when an older service does not', () => {
    const withSplit = {
      ...report,
      totals: { ...report.totals, centralizedPersons: 2, dispersedPersons: 3, personTimes: 8 },
      asReported: { ...report.asReported, totals: { ...report.asReported.totals, centralizedPersons: 1, dispersedPersons: 3, personTimes: 7 } },
    };
    const of = (field: string) => comparison(withSplit).find((l) => l.field === field);
    expect(of('centralizedPersons')).toMatchObject({ label: '特困集中供养人数', reported: '1', corrected: '2', change: '+1', changed: true });
    expect(of('dispersedPersons')).toMatchObject({ label: '特困分散供养人数', reported: '3', corrected: '3', changed: false });
    expect(of('personTimes')).toMatchObject({ label: '救助人次', reported: '7', corrected: '8', change: '+1' });
    expect(comparison(report).some((l) => l.field === 'personTimes' || l.field === 'centralizedPersons')).toBe(false);
  });

  it('the corrections list in Chinese, money in 元', () => {
    expect(
      correctionLines(
        [
          { table: 'rows', division: '330106', program: 'MINIMUM_LIVING_ALLOWANCE', field: 'returnedFen', reported: 0, corrected: 130000 },
          { table: 'process', division: '330106', field: 'withinDeadlineShare', reported: 0.75, corrected: null },
        ],
        (code) => (code === 'MINIMUM_LIVING_ALLOWANCE' ? '最低生活保障(低保)' : code),
      ),
    ).toEqual([
      { table: '月报', division: '330106', program: '最低生活保障(低保)', field: '退回金额', reported: '¥0.00', corrected: '¥1,300.00' },
      { table: '过程指标', division: '330106', program: '', field: '时限内办结率', reported: '75.00%', corrected: '—' },
    ]);
  });
});

describe('download file names', () => {
  it.each([
    ['attachment; filename="statistics-330106-2026-11.xlsx"', 'statistics-330106-2026-11.xlsx'],
    ["attachment; filename*=UTF-8''%E5%8F%B0%E8%B4%A6.xlsx", '台账.xlsx'],
    ['attachment; filename=plain.csv', 'plain.csv'],
    [null, 'fallback.xlsx'],
  ])('%p → %s', (header, name) => expect(dispositionFilename(header, 'fallback.xlsx')).toBe(name));
});
