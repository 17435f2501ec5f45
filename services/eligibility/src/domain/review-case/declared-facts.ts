/**
 * Declared and verified figures together (DOMAIN-RULES, "Declared vs verified income"): the
 * household's declaration binds it; verification adds what was not declared and corrects what was
 * wrong; where the registries are silent the declared figure stands.
 *
 * - Income, per member and income type: a verified monthly average (any registry, or an officer's
 *   document) replaces the declared one; otherwise the declared months count, averaged over the
 *   months declared (the rule already used for income declared with a change report), rounded once.
 * - Financial assets, vehicles and homes, per declared item: replaced when verification reports an
 *   item of the same kind for one of its owners (or held jointly); otherwise the declared value
 *   (area) counts, owned by its single owner or jointly.
 *
 * Every figure carries its source, and `sourcesStep` lists them item by item for the explanation.
 * A case opened before declarations were kept has none: its facts pass through unchanged.
 */
import { exact, ExplanationValue, Step, step } from '../explanation';
import { FigureSource, FinancialAsset, FinancialAssetKind, Home, IncomeItem, INCOME_TYPES, Vehicle } from '../household';
import { Rational, roundToFen } from '../money';
import { Declaration, VerificationFacts } from './case-file';

const FINANCIAL_KINDS: ReadonlySet<string> = new Set(['BANK_DEPOSIT', 'CASH', 'SECURITIES', 'INSURANCE', 'HOUSING_FUND', 'CLAIM']);

const VERIFIED: FigureSource = { origin: 'VERIFIED' };
const DECLARED: FigureSource = { origin: 'DECLARED' };

function ownerOf(owners: readonly string[]): { memberId?: string } {
  return owners.length === 1 ? { memberId: owners[0]! } : {};
}

/** A verified item of an owner covers the declared item when it is jointly held or one of the owners holds it. */
function covers(verifiedOwner: string | undefined, declaredOwners: readonly string[]): boolean {
  return verifiedOwner === undefined || declaredOwners.length === 0 || declaredOwners.includes(verifiedOwner);
}

/** The facts the rules read: verified figures, and declared ones where verification says nothing. */
export function factsWithDeclaration(declaration: Declaration | undefined, facts: VerificationFacts): VerificationFacts {
  if (!declaration) return facts;
  const withSource = <T extends { source?: FigureSource }>(item: T): T => (item.source ? item : { ...item, source: VERIFIED });

  const verifiedIncome = new Set(facts.incomes.map((i) => `${i.memberId}/${i.type}`));
  const groups = new Map<string, { memberId: string; type: IncomeItem['type']; amounts: number[] }>();
  for (const d of declaration.incomes) {
    const key = `${d.memberId}/${d.type}`;
    if (verifiedIncome.has(key)) continue;
    const group = groups.get(key) ?? { memberId: d.memberId, type: d.type, amounts: [] };
    group.amounts.push(d.amountFen);
    groups.set(key, group);
  }
  const declaredIncome: IncomeItem[] = [...groups.values()].map((g) => ({
    memberId: g.memberId,
    type: g.type,
    monthlyAverageFen: roundToFen(Rational.sum(g.amounts.map((a) => Rational.fen(a))).dividedBy(g.amounts.length)),
    source: DECLARED,
  }));

  const declaredFinancial: FinancialAsset[] = declaration.assets
    .filter((a) => FINANCIAL_KINDS.has(a.kind) && a.valueFen !== undefined)
    .filter((a) => !facts.financialAssets.some((v) => v.kind === a.kind && covers(v.memberId, a.ownerMemberIds)))
    .map((a) => ({ ...ownerOf(a.ownerMemberIds), kind: a.kind as FinancialAssetKind, valueFen: a.valueFen!, source: DECLARED }));
  const declaredVehicles: Vehicle[] = declaration.assets
    .filter((a) => a.kind === 'VEHICLE' && a.valueFen !== undefined)
    .filter((a) => !facts.vehicles.some((v) => covers(v.memberId, a.ownerMemberIds)))
    .map((a) => ({ ...ownerOf(a.ownerMemberIds), valueFen: a.valueFen!, source: DECLARED }));
  const declaredHomes: Home[] = declaration.assets
    .filter((a) => a.kind === 'REAL_ESTATE' && a.floorAreaSqm !== undefined)
    .filter((a) => !facts.homes.some((h) => covers(h.memberId, a.ownerMemberIds)))
    .map((a) => ({ ...ownerOf(a.ownerMemberIds), areaSqm: a.floorAreaSqm!, source: DECLARED }));

  return {
    ...facts,
    incomes: [...facts.incomes.map(withSource), ...declaredIncome],
    financialAssets: [...facts.financialAssets.map(withSource), ...declaredFinancial],
    vehicles: [...facts.vehicles.map(withSource), ...declaredVehicles],
    homes: [...facts.homes.map(withSource), ...declaredHomes],
  };
}

const ORIGIN_ZH: Record<FigureSource['origin'], string> = { DECLARED: '申报', DECLARED_CHANGE: '变更申报', VERIFIED: '核对' };

function sourceLabel(source: FigureSource | undefined): string {
  if (!source) return '核对';
  const registries = source.registries && source.registries.length > 0 ? `（${source.registries.join('、')}）` : '';
  return `${ORIGIN_ZH[source.origin]}${registries}`;
}

function sourceValue(source: FigureSource | undefined): ExplanationValue {
  const s = source ?? VERIFIED;
  return { origin: s.origin, registries: [...(s.registries ?? [])], label: sourceLabel(source) };
}

/**
 * The explanation step naming, for every income and asset figure, whether it came from the
 * declaration or from verification (and which registries). Null for a case without a declaration
 * (its explanation stays as it was recorded).
 */
export function sourcesStep(declaration: Declaration | undefined, facts: VerificationFacts): Step | null {
  if (!declaration) return null;
  const incomes: ExplanationValue[] = facts.incomes.map((i) => ({
    memberId: i.memberId,
    type: i.type,
    label: INCOME_TYPES[i.type].zh,
    monthlyAverageFen: i.monthlyAverageFen,
    source: sourceValue(i.source),
  }));
  const assets: ExplanationValue[] = [
    ...facts.financialAssets.map((a) => ({ kind: a.kind, memberId: a.memberId ?? null, valueFen: a.valueFen, source: sourceValue(a.source) })),
    ...facts.vehicles.map((v) => ({ kind: 'VEHICLE', memberId: v.memberId ?? null, valueFen: v.valueFen, source: sourceValue(v.source) })),
    ...facts.homes.map((h) => ({ kind: 'REAL_ESTATE', memberId: h.memberId ?? null, areaSqm: h.areaSqm, source: sourceValue(h.source) })),
  ];
  const declaredIncome = Rational.sum(facts.incomes.filter((i) => i.source?.origin === 'DECLARED').map((i) => Rational.fen(i.monthlyAverageFen)));
  return step(
    'FACTS.SOURCES',
    {
      en: 'Income and assets: the declared figure counts unless verification reports the item',
      zh: '收入和财产：申报数额计入，核对查得同一项目的以核对结果为准（逐项注明来源）',
    },
    { incomes, assets },
    {},
    { declaredMonthlyIncomeFen: exact(declaredIncome) },
  );
}
