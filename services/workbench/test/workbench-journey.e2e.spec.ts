/**
 * The workbench in a real browser (Debian chromium via playwright-core), signed in through
 * Keycloak's login page per role, against intake, verification (with the platform simulator) and
 * eligibility as processes behind the gateway:
 *
 *   community officer: 一表申请 with bad input first (field errors shown, nothing saved), then the
 *   household of the worked example → draft → submit → 一次性告知 checklist → supplied;
 *   street officer: 受理 → (verification by the simulator) → home visit with a second officer from
 *   the officer directory → initial opinion → public notice (its masked text);
 *   street reviewer: submission disabled while the notice runs (reason shown) → 8 days later → submits;
 *   county approver: decides → approved, ¥1,300.00 a month under 330106-2026-01;
 *   disbursement officer: finds the entitlement, starts the month's run (confirmation, progress), downloads
 *   the bank file, uploads a return file naming a payment of no run (refused on the file field, line named),
 *   then the bank's real return file → the run completes, the payment shows as 已到账;
 *   auditor: finds the case by its number, opens 审计 from the case page, reads the history (受理 … 发放)
 *   and verifies the hash chains → 哈希链核验通过;
 *   community officer on a phone (360 px): 动态管理 from the case page — a change report (empty refused on
 *   its field), a welfare-visit plan and a welfare visit, a named complaint whose complainant is never shown.
 *
 * Every page is screenshotted at 1440×900 and 390×844 into docs/screenshots/ and checked with axe-core
 * (no serious or critical violation). `npm run build` first; ports from KEYCLOAK_PORT / E2E_KAFKA_PORT.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { WORKED_EXAMPLE } from '../../../test/simulator/fixtures';
import { REPO } from '../../../test/e2e/support/system';
import { launchChromium, signIn, startStack, type Stack } from './support/stack';

const SHOTS = path.join(REPO, 'docs', 'screenshots');
const DAY = 86_400_000;
const [applicant, spouse, child] = WORKED_EXAMPLE.members as [(typeof WORKED_EXAMPLE.members)[0], (typeof WORKED_EXAMPLE.members)[0], (typeof WORKED_EXAMPLE.members)[0]];

jest.setTimeout(1_200_000);

let stack: Stack;
let browser: Browser;
const axeFindings: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({ services: ['intake', 'verification', 'eligibility', 'disbursement', 'audit', 'follow-up'], simulator: true });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 180_000);

/** `YYYY-MM` n months before now (Asia/Shanghai). */
function monthBefore(n: number): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  const idx = d.getUTCFullYear() * 12 + d.getUTCMonth() - n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

async function asUser(username: string, fixedTime?: Date): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await signIn(page, username);
  // The services' clock was moved (SA_CLOCK_FILE); the browser's "today" follows it.
  if (fixedTime) await context.clock.setFixedTime(fixedTime);
  return { context, page };
}

/** Picks an option of an Element Plus select (the dropdown is teleported to <body>). */
async function choose(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.scrollIntoViewIfNeeded();
  await select.click();
  try {
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: option }).first().click({ timeout: 20_000 });
  } catch (e) {
    await page.screenshot({ path: path.join(REPO, '.cache', 'e2e-logs', `workbench-choose-failed-${Date.now()}.png`) }).catch(() => undefined);
    throw e;
  }
}

async function screenshots(page: Page, name: string, focus?: Locator): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(400);
    if (focus) await focus.scrollIntoViewIfNeeded();
    else await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SHOTS, `workbench-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** axe-core on the page as it is; serious and critical violations are collected (asserted at the end). */
async function checkA11y(page: Page, name: string): Promise<void> {
  await page.evaluate(axe.source);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + ((n.any[0] && n.any[0].message) || '') + ' «' + (n.html || '').slice(0, 80) + '»') })))`)) as {
    id: string;
    impact: string | null;
    help: string;
    targets: string[];
  }[];
  for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) axeFindings.push(`${name}: ${v.impact} ${v.id} — ${v.help} — ${v.targets.join(' | ')}`);
}

