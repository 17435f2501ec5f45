/**
 * The back-office pages in a real browser (Debian chromium via playwright-core), signed in through
 * Keycloak's own login page: a case is brought to its first month's payment by driving the services'
 * public APIs through the gateway as each demo officer (the same calls the web app makes, with the
 * session cookie and the CSRF header), then
 *   - the disbursement officer (disburser-330106) starts the month's payment run on 发放, watches it
 *     finish, downloads the bank file (checked against the digest header) and traces a line to its decision;
 *   - the auditor (auditor-330106) opens the case's history on 审计, the approval's explanation and the
 *     hash-chain verification;
 *   - the street officer (officer-330106001) opens 核对 for the case;
 *   - the county approver (approver-330106) opens 统计 for the month paid: the audit service's figures,
 *     three drawn charts, the monthly-report .xlsx and the payments ledger downloaded.
 * Each page is screenshotted at 1440×900 and 390×844 into docs/screenshots/ and checked with axe-core
 * (no serious or critical violation).
 *
 *   npm run build && npx jest services/workbench/test/workbench-pages.e2e.spec.ts --runInBand
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { APPLICANT_RESIDENT_ID, applicationForm, BANK_ACCOUNT_NUMBER, COMMUNITY, STREET } from '../../../test/e2e/support/household';
import { findApplicantMemberId } from '../../../test/e2e/support/journey';
import { launchChromium, signIn, startStack, type Stack } from './support/stack';
import { type Officer, SHOTS, api, axe, eventually, ok } from './support/browser';
import { residentIdCheckChar } from '@sa/contracts';

jest.setTimeout(300_000);

const DAY = 86_400_000;
/** The reasons given for seeing full numbers: the auditor finds them in 谁看过我的档案. */
const REVEAL_ACCOUNT_REASON = '银行退回核对账号(工作台测试)';
const REVEAL_IDS_REASON = '入户调查核实身份(工作台测试)';
const VIEWPORTS = [
  { name: '1440', width: 1440, height: 900 },
  { name: '390', width: 390, height: 844 },
] as const;


