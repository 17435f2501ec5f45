/**
 * Deterministic fixture households of the simulated platform, keyed by resident ID. Every value is a
 * fixed function of the household, the source and the months asked about, so tests can compute what
 * a report must say. Money in integer fen.
 *
 * - WORKED_EXAMPLE: the household of DOMAIN-RULES.md (¥1,500 + ¥300 a month, one minor).
 * - ELDERLY: a pensioner living alone (pension, deposits, commercial insurance).
 * - SELF_EMPLOYED: a shop owner's family with data in every source (business income and profit,
 *   vehicle, two homes, securities, housing fund, unemployment benefit, a scholarship).
 */
import { residentId } from './resident-id';

export type Source =
  | 'HOUSEHOLD_REGISTRATION'
  | 'TAX'
  | 'SOCIAL_INSURANCE'
  | 'REAL_ESTATE'
  | 'BUSINESS_REGISTRATION'
  | 'HOUSING_FUND'
  | 'VEHICLES'
  | 'BANK_DEPOSITS'
  | 'INSURANCE'
  | 'SECURITIES'
  | 'MEDICAL_EXPENSES'
  | 'AUXILIARY';

export const SOURCES: Source[] = [
  'HOUSEHOLD_REGISTRATION',
  'TAX',
  'SOCIAL_INSURANCE',
  'REAL_ESTATE',
  'BUSINESS_REGISTRATION',
  'HOUSING_FUND',
  'VEHICLES',
  'BANK_DEPOSITS',
  'INSURANCE',
  'SECURITIES',
  'MEDICAL_EXPENSES',
  'AUXILIARY',
];

export interface MonthRange {
  from: string;
  to: string;
}

/** A record as the platform sends it (the service's SourceRecord). */
export interface PlatformRecord {
  category: 'INCOME' | 'ASSET' | 'STATUS' | 'EXPENDITURE';
  kind: string;
  description?: string;
  valueFen?: number;
  quantity?: number;
  period?: MonthRange;
  asOf?: string;
  sourceRecordRef?: string;
  vehicle?: Record<string, unknown>;
  business?: Record<string, unknown>;
  home?: Record<string, unknown>;
}

interface IncomeStream {
  source: Source;
  type: string;
  /** Amount per month; a function of the month for seasonal income. */
  monthlyFen: number | ((month: string) => number);
  from?: string;
  to?: string;
  description?: string;
}

interface Stock {
  source: Source;
  record: Omit<PlatformRecord, 'asOf'>;
}

export interface FixtureMember {
  key: string;
  name: string;
  residentId: string;
  relation: 'APPLICANT' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'OTHER';
  birthDate: string;
  gender: 'M' | 'F';
  incomes: IncomeStream[];
  stocks: Stock[];
  /** What a re-check after an objection finds instead (per source), e.g. a corrected wage. */
  corrections?: Partial<Record<Source, { incomes?: IncomeStream[]; stocks?: Stock[] }>>;
}

export interface FixtureHousehold {
  key: string;
  description: string;
  division: string;
  address: string;
  members: FixtureMember[];
}

function member(
  division: string,
  m: Omit<FixtureMember, 'residentId'> & { sequence: number },
): FixtureMember {
  const { sequence, ...rest } = m;
  return { ...rest, residentId: residentId(division, m.birthDate, sequence) };
}

const registered = (division: string): Stock => ({
  source: 'HOUSEHOLD_REGISTRATION',
  record: { category: 'STATUS', kind: 'REGISTERED_RESIDENT', description: `户籍登记地 ${division}`, sourceRecordRef: `HJ-${division}` },
});