/** What the page shows as messages and field errors (for a failure's explanation). */
async function pageMessages(page: Page): Promise<string> {
  await page.screenshot({ path: path.join(REPO, '.cache', 'e2e-logs', `workbench-failed-${Date.now()}.png`), fullPage: true }).catch(() => undefined);
  const texts = await page.locator('.el-alert__title, .el-form-item__error, .why').allTextContents();
  return texts.join(' | ');
}

async function reloadUntil(page: Page, what: Locator, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await what.first().isVisible().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what.toString()} on ${page.url()}`);
    await page.waitForTimeout(1500);
    await page.reload();
    await page.waitForLoadState('networkidle').catch(() => undefined);
  }
}

let caseId = '';
let caseNumber = '';
let startMonth = '';

describe('workbench journey in the browser', () => {
  it('community officer: bad input is refused on the fields; the application is saved, submitted and its missing material supplied', async () => {
    const { context, page } = await asUser('community-330106001');
    await page.getByText('我的待办').first().waitFor();
    await screenshots(page, 'home-community');
    await checkA11y(page, 'home (community officer)');

    await page.getByRole('button', { name: '新建申请(一表申请)' }).click();
    await page.waitForURL(/\/applications\/draft$/);
    await page.locator('input[name="address"]').fill('浙江省杭州市西湖区北山街道某社区 8 幢 302');
    await page.locator('input[name="phone"]').fill('13800000000');
    // The applicant with a wrong check digit, and an amount with three decimals.
    const wrongId = `${applicant.residentId.slice(0, 17)}${applicant.residentId.endsWith('0') ? '1' : '0'}`;
    await page.locator('input[name="members.0.name"]').fill(applicant.name);
    await page.locator('input[name="members.0.residentId"]').fill(wrongId);
    await expect(page.locator('[data-member="0"]').getByText(/校验码不正确/)).toBeVisible();
    await page.getByRole('button', { name: '+ 添加收入' }).click();
    await page.locator('input[name="income.0.month"]').fill(monthBefore(1));
    await page.locator('input[name="income.0.yuan"]').fill('1500.005');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(page.getByText('请填写金额(元),最多两位小数')).toBeVisible();
    expect(page.url()).toMatch(/\/applications\/draft$/);
    await page.locator('input[name="income.0.yuan"]').fill('1500');
    await page.getByRole('button', { name: '保存草稿' }).click();
    // The service refuses the ID (400 naming household.members[0].residentId): shown on the field, nothing saved.
    await expect(page.locator('[data-member="0"] .el-form-item__error').filter({ hasText: '居民身份证号不正确' })).toBeVisible();
    await expect(page.getByText(/请按提示修改标红的字段/)).toBeVisible();
    expect(page.url()).toMatch(/\/applications\/draft$/);
    await screenshots(page, 'application-errors', page.locator('[data-member="0"]'));

    // The household of the worked example.
    await page.locator('input[name="members.0.residentId"]').fill(applicant.residentId);
    await choose(page, page.locator('[data-member="0"] .el-select').nth(1), '部分丧失劳动能力');
    await choose(page, page.locator('[data-member="0"] .el-select').nth(2), '灵活就业');
    await page.locator('[data-member="0"]').getByText('已签核对授权书').click();
    await page.locator('[data-member="0"]').getByText('已收身份证复印件').click();
    for (const [i, m, relation, ability, employment, consent] of [
      [1, spouse, '配偶', '部分丧失劳动能力', '灵活就业', true],
      [2, child, '子女', '无劳动能力', '在校学生', false],
    ] as const) {
      await page.getByRole('button', { name: '+ 添加家庭成员' }).click();
      await page.locator(`input[name="members.${i}.name"]`).fill(m.name);
      await page.locator(`input[name="members.${i}.residentId"]`).fill(m.residentId);
      await choose(page, page.locator(`[data-member="${i}"] .el-select`).nth(0), new RegExp(`^${relation}$`));
      await choose(page, page.locator(`[data-member="${i}"] .el-select`).nth(1), ability);
      await choose(page, page.locator(`[data-member="${i}"] .el-select`).nth(2), employment);
      if (employment === '在校学生') await page.locator(`select[name="members.${i}.educationLevel"]`).selectOption('JUNIOR_SECONDARY');
      if (consent) await page.locator(`[data-member="${i}"]`).getByText('已签核对授权书').click();
      await page.locator(`[data-member="${i}"]`).getByText('已收身份证复印件').click();
    }
    // Income: 张伟 ¥1,500 in each of the last two months, 李娜 ¥300.
    const incomes: [number, string, string][] = [
      [0, monthBefore(2), '1500'],
      [1, monthBefore(1), '300'],
      [1, monthBefore(2), '300.00'],
    ];
    for (const [k, [member, month, yuan]] of incomes.entries()) {
      const row = k + 1;
      await page.getByRole('button', { name: '+ 添加收入' }).click();
      await page.locator(`select[name="income.${row}.member"]`).selectOption({ index: member });
      await page.locator(`input[name="income.${row}.month"]`).fill(month);
      await page.locator(`input[name="income.${row}.yuan"]`).fill(yuan);
    }
    await page.getByRole('button', { name: '+ 添加财产' }).click();
    await page.locator('input[name="assets.0.description"]').fill('活期存款');
    await page.locator('input[name="assets.0.yuan"]').fill('8620.11');
    await page.getByText('家庭收入和财产状况申报已签字').click();
    // 诚信承诺书 not yet signed: the submission gives the one-time notice.
    await page.locator('input[name="bankName"]').fill('中国农业银行杭州西湖支行');
    await page.locator('input[name="accountNumber"]').fill('6228480402564890018');
    await screenshots(page, 'application-form', page.locator('[data-member="1"]'));
    await checkA11y(page, 'application form');

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/applications\/draft\/[0-9a-f-]{36}$/, { timeout: 30_000 }).catch(async (e) => {
      throw new Error(`${String(e)}\npage says: ${await pageMessages(page)}`);
    });
    caseId = /\/applications\/draft\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await expect(page.getByText(/草稿已保存|案件编号/).first()).toBeVisible();
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await expect(page.getByText('一次性告知', { exact: false }).first()).toBeVisible();
    caseNumber = ((await page.locator('h1').textContent()) ?? '').replace('案件', '').trim();
    expect(caseNumber).toMatch(/^330106-\d{4}-\d+/);
    const commitment = page.locator('.checklist li').filter({ hasText: '承诺' });
    await expect(commitment).toHaveCount(1);
    await screenshots(page, 'case-materials-notice', page.locator('.checklist'));
    await checkA11y(page, 'case page (materials notice)');
    await commitment.locator('.el-checkbox').click();
    await page.getByRole('button', { name: '登记已补齐的材料' }).click();
    await expect(page.getByText('材料已补齐待受理').first()).toBeVisible();
    await context.close();
  });

  it('street officer: accepts from the queue, records the home visit with a colleague from the directory, the opinion and the public notice', async () => {
    if (!caseNumber) throw new Error('no case: the community officer step failed');
    const { context, page } = await asUser('officer-330106001');
    await reloadUntil(page, page.getByRole('link', { name: caseNumber }));
    await screenshots(page, 'home-street-officer');
    // 待受理 alone: one server page of intake's work queue (GET /work-queue?queue=readyForAcceptance&page=1&pageSize=50).
    const ready = page.locator('[data-test="queue-readyForAcceptance"]');
    await ready.click();
    await expect(page.locator('[data-test="queue-readyForAcceptance"][aria-pressed="true"]')).toBeVisible();
    await expect(page.getByRole('row').filter({ has: page.getByRole('link', { name: caseNumber }) }).filter({ hasText: '待受理' })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: '草稿' })).toHaveCount(0);
    await page.getByRole('link', { name: caseNumber }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await expect(page.getByText('受理通知书(PDF)')).toBeVisible();

    // Verification runs against the simulator; the review case appears with the report.
    await reloadUntil(page, page.getByText(/第 1 版/), 240_000);
    const review = page.locator('section[aria-labelledby="review-title"]');
    await expect(review.getByRole('button', { name: '出具初审意见' })).toBeDisabled();
    await expect(review.getByText('尚未记录两名工作人员的入户调查')).toBeVisible();
    await choose(page, review.locator('.el-select').first(), '330106001001');
    await review.locator('textarea[name="findings"]').fill('家中陈设简陋，与申报情况一致');
    await review.getByText('调查人员已在记录上签字').click();
    await review.getByText('申请人已签字确认').click();
    await screenshots(page, 'case-home-visit', review.getByRole('heading', { name: /入户调查/ }));
    await checkA11y(page, 'case page (review, street officer)');
    await review.getByRole('button', { name: '记录入户调查' }).click();
    await expect(review.getByText('入户调查已办理')).toBeVisible();
    await expect(review.getByText(/已记录 1 次/).first()).toBeVisible();

    await review.locator('input[name="opinionNote"]').fill('建议纳入低保');
    await review.getByRole('button', { name: '出具初审意见' }).click();
    await expect(review.getByText('初审意见已办理')).toBeVisible();
    await expect(review.getByText('金额计算说明')).toBeVisible();
    await expect(review.getByText('¥1,300.00').first()).toBeVisible();
    // the explanation reads in Chinese: no raw key (camelCase) or code (UPPER_CASE) of the rule engine
    const explained = (await review.locator('.explain').textContent()) ?? '';
    expect(explained).toContain('月救助金');
    expect(explained).not.toMatch(/\b[a-z]+[A-Z][A-Za-z0-9]*\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/);

    await review.locator('input[name="noticeLocation"]').fill('北山街道某社区居务公开栏');
    await review.getByRole('button', { name: '张贴公示' }).click();
    await expect(review.getByText('公示已办理')).toBeVisible();
    const text = (await review.locator('pre.notice-text').textContent()) ?? '';
    expect(text).toContain('张某');
    expect(text).not.toContain(applicant.residentId);
    await screenshots(page, 'case-explanation-notice', review.getByRole('heading', { name: /金额计算说明/ }));
    await context.close();
  });

  it('street reviewer: the submission waits for the end of the notice (reason shown), then is made eight days later', async () => {
    if (!caseNumber) throw new Error('no case: the community officer step failed');
    let { context, page } = await asUser('reviewer-330106001');
    await reloadUntil(page, page.getByRole('link', { name: caseNumber }));
    await page.getByRole('link', { name: caseNumber }).click();
    const review = () => page.locator('section[aria-labelledby="review-title"]');
    await expect(review().getByRole('button', { name: '审核并上报' })).toBeDisabled();
    await expect(review().getByText(/公示期满后方可办理/)).toBeVisible();
    await screenshots(page, 'case-notice-running', review().getByRole('heading', { name: /审核\(报区县/ }));
    await context.close();

    await stack.setClockOffset(8 * DAY);
    ({ context, page } = await asUser('reviewer-330106001', new Date(Date.now() + 8 * DAY)));
    await page.goto(`${stack.baseUrl}/cases/${caseId}`);
    await review().locator('textarea[name="reviewNote"]').fill('经审核，公示无异议，报区民政局审核确认');
    await expect(review().getByRole('button', { name: '审核并上报' })).toBeEnabled();
    await review().getByRole('button', { name: '审核并上报' }).click();
    await expect(review().getByText('报审已办理')).toBeVisible();
    await context.close();
  });

  it('county approver: decides from the queue; ¥1,300.00 a month under policy 330106-2026-01', async () => {
    if (!caseNumber) throw new Error('no case: the community officer step failed');
    const { context, page } = await asUser('approver-330106', new Date(Date.now() + 8 * DAY));
    await reloadUntil(page, page.getByRole('link', { name: caseNumber }));
    await screenshots(page, 'home-county-approver');
    await checkA11y(page, 'home (county approver)');
    await page.getByRole('link', { name: caseNumber }).click();
    const review = page.locator('section[aria-labelledby="review-title"]');
    await review.locator('textarea[name="decisionReason"]').fill('经审核确认，符合最低生活保障条件');
    await review.getByRole('button', { name: '作出决定' }).click();
    await expect(review.getByText('审核确认已办理')).toBeVisible();
    await expect(review.locator('.decided')).toContainText('已批准');
    await expect(review.locator('.decided')).toContainText('¥1,300.00');
    await expect(review.locator('.decided')).toContainText('330106-2026-01');
    startMonth = /自 (\d{4}-\d{2}) 起/.exec((await review.locator('.decided').textContent()) ?? '')?.[1] ?? '';
    expect(startMonth).toMatch(/^\d{4}-\d{2}$/);
    // A figure, not an assertion: the case page with built assets on loopback, from navigation to the decision shown.
    const timings: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      await page.goto(`${stack.baseUrl}/cases/${caseId}`);
      await review.locator('.decided').waitFor();
      timings.push(Date.now() - t0);
    }
    console.log(`case page interactive (navigation → case file and decision rendered): ${timings.join(' / ')} ms`);
    // 办理记录 across the contexts (audit's timeline): the decision with its policy version, and the acceptance (受理), newest first.
    const timeline = page.locator('[data-test="case-timeline"]');
    await expect(timeline.getByText('审核确认：批准')).toBeVisible();
    await expect(timeline).toContainText('330106-2026-01');
    await expect(timeline.getByText('审核确认', { exact: true }).first()).toBeVisible();
    const allButton = timeline.locator('[data-test="timeline-all"]');
    if (await allButton.count()) await allButton.click();
    await expect(timeline.locator('.what', { hasText: /^受理$/ })).toBeVisible();
    await screenshots(page, 'case-decided');
    await checkA11y(page, 'case page (decided)');
    await context.close();
  });

  it('disbursement officer: starts the month in the UI, downloads the bank file, loads the return file; the first payment is paid', async () => {
    if (!startMonth) throw new Error('no decision: the county approver step failed');
    // The run is for the start month: the services' clock goes to the 5th of it.
    await stack.setNow(new Date(`${startMonth}-05T10:00:00+08:00`));
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await signIn(page, 'disburser-330106');
    await page.getByRole('link', { name: '发放', exact: true }).click();
    await page.waitForURL(/\/disbursement$/);

    // The approval reaches disbursement over Kafka: the entitlement is in 待遇名单 (found by its case number) before the run starts.
    await page.getByRole('tab', { name: '待遇名单' }).click();
    const entitlements = page.locator('[data-test="entitlements"]');
    const until = Date.now() + 120_000;
    for (;;) {
      await page.getByLabel('按案件编号查找').fill(caseNumber);
      await page.getByLabel('按案件编号查找').press('Enter');
      if (await entitlements.getByText(caseNumber).first().isVisible({ timeout: 3000 }).catch(() => false)) break;
      if (Date.now() > until) throw new Error(`no entitlement for ${caseNumber} in disbursement: ${await pageMessages(page)}`);
      await page.waitForTimeout(2000);
    }
    await page.getByRole('tab', { name: '发放批次' }).click();

    await page.click('[data-test="start-run"]');
    const dialog = page.locator('.el-dialog').filter({ hasText: '启动月度发放' });
    await dialog.waitFor();
    await choose(page, dialog.locator('[data-test="start-month"]'), new RegExp(`^${startMonth}$`));
    await page.click('[data-test="confirm-start"]');
    const row = page.locator('.runs .el-table__row', { hasText: startMonth }).first();
    await row.getByText('银行文件已生成').waitFor({ timeout: 180_000 });
    expect((await row.textContent()) ?? '').toContain('¥1,300.00');

    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('[data-test="download"]').click()]);
    const bankFile = readFileSync((await download.path())!).toString('utf8');
    expect(bankFile).toContain(caseNumber);
    const line = bankFile.split('\n').find((l) => l.includes(caseNumber)) ?? '';
    const paymentId = line.split(',')[2] ?? '';
    expect(paymentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(line).toContain('1300.00');

    // A return file naming a payment of no run: the service refuses it, the line is named on the file field, nothing recorded.
    const header = 'payment_id,reason_code,bank_message';
    await row.locator('[data-test="upload-return"]').click();
    const upload = page.locator('.el-dialog').filter({ hasText: '登记银行回盘' });
    await upload.waitFor();
    const file = upload.locator('input[type="file"][name="returnFile"]');
    await file.setInputFiles({ name: 'return-wrong.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${randomUUID()},ACCOUNT_CLOSED,户名不符\n`) });
    await expect(upload.getByText('退回 1 笔')).toBeVisible();
    await upload.locator('[data-test="confirm-return"]').click();
    await expect(upload.locator('.el-form-item__error').filter({ hasText: '第 2 行的支付编号不属于本发放批次' })).toBeVisible();
    expect((await row.textContent()) ?? '').toContain('银行文件已生成');

    // The bank's return file: nothing came back.
    await file.setInputFiles({ name: `return-${startMonth}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`${header}\n`) });
    await expect(upload.getByText('全部到账')).toBeVisible();
    await screenshots(page, 'disbursement-return-upload', upload);
    await upload.locator('[data-test="confirm-return"]').click();
    const result = page.locator('[data-test="return-result"]');
    await expect(result).toContainText('已完成(银行已回盘)');
    await expect(result).toContainText('到账 1 笔');
    await expect(result).toContainText('¥1,300.00');
    await expect(page.locator('.runs .el-table__row', { hasText: startMonth }).first()).toContainText('已完成(银行已回盘)');
    await screenshots(page, 'disbursement-return-result', result);
    await checkA11y(page, 'disbursement (return file result)');

    // The bank-file line traced: paid, and the decision it pays.
    await page.locator('.runs .el-table__row', { hasText: startMonth }).first().getByRole('button', { name: '明细与追溯' }).click();
    await page.getByPlaceholder('按支付编号(payment_id)追溯').fill(paymentId);
    await page.getByRole('button', { name: '追溯', exact: true }).click();
    const traced = page.locator('.lines .el-table__row', { hasText: caseNumber }).first();
    await expect(traced).toContainText('已到账');
    expect((await traced.textContent()) ?? '').toMatch(/决定 [0-9a-f-]{36}/);
    await context.close();
  });

  it('auditor: finds the case by its number, opens its history from the case page and verifies the chain', async () => {
    if (!startMonth) throw new Error('no decision: the county approver step failed');
    const { context, page } = await asUser('auditor-330106');
    await page.getByRole('search').locator('input').fill(caseNumber);
    await page.getByRole('search').locator('input').press('Enter');
    await page.getByRole('link', { name: caseNumber }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await page.locator('[data-test="to-audit"]').click();
    await page.waitForURL(new RegExp(`/audit/${caseId}$`));
    await page.getByPlaceholder('例如:信访件核查 2026-017 号').fill('信访件核查(工作台全程测试)');
    await page.click('[data-test="load-history"]');
    const history = page.locator('[data-test="history"]');
    // The history is paged (200 first): 全部加载 while pages remain, so every step is on the page.
    await page.locator('.history-table').waitFor();
    if (await page.locator('[data-test="load-all"]').isVisible()) {
      await page.click('[data-test="load-all"]');
      await page.locator('[data-test="load-all"]').waitFor({ state: 'detached' });
    }
    await history.getByText('审核确认:批准').first().waitFor({ timeout: 120_000 });
    // The payment's events reach audit over Kafka: reload the history until 发放 is in it.
    const until = Date.now() + 120_000;
    while (!((await history.textContent()) ?? '').includes('发放')) {
      if (Date.now() > until) throw new Error('the history has no 发放 entry');
      await page.waitForTimeout(2000);
      await page.click('[data-test="load-history"]');
      await page.waitForTimeout(500);
      if (await page.locator('[data-test="load-all"]').isVisible()) await page.click('[data-test="load-all"]');
    }
    const text = (await history.textContent()) ?? '';
    for (const step of ['受理', '核对', '审核确认', '发放']) expect(text).toContain(step);
    expect(text).toContain('330106-2026-01');
    await page.click('[data-test="verify"]');
    await expect(page.locator('[data-test="verify-result"]')).toContainText('哈希链核验通过');
    await screenshots(page, 'audit-verified', page.locator('[data-test="verify-result"]'));
    await checkA11y(page, 'audit (chain verified)');

    // The read-access log of the case lists this auditor's reads with the purpose given.
    const reads = page.locator('[data-test="read-access"]');
    await reads.scrollIntoViewIfNeeded();
    await page.locator('section[aria-label="审计记录"]').getByRole('button', { name: '刷新' }).click();
    await expect(reads).toContainText('完整性核验');
    await expect(reads).toContainText('信访件核查(工作台全程测试)');

    // The printable report: headed by the case number, the summary with the decision, its amount and policy version, the chain verified.
    const [report] = await Promise.all([context.waitForEvent('page'), page.locator('[data-test="report"]').click()]);
    await report.waitForLoadState();
    await report.getByRole('heading', { name: `案件审计报告 · 案件编号 ${caseNumber}` }).waitFor();
    const html = (await report.locator('body').textContent()) ?? '';
    const summary = html.slice(html.indexOf('摘要'), html.indexOf('办理经过'));
    for (const s of ['审核确认:批准', '¥1,300.00', '330106-2026-01', '区县审批人', '按月发放']) expect(summary).toContain(s);
    expect(summary).toMatch(/记录完整性\(哈希链核验\):通过/);
    expect(html).not.toContain('SourceQueryRequested');
    await report.setViewportSize({ width: 1440, height: 900 });
    await report.screenshot({ path: path.join(SHOTS, 'workbench-audit-report-1440.png') });
    await report.close();
    await context.close();
  });

  it('community officer on a phone (360 px): 动态管理 — change report, welfare-visit plan and visit, a complaint whose complainant is never shown', async () => {
    if (!startMonth) throw new Error('no decision: the county approver step failed');
    await stack.setClockOffset(0);
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await signIn(page, 'community-330106001');
    await page.goto(`${stack.baseUrl}/cases/${caseId}`);
    await page.locator('[data-test="to-follow-up"]').click();
    await page.waitForURL(new RegExp(`/follow-up\\?case=${caseId}$`));
    // The approval reaches follow-up over Kafka.
    await reloadUntil(page, page.locator('#fu-case-title'));
    await expect(page.locator('#fu-case-title')).toContainText(caseNumber);

    // 家庭情况变化报告: an empty description is refused on its field (the service's 400), then recorded.
    const change = page.locator('[data-test="change-report"]');
    await choose(page, change.locator('.el-select').nth(1), '就业状况');
    await change.getByRole('button', { name: '登记变化' }).click();
    await expect(change.locator('.el-form-item__error')).toBeVisible();
    await change.locator('textarea[name="changeDescription"]').fill('长子于本月在本市就业,月工资约 4500 元');
    await change.getByRole('button', { name: '登记变化' }).click();
    await expect(page.getByText('家庭情况变化已登记').first()).toBeVisible();
    await expect(page.locator('[data-test="open-review"]')).toContainText('专项核查');

    // 探访计划 and a welfare visit, on the phone.
    const plan = page.locator('[data-test="welfare-plan"]');
    await plan.getByText('独居老人').click();
    await plan.getByRole('button', { name: '保存探访计划' }).click();
    await expect(page.locator('[data-test="welfare-state"]')).toContainText('独居老人');
    const visit = page.locator('[data-test="welfare-visit"]');
    await visit.locator('textarea[name="welfareNote"]').fill('老人身体状况良好,家中有存粮,居住安全');
    await visit.locator('textarea[name="welfareConcerns"]').fill('冬季取暖需关注');
    await visit.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'workbench-follow-up-visit-360.png') });
    await visit.getByRole('button', { name: '记录探访' }).click();
    await expect(page.getByText('探访已记录').first()).toBeVisible();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await expect(page.locator('[data-test="welfare-state"]')).toContainText(`上次 ${today}`);
    await checkA11y(page, 'follow-up (case forms, 360 px)');

    // 举报投诉: a named complaint about the case; the complainant is never shown, not even to the officer who recorded it.
    await page.getByRole('tab', { name: '举报投诉' }).click();
    const form = page.locator('[data-test="complaint-form"]');
    await form.locator('.el-switch').click();
    await form.locator('input[name="complainantName"]').fill('王某某');
    await form.locator('input[name="complainantPhone"]').fill('13912345678');
    await form.locator('textarea[name="allegation"]').fill('该户长子已就业,家庭收入明显增加');
    // The case by its case number (intake's search): an unknown number is refused on the field, nothing filed, the input kept.
    const caseField = form.locator('input[name="complaintCaseId"]');
    await caseField.fill('330106-2026-999999');
    await form.getByRole('button', { name: '登记举报' }).click();
    await expect(form.locator('.el-form-item__error').filter({ hasText: '没有找到案件 330106-2026-999999' })).toBeVisible();
    await expect(form.locator('textarea[name="allegation"]').inputValue()).resolves.toBe('该户长子已就业,家庭收入明显增加');
    await caseField.fill(caseNumber);
    await form.getByRole('button', { name: '登记举报' }).click();
    const view = page.locator('[data-test="complaint-view"]');
    await expect(view).toContainText('实名(身份保密,不予显示)');
    await expect(view).toContainText(caseNumber);
    const shown = (await page.locator('body').textContent()) ?? '';
    expect(shown).not.toContain('王某某');
    expect(shown).not.toContain('13912345678');
    await view.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'workbench-follow-up-complaint-360.png') });
    await checkA11y(page, 'follow-up (complaint, 360 px)');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('tab', { name: /核查到期/ }).click();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SHOTS, 'workbench-follow-up-1440.png') });
    await context.close();
  });

  it('axe-core: no serious or critical violation on the pages above', () => {
    expect(axeFindings).toEqual([]);
  });
});

// playwright-core has no test runner: a tiny `expect` for locators on top of jest's.
function expect<T>(actual: T): any {
  if (actual && typeof actual === 'object' && 'waitFor' in (actual as object) && 'click' in (actual as object)) return locatorExpect(actual as unknown as Locator);
  return (globalThis as any).expect(actual);
}

function locatorExpect(l: Locator) {
  const within = 60_000;
  return {
    toBeVisible: () => l.first().waitFor({ state: 'visible', timeout: within }),
    toHaveCount: async (n: number) => {
      const until = Date.now() + within;
      while ((await l.count()) !== n) {
        if (Date.now() > until) throw new Error(`${l.toString()}: expected ${n} elements, found ${await l.count()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    toBeDisabled: async () => {
      await l.first().waitFor({ state: 'visible', timeout: within });
      const until = Date.now() + within;
      while (!(await l.first().isDisabled())) {
        if (Date.now() > until) throw new Error(`${l.toString()} is enabled`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    toBeEnabled: async () => {
      await l.first().waitFor({ state: 'visible', timeout: within });
      const until = Date.now() + within;
      while (!(await l.first().isEnabled())) {
        if (Date.now() > until) throw new Error(`${l.toString()} is disabled`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    toContainText: async (text: string) => {
      const until = Date.now() + within;
      for (;;) {
        const t = (await l.first().textContent().catch(() => '')) ?? '';
        if (t.includes(text)) return;
        if (Date.now() > until) throw new Error(`${l.toString()}: "${t}" does not contain "${text}"`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
  };
}
