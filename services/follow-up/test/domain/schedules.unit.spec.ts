import { adultOn, addMonths, membersAgeingOut, reviewDueStatus, visitIntervalDays, welfareVisitStatus } from '../../src/domain';

describe('review schedule', () => {
  const schedule = { nextReviewDueMonth: '2026-08', reviewIntervalMonths: 6 };

  it('is not due before the due-soon window', () => {
    expect(reviewDueStatus(schedule, '2026-07-16', 15)).toBe('NOT_DUE');
  });
  it('is due soon within the window before the due month', () => {
    expect(reviewDueStatus(schedule, '2026-07-17', 15)).toBe('DUE_SOON');
  });
  it('is due during its due month', () => {
    expect(reviewDueStatus(schedule, '2026-08-31', 15)).toBe('DUE');
  });
  it('is overdue after its due month ended', () => {
    expect(reviewDueStatus(schedule, '2026-09-01', 15)).toBe('OVERDUE');
  });
  it('counts months across the year end', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });
});

describe('welfare visits', () => {
  const plan = { vulnerabilities: ['ELDERLY_LIVING_ALONE' as const], intervalDays: 30, firstDueOn: '2026-02-28' };

  it('takes the most frequent policy interval among the vulnerabilities', () => {
    expect(visitIntervalDays(['ELDERLY_LIVING_ALONE', 'CHILD_IN_DIFFICULTY'], { ELDERLY_LIVING_ALONE: 7, SEVERE_DISABILITY: 30, CHILD_IN_DIFFICULTY: 30 })).toBe(7);
  });
  it('is not missed before the first due date', () => {
    expect(welfareVisitStatus(plan, undefined, '2026-02-28')).toEqual({ nextDueOn: '2026-02-28', missed: false, daysOverdue: 0 });
  });
  it('is missed the day after the first due date without a visit', () => {
    expect(welfareVisitStatus(plan, undefined, '2026-03-01')).toEqual({ nextDueOn: '2026-02-28', missed: true, daysOverdue: 1 });
  });
  it('is due again one interval after the last visit', () => {
    expect(welfareVisitStatus(plan, '2026-03-10', '2026-04-12')).toEqual({ nextDueOn: '2026-04-09', missed: true, daysOverdue: 3 });
  });
});

describe('特困 minors ageing out', () => {
  it('turns 18 on the 18th birthday, 1 March for a 29 February birthday', () => {
    expect(adultOn('2008-06-10')).toBe('2026-06-10');
    expect(adultOn('2008-02-29')).toBe('2026-03-01');
  });

  it('lists covered minors who turn 18 within the notice window', () => {
    const members = [
      { memberId: 'a', name: '甲', birthDate: '2008-06-10' },
      { memberId: 'b', name: '乙', birthDate: '2010-01-01' },
      { memberId: 'c', name: '丙', birthDate: '2008-05-01' },
    ];
    expect(membersAgeingOut(members, ['a', 'b'], '2026-04-15', 60)).toEqual([{ memberId: 'a', name: '甲', adultOn: '2026-06-10' }]);
  });
});
