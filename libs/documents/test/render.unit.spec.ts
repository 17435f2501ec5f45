import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptanceNotice, approvalDecision, benefitChangeNotice, collectiveDecisionResultsList, maskName, materialsNotice, publicNoticeList, refusalDecision, renderNotice } from '../src';

const common = { caseNumber: '330106-2026-000123', applicantName: '张三丰', issuer: '杭州市西湖区民政局', issuedOn: '2026-03-05' };
const remedies = { reconsiderationBody: '杭州市西湖区人民政府', court: '杭州市西湖区人民法院' };

function textOf(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'doc-'));
  writeFileSync(join(dir, 'a.pdf'), pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

describe('printable notices', () => {
  it('renders the acceptance notice in Chinese, and the same input gives the same bytes', async () => {
    const doc = acceptanceNotice({ ...common, programLabel: '最低生活保障', acceptedOn: '2026年3月5日' });
    const a = await renderNotice(doc);
    const b = await renderNotice(doc);
    expect(a.digest).toBe(b.digest);
    expect(a.pdf.equals(b.pdf)).toBe(true);
    const text = textOf(a.pdf);
    expect(text).toContain('受理通知书');
    expect(text).toContain('张三丰');
    expect(text).toContain('决定予以受理');
    expect(text).toContain('2026年3月5日');
  });

  it('a refusal states its reasons and both legal remedies with their time limits', async () => {
    const r = await renderNotice(refusalDecision({ ...common, ...remedies, programLabel: '最低生活保障', reasons: ['家庭人均收入高于当地低保标准'] }));
    const text = textOf(r.pdf);
    expect(text).toContain('审批决定书（不予批准）');
    expect(text).toContain('家庭人均收入高于当地低保标准');
    expect(text).toContain('六十日内向杭州市西湖区人民政府申请行政复议');
    expect(text).toContain('六个月内向杭州市西湖区人民法院提起行政诉讼');
  });

  it('an approval states the amount in yuan and the start month; a different input gives a different digest', async () => {
    const one = await renderNotice(approvalDecision({ ...common, programLabel: '最低生活保障', monthlyAmountFen: 130000, startMonth: '2026年4月', householdSize: 3 }));
    const two = await renderNotice(approvalDecision({ ...common, programLabel: '最低生活保障', monthlyAmountFen: 70000, startMonth: '2026年4月', householdSize: 3 }));
    expect(textOf(one.pdf)).toContain('1300.00元');
    expect(one.digest).not.toBe(two.digest);
  });

  it('a stop notice names the stop and the remedies', async () => {
    const r = await renderNotice(benefitChangeNotice({ ...common, ...remedies, programLabel: '最低生活保障', change: 'TERMINATION', effectiveMonth: '2026年5月', reasons: ['家庭收入已超过低保标准'] }));
    const text = textOf(r.pdf);
    expect(text).toContain('停发通知书');
    expect(text).toContain('停止发放');
    expect(text).toContain('行政复议');
  });

  it('masks names for the public notice list with the one 公示 mask (@sa/contracts): 张某, 欧阳某', () => {
    expect(maskName('张三丰')).toBe('张某');
    expect(maskName('欧阳娜娜')).toBe('欧阳某');
  });

  it('the one-time notice lists every item once and shows which file satisfies which item', async () => {
    const doc = materialsNotice({
      ...common,
      programLabel: '最低生活保障',
      applicationDate: '2026年3月2日',
      noticeDate: '2026-03-02',
      items: [{ label: '申请人签字的承诺书', satisfiedBy: 'attachment:ab12cd34', suppliedOn: '2026年3月3日' }, { label: '家庭成员李娜签字的家庭经济状况核对授权书' }],
    });
    const a = await renderNotice(doc);
    expect((await renderNotice(doc)).pdf.equals(a.pdf)).toBe(true);
    const text = textOf(a.pdf);
    expect(text).toContain('一次性告知书');
    expect(text).toContain('1.申请人签字的承诺书（已补正：attachment:ab12cd34，2026年3月3日）');
    expect(text).toContain('2.家庭成员李娜签字的家庭经济状况核对授权书（待补正）');
    expect(text).toContain('尚有1项材料待补正');
  });

  it('the public notice list masks names and shows only household size, findings and proposed result', async () => {
    const r = await renderNotice(
      publicNoticeList({
        community: '330106001001',
        postedOn: '2026-03-20',
        endsOn: '2026年3月26日',
        issuer: '西湖区某街道办事处',
        entries: [
          { caseNumber: '330106-2026-000123', applicantName: '张三丰', householdSize: 3, programLabel: '最低生活保障', findings: '家庭人均收入低于当地低保标准', proposedResult: '批准，月保障金额1300.00元' },
          { caseNumber: '330106-2026-000131', applicantName: '欧阳娜娜', householdSize: 1, programLabel: '特困人员救助供养', findings: '无劳动能力、无生活来源、无法定赡养人', proposedResult: '批准，分散供养' },
        ],
      }),
    );
    const text = textOf(r.pdf);
    expect(text).toContain('公示名单');
    expect(text).toContain('1.张某，家庭人口3人');
    expect(text).toContain('2.欧阳某，家庭人口1人');
    expect(text).not.toContain('张三丰');
    expect(text).not.toContain('娜娜');
    expect(text).not.toContain('＊');
    expect(text).toContain('家庭人口3人');
    expect(text).toContain('共7日');
  });

  it('the 一事一议 results notice (结果公示): masked name, household size, kind of hardship, amount decided, 经一事一议集体研究决定, decision date; identical twice', async () => {
    const doc = collectiveDecisionResultsList({
      community: '330106001001',
      from: '2026-03-01',
      to: '2026-03-31',
      issuer: '杭州市西湖区民政局',
      issuedOn: '2026-04-02',
      entries: [
        { caseNumber: '330106-2026-000123', applicantName: '张三丰', householdSize: 3, hardshipLabel: '支出型临时救助', amountFen: 2_500_000, decidedOn: '2026-03-16' },
        { caseNumber: '330106-2026-000124', applicantName: '李娜', householdSize: 1, hardshipLabel: '急难型临时救助', amountFen: 2_000_050, decidedOn: '2026-03-20' },
      ],
    });
    const a = await renderNotice(doc);
    const b = await renderNotice(doc);
    expect(a.pdf.equals(b.pdf)).toBe(true);
    expect(a.digest).toBe(b.digest);
    const text = textOf(a.pdf);
    expect(text).toContain('临时救助一事一议结果公示');
    expect(text).toContain('2026年3月1日至2026年3月31日');
    expect(text).toContain('1.张某，家庭人口3人，支出型临时救助，救助金额25000.00元，经一事一议集体研究决定，决定日期2026年3月16日。');
    expect(text).toContain('2.李某，家庭人口1人，急难型临时救助，救助金额20000.50元，经一事一议集体研究决定，决定日期2026年3月20日。');
    expect(text).not.toContain('张三丰');
    expect(text).not.toContain('330106-2026-000123');
    expect(doc.kind).toBe('COLLECTIVE_DECISION_RESULTS_LIST');
  });
});
