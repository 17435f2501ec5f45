import { addDays, addMilliseconds, addMonths, monthsIn, referencePeriodBefore, shanghaiDate, toShanghaiInstant } from '../../src/domain';
import { planQueries, consentFor, type ConsentRecord } from '../../src/domain';

describe('months and dates in Asia/Shanghai', () => {
  it('takes the twelve whole months before the month of acceptance', () => {
    expect(referencePeriodBefore('2025-03-04')).toEqual({ from: '2024-03', to: '2025-02' });
    expect(referencePeriodBefore('2025-01-31')).toEqual({ from: '2024-01', to: '2024-12' });
    expect(referencePeriodBefore('2024-12-01', 6)).toEqual({ from: '2024-06', to: '2024-11' });
  });

  it('counts months across a year boundary', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-11', 14)).toBe('2026-01');
    expect(monthsIn({ from: '2024-11', to: '2025-02' })).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });

  it('reads the Shanghai date of an instant, whatever its offset', () => {
    expect(shanghaiDate('2025-03-04T16:30:00Z')).toBe('2025-03-05');
    expect(shanghaiDate('2025-03-04T15:59:59Z')).toBe('2025-03-04');
    expect(shanghaiDate('2025-03-05T00:10:00+08:00')).toBe('2025-03-05');
  });

  it('writes instants in Shanghai time', () => {
    expect(toShanghaiInstant(Date.parse('2025-03-04T02:00:00Z'))).toBe('2025-03-04T10:00:00.000+08:00');
    expect(addMilliseconds('2025-03-04T23:59:00+08:00', 120_000)).toBe('2025-03-05T00:01:00.000+08:00');
    expect(addDays('2025-02-27', 2)).toBe('2025-03-01');
  });
});

describe('consent', () => {
  const base: ConsentRecord = {
    consentId: 'c1',
    memberId: 'm1',
    signedOn: '2025-01-01',
    signedBy: 'SELF',
    sources: ['TAX'],
    purposes: ['INITIAL'],
    documentRef: 'doc:c1',
    validUntil: '2025-12-31',
  };

  it('uses the latest consent that covers the source and purpose and is still valid', () => {
    const newer = { ...base, consentId: 'c2', signedOn: '2025-02-01' };
    expect(consentFor([base, newer], 'TAX', 'INITIAL', '2025-03-01')).toMatchObject({ consentId: 'c2' });
  });

  it('says why there is none', () => {
    expect(consentFor([], 'TAX', 'INITIAL', '2025-03-01')).toBe('NO_CONSENT');
    expect(consentFor([base], 'TAX', 'INITIAL', '2026-01-01')).toBe('CONSENT_EXPIRED');
    expect(consentFor([base], 'VEHICLES', 'INITIAL', '2025-03-01')).toBe('SOURCE_NOT_IN_CONSENT_SCOPE');
    expect(consentFor([base], 'TAX', 'RECERTIFICATION', '2025-03-01')).toBe('NO_CONSENT');
  });

  it('does not query a member without a resident ID', () => {
    const plan = planQueries([{ memberId: 'm1', name: '甲', inHousehold: true }], [base], ['TAX'], 'INITIAL', '2025-03-01');
    expect(plan).toEqual({ queries: [], notQueried: [{ memberId: 'm1', reason: 'NO_RESIDENT_ID', sources: ['TAX'] }] });
  });
});