export const WORKED_EXAMPLE: FixtureHousehold = {
  key: 'WORKED_EXAMPLE',
  description: '张伟家（DOMAIN-RULES.md 示例）：三口之家，月收入 ¥1,800，一名未成年子女',
  division: '440305',
  address: '广东省深圳市南山区南头街道某社区 8 栋 302',
  members: [
    member('440305', {
      key: 'applicant',
      name: '张伟',
      relation: 'APPLICANT',
      birthDate: '1980-03-12',
      gender: 'M',
      sequence: 123,
      incomes: [{ source: 'TAX', type: 'WAGES', monthlyFen: 150000, description: '工资薪金所得（零工）' }],
      stocks: [
        registered('440305001001'),
        { source: 'BANK_DEPOSITS', record: { category: 'ASSET', kind: 'BANK_DEPOSIT', valueFen: 862011, sourceRecordRef: 'ACC-6222-0001', description: '活期存款' } },
        { source: 'HOUSING_FUND', record: { category: 'ASSET', kind: 'HOUSING_FUND', valueFen: 123400, sourceRecordRef: 'GJJ-0001', description: '住房公积金余额' } },
        {
          source: 'REAL_ESTATE',
          record: {
            category: 'ASSET',
            kind: 'REAL_ESTATE',
            quantity: 56.4,
            sourceRecordRef: '粤(2015)深圳市不动产权第0012345号',
            home: { floorAreaSqm: 56.4, usage: 'RESIDENTIAL', location: '440305001001', acquiredOn: '2015-06-30' },
          },
        },
      ],
      corrections: { TAX: { incomes: [{ source: 'TAX', type: 'WAGES', monthlyFen: 120000, description: '工资薪金所得（更正）' }] } },
    }),
    member('440305', {
      key: 'spouse',
      name: '李娜',
      relation: 'SPOUSE',
      birthDate: '1982-07-05',
      gender: 'F',
      sequence: 123, // the resident IDs of the contracts' examples (libs/contracts/src/testing/examples.ts)
      incomes: [{ source: 'TAX', type: 'WAGES', monthlyFen: 30000, description: '工资薪金所得（钟点工）' }],
      stocks: [
        registered('440305001001'),
        { source: 'BANK_DEPOSITS', record: { category: 'ASSET', kind: 'BANK_DEPOSIT', valueFen: 50000, sourceRecordRef: 'ACC-6217-0002', description: '活期存款' } },
        {
          source: 'REAL_ESTATE',
          record: {
            category: 'ASSET',
            kind: 'REAL_ESTATE',
            quantity: 56.4,
            sourceRecordRef: '粤(2015)深圳市不动产权第0012345号',
            home: { floorAreaSqm: 56.4, usage: 'RESIDENTIAL', location: '440305001001', acquiredOn: '2015-06-30' },
          },
        },
      ],
    }),
    member('440305', {
      key: 'child',
      name: '张小明',
      relation: 'CHILD',
      birthDate: '2012-09-15',
      gender: 'M',
      sequence: 123,
      incomes: [],
      stocks: [registered('440305001001')],
    }),
  ],
};

export const ELDERLY: FixtureHousehold = {
  key: 'ELDERLY',
  description: '王秀英：独居老人，领取职工养老金，有定期存款和商业保险',
  division: '330106',
  address: '浙江省杭州市西湖区北山街道某社区 3 幢 101',
  members: [
    member('330106', {
      key: 'applicant',
      name: '王秀英',
      relation: 'APPLICANT',
      birthDate: '1948-05-20',
      gender: 'F',
      sequence: 42,
      incomes: [
        { source: 'SOCIAL_INSURANCE', type: 'PENSION', monthlyFen: 185000, description: '企业职工基本养老金' },
        { source: 'BANK_DEPOSITS', type: 'PROPERTY', monthlyFen: 3750, description: '存款利息' },
      ],
      stocks: [
        registered('330106001001'),
        { source: 'BANK_DEPOSITS', record: { category: 'ASSET', kind: 'BANK_DEPOSIT', valueFen: 3000000, sourceRecordRef: 'ACC-6228-1001', description: '定期存款' } },
        { source: 'BANK_DEPOSITS', record: { category: 'ASSET', kind: 'BANK_DEPOSIT', valueFen: 1500000, sourceRecordRef: 'ACC-6228-1002', description: '活期存款' } },
        { source: 'INSURANCE', record: { category: 'ASSET', kind: 'INSURANCE', valueFen: 800000, sourceRecordRef: 'POL-2019-778', description: '商业养老保险现金价值' } },
        {
          source: 'MEDICAL_EXPENSES',
          record: { category: 'EXPENDITURE', kind: 'MEDICAL_OUT_OF_POCKET', valueFen: 1260000, description: '医保目录外自付', sourceRecordRef: 'YB-2024' },
        },
      ],
    }),
  ],
};

