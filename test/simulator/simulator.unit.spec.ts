import { behaviourProblems, resolveBehaviour } from './behaviour';
import { ELDERLY, HOUSEHOLDS, recordsFor, SELF_EMPLOYED, SYNTHETIC_HOUSEHOLDS, syntheticHousehold, WORKED_EXAMPLE } from './fixtures';
import { checkCharacter, isValidResidentId, residentId } from './resident-id';
import { sign, verify } from './signing';

describe('resident IDs (GB 11643)', () => {
  it('computes the check character of the national standard’s example', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(residentId('110105', '1949-12-31', 2)).toBe('11010519491231002X');
  });

  it('gives every fixture member a valid, distinct ID', () => {
    const ids = HOUSEHOLDS.flatMap((h) => h.members.map((m) => m.residentId));
    expect(ids.every(isValidResidentId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(WORKED_EXAMPLE.members.map((m) => m.residentId)).toEqual(['440305198003121235', '440305198207051232', '440305201209151231']);
  });

  it('gives the synthetic households (load benches) valid IDs, distinct from each other and from the fixtures', () => {
    const synthetic = Array.from({ length: SYNTHETIC_HOUSEHOLDS }, (_, i) => syntheticHousehold(i));
    const ids = [...HOUSEHOLDS, ...synthetic].flatMap((h) => h.members.map((m) => m.residentId));
    expect(ids.every(isValidResidentId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(syntheticHousehold(7)).toEqual(syntheticHousehold(7));
    // The platform knows them: wages ¥1,000 + ¥100 × (i mod 10).
    const applicant = syntheticHousehold(1234).members[0]!;
    const wages = recordsFor({ residentId: applicant.residentId, source: 'TAX', purpose: 'INITIAL', referencePeriod: { from: '2026-01', to: '2026-02' }, asOf: '2026-03-02' })!;
    expect(wages.map((r) => r.valueFen)).toEqual([140000, 140000, 140000]);
    expect(recordsFor({ residentId: applicant.residentId, source: 'HOUSEHOLD_REGISTRATION', purpose: 'INITIAL', asOf: '2026-03-02' })).not.toBeNull();
  });

  it('rejects a wrong check digit or an impossible birth date', () => {
    expect(isValidResidentId('440305198003121234')).toBe(false);
    expect(isValidResidentId('440305198002301230')).toBe(false);
  });
});

describe('fixture answers', () => {
  const q = (residentIdValue: string, source: Parameters<typeof recordsFor>[0]['source'], purpose = 'INITIAL') =>
    recordsFor({ residentId: residentIdValue, source, purpose, referencePeriod: { from: '2024-03', to: '2025-02' }, asOf: '2025-03-06' });

  it('answers the worked example’s wages month by month for the period asked (and one month before)', () => {
    const wages = q(WORKED_EXAMPLE.members[0]!.residentId, 'TAX')!;
    expect(wages).toHaveLength(13);
    expect(wages[0]!.period).toEqual({ from: '2024-02', to: '2024-02' });
    expect(wages.slice(1).reduce((s, r) => s + r.valueFen!, 0)).toBe(1800000);
  });

  it('is deterministic', () => {
    expect(q(SELF_EMPLOYED.members[0]!.residentId, 'TAX')).toEqual(q(SELF_EMPLOYED.members[0]!.residentId, 'TAX'));
  });

  it('has data in every source across the households', () => {
    const sources = new Set<string>();
    for (const h of HOUSEHOLDS) for (const m of h.members) for (const s of ['HOUSEHOLD_REGISTRATION', 'TAX', 'SOCIAL_INSURANCE', 'REAL_ESTATE', 'BUSINESS_REGISTRATION', 'HOUSING_FUND', 'VEHICLES', 'BANK_DEPOSITS', 'INSURANCE', 'SECURITIES', 'MEDICAL_EXPENSES'] as const) {
      if ((q(m.residentId, s) ?? []).length > 0) sources.add(s);
    }
    expect(sources.size).toBe(11);
  });

  it('answers a corrected figure to an objection re-check', () => {
    const corrected = q(WORKED_EXAMPLE.members[0]!.residentId, 'TAX', 'OBJECTION')!;
    expect(corrected[1]!.valueFen).toBe(120000);
  });

  it('does not know a stranger in the household register, and has nothing on them elsewhere', () => {
    const stranger = residentId('110105', '1990-01-01', 7);
    expect(q(stranger, 'HOUSEHOLD_REGISTRATION')).toBeNull();
    expect(q(stranger, 'BANK_DEPOSITS')).toEqual([]);
  });

  it('gives the pensioner a pension from social insurance', () => {
    expect(q(ELDERLY.members[0]!.residentId, 'SOCIAL_INSURANCE')!.every((r) => r.kind === 'PENSION')).toBe(true);
  });
});

describe('behaviour', () => {
  it('takes the most specific setting', () => {
    const config = {
      default: { latencyMs: 10 },
      sources: { TAX: { mode: 'timeout' as const } },
      residents: { R1: { latencyMs: 99, sources: { TAX: { mode: 'fail' as const } } } },
    };
    expect(resolveBehaviour(config, 'R2', 'TAX')).toMatchObject({ mode: 'timeout', latencyMs: 10 });
    expect(resolveBehaviour(config, 'R1', 'TAX')).toMatchObject({ mode: 'fail', latencyMs: 99 });
    expect(resolveBehaviour(config, 'R1', 'VEHICLES')).toMatchObject({ mode: 'answer', latencyMs: 99 });
  });

  it('names what is wrong in a configuration', () => {
    expect(behaviourProblems({ default: { mode: 'sometimes', latencyMs: -1 } })).toEqual([
      'default.mode: must be one of answer, timeout, fail, error, not-covered, not-found',
      'default.latencyMs: must be a non-negative integer',
    ]);
  });
});

describe('signatures', () => {
  it('verifies a fresh signature over timestamp and body, and refuses a stale or altered one', () => {
    const now = Date.parse('2025-03-06T10:00:00Z');
    const ts = String(now / 1000);
    const body = Buffer.from('{"a":1}');
    const sig = sign('s3cret', ts, body);
    expect(verify('s3cret', ts, sig, body, 300, now)).toBe('ok');
    expect(verify('s3cret', ts, sig, Buffer.from('{"a":2}'), 300, now)).toBe('bad');
    expect(verify('s3cret', ts, sig, body, 300, now + 301_000)).toBe('stale');
    expect(verify('s3cret', undefined, sig, body, 300, now)).toBe('missing');
  });
});
