/**
 * The intake and policy pages in a real browser (Debian chromium via playwright-core), each signed in
 * through Keycloak's login page as the demo officer whose role works there:
 *   - 主动发现 (community-330106001): a lead refused with the service's field errors next to the fields,
 *     recorded, listed (paged on the server), contacted, and converted into 一表申请 on its case id;
 *   - 近亲属备案 (officer-330106001): a wrong check digit refused in the browser, a relative declared and
 *     listed with the ID masked;
 *   - 政策 → 试算 (policy-330106): a household of two against the version in force, the amount and the
 *     rule engine's explanation as a table, a bad birth date refused on its field.
 * Each page is screenshotted at 1440×900 and 360×780 into docs/screenshots/ and checked with axe-core
 * (no serious or critical violation).
 *
 *   npm run build && npx jest services/workbench/test/workbench-intake-policy.e2e.spec.ts --runInBand
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium, signIn, startStack, type Stack } from './support/stack';
import { SHOTS, axe } from './support/browser';

jest.setTimeout(600_000);

const VIEWPORTS = [
  { name: '1440', width: 1440, height: 900 },
  { name: '360', width: 360, height: 780 },
] as const;

/** A valid resident ID (GB 11643 check digit) of the district 330106. */
function residentId(birth: string, seq: string): string {
  const body = `330106${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}


/** Full-page screenshots at both widths (restoring the wide one) and the axe check at each. */
async function shootAndCheck(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await ready();
    // No button left in its hover colour from the last click (the screenshot and axe see the page at rest).
    await page.mouse.move(0, 0);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `workbench-${name}-${vp.name}.png`), fullPage: true });
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

const visible = (l: Locator) => l.first().waitFor({ state: 'visible', timeout: 60_000 });

/** The error Element Plus shows under the form item holding this control. */
const fieldError = (control: Locator) => control.locator('xpath=ancestor::div[contains(@class,"el-form-item")][1]').locator('.el-form-item__error');

describe('workbench intake and policy pages (browser, Keycloak sign-in)', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const u = (p: string) => `${stack.baseUrl}${p}`;

  const as = async (username: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    await signIn(page, username, undefined, { timeoutMs: 180_000 });
    return page;
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack({ services: ['intake', 'eligibility'] });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  }, 180_000);

  it('主动发现: refuses a lead with the field errors, records it, lists it, records the contact and converts it into an application', async () => {
    const page = await as('community-330106001');
    await page.goto(u('/leads'));
    await page.getByRole('heading', { name: '主动发现' }).waitFor();

    // Bad input: the service's problem+json errors land next to their fields, in Chinese; what was typed stays.
    await page.getByLabel('所在社区区划代码').fill('330106001001');
    await choose(page, page.locator('[data-test="lead-hardships"]'), '独居老人');
    await page.keyboard.press('Escape');
    await page.getByLabel('情况描述').fill('网格员走访发现:独居,行动不便');
    await page.locator('[data-test="lead-report"]').click();
    await shows(fieldError(page.getByLabel('困难对象姓名')), /长度不符合要求|必填/);
    await shows(fieldError(page.getByLabel('困难对象住址')), /长度不符合要求|必填/);
    await visible(page.getByRole('alert').filter({ hasText: '请按提示修改标红的字段' }).first());
    expect(await page.getByLabel('情况描述').inputValue()).toBe('网格员走访发现:独居,行动不便');
    // The browser's own check of a resident ID (GB 11643 check digit).
    const good = residentId('19450302', '201');
    await page.getByLabel('困难对象身份证号').fill(`${good.slice(0, 17)}${good.endsWith('1') ? '2' : '1'}`);
    await page.getByLabel('困难对象姓名').fill('钱奶奶');
    await page.getByLabel('困难对象住址').fill('北山街道某社区 7 幢 2 单元');
    await page.locator('[data-test="lead-report"]').click();
    await shows(fieldError(page.getByLabel('困难对象身份证号')), '校验码不正确');

    await page.getByLabel('困难对象身份证号').fill('');
    await page.locator('[data-test="lead-report"]').click();
    await visible(page.getByText(/线索已登记,应于 \d{4}-\d{2}-\d{2} 前联系核实/));
    const row = page.locator('[data-test="lead-list"] .el-table__row').filter({ hasText: '钱奶奶' });
    await row.waitFor({ timeout: 30_000 });
    await shows(row, '待联系');
    await shows(row, /剩余 \d+ 个工作日/);
    await shootAndCheck(page, 'leads', () => row.waitFor());

    await page.locator('[data-test="lead-open-钱奶奶"]').click();
    const detail = page.locator('[data-test="lead-detail"]');
    await detail.getByLabel('核实情况').fill('已上门核实:无固定收入,建议申请低保');
    await detail.locator('[data-test="lead-contact"]').click();
    await visible(detail.getByText('联系情况已记录'));
    await shows(page.locator('[data-test="lead-list"] .el-table__row').filter({ hasText: '钱奶奶' }), '已联系');

    await page.locator('[data-test="lead-open-钱奶奶"]').click();
    await detail.locator('[data-test="lead-convert"]').click();
    await page.waitForURL(/\/applications\/draft\?lead=/);
    await visible(page.getByText('由主动发现线索转为申请'));
    expect(await page.locator('input[name="address"]').inputValue()).toBe('北山街道某社区 7 幢 2 单元');
  });

  it('近亲属备案: refuses a wrong check digit in the browser, declares a relative and lists the ID masked', async () => {
    const page = await as('officer-330106001');
    await page.goto(u('/close-relatives'));
    await page.getByRole('heading', { name: '近亲属备案', level: 1 }).waitFor();
    const id = residentId('19580417', '122');
    const wrong = `${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'}`;
    await page.getByLabel('近亲属姓名').fill('周桂兰');
    await choose(page, page.locator('.el-form-item').filter({ hasText: '与本人关系' }).locator('.el-select'), '父母');
    await page.getByLabel('近亲属身份证号').fill(wrong);
    await page.locator('[data-test="relative-declare"]').click();
    await shows(fieldError(page.getByLabel('近亲属身份证号')), '校验码不正确');
    expect(await page.getByLabel('近亲属姓名').inputValue()).toBe('周桂兰');

    await page.getByLabel('近亲属身份证号').fill(id);
    await page.locator('[data-test="relative-declare"]').click();
    await visible(page.getByText('已备案:周桂兰(父母)'));
    const listed = page.locator('[data-test="relative-list"] .el-table__row').filter({ hasText: '周桂兰' });
    await shows(listed, `${id.slice(0, 4)}**********${id.slice(14)}`);
    expect(await page.locator('[data-test="relative-list"]').textContent()).not.toContain(id);
    await shootAndCheck(page, 'close-relatives', () => listed.waitFor());
  });

  it('政策 → 试算: a household of two against the version in force, the amount and the explanation as a table', async () => {
    const page = await as('policy-330106');
    await page.goto(u('/policies'));
    await page.getByRole('heading', { name: /试算/ }).waitFor();
    await shows(page.locator('.dry-run .el-form-item').filter({ hasText: '政策版本' }), /\d{6}-\d{4}/);
    const member = (i: number) => page.locator(`[data-test="dry-run-member-${i}"]`);
    await member(0).getByLabel('成员1姓名').fill('王秀英');
    await member(0).getByLabel('成员1出生日期').fill('1956-04-31');
    await choose(page, member(0).locator('.el-form-item').filter({ hasText: '劳动能力' }).locator('.el-select'), '无劳动能力');
    await page.locator('[data-test="dry-run-add-member"]').click();
    await member(1).getByLabel('成员2姓名').fill('李强');
    await member(1).getByLabel('成员2出生日期').fill('1984-09-30');
    await member(1).getByLabel('成员2月均收入(元)').fill('600');
    await page.locator('[data-test="dry-run-deposits"]').fill('3000');
    await page.locator('[data-test="dry-run-submit"]').click();
    // 1956-04-31 is not a date: refused on its field before anything is sent; the rest stays typed.
    await shows(fieldError(member(0).getByLabel('成员1出生日期')), '出生日期');
    expect(await member(1).getByLabel('成员2月均收入(元)').inputValue()).toBe('600');

    await member(0).getByLabel('成员1出生日期').fill('1956-04-02');
    await page.locator('[data-test="dry-run-submit"]').click();
    const result = page.locator('[data-test="dry-run-result"]');
    await result.waitFor({ timeout: 30_000 });
    await shows(result.locator('[data-test="dry-run-amount"]'), /^¥[\d,]+\.\d{2}$/);
    await shows(result, '符合条件');
    const steps = result.locator('.explain .el-table__row');
    expect(await steps.count()).toBeGreaterThan(2);
    await shows(result.locator('.explain'), '王秀英');
    await shootAndCheck(page, 'policy-dry-run', () => result.waitFor());
  });
});
