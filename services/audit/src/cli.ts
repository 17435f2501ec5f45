/**
 * 审计命令行工具 — reads the event store directly (DATABASE_URL, EVENTSTORE_SCHEMA (default eventstore),
 * or EVENT_STORE=eventstoredb with EVENTSTORE_CONNECTION_STRING).
 *
 *   node dist/services/audit/src/cli.js history <caseId> [--json|--html] [--type T] [--from D] [--to D] [--actor ID]
 *   node dist/services/audit/src/cli.js explain <caseId> <eventId> [--json]
 *   node dist/services/audit/src/cli.js state <caseId> --as-of <ISO> [--known]
 *   node dist/services/audit/src/cli.js verify [--case <id> | --stream <id>] [--json]
 *   node dist/services/audit/src/cli.js checkpoint [--export <file>]
 *   node dist/services/audit/src/cli.js compare-checkpoint <file>
 *
 * Exit codes: 0 ok, 1 usage or input error, 2 verification / checkpoint comparison failed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@sa/eventstore';
import { Pool } from 'pg';
import { loadConfig } from '@sa/config';
import { CRYPTO_CONFIG_SPEC, openKeyStore, type KeyStore } from '@sa/crypto';
import { AuditService, type VerifyResult } from './application/audit-service';
import {
  AuditInputError,
  type CheckpointComparison,
  type DecisionExplanation,
  type HistoryEntry,
  HISTORY_COLUMNS,
  historyRow,
  isCheckpoint,
  renderHistoryHtml,
} from './domain';

const USAGE = `用法 (usage):
  history <caseId> [--json|--html] [--type T[,T]] [--from D] [--to D] [--actor ID]   案件审计记录
  explain <caseId> <eventId> [--json]                                               决定说明与重新计算
  state <caseId> --as-of <ISO> [--known] [--json]                                   某时点的案件状态 (默认: 事实发生时间; --known: 登记时间)
  verify [--case <id> | --stream <id>] [--json]                                     哈希链校验
  checkpoint [--export <file>]                                                      生成检查点
  compare-checkpoint <file> [--json]                                                与导出的检查点比对`;

export interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  flags: Map<string, string | true>;
}

const VALUED = new Set(['--type', '--from', '--to', '--actor', '--as-of', '--case', '--stream', '--export']);

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(0, eq), a.slice(eq + 1));
      else if (VALUED.has(a)) {
        const v = rest[i + 1];
        if (v === undefined) throw new AuditInputError('usage', `${a} needs a value`);
        flags.set(a, v);
        i++;
      } else flags.set(a, true);
    } else positional.push(a);
  }
  return { command, positional, flags };
}

const str = (f: ParsedArgs['flags'], k: string): string | undefined => {
  const v = f.get(k);
  return typeof v === 'string' ? v : undefined;
};

function fmtHistory(entries: HistoryEntry[]): string {
  const lines = [HISTORY_COLUMNS.join(' | ')];
  for (const e of entries) lines.push(historyRow(e).map((c) => c || '-').join(' | '));
  lines.push(`共 ${entries.length} 条`);
  return lines.join('\n');
}

function fmtVerify(r: VerifyResult): string {
  const scope = r.scope === 'store' ? '整个事件库' : r.scope === 'stream' ? '单个事件流' : '案件全部事件流';
  if (r.ok) return `校验通过 (${scope}): 已检查 ${r.checked} 个事件, 哈希链完整`;
  const b = r.firstBroken!;
  return [
    `校验失败 (${scope}): 第一个断点`,
    `  事件流: ${b.streamId}`,
    `  版本号: ${b.revision}`,
    `  事件ID: ${b.eventId}`,
    `  原因: ${b.reason} — ${b.detail}`,
    `  期望哈希: ${String(b.expectedHash)}`,
    `  实际哈希: ${String(b.actualHash)}`,
    `  已检查: ${r.checked}`,
  ].join('\n');
}

const yuan = (fen: number | null | undefined): string => (typeof fen === 'number' ? `${(fen / 100).toFixed(2)} 元` : '-');

function fmtExplanation(x: DecisionExplanation): string {
  const i = x.inputs;
  const lines = [
    `决定: ${x.decision.label} (${x.decision.type})  事件ID ${x.decision.eventId}`,
    `时间: ${x.decision.occurredAt}  操作人: ${x.decision.actor.id} (${x.decision.actor.role}, ${x.decision.actor.jurisdiction})`,
    `理由: ${x.decision.reason ?? '-'}`,
    `证据: ${x.decision.evidenceRefs.join('、') || '-'}`,
    `政策版本: ${x.decision.policyVersion ?? '-'}${i.policy ? `  (低保标准 ${yuan(i.policy.version.parameters.subsistenceStandard)}, 生效 ${i.policy.version.effectiveFrom}, 事件 ${i.policy.eventId})` : '  (未在政策流中找到)'}`,
    `记录金额: ${yuan(x.recordedAmountFen)}`,
    `核对报告: ${i.verificationReport ? `${i.verificationReport.verificationId} 第 ${i.verificationReport.reportVersion} 版 (${i.verificationReport.platformReportRef})` : '-'}`,
    `入户调查: ${i.homeVisits.map((v) => `${v.visitedOn} ${v.officers.map((o) => o.id).join('/')}`).join('; ') || '-'}`,
    `公示: ${i.publicNotices.map((n) => JSON.stringify(n)).join('; ') || '-'}`,
    `异议: ${i.objections.length === 0 ? '无' : i.objections.map((o) => JSON.stringify(o)).join('; ')}`,
    `初审意见: ${i.initialOpinion ? `${i.initialOpinion.proposal} by ${i.initialOpinion.proposedBy.id} on ${i.initialOpinion.proposedOn}` : '-'}`,
  ];
  if (i.recordedAssessment) {
    lines.push('规则说明 (记录):');
    for (const r of i.recordedAssessment.reasons) lines.push(`  - ${r.zh}`);
  }
  const rc = x.recomputation;
  if (rc.status === 'INPUTS_DESTROYED') lines.push(`重新计算: 无法进行 — 输入已销毁 (crypto-shredding) — ${rc.note ?? ''}`);
  else if (!rc.performed) lines.push(`重新计算: 未进行 — ${rc.note ?? ''}`);
  else if (rc.consistent) lines.push(`重新计算: 与记录一致 (金额 ${yuan(rc.assessment?.monthlyAmountFen)})`);
  else {
    lines.push(`重新计算: 发现差异!${rc.note ? ` ${rc.note}` : ''}`);
    for (const d of rc.differences) lines.push(`  ${d.field}: 记录 ${JSON.stringify(d.recorded)} ≠ 现算 ${JSON.stringify(d.recomputed)}`);
  }
  return lines.join('\n');
}

function fmtComparison(c: CheckpointComparison): string {
  return [
    c.ok ? '检查点比对: 一致' : '检查点比对: 不一致!',
    `  位置: ${String(c.expected.globalPosition)}`,
    `  事件数: 导出 ${c.expected.eventCount} / 现在 ${c.actual.eventCount}`,
    `  摘要: 导出 ${c.expected.lastHash}`,
    `        现在 ${c.actual.lastHash}`,
    `  ${c.detail}`,
  ].join('\n');
}

export async function runCli(argv: string[], service: AuditService, out: (s: string) => void): Promise<number> {
  const args = parseArgs(argv);
  const json = args.flags.has('--json');
  const print = (value: unknown, text: () => string) => out(json ? JSON.stringify(value, null, 2) : text());
  switch (args.command) {
    case 'history': {
      const caseId = args.positional[0];
      if (!caseId) throw new AuditInputError('usage', 'history <caseId>');
      const types = str(args.flags, '--type')?.split(',');
      const entries = await service.history(caseId, {
        types,
        from: str(args.flags, '--from'),
        to: str(args.flags, '--to'),
        actorId: str(args.flags, '--actor'),
      });
      if (args.flags.has('--html')) {
        const [events, verification] = await Promise.all([service.caseEvents(caseId), service.verify({ caseId })]);
        out(renderHistoryHtml({ caseId, entries, events, verification, generatedAt: new Date().toISOString() }));
      }
      else print({ caseId, count: entries.length, entries }, () => fmtHistory(entries));
      return 0;
    }
    case 'explain': {
      const [caseId, eventId] = args.positional;
      if (!caseId || !eventId) throw new AuditInputError('usage', 'explain <caseId> <eventId>');
      const x = await service.explain(caseId, eventId);
      print(x, () => fmtExplanation(x));
      return x.recomputation.consistent === false ? 2 : 0;
    }
    case 'state': {
      const caseId = args.positional[0];
      const asOf = str(args.flags, '--as-of');
      if (!caseId || !asOf) throw new AuditInputError('usage', 'state <caseId> --as-of <ISO> [--known]');
      const result = await service.state(caseId, asOf, args.flags.has('--known') ? 'known' : 'true');
      out(JSON.stringify(result, null, 2));
      return 0;
    }
    case 'verify': {
      const r = await service.verify({ caseId: str(args.flags, '--case'), streamId: str(args.flags, '--stream') });
      print(r, () => fmtVerify(r));
      return r.ok ? 0 : 2;
    }
    case 'checkpoint': {
      const cp = await service.checkpoint();
      const file = str(args.flags, '--export');
      if (file) writeFileSync(file, JSON.stringify(cp, null, 2) + '\n', 'utf8');
      out(JSON.stringify(cp, null, 2));
      return 0;
    }
    case 'compare-checkpoint': {
      const file = args.positional[0];
      if (!file) throw new AuditInputError('usage', 'compare-checkpoint <file>');
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (!isCheckpoint(parsed)) throw new AuditInputError('bad_checkpoint', `${file} is not an exported checkpoint`);
      const c = await service.compareCheckpoint(parsed);
      print(c, () => fmtComparison(c));
      return c.ok ? 0 : 2;
    }
    default:
      out(USAGE);
      return args.command === undefined || args.command === 'help' || args.command === '--help' ? 0 : 1;
  }
}

async function main(): Promise<number> {
  const env = process.env;
  const schema = env.EVENTSTORE_SCHEMA || 'eventstore';
  let pool: Pool | undefined;
  let store: EventStore;
  if (env.EVENT_STORE === 'eventstoredb') {
    if (!env.EVENTSTORE_CONNECTION_STRING) throw new AuditInputError('usage', 'EVENTSTORE_CONNECTION_STRING is required with EVENT_STORE=eventstoredb');
    store = new EventStoreDbEventStore({ connectionString: env.EVENTSTORE_CONNECTION_STRING });
  } else {
    pool = new Pool({ connectionString: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/social_assistance', max: 2 });
    store = new PostgresEventStore({ pool, schema });
  }
  // Field encryption (the deployment's key store): case events are shown decrypted, 已销毁 once shredded;
  // every case read is recorded in the key store's read log (actor AUDIT_ACTOR, purpose AUDIT_PURPOSE).
  const crypto = loadConfig(CRYPTO_CONFIG_SPEC, env);
  let keys: KeyStore | undefined;
  if (crypto.FIELD_ENCRYPTION) {
    keys = openKeyStore({ ...crypto, NODE_ENV: env.NODE_ENV, DATABASE_URL: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/social_assistance' });
  }
  const service = new AuditService({ store, pool, eventstoreSchema: schema, fields: keys?.fields ?? null });
  try {
    const argv = process.argv.slice(2);
    const caseId = argv.find((a) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a));
    if (keys && caseId && ['history', 'explain', 'state'].includes(argv[0] ?? '')) {
      await keys.readLog.record({
        actor: { id: env.AUDIT_ACTOR || env.USER || 'cli', role: 'auditor', jurisdiction: env.AUDIT_JURISDICTION || '000000' },
        subject: caseId.toLowerCase(),
        fields: ['data.**'],
        purpose: env.AUDIT_PURPOSE || '审计',
        channel: `cli audit ${argv[0]}`,
      });
    }
    return await runCli(argv, service, (s) => console.log(s));
  } finally {
    await store.close();
    await pool?.end();
    await keys?.release();
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof AuditInputError ? `错误: ${e.message}\n\n${USAGE}` : `错误: ${(e as Error).message}`);
      process.exitCode = 1;
    },
  );
}