/** Screenshots of the page at both widths (restoring the wide one) and the axe check at each; `phone` narrows the second (360 for the newer pages). */
async function shootAndCheck(page: Page, name: string, ready: () => Promise<unknown>, fullPage = false, phone = 390): Promise<void> {
  for (const vp of VIEWPORTS.map((v) => (v.name === '390' ? { ...v, name: String(phone), width: phone } : v))) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await ready();
    await page.mouse.move(0, 0); // no hover colours in the picture or the contrast check
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `workbench-${name}-${vp.name}.png`), fullPage });
    expect({ page: name, width: vp.width, violations: await axe(page) }).toEqual({ page: name, width: vp.width, violations: [] });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe('workbench back-office pages (browser, Keycloak sign-in)', () => {
  let stack: Stack;
  let browser: Browser;
  const officers: Record<string, Officer> = {};
  const caseId = randomUUID();
  let caseNumber = '';
  let startMonth = '';
  let decisionAmountFen = 0;
  /** A second case: 急难型临时救助 that asked for an emergency advance (先行救助). */
  const advanceCaseId = randomUUID();
  let advanceCaseNumber = '';

  const as = async (username: string): Promise<Officer> => {
    if (officers[username]) return officers[username]!;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true, acceptDownloads: true });
    context.setDefaultNavigationTimeout(90_000); // Keycloak's login page on a loaded machine
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
    stack = await startStack({ services: ['intake', 'verification', 'eligibility', 'disbursement', 'audit', 'follow-up'], simulator: true });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    for (const o of Object.values(officers)) await o.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  }, 180_000);

  it('brings a case to approval through the public APIs, as the officers of the demo realm', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const community = await as('community-330106001');
    const created = await ok(community, 'POST', u('/api/intake/applications'), applicationForm(caseId, today));
    caseNumber = created.caseNumber;
    await ok(community, 'POST', u(`/api/intake/applications/${caseId}/submission`), {});
    const officer = await as('officer-330106001');
    await ok(officer, 'POST', u(`/api/intake/applications/${caseId}/acceptance`), {});
    if (!caseNumber) caseNumber = (await ok(officer, 'GET', u(`/api/intake/applications/${caseId}`))).caseNumber;

    // The second case: an emergency (a fire) with an advance asked for; accepted like the first.
    const form = applicationForm(advanceCaseId, today) as any;
    const first17 = `33010619800101${String(Date.now() % 1000).padStart(3, '0')}`;
    const victim = first17 + residentIdCheckChar(first17);
    const emergency = {
      ...form,
      household: { ...form.household, address: '浙江省杭州市西湖区北山街道某社区 3 幢 101', members: [{ residentId: victim, name: '陈刚', relation: 'APPLICANT', livesWithApplicant: true, workAbility: 'FULL', employment: { status: 'UNEMPLOYED' } }] },
      declaration: { ...form.declaration, income: [], assets: [] },
      bankAccount: { ...form.bankAccount, holderName: '陈刚', holderResidentId: victim, accountNumber: '6228480402564890026' },
      identityDocuments: [{ residentId: victim, documentRef: 'doc:id:victim' }],
      consents: [{ ...form.consents[0], residentId: victim, documentRef: 'doc:consent:victim' }],
      program: 'TEMPORARY_ASSISTANCE',
      temporaryAssistance: { type: 'EMERGENCY', description: '住房失火,生活用品全部损毁', cause: 'DISASTER', incidentOn: today, emergencyAdvanceRequested: true, requestedAmountFen: 300000 },
    };
    advanceCaseNumber = (await ok(community, 'POST', u('/api/intake/applications'), emergency)).caseNumber;
    await ok(community, 'POST', u(`/api/intake/applications/${advanceCaseId}/submission`), {});
    await ok(officer, 'POST', u(`/api/intake/applications/${advanceCaseId}/acceptance`), {});

    // Verification asks the simulator; eligibility receives the report over Kafka.
    await eventually('the review case with its verification report', async () => {
      const res = await api(officer, 'GET', u(`/api/eligibility/review-cases/${caseId}`));
      return res.status === 200 && (res.json.verifications?.length ?? 0) >= 1 ? res.json : undefined;
    });
    const base = `/api/eligibility/review-cases/${caseId}`;
    await ok(officer, 'POST', u(`${base}/home-visits`), {
      visitedOn: today,
      officers: [
        { id: 'officer-street-002', jurisdiction: STREET },
        { id: 'officer-community-003', jurisdiction: COMMUNITY },
      ],
      findings: '家中陈设简陋，与申报情况一致',
      signatureRefs: ['doc:visit/workbench-signed'],
      householdSignatureRef: 'doc:visit/workbench-household',
    });
    await ok(officer, 'POST', u(`${base}/opinions`), { proposal: 'APPROVE', note: '建议纳入低保' });
    await ok(officer, 'POST', u(`${base}/public-notices`), { location: '某社区居务公开栏' });

    // The notice runs its seven days: every service's clock moves eight days on.
    await stack.setNow(new Date(stack.now().getTime() + 8 * DAY));
    const reviewer = await as('reviewer-330106001');
    await ok(reviewer, 'POST', u(`${base}/submission`), { reviewNote: '经审核，公示无异议，报区民政局审核确认' });
    const approver = await as('approver-330106');
    const file = await ok(approver, 'GET', u(base));
    const decided = await ok(approver, 'POST', u(`${base}/decision`), {
      outcome: 'APPROVE',
      // the payee as the review panel names it: the application's account (its full number is in intake's file)
      recipient: { memberId: findApplicantMemberId(file), bankAccountRef: `application:${caseId}:bankAccount`, bankAccountMasked: '6228 **** **** 0018' },
      reason: '经审核确认，符合最低生活保障条件',
      evidenceRefs: ['doc:decision/workbench'],
    });
    expect(decided).toMatchObject({ status: 'APPROVED', decision: { monthlyAmountFen: 130000 } });
    startMonth = decided.decision.startMonth;
    decisionAmountFen = decided.decision.monthlyAmountFen;

    const disburser = await as('disburser-330106');
    await eventually('the entitlement in disbursement', async () => {
      const res = await api(disburser, 'GET', u(`/api/disbursement/disbursement/entitlements/${caseId}`));
      return res.status === 200 ? res.json : undefined;
    });
    // The run is for the start month: the services' clock goes to the 5th of it.
    await stack.setNow(new Date(`${startMonth}-05T10:00:00+08:00`));
  }, 900_000); // generous: on a loaded machine the services answer slowly

  it('发放: the disbursement officer starts the month, sees it finish, downloads the bank file and traces a line to its decision', async () => {
    expect(startMonth).toMatch(/^\d{4}-\d{2}$/);
    const { page } = await as('disburser-330106');
    await page.goto(u('/disbursement'));
    await page.getByRole('heading', { name: /^发放 ·/ }).waitFor();
    await page.click('[data-test="start-run"]');
    const dialog = page.locator('.el-dialog');
    await dialog.waitFor();
    await dialog.locator('[data-test="start-month"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: startMonth }).first().click();
    await page.click('[data-test="confirm-start"]');
    const row = page.locator('.runs .el-table__row', { hasText: startMonth }).first();
    await row.getByText('银行文件已生成').waitFor({ timeout: 120_000 });
    await expect(row.textContent()).resolves.toContain('¥1,300.00');
    await row.getByText('最低生活保障(低保)').waitFor(); // the totals per programme may come a moment after the status

    // The bank file: the browser downloads it through the gateway; its SHA-256 is the recorded digest.
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('[data-test="download"]').click()]);
    const content = readFileSync((await download.path())!);
    const text = content.toString('utf8');
    expect(text).toContain(caseNumber);
    expect(text.trim().split('\n').at(-1)).toContain(`T,1,,,,,${decisionAmountFen},1300.00`);
    const runs = await ok(await as('disburser-330106'), 'GET', u(`/api/disbursement/disbursement/payment-runs?month=${startMonth}`));
    const runId = runs.items[0].runId;
    const head = await api(await as('disburser-330106'), 'GET', u(`/api/disbursement/disbursement/payment-runs/${runId}/bank-file`));
    expect(head.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(content).digest('base64')}:`);

    // Trace a bank-file line (its payment_id, column 3) to the decision it pays.
    const paymentId = text.split('\n')[1]!.split(',')[2]!;
    await row.getByRole('button', { name: '明细与追溯' }).click();
    await page.getByPlaceholder('按支付编号(payment_id)追溯').fill(paymentId);
    await page.getByRole('button', { name: '追溯', exact: true }).click();
    const line = page.locator('.lines .el-table__row', { hasText: caseNumber });
    await line.waitFor();
    const lineText = (await line.textContent()) ?? '';
    expect(lineText).toContain(paymentId);
    expect(lineText).toMatch(/决定 [0-9a-f-]{36}/);
    expect(lineText).toContain('¥1,300.00');

    await shootAndCheck(page, 'disbursement', () => page.locator('section.lines h2').waitFor());

    // 家庭发放明细: the household's statement, per month in 元, each line traced to its decision.
    const statement = page.locator('section.statement');
    await statement.getByPlaceholder('案件编号(如 330106-2026-000001)').fill(caseNumber);
    await statement.locator('[data-test="load-statement"]').click();
    const month = statement.locator('.el-table__row', { hasText: startMonth }).first();
    await month.waitFor();
    expect(await month.textContent()).toContain('¥1,300.00');
    await shootAndCheck(page, 'disbursement-statement', () => statement.locator('.el-table__row:visible, .month-cards li:visible').first().waitFor());

    // 待遇名单: the district's entitlements, paged on the server, this month's amount and its decision.
    await page.getByRole('tab', { name: '待遇名单' }).click();
    const entitlement = page.locator('[data-test="entitlements"] .el-table__row', { hasText: caseNumber });
    await entitlement.waitFor();
    await expect(entitlement.textContent()).resolves.toMatch(/¥1,300\.00[\s\S]*正常发放|正常发放[\s\S]*¥1,300\.00/);
    await shootAndCheck(page, 'disbursement-entitlements', () => page.locator('section[aria-label="待遇名单"]').first().waitFor(), false, 360);

    // 收款账户 from the list: the account is masked; the full number only with a reason (refused without one), which intake logs.
    await entitlement.getByRole('button', { name: '收款账户' }).click();
    const change = page.locator('section.account-change');
    await change.getByText(caseNumber).waitFor();
    const reveal = change.locator('[data-test="account-reveal"]');
    expect((await change.textContent()) ?? '').not.toContain(BANK_ACCOUNT_NUMBER);
    await reveal.locator('[data-test="account-reveal-open"]').click();
    await reveal.locator('[data-test="confirm-account-reveal"]').click();
    await reveal.getByText('请说明查看完整账号的原因').waitFor();
    expect((await change.textContent()) ?? '').not.toContain(BANK_ACCOUNT_NUMBER);
    await reveal.getByLabel('查看原因(记入查阅记录)').fill(REVEAL_ACCOUNT_REASON);
    await reveal.locator('[data-test="confirm-account-reveal"]').click();
    await expect(reveal.locator('[data-test="full-account"]').textContent()).resolves.toBe(BANK_ACCOUNT_NUMBER);
    await shootAndCheck(page, 'disbursement-account-reveal', () => reveal.scrollIntoViewIfNeeded(), false, 360);
    await reveal.getByRole('button', { name: '恢复脱敏显示' }).click();
    await reveal.locator('[data-test="account-reveal-open"]').waitFor();

    // 收款账户变更: the officer records the household's request; the same officer may not approve it (four-eyes).
    await change.getByRole('button', { name: '登记变更申请' }).click();
    await change.getByText('必填').first().waitFor(); // the service's 400 names the empty fields, shown on them
    const inputs = change.locator('form.form input');
    await inputs.nth(0).fill('张伟');
    await inputs.nth(1).fill('bank-account:workbench-new');
    await inputs.nth(2).fill('6228 **** **** 0026');
    await inputs.nth(3).fill('doc:household-request/workbench-1');
    await inputs.nth(4).fill('原账户已销户');
    await change.getByRole('button', { name: '登记变更申请' }).click();
    await change.getByText('需另一名发放经办人审批后生效').waitFor();
    await expect(change.getByRole('button', { name: '审批通过' }).isDisabled()).resolves.toBe(true);
    await change.getByText('您是申请人,需由另一名发放经办人审批').waitFor();
    expect(await axe(page)).toEqual([]);
  }, 240_000);

  it('统计: the county approver sees the month figures and charts, exports the monthly report and downloads the 台账', async () => {
    expect(startMonth).toMatch(/^\d{4}-\d{2}$/);
    const approver = await as('approver-330106');
    const { page } = approver;
    // What the page must show: the audit service's own figures for the month, read through the gateway.
    const stats = await ok(approver, 'GET', u(`/api/audit/statistics/monthly?month=${startMonth}&division=330106`));
    expect(stats.totals.households).toBeGreaterThanOrEqual(1);
    expect(stats.totals.netFen).toBeGreaterThanOrEqual(decisionAmountFen);

    await page.goto(u('/'));
    await page.getByRole('navigation', { name: '业务页面' }).getByRole('link', { name: '统计' }).click();
    await page.getByRole('heading', { name: /统计/ }).first().waitFor();
    await page.getByLabel('统计月份').fill(startMonth);
    await page.click('[data-test="stat-load"]');
    const kpis = page.locator('[data-test="stat-kpis"]');
    // The figures of the month asked for replace what was shown before (a read right after the click can see the old ones).
    const kpiHouseholds = kpis.locator('[data-test="kpi-households"]');
    for (const until = Date.now() + 60_000; (await kpiHouseholds.textContent()) !== String(stats.totals.households) && Date.now() < until; ) await page.waitForTimeout(250);
    await expect(kpiHouseholds.textContent()).resolves.toBe(String(stats.totals.households));
    await expect(kpis.locator('[data-test="kpi-persons"]').textContent()).resolves.toBe(String(stats.totals.persons));
    const yuanText = (fen: number) => `¥${Math.trunc(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
    await expect(kpis.locator('[data-test="kpi-net"]').textContent()).resolves.toBe(yuanText(stats.totals.netFen));
    // one household on the decision's standard: the average standard is that standard, in 元
    expect(stats.totals.householdsWithStandard).toBeGreaterThanOrEqual(1);
    expect(await kpis.locator('[data-test="kpi-standard"]').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    const table = (await page.locator('[data-test="stat-rows"]').textContent()) ?? '';
    expect(table).toContain('最低生活保障(低保)');
    expect(table).toContain(yuanText(decisionAmountFen));
    expect(await page.locator('[data-test="stat-views"]').textContent()).toContain('月末数');

    // The charts are drawn: three ECharts canvases with painted pixels.
    const canvases = page.locator('[data-test="chart"] canvas');
    await canvases.nth(2).waitFor();
    expect(await canvases.count()).toBe(3);
    const painted = await canvases.first().evaluate((c) => {
      const canvas = c as unknown as { width: number; height: number; getContext(t: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return { width: canvas.width, painted: n };
    });
    expect(painted.width).toBeGreaterThan(100);
    expect(painted.painted).toBeGreaterThan(1000);

    // 导出 Excel 月报: the service's monthly-report workbook, with the month's households in its 合计 row.
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-test="stat-export"]')]);
    expect(xlsx.suggestedFilename()).toBe(`statistics-330106-${startMonth}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await xlsx.path())!);
    const sheet = wb.getWorksheet(`${startMonth} 月报`)!;
    const totalRow = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === '合计')!;
    const column = (heading: string) => (sheet.getRow(3).values as unknown[]).indexOf(heading); // row.values is 1-based
    expect([totalRow.getCell(column('户数')).value, totalRow.getCell(column('净支出(分)')).value]).toEqual([stats.totals.households, stats.totals.netFen]);
    await page.locator('[data-test="stat-exported"]').waitFor();

    // 发放台账: the month's payments of the district, the case's line in it.
    const [ledger] = await Promise.all([page.waitForEvent('download'), page.click('[data-test="ledger-payments"]')]);
    const lw = new ExcelJS.Workbook();
    await lw.xlsx.readFile((await ledger.path())!);
    const cells = lw.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain(caseNumber);
    // 救助对象台账: downloaded where the households ledger is deployed, else the service's refusal shown on the page.
    await page.click('[data-test="ledger-households"]');
    const households = page.locator('[data-test="ledger-households-result"]');
    await households.waitFor();
    expect(await households.textContent()).toMatch(/已下载 households|台账服务未提供此台账|无权下载/);

    await shootAndCheck(page, 'statistics', () => page.locator('[data-test="chart"] canvas').nth(2).waitFor(), true);
    // Field offices on phones: the page at 360 px.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.locator('[data-test="chart"] canvas').first().waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, 'workbench-statistics-360.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 180_000);

  it('先行救助: the county approver approves an advance on the case page, the disbursement officer pays it, traced to the approval', async () => {
    expect(advanceCaseNumber).toMatch(/^\d{6}-\d{4}-\d{6}$/);
    const approver = await as('approver-330106');
    await eventually('the emergency case in eligibility', async () => {
      const res = await api(approver, 'GET', u(`/api/eligibility/review-cases/${advanceCaseId}`));
      return res.status === 200 ? res.json : undefined;
    });
    const { page } = approver;
    await page.goto(u(`/cases/${advanceCaseId}`));
    const panel = page.locator('section[aria-label="先行救助"]');
    await panel.waitFor({ timeout: 30_000 });
    await panel.locator('input[name="advanceAmount"]').fill('5000');
    await panel.locator('input[name="advanceReason"]').fill('住房失火,先行救助基本生活');
    // Someone else changes the case while the page is open (the street officer records the home visit through the API):
    // the approval sent with the page's ETag is answered 409 — the page reloads the case, says so, and keeps what was typed.
    const visitedOn = new Date(stack.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    await ok(await as('officer-330106001'), 'POST', u(`/api/eligibility/review-cases/${advanceCaseId}/home-visits`), {
      visitedOn,
      officers: [
        { id: 'officer-street-002', jurisdiction: STREET },
        { id: 'officer-community-003', jurisdiction: COMMUNITY },
      ],
      findings: '房屋过火,生活用品损毁,与申报一致',
      signatureRefs: ['doc:visit/advance-signed'],
      householdSignatureRef: 'doc:visit/advance-household',
    });
    const conflict = page.waitForResponse((r) => r.url().endsWith(`/review-cases/${advanceCaseId}/emergency-advance`) && r.request().method() === 'POST');
    const reloaded = page.waitForResponse((r) => r.url().endsWith(`/review-cases/${advanceCaseId}`) && r.request().method() === 'GET' && r.status() === 200);
    await panel.locator('[data-test="approve-advance"]').click();
    expect((await conflict).status()).toBe(409);
    await panel.locator('[data-test="advance-message"]').getByText('案件已被他人修改,已重新加载').waitFor();
    await reloaded; // the case page read the case again (its new ETag)
    await expect(panel.locator('input[name="advanceAmount"]').inputValue()).resolves.toBe('5000');
    await expect(panel.locator('input[name="advanceReason"]').inputValue()).resolves.toBe('住房失火,先行救助基本生活');
    await shootAndCheck(page, 'case-conflict-reloaded', () => panel.scrollIntoViewIfNeeded(), false, 360);
    // the service's limit: more than asked for is refused, the form keeps what was typed
    await panel.locator('[data-test="approve-advance"]').click();
    await panel.locator('[data-test="advance-message"]').filter({ hasNotText: '已被他人修改' }).waitFor();
    await expect(panel.locator('input[name="advanceReason"]').inputValue()).resolves.toBe('住房失火,先行救助基本生活');
    await panel.locator('input[name="advanceAmount"]').fill('2000');
    await panel.locator('[data-test="approve-advance"]').click();
    await panel.getByText('已批准先行救助 ¥2,000.00').waitFor();

    const disburser = await as('disburser-330106');
    await disburser.page.goto(u('/disbursement?tab=advances'));
    const row = disburser.page.locator('[data-test="advances"] .el-table__row', { hasText: advanceCaseNumber });
    await eventually('the approval in disbursement', async () => {
      if (await row.count()) return true;
      await disburser.page.reload();
      await disburser.page.locator('[data-test="advances"]').waitFor();
      return (await row.count()) ? true : undefined;
    }, 60_000);
    const approvedText = (await row.textContent()) ?? '';
    expect(approvedText).toContain('已批准待支付');
    expect(approvedText).toContain('¥2,000.00');
    expect(approvedText).toMatch(/区县审批人/);
    expect(approvedText).toMatch(/决定 [0-9a-f-]{36}/);
    await row.locator('[data-test="pay-advance"]').click();
    await disburser.page.locator('[data-test="advance-paid"]').waitFor();
    // Paid in January 2027 (the services' clock is in the start month): five working days reach into 2027, whose
    // 节假日安排 this stack has not published, so the deadline is open (补办期限待定), never guessed (issue 14 item 1).
    const paidStatus = /已支付待补办手续|补办期限待定/;
    await row.getByText(paidStatus).first().waitFor();
    expect((await row.textContent()) ?? '').toMatch(/支付 [0-9a-f-]{36}/);
    await shootAndCheck(disburser.page, 'disbursement-advances', () => disburser.page.locator('section[aria-label="先行救助"]').first().waitFor(), false, 360);
    await shootAndCheck(page, 'case-advance', () => panel.waitFor(), false, 360);

    // 补办手续 on the case page (street officer): the paid advance with its deadline; before the case's own decision the
    // button is disabled with the reason (the completion records that decision, never a typed id).
    const street = await as('officer-330106001');
    await street.page.goto(u(`/cases/${advanceCaseId}`));
    const paperwork = street.page.locator('[data-test="advance-paperwork"]');
    await paperwork.waitFor({ timeout: 60_000 });
    expect((await paperwork.textContent()) ?? '').toMatch(paidStatus);
    expect((await paperwork.textContent()) ?? '').toMatch(/补办期限 \d{4}-\d{2}-\d{2}|补办期限待定/);
    expect((await paperwork.textContent()) ?? '').toContain('¥2,000.00');
    await expect(paperwork.locator('[data-test="complete-paperwork"]').isDisabled()).resolves.toBe(true);
    expect((await paperwork.locator('[data-test="paperwork-reason"]').textContent()) ?? '').toContain('须先对本案作出审核确认决定');
    await shootAndCheck(street.page, 'case-advance-paperwork', () => paperwork.scrollIntoViewIfNeeded(), false, 360);
  }, 240_000);

  it('动态管理: a case is opened by its case number; a complaint is assigned and resolved, its complainant shown nowhere', async () => {
    const community = await as('community-330106001');
    const filed = await ok(community, 'POST', u('/api/follow-up/follow-up/complaints'), {
      about: 'CASE',
      caseId,
      community: COMMUNITY,
      channel: 'HOTLINE',
      subject: 'WRONGFUL_BENEFIT',
      anonymous: false,
      complainant: { name: '赵某某', phone: '13911112222' },
      allegation: '该户家中新购小汽车仍领取低保',
      receivedOn: new Date(stack.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10),
    });

    const reviewer = await as('reviewer-330106001');
    const { page } = reviewer;
    // The list is a read model: the page (which reads it once) is opened when the complaint is in it.
    await eventually('the complaint in the reviewer\'s list', async () => {
      const res = await api(reviewer, 'GET', u('/api/follow-up/follow-up/complaints?pageSize=200'));
      return res.status === 200 && (res.json.items ?? []).some((c: { complaintId: string }) => c.complaintId === filed.complaintId) ? true : undefined;
    }, 60_000);
    await page.goto(u('/follow-up?tab=complaints'));
    // the case field takes the case number (resolved through the search of the header)
    await page.getByLabel('办理案件的案件编号').fill(caseNumber);
    await page.locator('form').filter({ has: page.getByLabel('办理案件的案件编号') }).getByRole('button', { name: '办理', exact: true }).click();
    await page.waitForURL(new RegExp(`case=${caseId}`));

    const complaints = page.locator('section.complaints');
    const listed = complaints.locator('[data-test="complaint-list"] .el-table__row', { hasText: '不符合条件享受救助' }).first();
    await listed.waitFor({ timeout: 60_000 });
    await listed.getByRole('button', { name: '办理' }).click();
    await complaints.locator('[data-test="complaint-view"]').getByText('该户家中新购小汽车仍领取低保').waitFor();
    const assign = complaints.locator('[data-test="complaint-assign"]');
    await assign.locator('.el-select').first().click(); // the select's own input is not the clickable part
    await page.locator('.el-select-dropdown__item:visible', { hasText: '街道审核人' }).first().click();
    await assign.getByRole('button', { name: '指派调查' }).click();
    await complaints.getByText('调查中').first().waitFor();
    // the reviewer (from the street office, outside the community) took it on: the investigator records the outcome
    const resolve = complaints.locator('[data-test="complaint-resolve"]');
    await resolve.waitFor();
    await resolve.getByRole('button', { name: '办结' }).click();
    await resolve.locator('.el-form-item__error').first().waitFor(); // findings and actions required, named on their fields
    await resolve.locator('textarea[name="complaintFindings"]').fill('经入户核实,该户车辆为借用,情况不属实');
    await resolve.getByText('无需处理').click();
    await resolve.getByRole('button', { name: '办结' }).click();
    await complaints.locator('[data-test="complaint-view"]').getByText('已办结').waitFor();
    const text = (await complaints.textContent()) ?? '';
    expect(text).not.toMatch(/赵某某|13911112222/);
    const view = await ok(reviewer, 'GET', u(`/api/follow-up/follow-up/complaints/${filed.complaintId}`));
    expect(JSON.stringify(view)).not.toMatch(/赵某某|13911112222/);
    await shootAndCheck(page, 'follow-up-complaints', () => complaints.locator('[data-test="complaint-view"]').waitFor(), true, 360);
  }, 180_000);

  it('查找与查看完整号码: the street officer finds the case by the masked resident ID, sees the IDs in full only with a reason', async () => {
    const { page } = await as('officer-330106001');
    await page.goto(u('/'));
    // the ID as the case page shows it (first six and last four): the header search takes it as typed
    const masked = `${APPLICANT_RESIDENT_ID.slice(0, 6)}********${APPLICANT_RESIDENT_ID.slice(-4)}`;
    await page.getByRole('search').locator('input').fill(masked);
    await page.getByRole('search').locator('input').press('Enter');
    await page.getByRole('heading', { name: new RegExp(`查找:${masked.replace(/\*/g, '\\*')}`) }).waitFor();
    // the result of the search, not the queue the home page was still loading when the search was typed
    const found = page.locator('.el-table__row', { hasText: caseNumber }).first();
    await found.waitFor().catch(async (e) => {
      throw new Error(`${String(e)}\nthe page showed: ${(await page.locator('main').textContent()) ?? ''}`);
    });
    expect((await found.textContent()) ?? '').toContain('查找结果');
    await found.getByRole('link', { name: caseNumber, exact: true }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}`));

    const ids = page.locator('section.ids');
    await ids.locator('[data-test="resident-id"]').first().waitFor();
    const before = await ids.locator('[data-test="resident-id"]').allTextContents();
    expect(before.length).toBeGreaterThan(0);
    for (const id of before) expect(id).toMatch(/^\d{6}\*+\d{3}[\dX]$/);
    await ids.locator('[data-test="reveal"]').click();
    await ids.locator('[data-test="confirm-reveal"]').click();
    await ids.getByText('请说明查看完整号码的原因').waitFor(); // nothing asked of intake without a reason
    await ids.getByLabel('查看原因(记入查阅记录)').fill(REVEAL_IDS_REASON);
    await ids.locator('[data-test="confirm-reveal"]').click();
    await ids.getByText('完整号码(已记录查看原因)').waitFor();
    expect(await ids.locator('[data-test="resident-id"]').allTextContents()).toContain(APPLICANT_RESIDENT_ID);
    // the bank account stays masked for a street officer (intake shows it in full to a disbursement officer only)
    expect((await ids.locator('[data-test="bank-account"]').textContent()) ?? '').not.toContain(BANK_ACCOUNT_NUMBER);
    await shootAndCheck(page, 'case-reveal', () => ids.scrollIntoViewIfNeeded(), false, 360);
    await ids.getByRole('button', { name: '恢复脱敏显示' }).click();
    await ids.getByText('已脱敏').waitFor();
  }, 180_000);

  it('审计: the auditor reads the history across contexts, the approval explained, and verifies the chain', async () => {
    const { page } = await as('auditor-330106');
    // The auditor types the 案件编号 (as on the notices), not the case id: resolved by the audit service.
    await page.goto(u('/audit'));
    await page.getByPlaceholder('例如 330106-2026-000001').fill(caseNumber);
    await page.getByPlaceholder('例如:信访件核查 2026-017 号').fill('信访件核查(工作台测试)');
    await page.click('[data-test="load-history"]');
    await page.waitForURL(new RegExp(`/audit/${caseId}$`));
    const history = page.locator('[data-test="history"]');
    // The history is paged (200 first): 全部加载 while pages remain, so every step is on the page.
    await page.locator('.history-table').waitFor();
    if (await page.locator('[data-test="load-all"]').isVisible()) {
      await page.click('[data-test="load-all"]');
      await page.locator('[data-test="load-all"]').waitFor({ state: 'detached' });
    }
    await history.getByText('审核确认:批准').first().waitFor({ timeout: 60_000 });
    const historyText = (await history.textContent()) ?? '';
    for (const step of ['受理', '核对', '审核确认', '发放']) expect(historyText).toContain(step);
    expect(historyText).toContain('330106-2026-01');
    expect(historyText).toContain('区县审批人');

    await history.locator('.el-table__row', { hasText: '审核确认:批准' }).first().locator('[data-test="explain"]').click();
    const explanation = page.locator('.explanation');
    await explanation.waitFor();
    await explanation.getByText('一致').first().waitFor();
    const explained = (await explanation.textContent()) ?? '';
    expect(explained).toContain('¥1,300.00');
    expect(explained).toContain('330106-2026-01');
    expect(await explanation.locator('[data-test="explanation-steps"] .el-table__row').count()).toBeGreaterThan(0);
    // the decider by name and role from the officer directory (not the identity provider's id); the
    // steps' figures labelled in Chinese (no raw keys or codes of the rule engine)
    expect(explained).toMatch(/决定人[^·]*\(区县审批人\)/);
    expect(explained).not.toMatch(/决定人\s*[0-9a-f]{8}-/);
    const figures = (await explanation.locator('[data-test="explanation-steps"] td:nth-child(3), [data-test="explanation-steps"] td:nth-child(4)').allTextContents()).join('\n');
    expect(figures).not.toMatch(/\b[a-z]+[A-Z][A-Za-z0-9]*\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/);

    await page.click('[data-test="verify"]');
    const verified = page.locator('[data-test="verify-result"]');
    await verified.waitFor();
    expect(await verified.textContent()).toContain('哈希链核验通过');

    // As-of view: the case as it stood on a date (here: today's date of the real clock).
    await page.getByLabel('回看日期').fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: '回看', exact: true }).click();
    await page.getByText('截至当日的记录').waitFor();

    // 谁看过我的档案: the applicant's reads, the two reveals among them with their reasons, named by person and labelled in Chinese.
    await page.getByLabel('当事人居民身份证号').fill(APPLICANT_RESIDENT_ID);
    await page.getByLabel('当事人居民身份证号').press('Enter');
    const log = page.locator('[data-test="person-read-log"]');
    for (const reason of [REVEAL_IDS_REASON, REVEAL_ACCOUNT_REASON]) {
      const row = log.locator('.el-table__row', { hasText: reason }).first();
      await row.waitFor();
      const rowText = (await row.textContent()) ?? '';
      expect(rowText).toContain('查看完整号码');
      expect(rowText).toContain('身份证号');
      expect(rowText).toContain(caseNumber);
      expect(rowText).not.toMatch(/其他方式|[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
    expect((await log.locator('.el-table__row', { hasText: REVEAL_ACCOUNT_REASON }).first().textContent()) ?? '').toMatch(/发放经办人[\s\S]*银行账号/);
    expect((await log.locator('.el-table__row', { hasText: REVEAL_IDS_REASON }).first().textContent()) ?? '').toContain('街道经办人');
    await shootAndCheck(page, 'audit-person-read-log', () => log.scrollIntoViewIfNeeded(), false, 360);

    // The explanation and the start of the timeline (below the verification result), then the timeline itself.
    const toTop = (selector: string) => page.locator(selector).first().evaluate((el) => (el as unknown as { scrollIntoView(o: unknown): void }).scrollIntoView({ block: 'start' }));
    await shootAndCheck(page, 'audit', () => toTop('.explanation h2'));
    await shootAndCheck(page, 'audit-history', () => toTop('section[aria-label="全程记录"] h2'));
  }, 360_000);

  it('核对: the street officer sees each member × source and the report versions', async () => {
    const { page } = await as('officer-330106001');
    // The officer types the 案件编号 (a short sequence is padded), not the case id: resolved by verification.
    await page.goto(u('/verification'));
    await page.getByRole('textbox', { name: '案件编号', exact: true }).fill(caseNumber.replace(/-0+(\d+)$/, '-$1'));
    await page.getByRole('button', { name: '查看核对' }).click();
    await page.waitForURL(new RegExp(`/verification/${caseId}$`));
    await page.getByRole('heading', { name: '成员 × 数据源' }).waitFor({ timeout: 30_000 });
    const matrix = (await page.locator('.matrix').textContent()) ?? '';
    expect(matrix).toContain('税务');
    expect(matrix).toContain('已答复');
    await page.getByText('核对报告版本对照').waitFor();
    await shootAndCheck(page, 'verification', () => page.getByText('核对报告版本对照').waitFor());

    // 异议: the household disputes the report — refused on the fields when empty (nothing filed), then filed and listed.
    const form = page.locator('section.objection-form');
    await form.locator('[data-test="objection-file"]').click();
    await form.getByText('请选择有异议的核对项').waitFor();
    await form.getByText('请填写异议理由').waitFor();
    await form.getByText('请至少填写一份证明材料编号').waitFor();
    await expect(page.locator('[data-test="objections"] .el-table__row').count()).resolves.toBe(0);
    await form.locator('.objected .el-checkbox', { hasText: '税务' }).first().click();
    await form.locator('textarea[aria-label="异议理由"]').fill('2026 年起已离职,无工资收入');
    await form.locator('textarea[aria-label="证明材料编号"]').fill('doc:objection/workbench-1');
    await form.locator('[data-test="objection-file"]').click();
    await form.getByText('异议已登记').waitFor();
    // the case's verification view is a read model: the objection is listed once it has caught up (the page read again)
    const objected = page.locator('[data-test="objections"] .el-table__row', { hasText: '2026 年起已离职,无工资收入' });
    await eventually('the objection listed on 核对', async () => {
      if (await objected.count()) return true;
      await page.reload();
      await page.locator('[data-test="objections"]').waitFor({ timeout: 30_000 });
      return (await objected.count()) ? true : undefined;
    }, 90_000);
    expect((await objected.textContent()) ?? '').toContain('税务');
    await shootAndCheck(page, 'verification-objection', () => objected.scrollIntoViewIfNeeded(), false, 360);
  }, 300_000);
});
