/**
 * 审计 · 全程记录 / 办理记录: a step's reason that is a code (a complaint's outcome, a review's finding and
 * recommendation, why a follow-up file or a lead closed, why a member was not queried) is shown in Chinese.
 * The codes are read from the contracts' and services' own enums, so a value added there without a label fails here.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { historyRow, reasonText, renderHistoryHtml } from '../../audit/src/domain';
import { LEAD_CLOSE_REASONS } from '../../intake/src/domain/lead/lead';
import { ROLES } from '../../../libs/auth/src/identity';
import { roleLabel } from '../../audit/src/domain';
import { roleName } from '../web/src/officers';
import { timelineRows, type TimelineEntry } from '../web/src/case-timeline';
import { reasonLabel } from '../web/src/reason-labels';

const ROOT = join(__dirname, '../../..');
const source = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The string literals of a union type written after `anchor` (up to the end of its statement or line). */
const unionAfter = (path: string, anchor: RegExp): string[] => {
  const m = anchor.exec(source(path));
  if (!m) throw new Error(`${anchor} not found in ${path}`);
  const rest = source(path).slice(m.index + m[0].length);
  const stmt = rest.slice(0, rest.search(/[;\n]/));
  return [...stmt.matchAll(/'([A-Z_]+)'/g)].map((x) => x[1]!);
};

const CONTRACT = 'libs/contracts/src/events/follow-up.ts';
const complaintOutcomes = unionAfter(CONTRACT, /^\s*outcome: /m);
const findings = unionAfter(CONTRACT, /^\s*finding: /m);
const recommendations = unionAfter(CONTRACT, /export type RecommendedOutcome = /);
const followUpClosed = unionAfter('services/follow-up/src/domain/follow-up-case.ts', /'FollowUpClosed', \{ reason: /);
const notQueried = unionAfter('services/verification/src/domain/consent.ts', /export type NotQueriedReason = /);

describe('reasonLabel: every code a step’s reason can be has a Chinese label', () => {
  it('finds the enums (the scan is not empty)', () => {
    expect(complaintOutcomes).toContain('SUBSTANTIATED');
    expect(findings).toContain('CHANGE_FOUND');
    expect(recommendations).toContain('TERMINATION');
    expect(followUpClosed).toEqual(['TERMINATED', 'TAPER_ENDED']);
    expect(notQueried).toContain('NO_CONSENT');
  });

  const codes = () => [...complaintOutcomes, ...followUpClosed, ...notQueried, ...LEAD_CLOSE_REASONS, ...findings.flatMap((f) => recommendations.map((r) => `${f}/${r}`))];

  it('names each of them in Chinese, never by its code (workbench: 全程记录, 办理记录)', () => {
    expect(codes().filter((c) => /[A-Z]/.test(reasonLabel(c)))).toEqual([]);
  });

  it('names each of them in Chinese in the printed case report and the CLI, as the workbench does (audit service)', () => {
    expect(codes().filter((c) => /[A-Z]/.test(reasonText(c)))).toEqual([]);
    expect(codes().filter((c) => reasonText(c) !== reasonLabel(c))).toEqual([]);
  });

  it('labels a complaint’s outcome, a review’s conclusion and a closing; free text stays as written', () => {
    expect(reasonLabel('SUBSTANTIATED')).toBe('举报属实');
    expect(reasonLabel('PARTIALLY_SUBSTANTIATED')).toBe('举报部分属实');
    expect(reasonLabel('CHANGE_FOUND/DECREASE')).toBe('家庭情况发生变化;建议降低救助金');
    expect(reasonLabel('TAPER_ENDED')).toBe('渐退期结束');
    expect(reasonLabel('NO_CONSENT')).toBe('未签署核对授权(未成年人等)');
    expect(reasonLabel('家庭收入已超过低保标准')).toBe('家庭收入已超过低保标准');
    expect(reasonLabel('UNKNOWN/CODE')).toBe('UNKNOWN/CODE'); // nothing invented
    expect(reasonLabel(null)).toBe('');
  });

  it('the case page’s 办理记录 shows the label', () => {
    const entry: TimelineEntry = {
      at: '2026-03-16T10:00:00+08:00', context: 'follow-up', contextLabel: '跟踪管理', eventId: 'e1', type: 'ComplaintResolved',
      label: '举报办结', actor: { id: 'u1', role: 'street_reviewer' }, reason: 'SUBSTANTIATED', policyVersion: null,
    };
    expect(timelineRows([entry], new Map())[0]!.reason).toBe('举报属实');
  });

  it('the printed case report and the CLI table show the label, not the code', () => {
    const entry = {
      occurredAt: '2026-03-16T10:00:00+08:00', recordedAt: '2026-03-16T02:00:00.000Z', context: 'follow-up' as const, contextLabel: '跟踪管理',
      streamId: 'complaint-x', revision: 2, eventId: 'e1', type: 'ComplaintResolved', label: '举报办结',
      actor: { id: 'u1', role: 'street_reviewer', jurisdiction: '330106001' }, reason: 'SUBSTANTIATED', evidenceRefs: [], policyVersion: null, consentRefs: [],
    };
    const html = renderHistoryHtml({ caseId: 'c0ffee00-0000-4000-8000-000000000000', entries: [entry] as never, generatedAt: '2026-04-10T02:00:00Z', generatedBy: 'auditor' });
    expect(html).toContain('<td>举报属实</td>');
    expect(html).not.toContain('SUBSTANTIATED');
    expect(historyRow(entry as never)).toContain('举报属实');
  });
});

describe('actor roles: every role of the JWT (and the system, the verification platform, a migrated ledger) is named in Chinese', () => {
  // legacy_ledger: eligibility's outgoing AssistanceGranted of a migrated case names the ledger file as proposer
  const roles = [...ROLES, 'system', 'verification_platform', 'legacy_ledger'];
  it('in the workbench (全程记录, 办理记录, 查阅日志) and in the printed report', () => {
    expect(roles.length).toBeGreaterThan(8);
    expect(roles.filter((r) => !roleName(r) || /[a-z]/i.test(roleName(r)))).toEqual([]);
    expect(roles.filter((r) => !roleLabel(r) || /[a-z]/i.test(roleLabel(r)))).toEqual([]);
  });
});
