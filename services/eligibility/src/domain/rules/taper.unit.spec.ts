import { planTaper } from './taper';

describe('渐退 (taper)', () => {
  it('continues the benefit month by month along the schedule, across the year end', () => {
    expect(planTaper(130000, [100, 100, 80, 80, 60, 60], '2026-11')).toEqual([
      { month: '2026-11', amountFen: 130000 },
      { month: '2026-12', amountFen: 130000 },
      { month: '2027-01', amountFen: 104000 },
      { month: '2027-02', amountFen: 104000 },
      { month: '2027-03', amountFen: 78000 },
      { month: '2027-04', amountFen: 78000 },
    ]);
  });

  it('stops at once when the schedule is empty', () => {
    expect(planTaper(130000, [], '2026-11')).toEqual([]);
  });

  it('rounds each month once, half up', () => {
    expect(planTaper(33333, [80, 50], '2026-01').map((p) => p.amountFen)).toEqual([26666, 16667]);
  });

  it('refuses a percentage outside 0–100 or a fractional amount', () => {
    expect(() => planTaper(1000, [120], '2026-01')).toThrow('taperSchedule[0]');
    expect(() => planTaper(1000.5, [100], '2026-01')).toThrow('currentMonthlyFen');
    expect(() => planTaper(1000, [100], '2026-13')).toThrow('startMonth');
  });
});
