/**
 * What the officer typed into a search box (the header's global search, the case fields of 动态管理 and
 * 发放): a case number (330106-2026-000123; a short sequence such as 330106-2026-123 is padded), a
 * resident ID masked as lists show it (3301**********123X) or as the case file does (330106********123X),
 * or in full — as intake's search
 * (GET /applications) takes it — or an error in Chinese before any request.
 */
import { residentIdProblem } from './residentId';

export type SearchCriteria = { caseNumber: string } | { residentId: string } | { error: string };

const MASKED = /^\d{4}\*{10}\d{3}[\dX]$/;

export function searchCriteria(text: string): SearchCriteria {
  const q = text.trim().replace(/\s+/g, '').toUpperCase();
  if (!q) return { error: '请输入案件编号或身份证号' };
  const n = /^(\d{6})-(\d{4})-(\d{1,6})$/.exec(q);
  if (n) return { caseNumber: `${n[1]}-${n[2]}-${n[3]!.padStart(6, '0')}` };
  if (MASKED.test(q)) return { residentId: q };
  // The case file shows the first six digits (the division): searched by the first four, as indexed.
  if (/^\d{6}\*{8}\d{3}[\dX]$/.test(q)) return { residentId: `${q.slice(0, 4)}**${q.slice(6)}` };
  if (/^\d{17}[\dX]$/.test(q)) {
    const problem = residentIdProblem(q);
    return problem ? { error: problem } : { residentId: q };
  }
  return { error: '请输入案件编号(如 330106-2026-000123)或身份证号(可用脱敏形式 3301**********123X)' };
}

export type CaseRef = { caseId: string } | { caseNumber: string } | { error: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A case named in a form (the complaint's 案件): its case number as officers know it (padded as in
 * `searchCriteria`), or the case id a link carried — resolved to the id through intake's search before
 * the request; anything else is refused on the field in Chinese.
 */
export function caseRefOf(text: string): CaseRef {
  const v = text.trim();
  if (!v) return { error: '请填写案件编号' };
  if (UUID.test(v)) return { caseId: v.toLowerCase() };
  const c = searchCriteria(v);
  if ('caseNumber' in c) return c;
  return { error: '请填写案件编号(如 330106-2026-000123)' };
}