export const SELF_EMPLOYED: FixtureHousehold = {
  key: 'SELF_EMPLOYED',
  description: '陈建国家：个体工商户，有车辆、两处房产、证券，配偶领取失业保险金，儿子在读大学',
  division: '330106',
  address: '浙江省杭州市西湖区北山街道某社区 12 幢 502',
  members: [
    member('330106', {
      key: 'applicant',
      name: '陈建国',
      relation: 'APPLICANT',
      birthDate: '1975-11-02',
      gender: 'M',
      sequence: 311,
      incomes: [
        // Seasonal: more in the first month of each quarter.
        { source: 'TAX', type: 'BUSINESS', monthlyFen: (m) => (Number(m.slice(5)) % 3 === 1 ? 480000 : 240000), description: '个体工商户经营所得' },
        { source: 'TAX', type: 'PROPERTY', monthlyFen: 150000, description: '出租商铺租金', from: '2024-07' },
      ],
      stocks: [
        registered('330106001001'),
        {
          source: 'BUSINESS_REGISTRATION',
          record: {
            category: 'STATUS',
            kind: 'BUSINESS_REGISTERED',
            description: '个体工商户登记',
            sourceRecordRef: '92330106MA2CDE3F4G',
            business: {
              name: '西湖区陈记五金店',
              registrationNumber: '92330106MA2CDE3F4G',
              entityType: 'INDIVIDUAL_BUSINESS',
              role: 'OWNER',
              status: 'ACTIVE',
              registeredCapitalFen: 5000000,
              annualNetProfitFen: 3840000,
            },
          },
        },
        {
          source: 'VEHICLES',
          record: {
            category: 'ASSET',
            kind: 'VEHICLE',
            valueFen: 4200000,
            sourceRecordRef: 'VEH-浙A-0001',
            vehicle: { vehicleType: 'PASSENGER_CAR', plateMasked: '浙A·***88', registeredOn: '2020-08-15', valuationBasis: 'DEPRECIATED_PURCHASE_PRICE', usage: 'PRIVATE' },
          },
        },
        {
          source: 'REAL_ESTATE',
          record: {
            category: 'ASSET',
            kind: 'REAL_ESTATE',
            quantity: 89.5,
            valueFen: 180000000,
            sourceRecordRef: '浙(2012)杭州市不动产权第0456789号',
            home: { floorAreaSqm: 89.5, usage: 'RESIDENTIAL', location: '330106001001', acquiredOn: '2012-04-01' },
          },
        },
        {
          source: 'REAL_ESTATE',
          record: {
            category: 'ASSET',
            kind: 'REAL_ESTATE',
            quantity: 35,
            valueFen: 90000000,
            sourceRecordRef: '浙(2018)杭州市不动产权第0998877号',
            home: { floorAreaSqm: 35, usage: 'COMMERCIAL', location: '330106002003', acquiredOn: '2018-09-20' },
          },
        },
        { source: 'SECURITIES', record: { category: 'ASSET', kind: 'SECURITIES', valueFen: 1200000, sourceRecordRef: 'SEC-A-3301', description: '证券账户市值' } },
        { source: 'BANK_DEPOSITS', record: { category: 'ASSET', kind: 'BANK_DEPOSIT', valueFen: 2680000, sourceRecordRef: 'ACC-6212-3001', description: '经营账户存款' } },
      ],
    }),
    member('330106', {
      key: 'spouse',
      name: '刘芳',
      relation: 'SPOUSE',
      birthDate: '1978-04-18',
      gender: 'F',
      sequence: 312,
      incomes: [{ source: 'SOCIAL_INSURANCE', type: 'UNEMPLOYMENT_BENEFIT', monthlyFen: 180000, description: '失业保险金', from: '2024-06', to: '2025-05' }],
      stocks: [
        registered('330106001001'),
        { source: 'HOUSING_FUND', record: { category: 'ASSET', kind: 'HOUSING_FUND', valueFen: 2345600, sourceRecordRef: 'GJJ-3302', description: '住房公积金余额' } },
        { source: 'BANK_DEPOSITS', record: { category: 'ASSET', kind: 'BANK_DEPOSIT', valueFen: 320000, sourceRecordRef: 'ACC-6222-3002', description: '活期存款' } },
      ],
    }),
    member('330106', {
      key: 'son',
      name: '陈晓',
      relation: 'CHILD',
      birthDate: '2003-09-09',
      gender: 'M',
      sequence: 313,
      incomes: [{ source: 'TAX', type: 'SCHOLARSHIP', monthlyFen: (m) => (m.endsWith('-10') ? 500000 : 0), description: '国家奖学金' }],
      stocks: [registered('330106001001')],
    }),
  ],
};

