import { examplePolicy } from '../__tests__/fixtures';
import { PolicyVersion } from './policy-version';
import { validatePolicyCatalogue, validatePolicyVersion } from './validate-policy';

const paths = (policy: PolicyVersion) => validatePolicyVersion(policy).map((v) => v.path);

describe('policy validation', () => {
  it('accepts the worked-example policy', () => {
    expect(validatePolicyVersion(examplePolicy())).toEqual([]);
  });

  it('accepts a tiered policy whose bands cover zero to the standard', () => {
    const tiered = examplePolicy({
      benefitMethod: {
        method: 'TIERED',
        bands: [
          { minIncomeFen: 0, maxIncomeFen: 30000, percentOfStandard: '100' },
          { minIncomeFen: 30000, maxIncomeFen: 100000, percentOfStandard: '50' },
        ],
      },
    });
    expect(validatePolicyVersion(tiered)).toEqual([]);
  });

  it('reports a negative standard with its field path', () => {
    expect(validatePolicyVersion(examplePolicy({ subsistenceStandard: -1 }))).toEqual([
      { path: 'parameters.subsistenceStandard', message: 'must be at least 1 fen, got -1' },
    ]);
  });

  it('reports a minimum benefit ratio above 1', () => {
    expect(paths(examplePolicy({ minimumBenefitRatio: '1.2' }))).toEqual(['parameters.minimumBenefitRatio']);
  });

  it('reports a ratio given as a floating-point number instead of a decimal string', () => {
    expect(paths(examplePolicy({ minimumBenefitRatio: 0.2 as unknown as '0.2' }))).toEqual(['parameters.minimumBenefitRatio']);
  });

  it('reports an extreme-poverty multiple below 1.3', () => {
    expect(validatePolicyVersion(examplePolicy({ extremePovertyMultiple: '1.2' }))).toEqual([
      { path: 'parameters.extremePovertyMultiple', message: 'must be at least 1.3, got 1.2' },
    ]);
  });

  it('reports unsorted tiers', () => {
    const policy = examplePolicy({
      benefitMethod: {
        method: 'TIERED',
        bands: [
          { minIncomeFen: 0, maxIncomeFen: 30000, percentOfStandard: '100' },
          { minIncomeFen: 60000, maxIncomeFen: 100000, percentOfStandard: '30' },
          { minIncomeFen: 30000, maxIncomeFen: 60000, percentOfStandard: '60' },
        ],
      },
    });
    expect(validatePolicyVersion(policy)).toContainEqual({
      path: 'parameters.benefitMethod.bands[2].minIncomeFen',
      message: 'bands must be sorted by income (ascending)',
    });
  });

  it('reports overlapping tiers, gaps between tiers and tiers that stop short of the standard', () => {
    const policy = examplePolicy({
      benefitMethod: {
        method: 'TIERED',
        bands: [
          { minIncomeFen: 0, maxIncomeFen: 40000, percentOfStandard: '100' },
          { minIncomeFen: 30000, maxIncomeFen: 60000, percentOfStandard: '60' },
          { minIncomeFen: 70000, maxIncomeFen: 90000, percentOfStandard: '30' },
        ],
      },
    });
    expect(validatePolicyVersion(policy)).toEqual([
      { path: 'parameters.benefitMethod.bands[1].minIncomeFen', message: 'overlaps the previous band, which ends at 40000' },
      { path: 'parameters.benefitMethod.bands[2].minIncomeFen', message: 'leaves a gap after the previous band, which ends at 60000' },
      { path: 'parameters.benefitMethod.bands[2].maxIncomeFen', message: 'the bands must reach the standard (100000)' },
    ]);
  });

  it('reports every violation at once, each with its path', () => {
    const policy = examplePolicy(
      {
        subsistenceStandard: 1000.5,
        marginalIncomeMultiple: '1',
        taperSchedule: [100, 120, 80, 90],
        supplements: {
          combination: 'HIGHEST_ONLY',
          rules: [
            { category: 'ELDERLY', amount: { percentOfStandard: '10' } },
            { category: 'MINOR', amount: { percentOfStandard: '10', flatFen: 100 } as unknown as { flatFen: number } },
          ],
        },
        assetLimits: {
          ...examplePolicy().parameters.assetLimits,
          financialAssets: { perCapitaMultipleOfStandard: '24', severeHouseholdPerCapitaMultipleOfStandard: '12' },
        },
        deadlines: { ...examplePolicy().parameters.deadlines, decisionWorkingDays: 40, publicNoticeDays: 5 },
        incomeExclusions: ['SCHOLARSHIP', 'LOTTERY' as never],
      },
      { version: '2026-01', effectiveFrom: '2026-02-30' },
    );
    expect(paths(policy)).toEqual([
      'version',
      'effectiveFrom',
      'parameters.subsistenceStandard',
      'parameters.supplements.rules[0].minimumAge',
      'parameters.supplements.rules[1].amount',
      'parameters.incomeExclusions[1]',
      'parameters.assetLimits.financialAssets.severeHouseholdPerCapitaMultipleOfStandard',
      'parameters.marginalIncomeMultiple',
      'parameters.taperSchedule[1]',
      'parameters.taperSchedule[3]',
      'parameters.deadlines.decisionWorkingDays',
      'parameters.deadlines.publicNoticeDays',
    ]);
  });

  it('reports missing sections of a policy read from JSON instead of crashing', () => {
    const broken = { ...examplePolicy(), parameters: { subsistenceStandard: 100000 } } as unknown as PolicyVersion;
    expect(paths(broken)).toEqual(
      expect.arrayContaining(['parameters.benefitMethod', 'parameters.supplements', 'parameters.assetLimits', 'parameters.deadlines']),
    );
  });

  describe('overpaymentRecovery (追回 monthly offset cap)', () => {
    it('accepts a policy without it (versions published before it existed stay valid)', () => {
      expect(examplePolicy().parameters.overpaymentRecovery).toBeUndefined();
      expect(validatePolicyVersion(examplePolicy())).toEqual([]);
    });

    it.each([0, 20, 99])('accepts a monthly cap of %i %%', (monthlyCapPercent) => {
      expect(validatePolicyVersion(examplePolicy({ overpaymentRecovery: { monthlyCapPercent } }))).toEqual([]);
    });

    it.each([
      [100, 'must be at most 99 %, got 100'],
      [-1, 'must be at least 0 %, got -1'],
      [12.5, 'must be a whole number %'],
      ['20', 'must be a whole number %'],
      [undefined, 'must be a whole number %'],
    ])('refuses a monthly cap of %p, naming the field', (monthlyCapPercent, message) => {
      const policy = examplePolicy({ overpaymentRecovery: { monthlyCapPercent } as unknown as { monthlyCapPercent: number } });
      expect(validatePolicyVersion(policy)).toEqual([{ path: 'parameters.overpaymentRecovery.monthlyCapPercent', message }]);
    });

    it('refuses a non-object and an unknown key inside it', () => {
      expect(validatePolicyVersion(examplePolicy({ overpaymentRecovery: 30 as unknown as { monthlyCapPercent: number } }))).toEqual([
        { path: 'parameters.overpaymentRecovery', message: 'is required (an object)' },
      ]);
      const extra = { monthlyCapPercent: 30, capFen: 5000 } as unknown as { monthlyCapPercent: number };
      expect(validatePolicyVersion(examplePolicy({ overpaymentRecovery: extra }))).toEqual([
        { path: 'parameters.overpaymentRecovery.capFen', message: 'is not a known parameter' },
      ]);
    });
  });

  it('reports two versions of one division taking effect on the same day', () => {
    const catalogue = [examplePolicy(), examplePolicy({}, { version: '330106-2026-02' })];
    expect(validatePolicyCatalogue(catalogue)).toEqual([
      { path: '[1].effectiveFrom', message: 'version [0] of the same division takes effect the same day' },
    ]);
  });
});
