import { given, run } from '@sa/decider';
import { declaredRelativesOf, maskResidentId, officerRelativesDecider, OfficerRelativesCommand } from '../../src/domain';
import { IDS, NOW, OFFICER, withWrongCheckDigit } from '../support/fixtures';

const declare = (residentId = IDS.spouse, actor = OFFICER): OfficerRelativesCommand => ({
  type: 'DeclareCloseRelative',
  data: {
    officerName: '张专干',
    officialRole: 'CASEWORKER',
    relativeResidentId: residentId,
    relativeName: '李娜',
    relation: 'SIBLING',
  },
  metadata: { actor: actor, now: NOW },
});

describe("officers' declarations of close relatives (近亲属备案)", () => {
  it('records a declared close relative', () => {
    given(officerRelativesDecider, [])
      .when(declare())
      .then([
        {
          type: 'CloseRelativeDeclared',
          data: {
            officerId: OFFICER.id,
            officerName: '张专干',
            officialRole: 'CASEWORKER',
            officerJurisdiction: OFFICER.jurisdiction,
            relativeResidentId: IDS.spouse,
            relativeName: '李娜',
            relation: 'SIBLING',
            declaredOn: '2026-03-02',
          },
        },
      ]);
  });

  it('refuses a relative with an invalid resident ID and one declared twice', () => {
    given(officerRelativesDecider, []).when(declare(withWrongCheckDigit(IDS.spouse))).thenThrows('invalid_declaration');
    given(officerRelativesDecider, run(officerRelativesDecider, [], declare()).events).when(declare()).thenThrows('already_declared');
  });

  it("lets an officer declare only for themselves", () => {
    const mine = run(officerRelativesDecider, [], declare()).events;
    given(officerRelativesDecider, mine)
      .when(declare(IDS.minor, { ...OFFICER, id: 'someone-else' }))
      .thenThrows('not_own_declaration');
  });

  it('withdraws a declaration with a reason, and only a declared one', () => {
    const mine = run(officerRelativesDecider, [], declare()).events;
    given(officerRelativesDecider, mine)
      .when({ type: 'WithdrawCloseRelative', data: { relativeResidentId: IDS.spouse, reason: '已离婚' }, metadata: { actor: OFFICER, now: NOW } })
      .then([
        {
          type: 'CloseRelativeDeclarationWithdrawn',
          data: { officerId: OFFICER.id, relativeResidentId: IDS.spouse, reason: '已离婚', withdrawnOn: '2026-03-02' },
        },
      ]);
    given(officerRelativesDecider, mine)
      .when({ type: 'WithdrawCloseRelative', data: { relativeResidentId: IDS.minor, reason: 'x' }, metadata: { actor: OFFICER, now: NOW } })
      .thenThrows('not_declared');
  });
});

describe('an officer’s own declarations in force (GET /officers/me/close-relatives)', () => {
  it('lists each declared relative once, masked, and drops a withdrawn one', () => {
    const first = run(officerRelativesDecider, [], declare(IDS.spouse)).events;
    const second = run(officerRelativesDecider, first, {
      type: 'DeclareCloseRelative',
      data: {
        officerName: '张专干',
        officialRole: 'CASEWORKER',
        relativeResidentId: IDS.minor,
        relativeName: '张小明',
        relation: 'CHILD',
      },
      metadata: { actor: OFFICER, now: NOW },
    }).events;
    const withdrawn = run(officerRelativesDecider, [...first, ...second], {
      type: 'WithdrawCloseRelative',
      data: {
        relativeResidentId: IDS.spouse,
        reason: '已离婚',
      },
      metadata: { actor: OFFICER, now: NOW },
    }).events;
    expect(declaredRelativesOf([...first, ...second])).toEqual([
      { relativeResidentIdMasked: maskResidentId(IDS.spouse), relativeName: '李娜', relation: 'SIBLING', officialRole: 'CASEWORKER', declaredOn: '2026-03-02' },
      { relativeResidentIdMasked: maskResidentId(IDS.minor), relativeName: '张小明', relation: 'CHILD', officialRole: 'CASEWORKER', declaredOn: '2026-03-02' },
    ]);
    expect(declaredRelativesOf([...first, ...second, ...withdrawn]).map((r) => r.relativeName)).toEqual(['张小明']);
    expect(JSON.stringify(declaredRelativesOf([...first, ...second]))).not.toContain(IDS.spouse);
  });
});