export const HOUSEHOLDS: FixtureHousehold[] = [WORKED_EXAMPLE, ELDERLY, SELF_EMPLOYED];

/** How many synthetic households the platform knows (`syntheticHousehold(0 … SYNTHETIC_HOUSEHOLDS - 1)`). */
export const SYNTHETIC_HOUSEHOLDS = 2000;

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The i-th synthetic household (load benches, e.g. bench/two-instances.bench.ts): the worked example's shape
 * (two earners, one minor, a deposit and a co-owned flat) in 杭州市西湖区, with resident IDs of their own
 * (birth dates i days apart, sequences 201–203) and the applicant's wages ¥1,000 + ¥100 × (i mod 10) a month,
 * so that households differ in their assessed amount. A fixed function of i.
 */
export function syntheticHousehold(i: number): FixtureHousehold {
  if (!Number.isInteger(i) || i < 0 || i >= SYNTHETIC_HOUSEHOLDS) throw new Error(`no synthetic household ${i}`);
  const division = '330106';
  const community = '330106001001';
  const home: Stock = {
    source: 'REAL_ESTATE',
    record: {
      category: 'ASSET',
      kind: 'REAL_ESTATE',
      quantity: 48.2,
      sourceRecordRef: `浙(2016)杭州市不动产权第${String(100000 + i)}号`,
      home: { floorAreaSqm: 48.2, usage: 'RESIDENTIAL', location: community, acquiredOn: '2016-04-30' },
    },
  };
  const n = String(i).padStart(4, '0');
  return {
    key: `SYNTHETIC_${n}`,
    description: `合成家庭 ${n}：三口之家，一名未成年子女（负载测试）`,
    division,
    address: `浙江省杭州市西湖区北山街道某社区 ${1 + (i % 30)} 幢 ${101 + (i % 6)}`,
    members: [
      member(division, {
        key: 'applicant',
        name: '周强',
        relation: 'APPLICANT',
        birthDate: addDays('1975-01-01', i),
        gender: 'M',
        sequence: 201,
        incomes: [{ source: 'TAX', type: 'WAGES', monthlyFen: 100000 + 10000 * (i % 10), description: '工资薪金所得' }],
        stocks: [
          registered(community),
          { source: 'BANK_DEPOSITS', record: { category: 'ASSET', kind: 'BANK_DEPOSIT', valueFen: 500000 + 1000 * i, sourceRecordRef: `ACC-S-${n}`, description: '活期存款' } },
          home,
        ],
      }),
      member(division, {
        key: 'spouse',
        name: '吴芳',
        relation: 'SPOUSE',
        birthDate: addDays('1977-01-01', i),
        gender: 'F',
        sequence: 202,
        incomes: [{ source: 'TAX', type: 'WAGES', monthlyFen: 30000, description: '工资薪金所得（钟点工）' }],
        stocks: [registered(community), home],
      }),
      member(division, {
        key: 'child',
        name: '周小宇',
        relation: 'CHILD',
        birthDate: addDays('2010-01-01', i),
        gender: 'M',
        sequence: 203,
        incomes: [],
        stocks: [registered(community)],
      }),
    ],
  };
}

