/**
 * The review side's later pages in a real browser (Debian chromium via playwright-core), signed in
 * through Keycloak: three cases are brought to the step under test through the services' public APIs
 * (the calls the web app makes, with the session cookie and CSRF header), then driven in the UI:
 *   - 特困 (王秀英 of the simulator's ELDERLY household): the street officer records the findings with the
 *     supply mode (集中供养) and the self-care assessment in the opinion form; an approval the rules do
 *     not allow is refused next to the 意见 field; the refusal opinion's explanation shows the care
 *     standard line (照料护理标准, policy with careStandardsBySupplyMode);
 *   - 政策 → 试算 (policy-330106): a 特困 household with 分散供养 and four activities it cannot do: the care standard line;
 *   - 临时救助 above the usual cap (刘芳 of SELF_EMPLOYED): the county approver decides by 一事一议 — the cap
 *     and ceiling shown, too few approvers and a meeting before acceptance refused next to the fields
 *     (the second by the service), then approved with the collective amount;
 *   - 低保 (the worked-example household): the approval is appealed (行政复议) by the street officer — empty
 *     fields and a receipt date before the decision refused next to the fields — and the county
 *     approver records CHANGED with a new monthly amount, shown with the appeal.
 * Screenshots at 1440 and 360 px into docs/screenshots/ (workbench-appeals-*, workbench-collective-*,
 * workbench-extreme-poverty-*), axe-core: no serious or critical violation.
 *
 *   npm run build && npx jest services/workbench/test/workbench-appeals.e2e.spec.ts --runInBand
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { applicationForm, STREET, COMMUNITY } from '../../../test/e2e/support/household';
import { findApplicantMemberId } from '../../../test/e2e/support/journey';
import { ELDERLY, SELF_EMPLOYED } from '../../../test/simulator/fixtures';
import { launchChromium, signIn, startStack, type Stack } from './support/stack';
import { type Officer, SHOTS, api, axe, eventually, ok } from './support/browser';

jest.setTimeout(300_000);

const DAY = 86_400_000;
const VIEWPORTS = [
  { name: '1440', width: 1440, height: 900 },
  { name: '360', width: 360, height: 800 },
] as const;


/**
 * Screenshots at both widths, and the axe check of the whole page at each: of `part` itself, or (`viewport`)
 * of the window scrolled to it.
 */
async function shootAndCheck(page: Page, name: string, part: Locator, viewport = false): Promise<void> {
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await part.first().scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(400);
    const file = path.join(SHOTS, `workbench-${name}-${vp.name}.png`);
    if (viewport) await page.screenshot({ path: file });
    else await part.first().screenshot({ path: file });
    expect({ page: name, width: vp.width, violations: await axe(page) }).toEqual({ page: name, width: vp.width, violations: [] });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Picks an option of an Element Plus select (the dropdown is teleported to <body>). */
async function choose(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.scrollIntoViewIfNeeded();
  await select.click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: option }).first().click({ timeout: 20_000 });
}

/** The Element Plus select around a combobox. */
const SELECT = `xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' el-select ')][1]`;

/** The error Element Plus shows under the form item holding `inner`, once it contains `text`; resolves to its text. */
async function errorAt(inner: Locator, text: string | RegExp): Promise<string> {
  const error = inner.locator(`xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' el-form-item ')][1]`).locator('.el-form-item__error').filter({ hasText: text });
  await error.first().waitFor({ timeout: 30_000 });
  return (await error.first().textContent()) ?? '';
}

/** A single-person application of a simulator fixture member (known to the verification platform). */
function singleApplication(caseId: string, today: string, m: { residentId: string; name: string }, program: string, extra: Record<string, unknown>, employment: string, workAbility: string) {
  const form = applicationForm(caseId, today) as any;
  return {
    ...form,
    program,
    household: {
      ...form.household,
      members: [{ residentId: m.residentId, name: m.name, relation: 'APPLICANT', livesWithApplicant: true, workAbility, employment: { status: employment } }],
    },
    declaration: { ...form.declaration, income: [], assets: [] },
    bankAccount: { ...form.bankAccount, holderName: m.name, holderResidentId: m.residentId, accountNumber: '6228480402564890026' },
    identityDocuments: [{ residentId: m.residentId, documentRef: `doc:id:${caseId.slice(0, 8)}` }],
    consents: [{ ...form.consents[0], residentId: m.residentId, documentRef: `doc:consent:${caseId.slice(0, 8)}` }],
    ...extra,
  };
}

