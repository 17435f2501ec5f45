import { assessMembership, HouseholdMember } from '../../src/domain';
import { IDS, member, residentId, TODAY } from '../support/fixtures';

const adultChild = residentId('330106', '20000101', '011');
const turning18Today = residentId('330106', '20080302', '013');

function assess(overrides: Partial<HouseholdMember> & Pick<HouseholdMember, 'residentId' | 'name' | 'relation'>) {
  return assessMembership(member(overrides), TODAY);
}

describe('who counts as a member of the household (最低生活保障审核确认办法 art. 8)', () => {
  it('counts the applicant', () => {
    expect(assess({ residentId: IDS.applicant, name: '张伟', relation: 'APPLICANT' })).toMatchObject({ counts: true, rule: 'APPLICANT' });
  });

  it('counts the spouse even when living apart', () => {
    expect(assess({ residentId: IDS.spouse, name: '李娜', relation: 'SPOUSE', livesWithApplicant: false })).toMatchObject({
      counts: true,
      rule: 'SPOUSE',
    });
  });

  it('counts a minor child wherever the child lives', () => {
    expect(assess({ residentId: IDS.minor, name: '张小明', relation: 'CHILD', livesWithApplicant: false })).toMatchObject({
      counts: true,
      rule: 'MINOR_CHILD',
    });
  });

  it('takes age on the application date: a child turning 18 that day is an adult', () => {
    expect(assess({ residentId: turning18Today, name: '张十八', relation: 'CHILD', livesWithApplicant: false })).toMatchObject({
      counts: false,
      rule: 'NOT_LIVING_TOGETHER',
    });
  });

  it('counts an adult child who cannot live independently', () => {
    expect(
      assess({ residentId: adultChild, name: '张大', relation: 'CHILD', livesWithApplicant: false, unableToLiveIndependently: true }),
    ).toMatchObject({ counts: true, rule: 'ADULT_CHILD_UNABLE_TO_LIVE_INDEPENDENTLY' });
  });

  it('counts an adult child in full-time education up to undergraduate level', () => {
    for (const level of ['SENIOR_SECONDARY', 'VOCATIONAL', 'UNDERGRADUATE'] as const) {
      expect(
        assess({ residentId: adultChild, name: '张大', relation: 'CHILD', livesWithApplicant: false, employment: { status: 'STUDENT', educationLevel: level } }),
      ).toMatchObject({ counts: true, rule: 'ADULT_CHILD_IN_FULL_TIME_EDUCATION' });
    }
  });

  it('does not count a postgraduate adult child living apart', () => {
    expect(
      assess({
        residentId: adultChild,
        name: '张大',
        relation: 'CHILD',
        livesWithApplicant: false,
        employment: { status: 'STUDENT', educationLevel: 'POSTGRADUATE' },
      }),
    ).toMatchObject({ counts: false, rule: 'NOT_LIVING_TOGETHER' });
  });

  it('counts an adult child living together, who has a legal duty to support the parents', () => {
    expect(assess({ residentId: adultChild, name: '张大', relation: 'CHILD', employment: { status: 'EMPLOYED' } })).toMatchObject({
      counts: true,
      rule: 'LEGAL_DUTY_OF_SUPPORT_LIVING_TOGETHER',
    });
  });

  it('counts a parent living together and not one living apart', () => {
    const parent = residentId('330106', '19500101', '021');
    expect(assess({ residentId: parent, name: '张父', relation: 'PARENT' })).toMatchObject({ counts: true });
    expect(assess({ residentId: parent, name: '张父', relation: 'PARENT', livesWithApplicant: false })).toMatchObject({
      counts: false,
      rule: 'NOT_LIVING_TOGETHER',
    });
  });

  it('counts a sibling or grandparent living together only with a declared legal duty of support', () => {
    const sibling = residentId('330106', '19850101', '031');
    expect(assess({ residentId: sibling, name: '张妹', relation: 'SIBLING' })).toMatchObject({ counts: false, rule: 'NO_LEGAL_DUTY_OF_SUPPORT' });
    expect(assess({ residentId: sibling, name: '张妹', relation: 'SIBLING', legalDutyOfSupport: true })).toMatchObject({
      counts: true,
      rule: 'LEGAL_DUTY_OF_SUPPORT_LIVING_TOGETHER',
    });
  });

  it('excludes a person serving a prison sentence, even the spouse, and records why', () => {
    expect(
      assess({ residentId: IDS.spouse, name: '李娜', relation: 'SPOUSE', custody: { kind: 'PRISON', since: '2024-05-01' } }),
    ).toEqual({ counts: false, rule: 'IN_PRISON', reason: '在监狱内服刑（自2024-05-01起）' });
  });

  it('excludes a person in compulsory drug rehabilitation', () => {
    expect(
      assess({ residentId: adultChild, name: '张大', relation: 'CHILD', custody: { kind: 'COMPULSORY_DRUG_REHABILITATION', since: '2025-12-01' } }),
    ).toMatchObject({ counts: false, rule: 'IN_COMPULSORY_DRUG_REHABILITATION' });
  });

  it('excludes clergy who have lived apart for three years or more, and counts them before that', () => {
    const monk = residentId('330106', '19880101', '041');
    expect(assess({ residentId: monk, name: '张僧', relation: 'SPOUSE', clergyLivingApartSince: '2023-03-02' })).toMatchObject({
      counts: false,
      rule: 'CLERGY_LIVING_APART_3_YEARS',
    });
    expect(assess({ residentId: monk, name: '张僧', relation: 'SPOUSE', clergyLivingApartSince: '2023-03-03' })).toMatchObject({
      counts: true,
      rule: 'SPOUSE',
    });
  });
});
