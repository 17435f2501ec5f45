import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { examplePolicy, householdOfThree } from './__tests__/fixtures';
import * as domain from './index';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__tests__' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the domain package', () => {
  it('exports the whole rule engine from one entry point', () => {
    const policy = examplePolicy();
    expect(domain.validatePolicyVersion(policy)).toEqual([]);
    expect(domain.resolvePolicyVersion([policy], '330106001', '2026-03-15')).toBe(policy);
    expect(
      domain.assessMinimumLivingAllowance({ household: householdOfThree(180000), assessmentDate: '2026-03-15', policy }).monthlyAmountFen,
    ).toBe(130000);
    expect(typeof domain.assessExtremePoverty).toBe('function');
    expect(typeof domain.assessTemporaryAssistance).toBe('function');
    expect(typeof domain.planTaper).toBe('function');
    expect(typeof domain.buildWorkingDayCalendar).toBe('function');
  });

  it('stays pure: no clock, no randomness, no framework or I/O imports in rule code', () => {
    for (const file of sourceFiles(__dirname)) {
      const text = readFileSync(file, 'utf8');
      expect([file, /Date\.now|new Date\(|Math\.random|process\.env/.test(text)]).toEqual([file, false]);
      expect([file, /from '(@nestjs|typeorm|pg|kafkajs|@eventstore|node:|fs|path)/.test(text)]).toEqual([file, false]);
    }
  });
});
