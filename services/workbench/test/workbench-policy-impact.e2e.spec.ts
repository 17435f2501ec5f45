/**
 * 政策 → 影响测算 and 先行救助 补办手续 in a real browser (Debian chromium via playwright-core), each
 * officer signed in through Keycloak's own login page. A 低保 case (the worked-example household,
 * ¥1,300 a month under the seeded ¥1,000 standard) and a small 急难型临时救助 case with an emergency
 * advance are brought to where the pages start by driving the services' public APIs through the
 * gateway as the demo officers (the same calls the web app makes), then
 *   - the policy administrator (policy-330106) drafts a ¥1,100 standard on 影响测算: a bad date is
 *     refused on its field by the service, the draft is evaluated (1 户 增发, ¥1,300.00 → ¥1,610.00 a
 *     month, the case's explanation lines, paged on the server, the CSV export downloaded); proposing
 *     before publication is refused in Chinese; published with a confirmation, and the re-determinations
 *     proposed with a confirmation;
 *   - the county approver (approver-330106) opens the same impact by its link, selects the proposal
 *     and approves it in a batch; approving it again is refused all-or-nothing, the refusal naming the
 *     case number; the benefit is then ¥1,610.00;
 *   - the street officer records the home visit (second officer from the directory; a bad date refused
 *     on its field, the input kept) and the neighbourhood inquiry in the browser at 360 px;
 *   - 我的待办 of the policy administrator (next year's 节假日安排, versions with no proposal), the county
 *     approver (open re-determinations, linked to the impact), the auditor (decided cases to sample)
 *     and the disbursement officer (this month's run, returns, advances);
 *   - the disbursement officer (disburser-330106) records 补办手续 on 发放 · 先行救助: refused with the
 *     reason before the case's decision, recorded with the temporary-assistance grant after it; the
 *     street officer's case page then shows the file complete.
 * Each page is screenshotted at 1440×900 and 360×780 into docs/screenshots/ and checked with axe-core.
 *
 *   npm run build && npx jest services/workbench/test/workbench-policy-impact.e2e.spec.ts --runInBand
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { applicationForm } from '../../../test/e2e/support/household';
import { findApplicantMemberId } from '../../../test/e2e/support/journey';
import { residentIdCheckChar } from '@sa/contracts';
import { launchChromium, signIn, startStack, type Stack } from './support/stack';
import { type Officer, SHOTS, api, axe, eventually, ok } from './support/browser';

jest.setTimeout(300_000);

const DAY = 86_400_000;
const VIEWPORTS = [
  { name: '1440', width: 1440, height: 900 },
  { name: '360', width: 360, height: 780 },
] as const;


/** Full-page screenshots at both widths (restoring the wide one) and the axe check at each. */
/** `only`: a picture of that part of the page (a long page such as the case page), the axe check still of the whole page. */
async function shootAndCheck(page: Page, name: string, ready: () => Promise<unknown>, only?: Locator): Promise<void> {
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await ready();
    await page.mouse.move(0, 0); // no hover colours in the picture or the contrast check
    await page.waitForTimeout(600);
    const file = path.join(SHOTS, `workbench-${name}-${vp.name}.png`);
    if (only) await only.screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
    expect({ page: name, width: vp.width, violations: await axe(page) }).toEqual({ page: name, width: vp.width, violations: [] });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Waits (up to 60 s) until the first element's text matches; playwright-core has no web-first expect. */
async function shows(l: Locator, match: string | RegExp): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const t = (await l.first().textContent({ timeout: 1000 }).catch(() => '')) ?? '';
    if (typeof match === 'string' ? t.includes(match) : match.test(t)) return;
    if (Date.now() > until) throw new Error(`${l.toString()}: "${t}" does not match ${String(match)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('workbench: 政策影响测算 and 先行救助补办手续 (browser, Keycloak sign-in)', () => {
  let stack: Stack;
  let browser: Browser;
  const officers: Record<string, Officer> = {};
  const caseId = randomUUID();
  let caseNumber = '';
  const advanceCaseId = randomUUID();
  let advanceCaseNumber = '';
  let impactId = '';
  let today = '';
  const version = `330106-${new Date().getFullYear()}-wb${Date.now() % 100000}`;

  const as = async (username: string): Promise<Officer> => {
    if (officers[username]) return officers[username]!;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true, acceptDownloads: true });
    context.setDefaultNavigationTimeout(90_000);
    const page = await context.newPage();
    await signIn(page, username);
    const probe = await context.newPage();
    await probe.goto(`${stack.baseUrl}/health/live`);
    officers[username] = { context, page, probe };
    return officers[username]!;
  };
  const u = (p: string) => `${stack.baseUrl}${p}`;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack({ services: ['intake', 'verification', 'eligibility', 'disbursement', 'audit'], simulator: true });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    for (const o of Object.values(officers)) await o.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  }, 180_000);

  it('brings a 低保 case to approval and a 临时救助 case to a paid advance, through the public APIs', async () => {
    const realToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const community = await as('community-330106001');
    caseNumber = (await ok(community, 'POST', u('/api/intake/applications'), applicationForm(caseId, realToday))).caseNumber;
    await ok(community, 'POST', u(`/api/intake/applications/${caseId}/submission`), {});
    const officer = await as('officer-330106001');
    await ok(officer, 'POST', u(`/api/intake/applications/${caseId}/acceptance`), {});
    if (!caseNumber) caseNumber = (await ok(officer, 'GET', u(`/api/intake/applications/${caseId}`))).caseNumber;

    // A small emergency (a fire, ¥2,000 asked for, within the street office's own limit) with an advance asked for.
    const form = applicationForm(advanceCaseId, realToday) as any;
    const first17 = `33010619800101${String((Date.now() + 7) % 1000).padStart(3, '0')}`;
    const victim = first17 + residentIdCheckChar(first17);
    const emergency = {
      ...form,
      household: { ...form.household, address: '浙江省杭州市西湖区北山街道某社区 5 幢 201', members: [{ residentId: victim, name: '王芳', relation: 'APPLICANT', livesWithApplicant: true, workAbility: 'FULL', employment: { status: 'UNEMPLOYED' } }] },
      declaration: { ...form.declaration, income: [], assets: [] },
      bankAccount: { ...form.bankAccount, holderName: '王芳', holderResidentId: victim, accountNumber: '6228480402564890034' },
      identityDocuments: [{ residentId: victim, documentRef: 'doc:id:victim' }],
      consents: [{ ...form.consents[0], residentId: victim, documentRef: 'doc:consent:victim' }],
      program: 'TEMPORARY_ASSISTANCE',
      temporaryAssistance: { type: 'EMERGENCY', description: '住房失火,生活用品全部损毁', cause: 'DISASTER', incidentOn: realToday, emergencyAdvanceRequested: true, requestedAmountFen: 200000 },
    };
    advanceCaseNumber = (await ok(community, 'POST', u('/api/intake/applications'), emergency)).caseNumber;
    await ok(community, 'POST', u(`/api/intake/applications/${advanceCaseId}/submission`), {});
    await ok(officer, 'POST', u(`/api/intake/applications/${advanceCaseId}/acceptance`), {});

    await eventually('the review case with its verification report', async () => {
      const res = await api(officer, 'GET', u(`/api/eligibility/review-cases/${caseId}`));
      return res.status === 200 && (res.json.verifications?.length ?? 0) >= 1 ? res.json : undefined;
    });
    const base = `/api/eligibility/review-cases/${caseId}`;
    // 入户调查 and 邻里访问 on a phone (360 px): driven in the browser, the form within the screen width.
    const phone = officer.page;
    await phone.setViewportSize({ width: 360, height: 780 });
    await phone.goto(u(`/cases/${caseId}`));
    const review = phone.locator('section[aria-labelledby="review-title"]');
    await review.getByRole('button', { name: '记录入户调查' }).waitFor({ timeout: 90_000 });
    const visitForm = review.locator('form', { has: phone.locator('textarea[name="findings"]') });
    await review.locator('input[name="visitedOn"]').fill('2026-02-30');
    await review.locator('.el-select', { has: phone.locator('[aria-label="第二名调查人员"]') }).first().click();
    await phone.locator('.el-select-dropdown__item:visible').filter({ hasText: '330106001001' }).first().click({ timeout: 30_000 });
    await review.locator('textarea[name="findings"]').fill('家中陈设简陋，与申报情况一致');
    await review.getByText('调查人员已在记录上签字').click();
    await review.getByText('申请人已签字确认').click();
    await review.getByRole('button', { name: '记录入户调查' }).click();
    // a date that is not one: refused next to its field, the input kept
    const dateError = visitForm.locator('.el-form-item', { has: phone.locator('input[name="visitedOn"]') }).locator('.el-form-item__error');
    await dateError.waitFor({ timeout: 60_000 });
    await expect(review.locator('textarea[name="findings"]').inputValue()).resolves.toBe('家中陈设简陋，与申报情况一致');
    await review.locator('input[name="visitedOn"]').fill(realToday);
    const visitBox = await visitForm.boundingBox();
    expect(visitBox!.x + visitBox!.width).toBeLessThanOrEqual(360);
    await shootAndCheck(phone, 'case-home-visit-phone', () => review.getByRole('heading', { name: /入户调查/ }).scrollIntoViewIfNeeded(), visitForm);
    await phone.setViewportSize({ width: 360, height: 780 });
    await review.getByRole('button', { name: '记录入户调查' }).click();
    await review.getByRole('heading', { name: /入户调查\s*已记录 1 次/ }).waitFor({ timeout: 60_000 });
    const inquiryForm = review.locator('form', { has: phone.locator('textarea[name="inquirySummary"]') });
    await review.locator('textarea[name="inquirySummary"]').fill('走访邻居三户，反映该户生活困难属实');
    const inquiryBox = await inquiryForm.boundingBox();
    expect(inquiryBox!.x + inquiryBox!.width).toBeLessThanOrEqual(360);
    await review.getByRole('button', { name: '记录邻里访问' }).click();
    await review.getByRole('heading', { name: /邻里访问\s*已记录 1 次/ }).waitFor({ timeout: 60_000 });
    await phone.setViewportSize({ width: 1440, height: 900 });
    await ok(officer, 'POST', u(`${base}/opinions`), { proposal: 'APPROVE', note: '建议纳入低保' });
    await ok(officer, 'POST', u(`${base}/public-notices`), { location: '某社区居务公开栏' });
    await stack.setNow(new Date(stack.now().getTime() + 8 * DAY));
    today = new Date(stack.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const reviewer = await as('reviewer-330106001');
    await ok(reviewer, 'POST', u(`${base}/submission`), { reviewNote: '经审核，公示无异议，报区民政局审核确认' });
    const approver = await as('approver-330106');
    const file = await ok(approver, 'GET', u(base));
    const decided = await ok(approver, 'POST', u(`${base}/decision`), {
      outcome: 'APPROVE',
      recipient: { memberId: findApplicantMemberId(file), bankAccountRef: 'bank-account:impact', bankAccountMasked: '6228 **** **** 0018' },
      reason: '经审核确认，符合最低生活保障条件',
      evidenceRefs: ['doc:decision/impact'],
    });
    expect(decided).toMatchObject({ status: 'APPROVED', decision: { monthlyAmountFen: 130000 } });

    // The advance: approved by the county, paid by the disbursement officer (the pages spec drives these in the browser).
    const emergencyFile = await eventually('the emergency case in eligibility', async () => {
      const res = await api(approver, 'GET', u(`/api/eligibility/review-cases/${advanceCaseId}`));
      return res.status === 200 ? res.json : undefined;
    });
    const advanceId = randomUUID();
    await ok(approver, 'POST', u(`/api/eligibility/review-cases/${advanceCaseId}/emergency-advance`), {
      advanceId,
      amountFen: 100000,
      recipient: { memberId: findApplicantMemberId(emergencyFile), bankAccountRef: 'bank-account:impact-advance', bankAccountMasked: '6228 **** **** 0034' },
      reason: '住房失火,先行救助基本生活',
    });
    const disburser = await as('disburser-330106');
    await eventually('the approved advance in disbursement', async () => {
      const res = await api(disburser, 'POST', u('/api/disbursement/disbursement/emergency-advances'), { advanceId });
      return res.status < 300 ? res.json : undefined;
    }, 90_000);
  }, 900_000);

  it('影响测算: the policy administrator evaluates a draft standard, reads the per-case list, exports it, publishes and proposes', async () => {
    expect(caseNumber).toMatch(/^\d{6}-\d{4}-\d{6}$/);
    const { page } = await as('policy-330106');
    await page.goto(u('/policies'));
    await page.locator('[data-test="impact-link"]').click();
    await page.getByRole('heading', { name: '标准调整影响测算' }).waitFor();
    await page.locator('[data-test="impact-base"]').locator('.el-select__selected-item').first().waitFor();
    await shows(page.locator('[data-test="impact-base"]'), '330106');

    // The browser's own check, then the service's (a date that is not one), each next to its field; the input stays.
    await page.locator('[data-test="impact-evaluate"]').click();
    await page.getByText('请填写调整依据(文件名、文号)').waitFor();
    await page.locator('[data-test="impact-version"]').fill(version);
    await page.locator('[data-test="impact-effective"]').fill('2026-13-45');
    await page.locator('[data-test="impact-standard"]').fill('1100.00');
    await page.locator('[data-test="impact-reason"]').fill('西民〔2026〕12号 关于调整城乡低保标准的通知');
    await page.locator('[data-test="impact-evaluate"]').click();
    const dateItem = page.locator('.el-form-item', { has: page.locator('[data-test="impact-effective"]') });
    await dateItem.locator('.el-form-item__error').waitFor();
    expect(await dateItem.locator('.el-form-item__error').textContent()).toMatch(/日期|YYYY-MM-DD/);
    await expect(page.locator('[data-test="impact-standard"]').inputValue()).resolves.toBe('1100.00');

    await page.locator('[data-test="impact-effective"]').fill(today);
    await page.locator('[data-test="impact-evaluate"]').click();
    const result = page.locator('[data-test="impact-result"]');
    await result.waitFor({ timeout: 120_000 });
    impactId = ((await page.locator('[data-test="impact-number"]').textContent()) ?? '').trim();
    expect(impactId).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.url()).toContain(`impact=${impactId}`);
    const counts = (await page.locator('[data-test="impact-counts"]').textContent()) ?? '';
    expect(counts).toMatch(/增发\s*1/);
    expect(await page.locator('[data-test="impact-before"]').textContent()).toBe('¥1,300.00');
    expect(await page.locator('[data-test="impact-after"]').textContent()).toBe('¥1,610.00');
    expect(await page.locator('[data-test="impact-change"]').textContent()).toBe('+¥310.00');
    const row = page.locator('[data-test="impact-list"] .el-table__row', { hasText: caseNumber });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('增发');
    expect(rowText).toContain('月保障金由 1,300.00 元 调整为 1,610.00 元（增加 310.00 元）');
    await page.locator('[data-test="chart"] canvas').first().waitFor();

    // The per-case list as CSV, from the service (BOM, Chinese headers).
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="impact-csv"]').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('案件编号');
    expect(csv).toContain(caseNumber);
    expect(csv).toContain('增发');

    await shootAndCheck(page, 'policy-impact', () => page.locator('[data-test="impact-result"] a:visible', { hasText: caseNumber }).first().waitFor());

    // Proposing before the version is published is refused, said by the service's code in Chinese.
    await page.locator('[data-test="impact-propose"]').click();
    await page.locator('[data-test="confirm-propose"]').click();
    await page.getByText('该版本尚未发布:请先发布,再生成提议').waitFor({ timeout: 60_000 });

    // Publish the evaluated draft (a confirmation first), then propose the re-determinations (a confirmation first).
    await page.locator('[data-test="impact-publish"]').click();
    await page.locator('.el-dialog', { hasText: '发布新标准' }).getByText(version).waitFor();
    await page.locator('[data-test="confirm-publish"]').click();
    await page.getByText(`已发布 ${version}`).waitFor({ timeout: 60_000 });
    await page.locator('[data-test="impact-propose"]').click();
    await page.locator('.el-dialog', { hasText: '生成重新核定提议' }).getByText(version).waitFor();
    await page.locator('[data-test="confirm-propose"]').click();
    await page.getByText('已为 1 户生成重新核定提议').waitFor({ timeout: 120_000 });
    await shows(page.locator('[data-test="approver-link"]'), `/policies/impact?impact=${impactId}`);
    // 测算记录: the evaluation listed (GET /policies/impact), its proposal open for the county once the review-case read model has it
    await eventually('the proposal open on 测算记录', async () => {
      await page.reload();
      const t = await page.locator(`[data-test="impact-progress-${impactId}"]`).textContent({ timeout: 15_000 }).catch(() => '');
      return t?.includes('待审批 1 件') ? true : undefined;
    }, 90_000);

    // 我的待办 of the policy administrator: next year's 节假日安排, versions with an impact but no proposal (none left)
    await page.goto(u('/'));
    const tasks = page.locator('[data-test="role-tasks"]');
    await tasks.waitFor({ timeout: 60_000 });
    await shows(tasks.locator('[data-test="task-calendar"]'), `${Number(today.slice(0, 4)) + 1} 年节假日安排未发布`);
    await shows(tasks.locator('[data-test="task-to-propose"]'), '无');
    await shootAndCheck(page, 'home-policy-admin', () => tasks.waitFor());
  }, 300_000);

  it('重新核定审批: the county approver approves the proposal in a batch; a second approval is refused naming the case', async () => {
    expect(impactId).toMatch(/^[0-9a-f-]{36}$/);
    const approver = await as('approver-330106');
    const { page } = approver;
    // 我的待办: the open standard re-determinations, linked to the impact (no id to be handed over)
    await page.goto(u('/'));
    const task = page.locator('[data-test="task-redeterminations"]');
    await shows(task, '1 项');
    await shootAndCheck(page, 'home-approver-redeterminations', () => task.waitFor());
    await task.getByRole('link').click();
    await page.waitForURL(new RegExp(`/policies/impact\\?impact=${impactId}`));
    await shows(page.locator(`[data-test="impact-progress-${impactId}"]`), '待审批 1 件');
    const row = page.locator('[data-test="impact-list"] .el-table__row', { hasText: caseNumber });
    await row.waitFor({ timeout: 60_000 });
    // Nothing selected: the page says so, nothing is sent.
    await page.locator('[data-test="decide-approve"]').click();
    await page.getByText('请先勾选要审批的案件').waitFor();
    await row.locator('.el-checkbox').click();
    await shows(page.locator('[data-test="selected-count"]'), '1');
    await page.locator('[data-test="decide-approve"]').click();
    await page.getByText('已批准 1 件重新核定').waitFor({ timeout: 60_000 });
    const file = await ok(approver, 'GET', u(`/api/eligibility/review-cases/${caseId}`));
    expect(JSON.stringify(file)).toContain('161000');
    await shows(page.locator(`[data-test="impact-progress-${impactId}"]`), '已全部决定(1 件)');

    // The same case again: the whole batch is refused, the case named by its number, the reason in Chinese.
    await page.locator('[data-test="decide-approve"]').click();
    const refusals = page.locator('[data-test="refusals"]');
    await refusals.waitFor({ timeout: 60_000 });
    const text = (await refusals.textContent()) ?? '';
    expect(text).toContain(caseNumber);
    expect(text).toMatch(/本案没有待审批的重新核定提议|no_redetermination/);
    await page.getByText('本批 1 件均未作决定').waitFor();
    await shootAndCheck(page, 'policy-impact-approver', () => refusals.waitFor());
  }, 240_000);

  it('我的待办 of the auditor: the decided cases to sample, read only', async () => {
    const { page } = await as('auditor-330106');
    await page.goto(u('/'));
    const row = page.locator('.el-table__row', { hasText: caseNumber });
    await row.waitFor({ timeout: 60_000 });
    expect((await row.textContent()) ?? '').toContain('抽查 · 已批准');
    await shows(page.locator('.counts'), /抽查 · 已批准 \d+/);
    await shootAndCheck(page, 'home-auditor', () => row.waitFor());
  }, 120_000);

  it('发放 · 先行救助: the disbursement officer’s 我的待办, then 补办手续 refused before the decision and recorded after it', async () => {
    expect(advanceCaseNumber).toMatch(/^\d{6}-\d{4}-\d{6}$/);
    const disburser = await as('disburser-330106');
    // 我的待办: this month's run not started (no run in this stack), the advance paid (none to pay), its paperwork not overdue.
    await disburser.page.goto(u('/'));
    const tasks = disburser.page.locator('[data-test="role-tasks"]');
    await tasks.waitFor({ timeout: 60_000 });
    await shows(tasks.locator('[data-test="task-run-not-started"]'), /本月\(\d{4}-\d{2}\)发放批次未启动\s*1 项/);
    await shows(tasks.locator('[data-test="task-advances-to-pay"]'), '无');
    await shows(tasks.locator('[data-test="task-returned"]'), '无');
    await shootAndCheck(disburser.page, 'home-disbursement', () => tasks.waitFor());

    // Before the case's decision: no temporary-assistance grant on the entitlement → the reason, nothing sent.
    await tasks.locator('[data-test="task-advances-to-pay"] a').click();
    await disburser.page.waitForURL(/\/disbursement\?tab=advances/);
    const row = disburser.page.locator('[data-test="advances"] .el-table__row', { hasText: advanceCaseNumber });
    await row.waitFor({ timeout: 60_000 });
    await row.locator('[data-test="advance-complete"]').click();
    await shows(disburser.page.locator('section.advances .el-alert--error'), '尚无临时救助审批决定');

    // The ordinary procedure of the small emergency: the street office's opinion and its delegated decision.
    const officer = await as('officer-330106001');
    const base = `/api/eligibility/review-cases/${advanceCaseId}`;
    await ok(officer, 'POST', u(`${base}/opinions`), { proposal: 'APPROVE', note: '火灾属实,建议给予临时救助' });
    const reviewer = await as('reviewer-330106001');
    const file = await ok(reviewer, 'GET', u(base));
    await ok(reviewer, 'POST', u(`${base}/decision`), {
      outcome: 'APPROVE',
      recipient: { memberId: findApplicantMemberId(file), bankAccountRef: 'bank-account:impact-advance', bankAccountMasked: '6228 **** **** 0034' },
      reason: '经审核确认,给予急难型临时救助',
      evidenceRefs: ['doc:decision/impact-ta'],
    });
    await eventually('the temporary-assistance entitlement in disbursement', async () => {
      const res = await api(disburser, 'GET', u(`/api/disbursement/disbursement/entitlements/${advanceCaseId}`));
      return res.status === 200 ? res.json : undefined;
    }, 90_000);

    // The disbursement officer records 补办手续 on 发放 · 先行救助 with that decision.
    await disburser.page.reload();
    await row.waitFor({ timeout: 60_000 });
    await row.locator('[data-test="advance-complete"]').click();
    await shows(disburser.page.locator('[data-test="advance-paid"]'), /手续已于 \d{4}-\d{2}-\d{2} 补齐/);
    await shows(row, '手续已补齐');
    await shootAndCheck(disburser.page, 'disbursement-advance-paperwork-done', () => disburser.page.locator('section.advances').waitFor());

    // The street officer's case page shows the file complete (no button left).
    await officer.page.goto(u(`/cases/${advanceCaseId}`));
    const paperwork = officer.page.locator('[data-test="advance-paperwork"]');
    await paperwork.waitFor({ timeout: 60_000 });
    await shows(paperwork, '手续已补齐');
    await expect(paperwork.locator('[data-test="complete-paperwork"]').count()).resolves.toBe(0);
  }, 300_000);
});
