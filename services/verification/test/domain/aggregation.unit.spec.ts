import { aggregateFacts, assetTotalFacts, divideRounded, monthlyIncomeFacts, spread, type SourceItem } from '../../src/domain';
import { IDS, monthlyIncome } from '../support/household';

const PERIOD = { from: '2024-03', to: '2025-02' };

function item(over: Partial<SourceItem> & Pick<SourceItem, 'category' | 'kind'>): SourceItem {
  return {
    memberId: IDS.applicant,
    source: 'TAX',
    consentId: IDS.consentApplicant,
    retrievedAt: '2025-03-06T10:15:00+08:00',
    origin: 'PLATFORM',
    ...over,
  };
}

const monthly = (amount: number, over: Partial<SourceItem> = {}) =>
  monthlyIncome('WAGES', amount).map((r) => item({ ...r, ...over, category: 'INCOME', kind: 'WAGES' }));

describe('monthly income over the reference period', () => {
  it('averages each member’s income type over the twelve months (the worked example: ¥1,500 and ¥300)', () => {
    const facts = monthlyIncomeFacts([...monthly(150000), ...monthly(30000, { memberId: IDS.spouse, consentId: IDS.consentSpouse })], PERIOD, [IDS.applicant, IDS.spouse]);
    expect(facts).toEqual([
      { memberId: IDS.applicant, type: 'WAGES', totalFen: 1800000, months: 12, monthlyAverageFen: 150000 },
      { memberId: IDS.spouse, type: 'WAGES', totalFen: 360000, months: 12, monthlyAverageFen: 30000 },
    ]);
  });

  it('divides by all twelve months even when income came in fewer of them', () => {
    const facts = monthlyIncomeFacts(monthly(150000).slice(0, 3), PERIOD);
    expect(facts[0]).toMatchObject({ totalFen: 450000, months: 12, monthlyAverageFen: 37500 });
  });

  it('leaves out months outside the period and spreads an item over the months it covers', () => {
    const half = item({ category: 'INCOME', kind: 'PENSION', source: 'SOCIAL_INSURANCE', valueFen: 600001, period: { from: '2025-01', to: '2025-06' } });
    const facts = monthlyIncomeFacts([half], PERIOD);
    // 600001 over 6 months = 100001 + 5 × 100000; only 2025-01 and 2025-02 are in the period.
    expect(facts).toEqual([{ memberId: IDS.applicant, type: 'PENSION', totalFen: 200001, months: 12, monthlyAverageFen: 16667 }]);
  });

  it('counts a month reported by two registries once (tax before social insurance)', () => {
    const facts = monthlyIncomeFacts([...monthly(150000), ...monthly(200000, { source: 'SOCIAL_INSURANCE', sourceRecordRef: 'SI' })], PERIOD);
    expect(facts[0]!.totalFen).toBe(1800000);
  });

  it('adds up two employers reported by the same registry', () => {
    const second = monthly(20000).map((i) => ({ ...i, sourceRecordRef: `B-${i.period!.from}` }));
    expect(monthlyIncomeFacts([...monthly(150000), ...second], PERIOD)[0]!.totalFen).toBe(2040000);
  });

  it('takes figures an officer entered from documents over the registries’ figures', () => {
    const manual = monthly(100000, { origin: 'MANUAL', source: 'SOCIAL_INSURANCE', evidenceRef: 'doc:letter' });
    expect(monthlyIncomeFacts([...monthly(150000), ...manual], PERIOD)[0]!.totalFen).toBe(1200000);
  });

  it('keeps business losses negative and rounds halves away from zero', () => {
    const loss = item({ category: 'INCOME', kind: 'BUSINESS', valueFen: -6, period: { from: '2024-03', to: '2024-03' } });
    expect(monthlyIncomeFacts([loss], PERIOD)[0]).toMatchObject({ totalFen: -6, monthlyAverageFen: -1 });
    expect(divideRounded(-6, 12)).toBe(-1);
    expect(divideRounded(6, 12)).toBe(1);
    expect(divideRounded(5, 12)).toBe(0);
  });
});

