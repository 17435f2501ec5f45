/**
 * Issue 14 item 8 over HTTP (real AppModule, supertest) on real PostgreSQL and real Kafka: a
 * policy_admin publishes a version with the new local-rule parameters (特困 care standards by supply
 * mode, obliged support over the local per-capita consumption, asset limits per tier); a malformed
 * one is a 400 naming each key and publishes nothing; then cases are decided with the published
 * version. The cases' histories up to the step under test are produced by the pure decider and
 * appended to the real store (as in documents.int.spec.ts); the commands under test go over HTTP.
 * Figures are illustrative of the structure of the rules cited in
 * src/domain/review-case/local-rules.unit.spec.ts.
 */
import type { EventStore } from '@sa/eventstore';
import { AdjustableClock } from '@sa/time';
import { randomUUID } from 'node:crypto';
import { startEligibility, type EligibilityTestApp } from './support/eligibility-app';
import { DEFAULT_POLICY_VERSION, type PolicyParameters, type ReviewCaseEvent } from '../src/domain';
import {
  A,
  B,
  caseMember,
  facts,
  history,
  notice,
  open,
  opinion,
  policyWith,
  receiveFacts,
  submit,
  visit,
} from '../src/domain/__tests__/review-case-fixtures';

jest.setTimeout(240_000);

/** Monday 16 March 2026, 09:00 in Shanghai: the fixtures' decision day. */
const clock = new AdjustableClock(new Date('2026-03-16T01:00:00Z'));
const VERSION = '330106-2026-08';

const LOCAL_RULES: Partial<PolicyParameters> = {
  careStandardsBySupplyMode: {
    DISPERSED: { SELF_SUFFICIENT: { percentOfStandard: '5' }, PARTLY_DEPENDENT: { percentOfStandard: '30' }, FULLY_DEPENDENT: { percentOfStandard: '60' } },
    CENTRALIZED: { SELF_SUFFICIENT: { percentOfStandard: '10' }, PARTLY_DEPENDENT: { percentOfStandard: '40' }, FULLY_DEPENDENT: { percentOfStandard: '80' } },
  },
  obligedSupport: { method: 'MULTIPLE_OF_CONSUMPTION', thresholdMultipleOfStandard: '1', perCapitaConsumptionFen: 300000, sharesByObligedCount: ['0.3', '0.2'] },
  assetLimitsByTier: { LOW_INCOME_MARGINAL: { vehicles: { valueLimitFen: 10000000, exemptions: ['SOLE_LIVELIHOOD'] } } },
};

let service: EligibilityTestApp;
let store: EventStore;
let admin: string, street: string, county: string;

const post = (path: string, t: string, body: object) => service.post(path, t, body);
const get = (path: string, t: string) => service.get(path, t);
const seed = (caseId: string, events: ReviewCaseEvent[]) => service.seed(caseId, events);

/** GET until 200 (at most 60 s): what the policy catalogue reads appears when older transactions have ended. */
async function visible(path: string) {
  for (let tries = 0; ; tries++) {
    const res = await get(path, county);
    if (res.status === 200 || tries >= 120) return res.status === 200 ? res : get(path, county).expect(200);
    await new Promise((r) => setTimeout(r, 500));
  }
}


const caseNumberOf = () => `330106-2026-${String(Math.floor(Math.random() * 900000) + 100000)}`;
const elder = { applicantMemberId: A, members: [caseMember(A, '王秀英', 'APPLICANT', { birthDate: '1950-02-01', workAbility: 'NONE' })] };
const partly = { EATING: 'ABLE', DRESSING: 'UNABLE', BED_TRANSFER: 'ABLE', TOILETING: 'ABLE', INDOOR_WALKING: 'ABLE', BATHING: 'UNABLE' } as const;
const elderFacts = { ...facts(0), financialAssets: [], homes: [] };

type Explained = { assessment: { monthlyAmountFen: number; policyVersion: string; explanation: { rule: string; description: { zh: string } }[] } };

beforeAll(async () => {
  service = await startEligibility('local', { clock });
  store = service.store;
  admin = await service.token('policy_admin', 'policy-admin-001', '330106');
  street = await service.token('street_officer', 'officer-street-001', '330106001');
  county = await service.token('county_approver', 'officer-county-003', '330106');
});

