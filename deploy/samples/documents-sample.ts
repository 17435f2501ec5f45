/**
 * Sample printable notices for the README (deploy/samples/documents/*.pdf): one of each kind, rendered by
 * @sa/documents exactly as the services render them (Noto Sans CJK SC embedded, A4, the issue date as the
 * PDF's creation date, so the same input gives the same bytes). The households are invented. Needs
 * `bash deploy/documents/prerequisites.sh` (fonts-noto-cjk):
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register deploy/samples/documents-sample.ts
 *
 * Writes the PDFs and SHA256SUMS (the digests a service would record in DocumentIssued). The unit test
 * libs/documents/test/samples.unit.spec.ts checks the committed files' text against this.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  acceptanceNotice,
  approvalDecision,
  benefitChangeNotice,
  materialsNotice,
  publicNoticeList,
  refusalAtIntakeNotice,
  refusalDecision,
  renderNotice,
  type NoticeDocument,
} from '../../libs/documents/src';

export const SAMPLE_DOCUMENTS_DIR = join(__dirname, 'documents');

const common = { caseNumber: '330106-2026-000123', applicantName: '张三丰', issuer: '杭州市西湖区民政局', issuedOn: '2026-03-16' };
const remedies = { reconsiderationBody: '杭州市西湖区人民政府', court: '杭州市西湖区人民法院' };

/** File name → document: one of each kind the services print. */
export function sampleDocuments(): Record<string, NoticeDocument> {
  return {
    '01-受理通知书.pdf': acceptanceNotice({ ...common, issuer: '西湖区北山街道办事处', issuedOn: '2026-03-05', programLabel: '最低生活保障', acceptedOn: '2026年3月5日' }),
    '02-不予受理通知书.pdf': refusalAtIntakeNotice({ ...common, issuer: '西湖区北山街道办事处', issuedOn: '2026-03-05', ...remedies, programLabel: '最低生活保障', reason: '申请人户籍不在本街道，且未提供居住证' }),
    '03-一次性告知书.pdf': materialsNotice({
      ...common,
      issuer: '西湖区北山街道办事处',
      issuedOn: '2026-03-03',
      programLabel: '最低生活保障',
      applicationDate: '2026年3月2日',
      noticeDate: '2026-03-03',
      items: [{ label: '申请人签字的承诺书', satisfiedBy: 'attachment:ab12cd34', suppliedOn: '2026年3月3日' }, { label: '家庭成员李娜签字的家庭经济状况核对授权书' }],
    }),
    '04-审批决定书（批准）.pdf': approvalDecision({ ...common, programLabel: '最低生活保障', monthlyAmountFen: 130000, startMonth: '2026年4月', householdSize: 3, membersCovered: ['张三丰', '李娜', '张小明'] }),
    '05-审批决定书（不予批准）.pdf': refusalDecision({ ...common, ...remedies, programLabel: '最低生活保障', reasons: ['家庭月人均收入1,380.00元，高于当地低保标准1,160.00元', '家庭成员名下有非生活必需的机动车一辆'] }),
    '06-变更通知书.pdf': benefitChangeNotice({
      ...common,
      ...remedies,
      issuedOn: '2026-09-10',
      programLabel: '最低生活保障',
      change: 'DECREASE',
      previousAmountFen: 130000,
      newAmountFen: 90000,
      effectiveMonth: '2026年10月',
      reasons: ['家庭成员张小明就业，家庭月人均收入增加'],
    }),
    '07-停发通知书.pdf': benefitChangeNotice({
      ...common,
      ...remedies,
      issuedOn: '2026-11-12',
      programLabel: '最低生活保障',
      change: 'TERMINATION',
      previousAmountFen: 90000,
      effectiveMonth: '2026年12月',
      reasons: ['经年度复核，家庭月人均收入已超过当地低保标准'],
    }),
    '08-公示名单.pdf': publicNoticeList({
      community: '330106001001',
      postedOn: '2026-03-09',
      endsOn: '2026年3月15日',
      issuer: '西湖区北山街道办事处',
      entries: [
        { caseNumber: '330106-2026-000123', applicantName: '张三丰', householdSize: 3, programLabel: '最低生活保障', findings: '家庭人均收入低于当地低保标准', proposedResult: '批准，月保障金额1300.00元' },
        { caseNumber: '330106-2026-000131', applicantName: '欧阳娜娜', householdSize: 1, programLabel: '特困人员救助供养', findings: '无劳动能力、无生活来源、无法定赡养人', proposedResult: '批准，分散供养' },
      ],
    }),
  };
}

async function main() {
  await mkdir(SAMPLE_DOCUMENTS_DIR, { recursive: true });
  const sums: string[] = [];
  for (const [name, doc] of Object.entries(sampleDocuments())) {
    const { pdf, digest } = await renderNotice(doc);
    await writeFile(join(SAMPLE_DOCUMENTS_DIR, name), pdf);
    sums.push(`${digest}  ${name}`);
  }
  await writeFile(join(SAMPLE_DOCUMENTS_DIR, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  process.stdout.write(`${sums.length} sample documents written to ${SAMPLE_DOCUMENTS_DIR}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
