/**
 * Issue #17's parts in the workbench, in a real browser (Debian chromium via playwright-core), signed in
 * through Keycloak's login page:
 *   - 材料上传 (officer-330106001) on the case page of an application whose 一次性告知 lists a missing ID card:
 *     a text file refused with the Chinese message next to the file field (415 media_type_not_allowed, nothing
 *     listed), then a PDF uploaded against the notice's item (its masked key resolved through a logged reveal),
 *     listed with type, size and digest, shown under the item on the checklist, and downloadable (200,
 *     application/pdf, the same size);
 *   - 存量台账迁入 (approver-330106): the sample ledger imported (households created; the second import
 *     creates nothing), a ledger with a wrong check digit refused with its row/column table;
 *   - 数据比对导入 (officer-330106001, from 动态管理): a file with an unknown column refused with its row/column table,
 *     the sample death-registration file imported (counts), the same file again raising nothing new;
 *   - 审批文书: an imported case's page offers no 审批决定书 (a migrated case has none; eligibility answers 422).
 * Each page is screenshotted at 1440×900 and 360×780 into docs/screenshots/ and checked with axe-core.
 *
 *   npm run build:emit && npx jest services/workbench/test/workbench-paper.e2e.spec.ts --runInBand
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { REPO } from '../../../test/e2e/support/system';
import { applicationForm } from '../../../test/e2e/support/household';
import { launchChromium, signIn, startStack, type Stack } from './support/stack';
import { SHOTS, axe } from './support/browser';

jest.setTimeout(600_000);

const VIEWPORTS = [
  { name: '1440', width: 1440, height: 900 },
  { name: '360', width: 360, height: 780 },
] as const;


async function shootAndCheck(page: Page, name: string): Promise<void> {
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `workbench-${name}-${vp.name}.png`), fullPage: true });
    expect({ page: name, width: vp.width, violations: await axe(page) }).toEqual({ page: name, width: vp.width, violations: [] });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function choose(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.scrollIntoViewIfNeeded();
  await select.click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: option }).first().click({ timeout: 20_000 });
}

async function shows(l: Locator, match: string | RegExp): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const t = (await l.first().textContent({ timeout: 1000 }).catch(() => '')) ?? '';
    if (typeof match === 'string' ? t.includes(match) : match.test(t)) return;
    if (Date.now() > until) throw new Error(`${l.toString()}: "${t}" does not match ${String(match)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** fetch() inside the signed-in page: the session cookie and the CSRF header, like the web app. */
async function call(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; type: string; json: any; bytes: number }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const document = (globalThis as unknown as { document: { cookie: string } }).document;
      const headers: Record<string, string> = { accept: '*/*' };
      if (method !== 'GET') headers['X-CSRF-Token'] = decodeURIComponent(/(?:^|; )sa_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '');
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const buf = await res.arrayBuffer();
      const type = res.headers.get('content-type') ?? '';
      let json: unknown = null;
      if (type.includes('json')) json = JSON.parse(new TextDecoder().decode(buf));
      return { status: res.status, type, json, bytes: buf.byteLength };
    },
    { method, url, body },
  );
}