describe('assets, vehicles, businesses and homes', () => {
  const flat = (memberId: string, asOf = '2025-03-05') =>
    item({
      memberId,
      source: 'REAL_ESTATE',
      category: 'ASSET',
      kind: 'REAL_ESTATE',
      quantity: 56.4,
      asOf,
      sourceRecordRef: '粤(2015)深圳市不动产权第0012345号',
      home: { floorAreaSqm: 56.4, usage: 'RESIDENTIAL', location: '440305001001' },
    });

  it('counts a co-owned home once, with both owners', () => {
    const facts = aggregateFacts([flat(IDS.applicant), flat(IDS.spouse)], PERIOD, [IDS.applicant, IDS.spouse]);
    expect(facts.homes).toEqual([{ ownerMemberIds: [IDS.applicant, IDS.spouse], floorAreaSqm: 56.4, usage: 'RESIDENTIAL', location: '440305001001' }]);
    expect(facts.assetTotals).toEqual([]); // a home without a value adds nothing to the totals
  });

  it('totals assets by kind, a re-read balance counting at its latest value', () => {
    const bank = (valueFen: number, asOf: string, ref: string, memberId: string = IDS.applicant) =>
      item({ memberId, source: 'BANK_DEPOSITS', category: 'ASSET', kind: 'BANK_DEPOSIT', valueFen, asOf, sourceRecordRef: ref });
    const totals = assetTotalFacts(
      [bank(500000, '2025-03-01', 'A-1'), bank(520000, '2025-03-05', 'A-1'), bank(100000, '2025-03-05', 'A-2', IDS.spouse)],
      [IDS.applicant, IDS.spouse],
    );
    expect(totals).toEqual([{ kind: 'BANK_DEPOSIT', memberIds: [IDS.applicant, IDS.spouse], totalFen: 620000 }]);
  });

  it('lists vehicles with their values and businesses with their profit', () => {
    const car = item({
      source: 'VEHICLES',
      category: 'ASSET',
      kind: 'VEHICLE',
      valueFen: 3500000,
      asOf: '2025-03-05',
      sourceRecordRef: 'VEH-1',
      vehicle: { vehicleType: 'PASSENGER_CAR', plateMasked: '粤B·***12', registeredOn: '2019-06-01', valuationBasis: 'DEPRECIATED_PURCHASE_PRICE', usage: 'PRIVATE' },
    });
    const shop = item({
      source: 'BUSINESS_REGISTRATION',
      category: 'STATUS',
      kind: 'BUSINESS_REGISTERED',
      business: { name: '张记早餐店', registrationNumber: '92440300MA5ABCDE1X', entityType: 'INDIVIDUAL_BUSINESS', role: 'OWNER', status: 'ACTIVE', annualNetProfitFen: 2400000 },
    });
    const facts = aggregateFacts([car, shop], PERIOD);
    expect(facts.vehicles).toEqual([
      { memberId: IDS.applicant, vehicleType: 'PASSENGER_CAR', plateMasked: '粤B·***12', registeredOn: '2019-06-01', valuationBasis: 'DEPRECIATED_PURCHASE_PRICE', usage: 'PRIVATE', valueFen: 3500000 },
    ]);
    expect(facts.assetTotals).toEqual([{ kind: 'VEHICLE', memberIds: [IDS.applicant], totalFen: 3500000 }]);
    expect(facts.businesses).toEqual([
      { memberId: IDS.applicant, name: '张记早餐店', registrationNumber: '92440300MA5ABCDE1X', entityType: 'INDIVIDUAL_BUSINESS', role: 'OWNER', status: 'ACTIVE', annualNetProfitFen: 2400000 },
    ]);
  });
});

describe('spreading an amount over months', () => {
  it('keeps the exact total, the remainder on the first months', () => {
    expect(spread(1000, 3)).toEqual([334, 333, 333]);
    expect(spread(-1000, 3)).toEqual([-334, -333, -333]);
    expect(spread(0, 2)).toEqual([0, 0]);
  });
});
