/**
 * Birth dates are sealed (issue 18); the events that introduce members carry their age groups in clear
 * (`ageGroups`): the months from which each member counts as adult and as elderly, what the statistics count.
 */
import { given } from '@sa/decider';
import { A, B, C, decider, open } from './__tests__/review-case-fixtures';
import { ageGroupsOf, firstMonthAged } from './age-groups';

describe('age groups in clear beside the sealed birth date', () => {
  it('is the first month whose first day reaches the birthday', () => {
    expect(firstMonthAged('1966-07-01', 60)).toBe('2026-07');
    expect(firstMonthAged('1966-06-02', 60)).toBe('2026-07');
    expect(firstMonthAged('2008-12-15', 18)).toBe('2027-01');
    expect(firstMonthAged('2008-02-29', 18)).toBe('2026-03');
  });

  it('gives nothing for a birth date that is not a date (sealed, shredded, absent)', () => {
    expect(ageGroupsOf([{ memberId: 'a', birthDate: '已销毁' }, { memberId: 'b', birthDate: 'sa3.abcdefgh' }, { memberId: 'c' }])).toEqual([]);
    expect(ageGroupsOf([{ memberId: 'a', birthDate: '1980-03-12' }])).toEqual([{ memberId: 'a', adultFrom: '1998-04', elderlyFrom: '2040-04' }]);
  });

  it('ReviewCaseOpened carries each member\'s age groups, computed from the household it records', () => {
    const [opened] = given(decider).when(open()).then([expect.objectContaining({ type: 'ReviewCaseOpened' }) as never]);
    if (opened?.type !== 'ReviewCaseOpened') throw new Error('not opened');
    expect(opened.data.ageGroups).toEqual(ageGroupsOf(opened.data.household.members));
    // 张伟 1980-03-12, 李娜 1982-07-05, 张小明 2012-09-15
    expect(opened.data.ageGroups).toEqual([
      { memberId: A, adultFrom: '1998-04', elderlyFrom: '2040-04' },
      { memberId: B, adultFrom: '2000-08', elderlyFrom: '2042-08' },
      { memberId: C, adultFrom: '2030-10', elderlyFrom: '2072-10' },
    ]);
  });
});
