import { examplePolicy } from '../__tests__/fixtures';
import { AmbiguousPolicyError, PolicyNotFoundError } from '../errors';
import { resolvePolicyVersion } from './resolve-policy';

const province = examplePolicy({}, { policyId: 'dibao-330000', version: '330000-2025-01', divisionCode: '330000', effectiveFrom: '2025-01-01' });
const city = examplePolicy({}, { policyId: 'dibao-330100', version: '330100-2025-01', divisionCode: '330100', effectiveFrom: '2025-07-01' });
const district2025 = examplePolicy({}, { version: '330106-2025-01', effectiveFrom: '2025-10-01' });
const district2026 = examplePolicy({}, { version: '330106-2026-01', effectiveFrom: '2026-01-01' });
const otherDistrict = examplePolicy({}, { policyId: 'dibao-330102', version: '330102-2026-01', divisionCode: '330102', effectiveFrom: '2024-01-01' });
const catalogue = [province, city, district2025, district2026, otherDistrict];

describe('policy resolution', () => {
  it('prefers the district over the city and the province', () => {
    expect(resolvePolicyVersion(catalogue, '330106', '2026-03-15').version).toBe('330106-2026-01');
  });

  it('matches a street or community jurisdiction by its district prefix', () => {
    expect(resolvePolicyVersion(catalogue, '330106001', '2026-03-15').version).toBe('330106-2026-01');
    expect(resolvePolicyVersion(catalogue, '330106001002', '2025-12-31').version).toBe('330106-2025-01');
  });

  it('takes the version in force on the date, not a later one', () => {
    expect(resolvePolicyVersion(catalogue, '330106', '2025-12-31').version).toBe('330106-2025-01');
    expect(resolvePolicyVersion(catalogue, '330106', '2026-01-01').version).toBe('330106-2026-01');
  });

  it('falls back to the city, then the province, when the district has nothing in force yet', () => {
    expect(resolvePolicyVersion(catalogue, '330106', '2025-09-30').version).toBe('330100-2025-01');
    expect(resolvePolicyVersion(catalogue, '330106', '2025-06-30').version).toBe('330000-2025-01');
    expect(resolvePolicyVersion(catalogue, '330105', '2026-03-15').version).toBe('330100-2025-01');
  });

  it('says clearly when no version is in force', () => {
    expect(() => resolvePolicyVersion(catalogue, '330106', '2024-12-31')).toThrow(PolicyNotFoundError);
    expect(() => resolvePolicyVersion(catalogue, '440305', '2026-03-15')).toThrow(
      'no policy version in force on 2026-03-15 for jurisdiction 440305 (looked for divisions 440305 (district), 440300 (city), 440000 (province))',
    );
  });

  it('refuses to choose between two versions of one division taking effect the same day', () => {
    const clash = examplePolicy({}, { version: '330106-2026-01b' });
    expect(() => resolvePolicyVersion([...catalogue, clash], '330106', '2026-03-15')).toThrow(AmbiguousPolicyError);
  });
});