describe('workbench review pages: 行政复议, 一事一议, 特困 findings (browser, Keycloak sign-in)', () => {
  let stack: Stack;
  let browser: Browser;
  const officers: Record<string, Officer> = {};
  const mla = randomUUID();
  const ta = randomUUID();
  const eps = randomUUID();
  let decidedOn = '';
  let startMonth = '';
  let servicesToday = '';

  const as = async (username: string): Promise<Officer> => {
    if (officers[username]) return officers[username]!;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true });
    context.setDefaultNavigationTimeout(90_000);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await signIn(page, username);
    const probe = await context.newPage();
    await probe.goto(`${stack.baseUrl}/health/live`);
    officers[username] = { context, page, probe };
    return officers[username]!;
  };
  const u = (p: string) => `${stack.baseUrl}${p}`;
  const shDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  /** The case page as this officer, the browser's clock on the services' (moved) time. */
  async function openCase(username: string, caseId: string): Promise<Page> {
    const o = await as(username);
    await o.context.clock.setFixedTime(stack.now());
    await o.page.goto(u(`/cases/${caseId}`));
    await o.page.getByRole('heading', { name: /^案件/ }).waitFor();
    await o.page.locator('#review-title').waitFor();
    return o.page;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack({ services: ['intake', 'verification', 'eligibility', 'audit'], simulator: true });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    for (const o of Object.values(officers)) await o.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  }, 180_000);

  it('brings three cases to the steps under test through the public APIs', async () => {
    const today = shDate(new Date());
    // A version with 一事一议 (ceiling ¥20,000, 3 approvers) and care standards by supply mode, in force today.
    const admin = await as('policy-330106');
    const lines = await ok(admin, 'GET', u('/api/eligibility/policies'));
    const line = lines.find((l: any) => l.divisionCode === '330106');
    const current = await ok(admin, 'GET', u(`/api/eligibility/policies/versions/${line.versions.at(-1).version}`));
    const parameters = {
      ...current.parameters,
      temporaryAssistance: { ...current.parameters.temporaryAssistance, collectiveDecision: { ceilingFen: 2_000_000, minimumApprovers: 3 } },
      careStandardsBySupplyMode: {
        CENTRALIZED: { SELF_SUFFICIENT: { percentOfStandard: '10' }, PARTLY_DEPENDENT: { percentOfStandard: '40' }, FULLY_DEPENDENT: { percentOfStandard: '80' } },
        DISPERSED: { SELF_SUFFICIENT: { percentOfStandard: '5' }, PARTLY_DEPENDENT: { percentOfStandard: '30' }, FULLY_DEPENDENT: { percentOfStandard: '60' } },
      },
    };
    await ok(admin, 'POST', u(`/api/eligibility/policies/${line.policyId}/versions`), {
      policyId: line.policyId,
      version: `330106-wb-appeals-${Date.now()}`,
      divisionCode: '330106',
      effectiveFrom: today,
      parameters,
      reason: '一事一议上限与分供养方式照料护理标准(工作台测试)',
    });

    const community = await as('community-330106001');
    const officer = await as('officer-330106001');
    const liu = SELF_EMPLOYED.members.find((m) => m.name === '刘芳')!;
    const wang = ELDERLY.members[0]!;
    const forms: [string, Record<string, unknown>][] = [
      [mla, applicationForm(mla, today)],
      [ta, singleApplication(ta, today, liu, 'TEMPORARY_ASSISTANCE', { temporaryAssistance: { type: 'EMERGENCY', description: '突发重病住院,自付医疗费用高', cause: 'DISASTER', incidentOn: today, emergencyAdvanceRequested: false, requestedAmountFen: 1_500_000 } }, 'UNEMPLOYED', 'FULL')],
      [eps, singleApplication(eps, today, wang, 'EXTREME_POVERTY_SUPPORT', {}, 'RETIRED', 'NONE')],
    ];
    for (const [id, form] of forms) {
      await ok(community, 'POST', u('/api/intake/applications'), form);
      await ok(community, 'POST', u(`/api/intake/applications/${id}/submission`), {});
      await ok(officer, 'POST', u(`/api/intake/applications/${id}/acceptance`), {});
    }
    for (const id of [mla, ta, eps]) {
      await eventually(`the review case ${id} with its verification report`, async () => {
        const res = await api(officer, 'GET', u(`/api/eligibility/review-cases/${id}`));
        return res.status === 200 && (res.json.verifications?.length ?? 0) >= 1 ? res.json : undefined;
      });
      await ok(officer, 'POST', u(`/api/eligibility/review-cases/${id}/home-visits`), {
        visitedOn: today,
        officers: [
          { id: 'officer-street-002', jurisdiction: STREET },
          { id: 'officer-community-003', jurisdiction: COMMUNITY },
        ],
        findings: '入户核实,与申报情况一致',
        signatureRefs: ['doc:visit/appeals-signed'],
      });
    }
    for (const id of [mla, ta]) {
      await ok(officer, 'POST', u(`/api/eligibility/review-cases/${id}/opinions`), { proposal: 'APPROVE', note: '建议批准' });
      await ok(officer, 'POST', u(`/api/eligibility/review-cases/${id}/public-notices`), { location: '某社区居务公开栏' });
    }
    // The notices run their seven days: every service's clock moves eight days on.
    await stack.setNow(new Date(stack.now().getTime() + 8 * DAY));
    servicesToday = shDate(stack.now());
    const reviewer = await as('reviewer-330106001');
    for (const id of [mla, ta]) await ok(reviewer, 'POST', u(`/api/eligibility/review-cases/${id}/submission`), { reviewNote: '公示无异议,报区民政局审核确认' });
    const approver = await as('approver-330106');
    const file = await ok(approver, 'GET', u(`/api/eligibility/review-cases/${mla}`));
    const decided = await ok(approver, 'POST', u(`/api/eligibility/review-cases/${mla}/decision`), {
      outcome: 'APPROVE',
      recipient: { memberId: findApplicantMemberId(file), bankAccountRef: 'bank-account:appeals', bankAccountMasked: '6228 **** **** 0018' },
      reason: '经审核确认,符合最低生活保障条件',
    });
    expect(decided).toMatchObject({ status: 'APPROVED', decision: { monthlyAmountFen: 130000 } });
    decidedOn = decided.decision.decidedOn;
    startMonth = decided.decision.startMonth;
  }, 1_200_000);

  it('特困: the findings with the supply mode; an approval the rules refuse is shown at 意见; the care standard line in the explanation', async () => {
    const page = await openCase('officer-330106001', eps);
    const findings = page.locator('[data-test="extreme-poverty-findings"]');
    await findings.waitFor();
    await choose(page, page.getByRole('combobox', { name: '供养方式' }).locator(SELECT), '集中供养');
    await findings.getByText('洗澡', { exact: true }).click();
    await findings.getByText('如厕', { exact: true }).click();
    await expect(findings.locator('[data-test="self-care-level"]').textContent()).resolves.toContain('部分丧失生活自理能力');
    // APPROVE (the default): 王秀英's pension is above the standard — the service refuses, named at 意见.
    await page.getByRole('button', { name: '出具初审意见' }).click();
    const proposal = page.getByRole('combobox', { name: '初审意见' });
    await expect(errorAt(proposal, /\S/)).resolves.toMatch(/\S/);
    await shootAndCheck(page, 'extreme-poverty-refused', page.locator('form', { has: findings }));

    await choose(page, proposal.locator(SELECT), '建议不予批准');
    await page.locator('input[name="opinionReason"]').fill('本人领取养老金,月收入高于低保标准');
    await page.getByRole('button', { name: '出具初审意见' }).click();
    const care = page.locator('.explain').getByText(/集中供养.*照料护理标准/).first();
    await care.waitFor({ timeout: 60_000 });
    await expect(care.textContent()).resolves.toContain('部分丧失生活自理能力');
    const file = await ok(officers['officer-330106001']!, 'GET', u(`/api/eligibility/review-cases/${eps}`));
    expect(file.current.opinion.extremePoverty).toMatchObject({ supplyMode: 'CENTRALIZED', selfCare: { BATHING: 'UNABLE', TOILETING: 'UNABLE', EATING: 'ABLE' } });
    await shootAndCheck(page, 'extreme-poverty', page.locator('.explain:visible, .explain-cards:visible'), true);
  });

  it('政策 → 试算: a 特困 household with its supply mode shows the care standard line', async () => {
    const { page, context } = await as('policy-330106');
    await context.clock.setFixedTime(stack.now());
    await page.goto(u('/policies'));
    await page.getByRole('heading', { name: /试算/ }).waitFor();
    await choose(page, page.getByRole('combobox', { name: '救助类别' }).locator(SELECT), '特困');
    await choose(page, page.getByRole('combobox', { name: '试算政策版本' }).locator(SELECT), 'wb-appeals');
    await page.getByLabel('成员1出生日期').fill('1948-05-20');
    await choose(page, page.getByRole('combobox', { name: '成员1劳动能力' }).locator(SELECT), '无劳动能力');
    const findings = page.locator('[data-test="extreme-poverty-findings"]');
    await choose(page, findings.getByRole('combobox', { name: '供养方式' }).locator(SELECT), '分散供养');
    for (const a of ['进食', '穿衣', '如厕', '洗澡']) await findings.getByText(a, { exact: true }).click();
    await page.locator('[data-test="dry-run-submit"]').click();
    const line = page.locator('[data-test="dry-run-result"]').getByText(/分散供养.*照料护理标准/).first();
    await line.waitFor({ timeout: 60_000 });
    await expect(line.textContent()).resolves.toContain('完全丧失生活自理能力');
  });

  it('一事一议: the county approver sees the cap and ceiling, gets the field errors, then approves above the cap', async () => {
    const page = await openCase('approver-330106', ta);
    const box = page.locator('[data-test="collective-decision"]');
    await box.waitFor();
    await expect(box.locator('[data-test="collective-limits"]').textContent({ timeout: 30_000 })).resolves.toContain('一事一议救助上限 ¥20,000.00');
    await box.getByText('按一事一议决定').click();
    await page.locator('input[name="collectiveAmountYuan"]').fill('12000');
    await page.locator('input[name="approverId0"]').fill('county-director');
    await page.locator('input[name="approverName0"]').fill('王某某');
    await page.locator('input[name="approverId1"]').fill('county-deputy');
    await page.locator('input[name="approverName1"]').fill('李某某');
    await page.locator('input[name="meetingOn"]').fill('2000-01-01');
    await page.locator('input[name="minutesRef"]').fill('局务会纪要〔2026〕7号');
    await page.locator('textarea[name="collectiveReason"]').fill('突发重病,自付医疗费用远超常规救助上限');
    await page.locator('textarea[name="decisionReason"]').fill('经集体研究,一事一议给予临时救助');
    // Two approvers: this browser's own check, next to the approvers.
    await page.getByRole('button', { name: '作出决定' }).click();
    await expect(box.locator('[data-field="collectiveDecision.approvers"]').textContent()).resolves.toContain('至少 3 名');
    // The third approver; the meeting before the case was accepted: the service refuses, named at 会议日期.
    await page.locator('input[name="approverId2"]').fill('county-member');
    await page.locator('input[name="approverName2"]').fill('赵某某');
    await page.getByRole('button', { name: '作出决定' }).click();
    await expect(errorAt(page.locator('input[name="meetingOn"]'), '会议日期')).resolves.toContain('会议日期');
    await shootAndCheck(page, 'collective-decision-refused', box);

    await page.locator('input[name="meetingOn"]').fill(servicesToday);
    await page.getByRole('button', { name: '作出决定' }).click();
    const decided = page.locator('.decided');
    await decided.waitFor({ timeout: 60_000 });
    await expect(decided.textContent()).resolves.toContain('¥12,000.00');
    const file = await ok(officers['approver-330106']!, 'GET', u(`/api/eligibility/review-cases/${ta}`));
    expect(file.decision).toMatchObject({ outcome: 'APPROVED', monthlyAmountFen: 1_200_000 });
    await shootAndCheck(page, 'collective-decision', decided, true);
  });

  it('行政复议: the street officer records the appeal (bad input refused at the fields), the county approver records CHANGED with a new amount', async () => {
    const page = await openCase('officer-330106001', mla);
    const panel = page.locator('[data-test="case-appeals"]');
    await panel.waitFor();
    await expect(panel.textContent()).resolves.toContain('本案尚无行政复议或行政诉讼');
    // Nothing typed: this browser's checks, next to the fields.
    await panel.getByRole('button', { name: '登记' }).click();
    await expect(errorAt(page.locator('input[name="noticeReceivedOn"]'), '收到决定的日期')).resolves.toContain('YYYY-MM-DD');
    await expect(errorAt(page.locator('textarea[name="appealReason"]'), '理由')).resolves.toContain('理由');
    // Received the day before the decision: the service refuses, named at 收到决定日期.
    const before = shDate(new Date(Date.parse(`${decidedOn}T12:00:00+08:00`) - DAY));
    await page.locator('input[name="noticeReceivedOn"]').fill(before);
    await page.locator('input[name="appealFiledOn"]').fill(decidedOn);
    await page.locator('textarea[name="appealReason"]').fill('家庭医疗支出未计入,保障金额偏低');
    await panel.getByRole('button', { name: '登记' }).click();
    await expect(errorAt(page.locator('input[name="noticeReceivedOn"]'), decidedOn)).resolves.toContain('不能早于决定日期');
    await shootAndCheck(page, 'appeals-refused', panel);

    await page.locator('input[name="noticeReceivedOn"]').fill(decidedOn);
    await expect(panel.locator('[data-test="appeal-limit"]').textContent()).resolves.toContain('剩余');
    await panel.getByRole('button', { name: '登记' }).click();
    await panel.locator('[data-test="appeal-审理中"]').waitFor({ timeout: 60_000 });
    await expect(panel.locator('[data-test="appeal-审理中"]').textContent()).resolves.toContain('期限内提出');
    // The street officer may not change the decision: CHANGED is disabled with the reason.
    await choose(page, panel.getByRole('combobox', { name: '复议结果' }).locator(SELECT), '变更原决定');
    await expect(panel.getByRole('button', { name: '记录结果' }).isDisabled()).resolves.toBe(true);
    await expect(panel.textContent()).resolves.toContain('需由区县审批人办理');
    await shootAndCheck(page, 'appeals', panel);

    const approverPage = await openCase('approver-330106', mla);
    const p2 = approverPage.locator('[data-test="case-appeals"]');
    await p2.waitFor();
    await choose(approverPage, p2.getByRole('combobox', { name: '复议结果' }).locator(SELECT), '变更原决定');
    await approverPage.locator('input[name="documentRef"]').fill('杭西政复决字〔2026〕第12号');
    await approverPage.locator('input[name="documentDate"]').fill(servicesToday);
    await approverPage.locator('textarea[name="outcomeReason"]').fill('复议机关变更原决定:月保障金额应为1500元');
    await approverPage.locator('input[name="newAmountYuan"]').fill('1500');
    await approverPage.locator('input[name="newFromMonth"]').fill(startMonth);
    await p2.getByRole('button', { name: '记录结果' }).click();
    const closed = p2.locator('[data-test="appeal-已结案"]');
    await closed.waitFor({ timeout: 60_000 });
    await expect(closed.textContent()).resolves.toContain('变更原决定(杭西政复决字〔2026〕第12号');
    await expect(closed.textContent()).resolves.toContain('¥1,500.00');
    const file = await ok(officers['approver-330106']!, 'GET', u(`/api/eligibility/review-cases/${mla}`));
    expect(file.appeals[0]).toMatchObject({ kind: 'ADMINISTRATIVE_REVIEW', outcome: { outcome: 'CHANGED' } });
    expect(file.benefit).toMatchObject({ monthlyAmountFen: 150000 });
    await shootAndCheck(approverPage, 'appeals-changed', p2);
  });
});
