import { api } from './api';
import { resolveCaseRef, type ResolvedCase } from './case-ref';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The disbursement case an officer typed: its 案件编号 (e.g. 330106-2026-000001, as printed on the bank file's
 * 明细 and in 待遇名单), looked up in the district's entitlements, or — from a link — its id. `null` when no
 * entitlement of the officer's district has that number.
 */
export async function disbursementCaseId(text: string): Promise<string | null> {
  const typed = text.trim();
  if (!typed) return null;
  if (UUID.test(typed)) return typed.toLowerCase();
  const res = await api.get<{ items: { caseId: string }[] }>('disbursement', '/disbursement/entitlements', { caseNumber: typed, limit: 1 });
  return res.items[0]?.caseId ?? null;
}

/**
 * The case an auditor typed on 审计: its 案件编号 resolved by the audit service's own lookup (`GET /audit/cases?caseNumber=`,
 * within the auditor's jurisdiction: an auditor may not call intake's search), or — from a link — its id (`resolveCaseRef`).
 */
export function auditCase(text: string): Promise<ResolvedCase | null> {
  return resolveCaseRef(text, (caseNumber) => api.get<{ caseId: string; caseNumber: string }>('audit', '/audit/cases', { caseNumber }));
}
