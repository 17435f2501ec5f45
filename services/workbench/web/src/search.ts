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
