import type { AuditEvent } from './audit-event';
import { caseSummary, foldRoutine, roleLabel, yuanText } from './case-report';
import type { HistoryEntry } from './history';
import { reasonText } from './reason-labels';

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** 2026-03-16T10:00:00+08:00 → 2026-03-16 10:00:00 (Asia/Shanghai). */
export function shanghaiTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export const HISTORY_COLUMNS = ['时间', '业务环节', '事件', '操作人', '角色', '辖区', '理由', '证据', '政策版本'] as const;

export function historyRow(e: HistoryEntry): string[] {
  return [
    shanghaiTime(e.occurredAt),
    e.contextLabel,
    e.label === e.type ? e.type : `${e.label}（${e.type}）`,
    e.actor.id,
    e.actor.role,
    e.actor.jurisdiction,
    reasonText(e.reason),
    e.evidenceRefs.join('、'),
    e.policyVersion ?? '',
  ];
}

export interface ReportVerification {
  ok: boolean;
  checked: number;
  firstBroken?: { streamId?: string; revision?: number } | null;
}

/**
 * A printable Chinese report (案件审计报告) of a case: headed by the case number; a summary (decisions
 * with amount, policy version, who decided and why; payments; policy versions; the hash-chain
 * verification's result); then the steps in order, every event in Chinese, routine system events
 * folded into their step (`foldRoutine`). Without `events` the summary lists no decisions.
 */
export function renderHistoryHtml(args: {
  caseId: string;
  entries: HistoryEntry[];
  generatedAt: string;
  generatedBy?: string;
  purpose?: string;
  events?: readonly AuditEvent[];
  verification?: ReportVerification | null;
}): string {
  const summary = caseSummary(args.events ?? []);
  const steps = foldRoutine(args.entries);
  const caseNumber = summary.caseNumber;
  // Who acted, by role and id; marked (class "actor", the id in data-actor-id, the id itself in class
  // "who") so the workbench gateway can put the officer's name from its directory in place of the id.
  const who = (a: { id: string; role: string }) =>
    `<span class="actor" data-actor-id="${escapeHtml(a.id ?? '')}"><span class="role">${escapeHtml(roleLabel(a.role))}</span>${a.id ? ` <span class="who">${escapeHtml(a.id)}</span>` : ''}</span>`;
  const v = args.verification;
  const chain =
    v === undefined || v === null
      ? '<span class="warn">未核验</span>'
      : v.ok
        ? `<span class="ok">通过</span>(共核验 ${v.checked} 条记录,未发现篡改)`
        : `<span class="bad">未通过</span>(第一处断裂:${escapeHtml(v.firstBroken?.streamId ?? '')} 第 ${v.firstBroken?.revision ?? '?'} 条)`;
  const decisionRows = summary.decisions
    .map(
      (d) =>
        `<tr><td>${escapeHtml(d.decidedOn)}</td><td>${escapeHtml(d.label)}</td><td class="num">${escapeHtml(yuanText(d.monthlyAmountFen))}</td><td>${escapeHtml(d.fromMonth ?? '—')}</td><td>${escapeHtml(d.policyVersion ?? '—')}</td><td>${d.decidedBy ? who(d.decidedBy) : '—'}</td><td>${escapeHtml(reasonText(d.reason))}</td></tr>`,
    )
    .join('\n');
  const paymentRows = summary.payments
    .map((p) => `<tr><td>${escapeHtml(p.on)}</td><td>${escapeHtml(p.label)}</td><td>${escapeHtml(p.period)}</td><td class="num">${escapeHtml(yuanText(p.amountFen))}</td></tr>`)
    .join('\n');
  const stepRows = steps
    .map((s, i) => {
      const e = s.entry;
      const folded = s.folded.length ? `<div class="folded">含系统自动记录:${s.folded.map((f) => `${escapeHtml(f.label)} ×${f.count}`).join('、')}${s.foldedUntil ? `(至 ${escapeHtml(shanghaiTime(s.foldedUntil))})` : ''}</div>` : '';
      const cells = [
        String(i + 1),
        escapeHtml(shanghaiTime(e.occurredAt)),
        escapeHtml(e.contextLabel),
        `${escapeHtml(e.label)}${folded}`,
        who(e.actor),
        escapeHtml(e.actor.jurisdiction),
        escapeHtml(reasonText(e.reason)),
        escapeHtml(e.evidenceRefs.join('、')),
        escapeHtml(e.policyVersion ?? ''),
      ];
      return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const meta = [
    `案件编号:${escapeHtml(caseNumber ?? '(未记录)')}`,
    `案件 ID:${escapeHtml(args.caseId)}`,
    `生成时间:${escapeHtml(shanghaiTime(args.generatedAt))}`,
    ...(args.generatedBy ? [`审计人:${who({ id: args.generatedBy, role: 'auditor' })}`] : []),
    ...(args.purpose ? [`查阅目的:${escapeHtml(args.purpose)}`] : []),
    `记录数:${args.entries.length} 条(合并为 ${steps.length} 个办理步骤)`,
  ];
  const title = `案件审计报告 ${caseNumber ?? args.caseId}`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 18px 0 6px; border-bottom: 2px solid #333; padding-bottom: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border: 1px solid #555; padding: 4px 6px; vertical-align: top; }
th { background: #eee; }
.num { text-align: right; white-space: nowrap; }
.meta { font-size: 13px; color: #333; }
.folded { color: #555; font-size: 11px; margin-top: 2px; }
.ok { color: #116329; font-weight: bold; }
.bad { color: #b00020; font-weight: bold; }
.warn { color: #8a5a00; font-weight: bold; }
@media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>案件审计报告 · 案件编号 ${escapeHtml(caseNumber ?? '(未记录)')}</h1>
<p class="meta">${meta.join('<br>\n')}</p>
<h2>摘要</h2>
<p>记录完整性(哈希链核验):${chain}</p>
<p>适用政策版本:${summary.policyVersions.length ? summary.policyVersions.map(escapeHtml).join('、') : '—'}</p>
<table class="decisions">
<thead><tr><th>决定日期</th><th>决定</th><th>月救助金</th><th>起始/生效月份</th><th>政策版本</th><th>决定人</th><th>理由</th></tr></thead>
<tbody>
${decisionRows || '<tr><td colspan="7">尚无审批决定</td></tr>'}
</tbody>
</table>
<h2>发放</h2>
<table class="payments">
<thead><tr><th>日期</th><th>类型</th><th>所属月份</th><th>金额</th></tr></thead>
<tbody>
${paymentRows || '<tr><td colspan="4">尚无发放记录</td></tr>'}
</tbody>
</table>
<h2>办理经过</h2>
<table class="steps">
<thead><tr><th>序号</th><th>时间</th><th>业务环节</th><th>事项</th><th>办理人</th><th>辖区</th><th>理由</th><th>证据</th><th>政策版本</th></tr></thead>
<tbody>
${stepRows}
</tbody>
</table>
</body>
</html>
`;
}
