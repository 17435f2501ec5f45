/**
 * Issue #17 in the workbench, the pure part: 材料上传 (intake's attachments: refusals in Chinese, sizes,
 * which checklist item each file satisfies), eligibility's documents (审批决定书, 变更/停发通知书, 公示名单
 * as PDF links) and 存量台账迁入 (the import's answer and its refused rows). No browser, no Vue.
 */
import type { ApiError } from './api-error';
import type { ImportErrorRow } from './file-import';

export const ATTACHMENT_KIND: Record<string, string> = { MATERIAL: '申请材料', VISIT_PHOTO: '入户调查照片', SIGNED_FORM: '签字表格' };

export const MEDIA_TYPE: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG 图片',
  'image/png': 'PNG 图片',
  'image/tiff': 'TIFF 图片',
  'image/webp': 'WebP 图片',
  'image/heic': 'HEIC 图片',
};

/** One attachment as intake lists it (GET /applications/:caseId/attachments). */
export interface Attachment {
  attachmentId: string;
  kind: string;
  itemKey: string | null;
  digest: string;
  sizeBytes: number;
  mediaType: string;
  fileName: string;
  uploadedAt?: string;
  uploadedBy?: { id?: string; role?: string } | string;
}

/** 1,234 B → "1.2 KB"; exact bytes below 1 KB; one decimal above. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** The digest shown on the page: its first 12 hex digits (the full one in the title). */
export const shortDigest = (d: string) => (d ? `${d.slice(0, 12)}…` : '—');

/** The upload's refusal in Chinese, shown next to the file field (intake names `file`, `itemKey`, `kind` or `fileName`). */
export function uploadProblemText(e: Pick<ApiError, 'status' | 'problem' | 'errors'>, maxBytes?: number): { field: string; text: string } {
  const code = String(e.problem?.code ?? '');
  const field = e.errors[0]?.field ?? 'file';
  if (code === 'media_type_not_allowed' || (e.status === 415 && code !== 'attachment_body')) {
    return { field: 'file', text: '不接受该类型的文件:只能上传 PDF 或图片(JPEG、PNG 等),以文件内容识别,与文件名无关' };
  }
  if (code === 'attachment_too_large' || e.status === 413) {
    return { field: 'file', text: `文件过大${maxBytes ? `(上限 ${formatBytes(maxBytes)})` : ''},请压缩或分页后再上传` };
  }
  if (code === 'empty_file') return { field: 'file', text: '文件是空的(0 字节),请重新选择' };
  if (code === 'attachment_body') return { field: 'file', text: '请选择要上传的文件' };
  if (field === 'itemKey') return { field, text: '请选择该文件对应的告知材料项' };
  if (field === 'kind') return { field, text: '请选择文件类别' };
  if (field === 'fileName') return { field, text: '文件名过长或含有斜杠等字符,请改名后再上传' };
  if (e.status === 403) return { field: 'file', text: '无权为该案件上传材料' };
  if (e.status === 404) return { field: 'file', text: '案件不存在或不在您的辖区' };
  return { field: 'file', text: '上传失败,请稍后重试' };
}

/**
 * Whether an attachment's item key is this notice item: the case view masks the resident ID in a key
 * (`ID_CARD:440305********1231`) while the attachment may carry it whole; a `*` matches any character.
 */
export function sameItem(noticeKey: string, itemKey: string | null): boolean {
  if (!itemKey) return false;
  if (noticeKey === itemKey) return true;
  if (!noticeKey.includes('*') || noticeKey.length !== itemKey.length) return false;
  return [...noticeKey].every((c, i) => c === '*' || c === itemKey[i]);
}

/** The one-time notice's items with the files uploaded against each (by itemKey), in the notice's order. */
export function filesByItem<T extends { key: string }>(items: readonly T[], attachments: readonly Attachment[]): Array<T & { files: Attachment[] }> {
  return items.map((i) => ({ ...i, files: attachments.filter((a) => a.kind === 'MATERIAL' && sameItem(i.key, a.itemKey)) }));
}

/** The files not against a notice item (visit photos, signed forms, materials of an item not in the notice). */
export function otherFiles(items: readonly { key: string }[], attachments: readonly Attachment[]): Attachment[] {
  return attachments.filter((a) => !(a.kind === 'MATERIAL' && items.some((i) => sameItem(i.key, a.itemKey))));
}

/** The upload URL (raw body; the file name travels in the query, not trusted for the type). */
export function uploadPath(caseId: string, kind: string, itemKey: string, fileName: string): string {
  const q = new URLSearchParams({ kind, fileName });
  if (itemKey) q.set('itemKey', itemKey);
  return `/api/intake/applications/${caseId}/attachments?${q.toString()}`;
}

// ---- eligibility's documents -------------------------------------------------------------------------

export interface DocumentLink {
  key: string;
  label: string;
  href: string;
}

const CHANGE_LABEL = '变更/停发通知书';

/**
 * A case brought in by 存量台账迁入 (CaseMigrated): its entitlement was decided before this system, so
 * there is no 审批决定书 to print (eligibility answers 422 case_not_decided). The case file names it in
 * `migrated` (the ledger file, its rows, who imported it and when).
 */
