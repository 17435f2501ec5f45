/**
 * Issue 12, money item 6: declared income and assets count unless verified evidence replaces them,
 * and the explanation says, item by item, which source was used. Given / when / then on the
 * review-case decider.
 */
import { A, decided, history, HOUSEHOLD, open, opinion, receiveFacts, visit } from '../__tests__/review-case-fixtures';
import { Declaration, InitialOpinionIssued, VerificationFacts } from './index';

const months = ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02'];

/** The household declared ¥1,500 a month wages (A) and a ¥3,200 deposit (A). */
const DECLARATION: Declaration = {
  incomes: months.map((month) => ({ memberId: A, type: 'WAGES', month, amountFen: 150000 })),
  assets: [{ kind: 'BANK_DEPOSIT', ownerMemberIds: [A], valueFen: 320000 }],
};

/** The registries returned nothing. */
const NOTHING: VerificationFacts = { incomes: [], financialAssets: [], vehicles: [], businesses: [], homes: [] };

function opinionAfter(household: typeof HOUSEHOLD & { declaration?: Declaration }, facts: VerificationFacts, outstanding: { memberId: string; source: string }[] = []) {
  const past = history(open({ household }), receiveFacts(0, { facts, outstanding }), visit());
  const [event] = decided(past, opinion());
  expect(event!.type).toBe('InitialOpinionIssued');
  return (event as InitialOpinionIssued).data.opinion.assessment!;
}

type SourcesStep = {
  inputs: {
    incomes: { memberId: string; type: string; monthlyAverageFen: number; source: { origin: string; registries: string[]; label: string } }[];
    assets: { kind: string; memberId: string | null; valueFen?: number; source: { origin: string; registries: string[]; label: string } }[];
  };
};

describe('declared income and assets (申报) when the registries are silent', () => {
  it('counts the declared ¥1,500 wages and ¥3,200 deposit: per capita ¥500, ¥1,600 a month — not the full standard', () => {
    const assessment = opinionAfter({ ...HOUSEHOLD, declaration: DECLARATION }, NOTHING);
    expect(assessment.householdMonthlyIncomeFen).toBe(150000);
    expect(assessment.perCapitaMonthlyIncomeFen).toBe(50000);
    // (1000 − 500) × 3 + ¥100 for the minor
    expect(assessment.monthlyAmountFen).toBe(160000);
    const sources = assessment.explanation[0]! as unknown as SourcesStep & { rule: string };
    expect(sources.rule).toBe('FACTS.SOURCES');
    expect(sources.inputs.incomes).toEqual([
      { memberId: A, type: 'WAGES', label: '工资性收入', monthlyAverageFen: 150000, source: { origin: 'DECLARED', registries: [], label: '申报' } },
    ]);
    expect(sources.inputs.assets).toEqual([
      { kind: 'BANK_DEPOSIT', memberId: A, valueFen: 320000, source: { origin: 'DECLARED', registries: [], label: '申报' } },
    ]);
  });

  it('counts the declaration too when sources stayed unanswered (platform down): outstanding is no evidence of zero', () => {
    const assessment = opinionAfter({ ...HOUSEHOLD, declaration: DECLARATION }, NOTHING, [
      { memberId: A, source: 'TAX' },
      { memberId: A, source: 'BANK_DEPOSITS' },
    ]);
    expect(assessment.perCapitaMonthlyIncomeFen).toBe(50000);
    expect(assessment.monthlyAmountFen).toBe(160000);
  });

  it('lets verified figures replace the declared ones, naming the registry (TAX wages ¥1,200; deposit ¥10,000 from BANK_DEPOSITS)', () => {
    const verified: VerificationFacts = {
      ...NOTHING,
      incomes: [{ memberId: A, type: 'WAGES', monthlyAverageFen: 120000, source: { origin: 'VERIFIED', registries: ['TAX'] } }],
      financialAssets: [{ memberId: A, kind: 'BANK_DEPOSIT', valueFen: 1000000, source: { origin: 'VERIFIED', registries: ['BANK_DEPOSITS'] } }],
    };
    const assessment = opinionAfter({ ...HOUSEHOLD, declaration: DECLARATION }, verified);
    // per capita ¥400: (1000 − 400) × 3 + ¥100
    expect(assessment.perCapitaMonthlyIncomeFen).toBe(40000);
    expect(assessment.monthlyAmountFen).toBe(190000);
    const sources = assessment.explanation[0]! as unknown as SourcesStep;
    expect(sources.inputs.incomes.map((i) => [i.monthlyAverageFen, i.source.label])).toEqual([[120000, '核对（TAX）']]);
    expect(sources.inputs.assets.map((a) => [a.valueFen, a.source.origin, a.source.registries])).toEqual([[1000000, 'VERIFIED', ['BANK_DEPOSITS']]]);
  });

  it('adds verified income the household did not declare, beside the declared figures', () => {
    const verified: VerificationFacts = {
      ...NOTHING,
      incomes: [{ memberId: A, type: 'PENSION', monthlyAverageFen: 30000, source: { origin: 'VERIFIED', registries: ['SOCIAL_INSURANCE'] } }],
    };
    const assessment = opinionAfter({ ...HOUSEHOLD, declaration: DECLARATION }, verified);
    expect(assessment.householdMonthlyIncomeFen).toBe(180000);
    expect(assessment.monthlyAmountFen).toBe(130000);
  });

  it('refuses a declaration naming someone outside the household, naming the field', () => {
    const bad = { ...DECLARATION, incomes: [{ memberId: 'stranger', type: 'WAGES' as const, month: '2025-03', amountFen: 1 }] };
    expect(() => history(open({ household: { ...HOUSEHOLD, declaration: bad } }))).toThrow(
      expect.objectContaining({ options: expect.objectContaining({ field: 'household.declaration.incomes[0].memberId' }) }) as Error,
    );
  });

  it('a case opened before declarations were kept evolves and explains as before (no declaration: nothing added)', () => {
    const assessment = opinionAfter(HOUSEHOLD, NOTHING);
    expect(assessment.monthlyAmountFen).toBe(310000);
    expect(assessment.explanation.some((s) => s.rule === 'FACTS.SOURCES')).toBe(false);
  });
});
