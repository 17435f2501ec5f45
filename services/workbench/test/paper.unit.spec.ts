/**
 * Issue #17's pure workbench logic (services/workbench/web/src/paper.ts): attachment refusals in Chinese by
 * the intake problem's code, sizes, which notice item each file satisfies, the eligibility documents a role
 * sees for a case, and the caseload import's refused rows and summary.
 */
import { ApiError } from '../web/src/api-error';
import {
  decisionDocuments,
  migrationText,
  filesByItem,
  formatBytes,
  importErrorRows,
  importProblemText,
  importSummary,
  otherFiles,
  uploadPath,
  uploadProblemText,
  type Attachment,
} from '../web/src/paper';

const problem = (status: number, code: string) => new ApiError(status, code, code, [{ field: 'file', message: code }], { code });

const file = (over: Partial<Attachment>): Attachment => ({
  attachmentId: 'a1',
  kind: 'MATERIAL',
  itemKey: 'SIGNED_COMMITMENT',
  digest: 'ab'.repeat(32),
  sizeBytes: 10,
  mediaType: 'application/pdf',
  fileName: '承诺书.pdf',
  ...over,
});

describe('attachments', () => {
  it('says each refusal in Chinese, next to the file field', () => {
    expect(uploadProblemText(problem(415, 'media_type_not_allowed'))).toEqual({ field: 'file', text: expect.stringContaining('不接受该类型') });
    expect(uploadProblemText(problem(413, 'attachment_too_large'), 20 * 1024 * 1024)).toEqual({ field: 'file', text: expect.stringContaining('20.0 MB') });
    expect(uploadProblemText(problem(400, 'empty_file'))).toEqual({ field: 'file', text: expect.stringContaining('空的') });
    expect(uploadProblemText(new ApiError(400, 'x', 'x', [{ field: 'itemKey', message: 'not on the notice' }], {}))).toEqual({ field: 'itemKey', text: expect.stringContaining('告知材料项') });
  });

  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50.0 MB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('puts each material under its notice item, the rest apart', () => {
    const items = [{ key: 'SIGNED_COMMITMENT', label: '承诺书' }, { key: 'INCOME_PROOF', label: '收入证明' }];
    const files = [file({}), file({ attachmentId: 'a2', kind: 'VISIT_PHOTO', itemKey: null, fileName: 'visit.jpg' }), file({ attachmentId: 'a3', itemKey: 'OTHER' })];
    const rows = filesByItem(items, files);
    expect(rows.map((r) => [r.key, r.files.map((f) => f.attachmentId)])).toEqual([['SIGNED_COMMITMENT', ['a1']], ['INCOME_PROOF', []]]);
    expect(otherFiles(items, files).map((f) => f.attachmentId)).toEqual(['a2', 'a3']);
  });

  it('matches a masked notice key with the file’s whole key', () => {
    const items = [{ key: 'ID_CARD:440305********1231' }];
    const f = file({ itemKey: 'ID_CARD:440305201001011231' });
    expect(filesByItem(items, [f])[0]!.files).toEqual([f]);
    expect(otherFiles(items, [f])).toEqual([]);
    expect(filesByItem(items, [file({ itemKey: 'ID_CARD:440305201001011232' })])[0]!.files).toEqual([]);
  });

  it('builds the upload URL with the item only when there is one', () => {
    expect(uploadPath('c1', 'MATERIAL', 'VERIFICATION_CONSENT:1', '承诺 书.pdf')).toBe(
      '/api/intake/applications/c1/attachments?kind=MATERIAL&fileName=%E6%89%BF%E8%AF%BA+%E4%B9%A6.pdf&itemKey=VERIFICATION_CONSENT%3A1',
    );
    expect(uploadPath('c1', 'VISIT_PHOTO', '', 'a.jpg')).toBe('/api/intake/applications/c1/attachments?kind=VISIT_PHOTO&fileName=a.jpg');
  });
});