describe('workbench paper: attachments, decision documents, caseload import (browser, Keycloak sign-in)', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const u = (p: string) => `${stack.baseUrl}${p}`;
  const tmp = path.join(os.tmpdir(), `wb-paper-${process.pid}`);
  let importedCaseId = '';

  const as = async (username: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    await signIn(page, username, undefined, { timeoutMs: 180_000 });
    return page;
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(tmp, { recursive: true });
    stack = await startStack({ services: ['intake', 'eligibility', 'follow-up'] });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  }, 180_000);

  it('材料上传: uploads a PDF against the case (listed, downloadable), refuses a text file next to the field', async () => {
    const caseId = randomUUID();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const community = await as('community-330106001');
    await community.goto(u('/'));
    // The child's ID card not brought: the submission issues the one-time notice (一次性告知) with that item outstanding.
    const form = applicationForm(caseId, today) as { identityDocuments: unknown[] };
    form.identityDocuments = form.identityDocuments.slice(0, 2);
    const created = await call(community, 'POST', u('/api/intake/applications'), form);
    expect(created.status).toBe(201);
    expect((await call(community, 'POST', u(`/api/intake/applications/${caseId}/submission`), {})).status).toBeLessThan(300);

    const page = await as('officer-330106001');
    await page.goto(u(`/cases/${caseId}`));
    const panel = page.locator('[data-test="attachments"]');
    await panel.getByRole('heading', { name: /材料上传/ }).waitFor();

    // A refused file first: text is not on the allow-list (sniffed from the bytes, whatever its name says).
    const bad = path.join(tmp, '收入证明.pdf');
    writeFileSync(bad, '这不是 PDF,只是文字\n');
    await choose(page, panel.locator('[data-test="attachment-kind"]'), '签字表格');
    await panel.locator('input[type="file"]').setInputFiles(bad);
    await panel.locator('[data-test="upload"]').click();
    await shows(panel.locator('.el-form-item__error'), '不接受该类型的文件');
    expect(await panel.locator('table.files').count()).toBe(0);
    await shootAndCheck(page, 'attachments-refused');

    // The PDF against the notice's outstanding item: listed with type, size and digest, shown on the checklist
    // under its item; the download is the same bytes.
    const pdf = path.join(REPO, 'deploy/samples/signed-commitment.pdf');
    expect(await panel.locator('ul.items li').count()).toBeGreaterThan(0);
    const itemKey = (await panel.locator('ul.items li').first().getAttribute('data-item'))!;
    await choose(page, panel.locator('[data-test="attachment-kind"]'), '申请材料');
    await choose(page, panel.locator('[data-test="attachment-item"]'), (await panel.locator('ul.items li .item').first().textContent())!.trim());
    await panel.locator('input[type="file"]').setInputFiles(pdf);
    await panel.locator('[data-test="upload"]').click();
    await shows(panel.locator('.ok'), '已上传「signed-commitment.pdf」');
    await shows(panel.locator('table.files tbody tr'), 'signed-commitment.pdf');
    await shows(panel.locator('table.files tbody tr'), 'PDF');
    const listed = await call(page, 'GET', u(`/api/intake/applications/${caseId}/attachments`));
    // The case view masks the member's resident ID in the item key; the attachment records it whole.
    expect(listed.json).toEqual([expect.objectContaining({ kind: 'MATERIAL', itemKey: expect.stringMatching(new RegExp(`^${itemKey.split(':')[0]}:`)), mediaType: 'application/pdf' })]);
    // the item key names the member (IDENTITY_DOCUMENT:<resident ID>): the list masks it as the case view does
    expect(itemKey).toContain('*');
    expect(listed.json[0].itemKey).toBe(itemKey);
    await shows(panel.locator(`ul.items li[data-item="${itemKey}"]`), 'signed-commitment.pdf');
    const href = await panel.locator('table.files tbody tr a').first().getAttribute('href');
    const got = await call(page, 'GET', u(href!));
    expect({ status: got.status, type: got.type, bytes: got.bytes }).toEqual({ status: 200, type: expect.stringContaining('application/pdf'), bytes: readFileSync(pdf).length });
    await shootAndCheck(page, 'attachments');
  });

  it('存量台账迁入: imports the sample ledger (and nothing twice), refuses a bad one with its rows and columns', async () => {
    const page = await as('approver-330106');
    await page.goto(u('/statistics'));
    await page.locator('[data-test="to-caseload-import"]').click();
    await page.getByRole('heading', { name: '存量台账迁入' }).waitFor();
    expect(await page.locator('[data-test="sample"]').getAttribute('download')).toBe('caseload-ledger.csv');

    // A bad ledger: the first resident ID's check digit broken; refused whole, each error by row and column.
    const sample = readFileSync(path.join(REPO, 'deploy/samples/caseload-ledger.csv'), 'utf8');
    const lines = sample.split('\n');
    const cells = lines[1]!.split(',');
    cells[4] = cells[4]!.slice(0, 17) + (cells[4]!.endsWith('4') ? '5' : '4');
    lines[1] = cells.join(',');
    const bad = path.join(tmp, 'bad-ledger.csv');
    writeFileSync(bad, lines.join('\n'));
    await page.locator('#ledger-file').setInputFiles(bad);
    await page.locator('[data-test="import"]').click();
    await shows(page.locator('[data-test="import-refusal"]'), '整份未导入');
    await shows(page.locator('[data-test="import-refusal"] tbody tr'), /^2身份证号/);
    await shootAndCheck(page, 'caseload-import-refused');

    const good = path.join(REPO, 'deploy/samples/caseload-ledger.csv');
    await page.locator('#ledger-file').setInputFiles(good);
    await page.locator('[data-test="import"]').click();
    await shows(page.locator('[data-test="import-result"]'), '导入完成');
    const created = Number(await page.locator('[data-test="created"]').textContent());
    const already = Number(await page.locator('[data-test="already"]').textContent());
    expect(created + already).toBeGreaterThan(0);
    importedCaseId = (await page.locator('[data-test="import-result"] .cases a').first().getAttribute('href'))!.split('/').pop()!;
    await shootAndCheck(page, 'caseload-import');

    // The same file again: nothing created.
    await page.locator('#ledger-file').setInputFiles(good);
    await page.locator('[data-test="import"]').click();
    await shows(page.locator('[data-test="already"]'), String(created + already));
    expect(await page.locator('[data-test="created"]').textContent()).toBe('0');
  });

  it('数据比对导入: a street officer imports a death-registration file (counts; the same file again raises nothing new), a bad one is refused with its rows and columns', async () => {
    const page = await as('officer-330106001');
    await page.goto(u('/follow-up'));
    await page.locator('[data-test="to-data-feeds"]').click();
    await page.getByRole('heading', { name: '数据比对导入' }).waitFor();
    await shows(page.locator('[data-test="feed-columns"]'), '死亡日期');

    // A bad file: an unknown column and a broken date; refused whole, each error by row and column.
    const bad = path.join(tmp, 'bad-deaths.csv');
    writeFileSync(bad, '公民身份号码,姓名,死亡日期,颜色\n440305195001011231,张三,2026-13-40,白\n');
    await page.locator('#feed-file').setInputFiles(bad);
    await page.locator('[data-test="feed-import"]').click();
    await shows(page.locator('[data-test="feed-refusal"]'), '整份未导入');
    await shows(page.locator('[data-test="feed-refusal"] tbody tr'), /^1第 4 列「颜色」/);
    await shootAndCheck(page, 'data-feed-refused');

    // The sample file: counted; the same file again raises nothing new.
    const good = path.join(REPO, 'deploy/samples/data-feeds/DEATH.csv');
    const rows = readFileSync(good, 'utf8').trim().split('\n').length - 1;
    await page.locator('#feed-file').setInputFiles(good);
    await page.locator('[data-test="feed-import"]').click();
    await shows(page.locator('[data-test="feed-result"]'), `共 ${rows} 行`);
    await shootAndCheck(page, 'data-feed');
    const raised = Number(await page.locator('[data-test="feed-raised"]').textContent());
    await page.locator('#feed-file').setInputFiles(good);
    await page.locator('[data-test="feed-import"]').click();
    await shows(page.locator('[data-test="feed-already"]'), String(raised));
    expect(await page.locator('[data-test="feed-raised"]').textContent()).toBe('0');
  });

  it('审批文书: a migrated case offers no 审批决定书 (eligibility has none for it)', async () => {
    expect(importedCaseId).toMatch(/^[0-9a-f-]{36}$/);
    const page = await as('approver-330106');
    await page.goto(u(`/cases/${importedCaseId}`));
    await page.getByRole('heading', { name: /案件/ }).first().waitFor();
    await page.waitForTimeout(1500);
    expect(await page.locator('[data-doc="decision-letter"]').count()).toBe(0);
    const letter = await call(page, 'GET', u(`/api/eligibility/review-cases/${importedCaseId}/documents/decision-letter`));
    expect(letter.status).toBe(422);
  });
});
