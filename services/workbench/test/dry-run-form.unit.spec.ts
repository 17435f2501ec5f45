/**
 * 政策 → 试算 (pure logic): the household typed on the page → the body of `POST /policies/dry-run`
 * (元 → integer fen without floating arithmetic), the page's own checks, and the service's field
 * names mapped back to the member row and column they came from.
 */
import { checkDryRunForm, dryRunBody, dryRunFieldOf, dryRunNames, newDryRunMember, type DryRunForm } from '../web/src/dry-run';

const form = (f: Partial<DryRunForm> = {}): DryRunForm => ({
  program: 'MINIMUM_LIVING_ALLOWANCE',
  policyVersion: '330106-2026-01',
  onDate: '2026-12-07',
  members: [
    { ...newDryRunMember(), name: '王秀英', birthDate: '1956-04-02', workAbility: 'NONE', disabilityGrade: '2', disabilityCategory: 'PHYSICAL' },
    { ...newDryRunMember(), name: '李强', birthDate: '1984-09-30', incomeYuan: '1200.1' },
  ],
  depositsYuan: '8000',
  ...f,
});

describe('试算 form', () => {
  it('becomes the dry-run body: amounts in integer fen, incomes only for members who have one', () => {
    expect(checkDryRunForm(form())).toEqual({});
    expect(dryRunBody(form())).toEqual({
      program: 'MINIMUM_LIVING_ALLOWANCE',
      policyVersion: '330106-2026-01',
      onDate: '2026-12-07',
      household: {
        applicantMemberId: 'm1',
        members: [
          { memberId: 'm1', name: '王秀英', birthDate: '1956-04-02', workAbility: 'NONE', disability: { grade: 2, category: 'PHYSICAL' } },
          { memberId: 'm2', name: '李强', birthDate: '1984-09-30', workAbility: 'FULL' },
        ],
      },
      facts: {
        incomes: [{ memberId: 'm2', type: 'WAGES', monthlyAverageFen: 120010 }],
        financialAssets: [{ memberId: 'm1', kind: 'BANK_DEPOSIT', valueFen: 800000 }],
      },
    });
    expect(dryRunBody(form({ onDate: '', depositsYuan: '' }))).not.toHaveProperty('onDate');
    expect(dryRunBody(form({ depositsYuan: '' })).facts.financialAssets).toEqual([]);
  });

  it('checks the form before sending, naming the member row', () => {
    const bad = form({ onDate: '2026-02-30', depositsYuan: '8,000', policyVersion: '' });
    bad.members[1] = { ...bad.members[1]!, birthDate: '1984/09/30', incomeYuan: '1200.123' };
    expect(checkDryRunForm(bad)).toEqual({
      policyVersion: '请选择政策版本',
      onDate: '日期格式应为 YYYY-MM-DD',
      'members[1].birthDate': '请填写出生日期(YYYY-MM-DD)',
      'members[1].incomeYuan': '请填写金额(元),最多两位小数',
      depositsYuan: '请填写金额(元),最多两位小数',
    });
    expect(checkDryRunForm(form({ members: [] }))).toEqual({ members: '请至少填写一名家庭成员' });
  });

  it('maps the service’s field names back onto the form', () => {
    const body = dryRunBody(form());
    expect(dryRunFieldOf('household.members[1].birthDate', body)).toBe('members[1].birthDate');
    expect(dryRunFieldOf('household.members[0].disability.grade', body)).toBe('members[0].disabilityGrade');
    // The first income is the second member's (the first has none).
    expect(dryRunFieldOf('facts.incomes[0].monthlyAverageFen', body)).toBe('members[1].incomeYuan');
    expect(dryRunFieldOf('facts.financialAssets[0].valueFen', body)).toBe('depositsYuan');
    expect(dryRunFieldOf('household', body)).toBe('members');
    expect(dryRunFieldOf('policyVersion', body)).toBe('policyVersion');
  });

  it('names the members for the explanation table', () => {
    expect(dryRunNames(form({ members: [{ ...newDryRunMember(), name: '王秀英' }, newDryRunMember()] }))).toEqual({ m1: '王秀英', m2: '成员2' });
  });
});