describe('eligibility documents', () => {
  const base = { caseId: 'c1', jurisdiction: '330106001001' };
  it('offers nothing before a decision or a notice', () => {
    expect(decisionDocuments({ ...base, decision: null, decisions: [], current: { notice: null } }, 'street_reviewer', '2026-12-07')).toEqual([]);
  });
  it('offers the decision letter and one notice per benefit change', () => {
    const links = decisionDocuments(
      { ...base, decision: { outcome: 'APPROVED' }, decisions: [{ decisionId: 'd0', kind: 'INITIAL' }, { decisionId: 'd1', kind: 'BENEFIT_CHANGE', decidedOn: '2026-11-02' }] },
      'county_approver',
      '2026-12-07',
    );
    expect(links.map((l) => [l.label, l.href])).toEqual([
      ['审批决定书(批准,PDF)', '/api/eligibility/review-cases/c1/documents/decision-letter'],
      ['变更/停发通知书 2026-11-02(PDF)', '/api/eligibility/review-cases/c1/documents/benefit-changes/d1'],
    ]);
    expect(decisionDocuments({ ...base, decision: { outcome: 'REFUSED' } }, 'street_officer', '2026-12-07')[0]!.label).toContain('不予批准');
    // A migrated case (存量台账迁入, the case file's `migrated`) has no 审批决定书.
    const importer = { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' };
    const migrated = { importId: 'i1', fileName: '西湖区低保台账.xlsx', fileDigest: 'a'.repeat(64), rows: [4, 2, 3], importedBy: importer, importedOn: '2026-12-07' };
    const decision = { outcome: 'APPROVED', decidedOn: '2023-05-18', noticeDueOn: null, decidedBy: importer, proposedBy: importer };
    expect(decisionDocuments({ ...base, decision, migrated }, 'county_approver', '2026-12-07')).toEqual([]);
    // The same decision made here (no `migrated`) has its letter.
    expect(decisionDocuments({ ...base, decision }, 'county_approver', '2026-12-07').map((d) => d.key)).toEqual(['decision-letter']);
  });
  it('names where a migrated case came from, for the case file', () => {
    const migrated = { fileName: '西湖区低保台账.xlsx', rows: [4, 2, 3], importedOn: '2026-12-07' };
    expect(migrationText({ decision: { decidedOn: '2023-05-18' }, migrated })).toBe('存量台账迁入 · 西湖区低保台账.xlsx 第 2–4 行 · 2026-12-07 导入(原审批日期 2023-05-18)');
    expect(migrationText({ decision: { decidedOn: '2023-05-18' }, migrated: { ...migrated, rows: [2, 9] } })).toContain('第 2、9 行');
    expect(migrationText({ decision: { decidedOn: '2023-05-18' } })).toBe('');
  });
  it('offers the community list during the notice, to the reviewer but not the auditor', () => {
    const review = { ...base, current: { notice: { postedOn: '2026-12-01', lastDay: '2026-12-08' } } };
    expect(decisionDocuments(review, 'street_reviewer', '2026-12-07')).toEqual([
      { key: 'public-notice', label: '公示名单 330106001001(2026-12-07,PDF)', href: '/api/eligibility/public-notice-lists/330106001001?on=2026-12-07' },
    ]);
    expect(decisionDocuments(review, 'street_reviewer', '2026-12-20')[0]!.href).toContain('on=2026-12-01');
    expect(decisionDocuments(review, 'auditor', '2026-12-07')).toEqual([]);
  });
});

describe('caseload import', () => {
  it('lists a refused file’s errors by row and column', () => {
    const p = {
      errors: [
        { field: 'row 5: 身份证号', row: 5, column: '身份证号', message: '校验位错误' },
        { field: 'row 2: 区划代码', row: 2, column: '区划代码', message: '不是 12 位' },
      ],
    };
    expect(importErrorRows(p, [])).toEqual([
      { row: 2, column: '区划代码', message: '不是 12 位' },
      { row: 5, column: '身份证号', message: '校验位错误' },
    ]);
    expect(importErrorRows({}, [{ field: 'row 3: 月保障金额(元)', message: 'x' }])).toEqual([{ row: 3, column: '月保障金额(元)', message: 'x' }]);
    expect(importProblemText(422, {})).toContain('整份未导入');
  });
  it('summarises an import and a re-import', () => {
    const r = { importId: 'i', fileName: 'a.csv', fileDigest: 'd', format: 'csv', rows: 6, households: 2, created: 2, alreadyImported: 0 };
    expect(importSummary(r)).toBe('文件「a.csv」共 6 行、2 户:新建案件 2 户。');
    expect(importSummary({ ...r, created: 0, alreadyImported: 2 })).toContain('2 户此前已迁入');
  });
});
