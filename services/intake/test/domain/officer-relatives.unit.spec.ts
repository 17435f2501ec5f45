import { given, run } from '@sa/decider';
import { officerRelativesDecider, OfficerRelativesCommand } from '../../src/domain';
import { IDS, NOW, OFFICER, withWrongCheckDigit } from '../support/fixtures';

const declare = (residentId = IDS.spouse, actor = OFFICER): OfficerRelativesCommand => ({
  type: 'DeclareCloseRelative',
  officerName: '张专干',
  officialRole: 'CASEWORKER',
  relativeResidentId: residentId,
  relativeName: '李娜',
  relation: 'SIBLING',
  actor,
  now: NOW,
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
      .when({ type: 'WithdrawCloseRelative', relativeResidentId: IDS.spouse, reason: '已离婚', actor: OFFICER, now: NOW })
      .then([
        {
          type: 'CloseRelativeDeclarationWithdrawn',
          data: { officerId: OFFICER.id, relativeResidentId: IDS.spouse, reason: '已离婚', withdrawnOn: '2026-03-02' },
        },
      ]);
    given(officerRelativesDecider, mine)
      .when({ type: 'WithdrawCloseRelative', relativeResidentId: IDS.minor, reason: 'x', actor: OFFICER, now: NOW })
      .thenThrows('not_declared');
  });
});
