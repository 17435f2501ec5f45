/** The households ledger's read model (pure part): given a case's events, when folded, then the household document. */
import type { ReviewCaseEvent } from '../src/domain';
import { A, approvedCase, B, C, caseMember } from '../src/domain/__tests__/review-case-fixtures';
import { projectHousehold, type HouseholdDocument } from '../src/read-models/household.projection';

const fold = (events: { type: string; data: unknown }[]) =>
  events.reduce<HouseholdDocument | null>((doc, e) => projectHousehold(doc, e as ReviewCaseEvent) ?? doc, null);

describe('household projection', () => {
  it('given an approved case, the members with who is covered (nobody before the decision)', () => {
    const events = approvedCase();
    const opened = fold(events.slice(0, 1))!;
    expect(opened.members.map((m) => [m.name, m.covered])).toEqual([['张伟', false], ['李娜', false], ['张小明', false]]);
    const doc = fold(events)!;
    expect(doc.applicantMemberId).toBe(A);
    expect(doc.members.map((m) => [m.memberId, m.relation, m.included])).toEqual([[A, 'APPLICANT', true], [B, 'SPOUSE', true], [C, 'CHILD', true]]);
    expect(doc.members.every((m) => m.covered)).toBe(true);
  });

  it('given an event whose members carry resident IDs (as CaseMigrated does), they are kept (the ledger masks them)', () => {
    const [opened] = approvedCase() as [ReviewCaseEvent & { type: 'ReviewCaseOpened' }];
    const withIds = { ...opened, data: { ...opened.data, household: { ...opened.data.household, members: opened.data.household.members.map((m, i) => ({ ...m, residentId: `33010619800312001${i}` })) } } };
    expect(fold([withIds])!.members.map((m) => m.residentId)).toEqual(['330106198003120010', '330106198003120011', '330106198003120012']);
    expect(fold([opened])!.members.every((m) => !('residentId' in m))).toBe(true);
  });

  it('when members leave and join, and when the benefit ends, the document follows', () => {
    const events = approvedCase();
    const D = '9d4c3e5f-6a7b-4c8d-9e0f-0a1b2c3d4e5f';
    const joined = { type: 'RedeterminationRequested', data: { membersLeft: [C], membersJoined: [caseMember(D, '张奶奶', 'GRANDPARENT')] } };
    const after = fold([...events, joined])!;
    expect(after.members.map((m) => [m.name, m.included, m.covered])).toEqual([['张伟', true, true], ['李娜', true, true], ['张小明', false, false], ['张奶奶', true, false]]);
    const covered = { type: 'BenefitChangeDecided', data: { changeType: 'INCREASE', membersCovered: [{ memberId: A }, { memberId: D }] } };
    expect(fold([...events, joined, covered])!.members.filter((m) => m.covered).map((m) => m.memberId)).toEqual([A, D]);
    const ended = { type: 'BenefitChangeDecided', data: { changeType: 'TERMINATION', membersCovered: null } };
    expect(fold([...events, joined, covered, ended])!.members.some((m) => m.covered)).toBe(false);
  });

  it('other events leave it unchanged (undefined: nothing to write)', () => {
    const doc = fold(approvedCase())!;
    expect(projectHousehold(doc, { type: 'HomeVisitRecorded', data: {} })).toBeUndefined();
    expect(projectHousehold(doc, { type: 'BenefitChangeDecided', data: { changeType: 'INCREASE', membersCovered: null } })).toBeUndefined();
  });
});