const BY_RESIDENT = new Map<string, FixtureMember>(HOUSEHOLDS.flatMap((h) => h.members.map((m) => [m.residentId, m] as const)));
let SYNTHETIC_BY_RESIDENT: Map<string, FixtureMember> | undefined;

export function findMember(residentIdValue: string): FixtureMember | undefined {
  const known = BY_RESIDENT.get(residentIdValue);
  if (known) return known;
  SYNTHETIC_BY_RESIDENT ??= new Map(
    Array.from({ length: SYNTHETIC_HOUSEHOLDS }, (_, i) => syntheticHousehold(i)).flatMap((h) => h.members.map((m) => [m.residentId, m] as const)),
  );
  return SYNTHETIC_BY_RESIDENT.get(residentIdValue);
}

// ---------------------------------------------------------------------------------------------

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthAt(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The 12 months before the month of `date` (YYYY-MM-DD). */
export function defaultPeriod(date: string): MonthRange {
  const to = monthAt(monthIndex(date.slice(0, 7)) - 1);
  return { from: monthAt(monthIndex(to) - 11), to };
}

function incomeRecords(stream: IncomeStream, period: MonthRange, refPrefix: string): PlatformRecord[] {
  const out: PlatformRecord[] = [];
  // One month before the period too: platforms answer a little more than asked (the service must cut).
  for (let i = monthIndex(period.from) - 1; i <= monthIndex(period.to); i++) {
    const month = monthAt(i);
    if (stream.from && month < stream.from) continue;
    if (stream.to && month > stream.to) continue;
    const amount = typeof stream.monthlyFen === 'function' ? stream.monthlyFen(month) : stream.monthlyFen;
    if (amount === 0) continue;
    out.push({
      category: 'INCOME',
      kind: stream.type,
      valueFen: amount,
      period: { from: month, to: month },
      sourceRecordRef: `${refPrefix}-${stream.type}-${month}`,
      ...(stream.description ? { description: stream.description } : {}),
    });
  }
  return out;
}

export interface AnswerQuery {
  residentId: string;
  source: Source;
  purpose: string;
  referencePeriod?: MonthRange;
  /** Shanghai date of the answer (balances are "as of" it). */
  asOf: string;
}

/**
 * What the registry behind `source` knows about the person: records for the requested months, or
 * `null` when the person is unknown to every registry.
 */
export function recordsFor(q: AnswerQuery): PlatformRecord[] | null {
  const m = findMember(q.residentId);
  if (!m) {
    return q.source === 'HOUSEHOLD_REGISTRATION' ? null : [];
  }
  const period = q.referencePeriod ?? defaultPeriod(q.asOf);
  const correction = q.purpose === 'OBJECTION' ? m.corrections?.[q.source] : undefined;
  const incomes = (correction?.incomes ?? m.incomes).filter((s) => s.source === q.source);
  const stocks = (correction?.stocks ?? m.stocks).filter((s) => s.source === q.source);
  const prefix = `${q.source.slice(0, 3)}-${m.residentId.slice(-6)}`;
  return [
    ...incomes.flatMap((s) => incomeRecords(s, period, prefix)),
    ...stocks.map((s) => {
      const r = s.record;
      // Stocks (balances, values) are as of the answer date; statuses and expenditures carry no date.
      if (r.category === 'ASSET') return { ...r, asOf: q.asOf };
      if (r.category === 'EXPENDITURE') return { ...r, period };
      return { ...r };
    }),
  ];
}
