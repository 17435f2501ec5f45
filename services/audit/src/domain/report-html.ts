import type { HistoryEntry } from './history';

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
    e.reason ?? '',
    e.evidenceRefs.join('、'),
    e.policyVersion ?? '',
  ];
}

/** A printable Chinese report (案件审计报告) of a case's history. */
export function renderHistoryHtml(args: { caseId: string; entries: HistoryEntry[]; generatedAt: string; generatedBy?: string; purpose?: string }): string {
  const rows = args.entries
    .map((e) => `<tr>${historyRow(e).map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  const meta = [
    `案件编号（ID）：${escapeHtml(args.caseId)}`,
    `生成时间：${escapeHtml(shanghaiTime(args.generatedAt))}`,
    ...(args.generatedBy ? [`审计人：${escapeHtml(args.generatedBy)}`] : []),
    ...(args.purpose ? [`查阅目的：${escapeHtml(args.purpose)}`] : []),
    `事件数：${args.entries.length}`,
  ];
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>案件审计报告 ${escapeHtml(args.caseId)}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border: 1px solid #555; padding: 4px 6px; vertical-align: top; }
th { background: #eee; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>案件审计报告</h1>
<p>${meta.join('<br>\n')}</p>
<table>
<thead><tr>${HISTORY_COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