afterAll(() => service?.close());

describe('local rules published over HTTP and applied to cases', () => {
  it('a malformed version is a 400 naming each key, and nothing is published', async () => {
    const bad = await post('/policies/district-330106/versions', admin, {
      ...DEFAULT_POLICY_VERSION,
      version: VERSION,
      effectiveFrom: '2026-03-01',
      parameters: {
        ...DEFAULT_POLICY_VERSION.parameters,
        careStandardsBySupplyMode: { ...LOCAL_RULES.careStandardsBySupplyMode, DISPERSED: { SELF_SUFFICIENT: { percentOfStandard: '5' } }, AT_HOME: {} },
        obligedSupport: { method: 'MULTIPLE_OF_CONSUMPTION', thresholdMultipleOfStandard: '1', sharesByObligedCount: ['0.3'] },
        assetLimitsByTier: { LOW_INCOME_MARGINAL: { vehicles: { valueLimitFen: -1, exemptions: [] } }, TEMPORARY: {} },
        overpaymentRecovery: { monthlyCapPercent: 100 },
      },
    }).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'parameters.obligedSupport.perCapitaConsumptionFen',
      'parameters.careStandardsBySupplyMode.AT_HOME',
      'parameters.careStandardsBySupplyMode.DISPERSED.PARTLY_DEPENDENT',
      'parameters.careStandardsBySupplyMode.DISPERSED.FULLY_DEPENDENT',
      'parameters.assetLimitsByTier.TEMPORARY',
      'parameters.assetLimitsByTier.LOW_INCOME_MARGINAL.vehicles.valueLimitFen',
      'parameters.overpaymentRecovery.monthlyCapPercent',
    ]);
    await get(`/policies/versions/${VERSION}`, county).expect(404);
    const line = await store.readStream('policy-district-330106').catch(() => []);
    expect(line.map((e) => e.type)).toContain('PolicyVersionPublished'); // the seed's 330106-2026-01
    expect(line.filter((e) => JSON.stringify(e.data).includes(VERSION))).toEqual([]);
  });

  it('publishes the version; a 特困 case recorded 集中供养 is decided with its care standard: ¥1,300 + 40 % × ¥1,000 = ¥1,700', async () => {
    await post('/policies/district-330106/versions', admin, {
      ...DEFAULT_POLICY_VERSION,
      version: VERSION,
      effectiveFrom: '2026-03-01',
      parameters: { ...DEFAULT_POLICY_VERSION.parameters, ...LOCAL_RULES },
      reason: '特困照料护理标准按供养方式区分；赡养费按当地居民人均消费支出计算；低保边缘车辆标准单列',
    }).expect(201);
    // The global log is read below the snapshot's xmin: the new version shows once no older transaction is open.
    const read = await visible(`/policies/versions/${VERSION}`);
    expect(read.body.parameters).toMatchObject(LOCAL_RULES as Record<string, unknown>);

    const caseId = randomUUID();
    const policy = policyWith(LOCAL_RULES, { version: VERSION });
    await seed(
      caseId,
      history(
        open({ caseId, caseNumber: caseNumberOf(), program: 'EXTREME_POVERTY_SUPPORT', household: elder }),
        receiveFacts(0, { caseId, facts: elderFacts }),
        visit(),
        opinion({ policy, extremePoverty: { memberId: A, selfCare: partly, supporters: [], supplyMode: 'CENTRALIZED' } }),
        notice(),
        submit(),
      ),
    );
    await post(`/review-cases/${caseId}/decision`, county, {
      outcome: 'APPROVE',
      recipient: { memberId: A, bankAccountRef: 'bank-account:7c1e9a' },
      reason: '经审核确认，符合特困人员救助供养条件，集中供养',
      evidenceRefs: ['doc:decision/2026/local-1'],
    }).expect(201);
    const approved = (await store.readStream(`reviewCase-${caseId}`)).find((e) => e.type === 'CaseApproved')!;
    const data = approved.data as Explained;
    expect(data.assessment).toMatchObject({ monthlyAmountFen: 170000, policyVersion: VERSION });
    expect(approved.metadata).toMatchObject({ policyVersion: VERSION });
    expect(data.assessment.explanation.find((s) => s.rule === 'EPS.CARE_STANDARD')!.description.zh).toBe(
      '集中供养、部分丧失生活自理能力：照料护理标准为低保标准（¥1,000.00）的40%，即每月¥400.00',
    );
  });

  it('the officers record the supply mode with the 特困 findings over HTTP; an unknown one is a 400 naming the field', async () => {
    const caseId = randomUUID();
    await seed(
      caseId,
      history(open({ caseId, caseNumber: caseNumberOf(), program: 'EXTREME_POVERTY_SUPPORT', household: elder }), receiveFacts(0, { caseId, facts: elderFacts }), visit()),
    );
    const body = (supplyMode: string) => ({ proposal: 'APPROVE', note: '建议纳入特困分散供养', extremePoverty: { memberId: A, selfCare: partly, supporters: [], supplyMode } });
    const bad = await post(`/review-cases/${caseId}/opinions`, street, body('AT_HOME')).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('supplyMode');
    expect((await store.readStream(`reviewCase-${caseId}`)).map((e) => e.type)).not.toContain('InitialOpinionIssued');
    const ok = await post(`/review-cases/${caseId}/opinions`, street, body('DISPERSED')).expect(201);
    expect(ok.body).toMatchObject({ policyVersion: VERSION, proposedAmountFen: 160000 });
  });

  it('the dry-run applies the published version too: 分散供养 ¥1,600, 集中供养 ¥1,700, unknown supply mode 400', async () => {
    const body = (supplyMode: string) => ({
      program: 'EXTREME_POVERTY_SUPPORT',
      jurisdiction: '330106001001',
      onDate: '2026-03-16',
      household: { members: [{ memberId: 'A', birthDate: '1950-02-01', workAbility: 'NONE' }] },
      extremePoverty: { memberId: 'A', selfCare: partly, supporters: [], supplyMode },
    });
    const dispersed = await post('/policies/dry-run', county, body('DISPERSED')).expect(200);
    expect(dispersed.body).toMatchObject({ policyVersion: VERSION, monthlyAmountFen: 160000 });
    const centralized = await post('/policies/dry-run', county, body('CENTRALIZED')).expect(200);
    expect(centralized.body).toMatchObject({ policyVersion: VERSION, monthlyAmountFen: 170000 });
    const bad = await post('/policies/dry-run', county, body('NURSING_HOME')).expect(400);
    expect(JSON.stringify(bad.body)).toContain('supplyMode');
  });

  it('a 低保 opinion counts the obliged son’s support by the published formula: son ¥5,000 → ¥600 deemed → ¥400 proposed', async () => {
    const caseId = randomUUID();
    const household = {
      applicantMemberId: A,
      members: [
        caseMember(A, '刘桂芳', 'APPLICANT', { birthDate: '1948-05-01', workAbility: 'NONE' }),
        caseMember(B, '陈建国', 'SON', { included: false, exclusionReason: 'OBLIGED_SUPPORTER_LIVING_APART' }),
      ],
    };
    await seed(
      caseId,
      history(
        open({ caseId, caseNumber: caseNumberOf(), household }),
        receiveFacts(0, { caseId, facts: { ...elderFacts, incomes: [{ memberId: B, type: 'WAGES', monthlyAverageFen: 500000 }] } }),
        visit(),
      ),
    );
    const ok = await post(`/review-cases/${caseId}/opinions`, street, { proposal: 'APPROVE', note: '建议纳入低保' }).expect(201);
    expect(ok.body).toMatchObject({ policyVersion: VERSION, proposedAmountFen: 40000 });
    const issued = (await store.readStream(`reviewCase-${caseId}`)).find((e) => e.type === 'InitialOpinionIssued')!;
    const steps = (issued.data as { opinion: Explained }).opinion.assessment.explanation;
    expect(steps.find((s) => s.rule === 'INCOME.OBLIGED_SUPPORT')!.description.zh).toBe(
      '赡养（抚养、扶养）费按义务人月收入超出当地居民月人均消费支出（¥3,000.00）1倍部分的30%计算（义务人1人）',
    );
  });
});