export function isMigrated(review: any): boolean {
  return !!review?.migrated;
}

/** The case file's line for a migrated case: 「存量台账迁入 · 文件 第 2–4 行 · 2026-12-07 导入」; '' for a case decided here. */
export function migrationText(review: any): string {
  const m = review?.migrated;
  if (!m) return '';
  const rows: number[] = Array.isArray(m.rows) ? [...m.rows].sort((a, b) => a - b) : [];
  const span = rows.length === 0 ? '' : rows.length === 1 || rows[rows.length - 1]! - rows[0]! !== rows.length - 1 ? ` 第 ${rows.join('、')} 行` : ` 第 ${rows[0]}–${rows[rows.length - 1]} 行`;
  return `存量台账迁入 · ${m.fileName ?? ''}${span} · ${m.importedOn ?? ''} 导入(原审批日期 ${review?.decision?.decidedOn ?? '—'})`;
}

/**
 * The PDFs of a review case the given role may open: the 审批决定书 once decided (approval or refusal),
 * a 变更/停发通知书 per benefit-change decision, and the community's 公示名单 while the case is in its
 * public notice (for the reviewer and the officers; `today` picks the day, else the notice's first day).
 */
export function decisionDocuments(review: any, role: string, today: string): DocumentLink[] {
  if (!review?.caseId) return [];
  const base = `/api/eligibility/review-cases/${review.caseId}/documents`;
  const out: DocumentLink[] = [];
  const outcome = review.decision?.outcome;
  if ((outcome === 'APPROVED' || outcome === 'REFUSED') && !isMigrated(review)) {
    out.push({ key: 'decision-letter', label: outcome === 'APPROVED' ? '审批决定书(批准,PDF)' : '审批决定书(不予批准,PDF)', href: `${base}/decision-letter` });
  }
  for (const d of (review.decisions ?? []) as Array<{ decisionId: string; kind: string; decidedOn?: string }>) {
    if (d.kind !== 'BENEFIT_CHANGE') continue;
    out.push({ key: `change-${d.decisionId}`, label: `${CHANGE_LABEL}${d.decidedOn ? ` ${d.decidedOn}` : ''}(PDF)`, href: `${base}/benefit-changes/${d.decisionId}` });
  }
  const notice = review.current?.notice ?? null;
  const community = String(review.jurisdiction ?? '');
  if (notice?.postedOn && /^\d{12}$/.test(community) && ['street_officer', 'street_reviewer', 'community_officer', 'county_approver'].includes(role)) {
    const on = today >= notice.postedOn && (!notice.lastDay || today <= notice.lastDay) ? today : notice.postedOn;
    out.push({ key: 'public-notice', label: `公示名单 ${community}(${on},PDF)`, href: `/api/eligibility/public-notice-lists/${community}?on=${on}` });
  }
  return out;
}

// ---- 存量台账迁入 -------------------------------------------------------------------------------------

export interface ImportResult {
  importId: string;
  fileName: string;
  fileDigest: string;
  format: string;
  rows: number;
  households: number;
  created: number;
  alreadyImported: number;
  cases?: Array<{ caseId: string; householdKey: string; rows: number[] | string; created: boolean }>;
}

export type { ImportErrorRow };

/** A refused ledger's errors as table rows (row, column, message), in row order; field-only errors keep their text. */
export function importErrorRows(problem: Record<string, unknown>, errors: readonly { field: string; message: string }[]): ImportErrorRow[] {
  const raw: Array<Record<string, unknown>> = Array.isArray(problem.errors) ? (problem.errors as Array<Record<string, unknown>>) : errors.map((e) => ({ ...e }));
  const rows = raw.map((e) => {
    const m = /^row (\d+):\s*(.*)$/.exec(String(e.field ?? ''));
    const row = typeof e.row === 'number' ? e.row : m ? Number(m[1]) : null;
    const column = typeof e.column === 'string' ? e.column : m ? m[2]! : String(e.field ?? '');
    return { row, column, message: String(e.message ?? '') };
  });
  return rows.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/** The import's answer in one Chinese sentence. */
export function importSummary(r: ImportResult): string {
  const again = r.alreadyImported ? `,${r.alreadyImported} 户此前已迁入(未重复创建)` : '';
  return `文件「${r.fileName}」共 ${r.rows} 行、${r.households} 户:新建案件 ${r.created} 户${again}。`;
}

/** The refusal of a whole file (not its rows) in Chinese. */
export function importProblemText(status: number, problem: Record<string, unknown>): string {
  if (status === 422) return '文件有错误,整份未导入(没有创建任何案件)。请按下表逐条更正后重新上传。';
  if (status === 413) return '文件过大,请拆分后再上传';
  if (status === 415) return '请选择 CSV 或 Excel(.xlsx)文件';
  if (status === 403) return '只有县级审批人员可以迁入存量台账';
  if (status === 400) return '文件是空的或无法读取,请检查后重新上传';
  return String(problem.detail ?? '导入失败,请稍后重试');
}
