import { type Actor } from '@sa/auth';
import { quoteIdent } from '@sa/database';
import { ProblemException } from '@sa/errors';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { actorRef, type FollowUpPipelines } from '../commands/follow-up-pipelines';
import { checkFeedRow, FEED_TEMPLATES, type CellError, type FeedKind, type FeedRecord } from '../domain';
import { FeedFileError, readFeedFile } from './feed-file';
import type { MemberIndex, ResidentIndex } from './resident-index';

/** What an import did (the answer of POST …/data-feeds). */
export interface DataFeedImportResult {
  kind: FeedKind;
  fileName: string;
  fileDigest: string;
  format: 'csv' | 'xlsx';
  jurisdiction: string;
  rows: number;
  /** Rows whose resident ID is a member of a case not closed in the jurisdiction. */
  matchedRows: number;
  /** (row, case) pairs: one alert each. */
  matched: number;
  alertsRaised: number;
  alreadyRaised: number;
  unmatched: number;
}

/** At most this many cell errors are listed (the count says how many there were). */
const MAX_LISTED_ERRORS = 200;

const problem = (status: number, code: string, detail: string, field: string, extra: Record<string, unknown> = {}) =>
  new ProblemException(status, { type: `urn:sa:problem:rule:${code}`, title: detail, detail, code, errors: [{ field, message: detail }], ...extra });

/** A UUID (version-5 layout) from a SHA-256 of the text: the same alert always gets the same id. */
export function stableUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The checked records of a file, or the errors of every bad cell (nothing is imported then). */
export function checkFeedTable(kind: FeedKind, rows: { row: number; cells: string[] }[], today: string): { records: { row: number; record: FeedRecord }[]; errors: CellError[] } {
  const template = FEED_TEMPLATES[kind];
  const errors: CellError[] = [];
  const [header, ...body] = rows;
  if (!header) return { records: [], errors: [{ row: 1, column: 1, header: '', code: 'empty_file', detail: '文件没有表头' }] };
  const columnOf = new Map<string, { column: number; header: string }>();
  header.cells.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') return;
    const col = template.columns.find((c) => c.key === name || c.label === name);
    if (!col) errors.push({ row: header.row, column: i + 1, header: name, code: 'unknown_column', detail: `未知列「${name}」（${template.title}模板：${template.columns.map((c) => c.label).join('、')}）` });
    else if (columnOf.has(col.key)) errors.push({ row: header.row, column: i + 1, header: name, code: 'duplicate_column', detail: `列「${col.label}」重复` });
    else columnOf.set(col.key, { column: i + 1, header: name });
  });
  for (const col of template.columns) {
    if (col.required && !columnOf.has(col.key)) errors.push({ row: header.row, column: 0, header: col.label, code: 'missing_column', detail: `缺少必填列「${col.label}」` });
  }
  if (errors.length > 0) return { records: [], errors };
  if (body.length === 0) return { records: [], errors: [{ row: header.row + 1, column: 1, header: '', code: 'no_rows', detail: '文件没有数据行' }] };
  const records: { row: number; record: FeedRecord }[] = [];
  for (const r of body) {
    const cells = new Map<string, { column: number; header: string; value: string }>();
    for (const [key, at] of columnOf) cells.set(key, { ...at, value: r.cells[at.column - 1] ?? '' });
    const checked = checkFeedRow(kind, r.row, cells, today);
    if (checked.record) records.push({ row: r.row, record: checked.record });
    else errors.push(...checked.errors);
  }
  return { records, errors };
}

/**
 * 数据比对导入: a department's file (CSV or .xlsx) of one feed kind, checked whole (any bad cell →
 * 422 listing row and column of each, nothing imported), matched by the resident-ID blind index to
 * the members of cases not closed in the caller's jurisdiction, one RaiseDataAlert per (row, case) on
 * the case's follow-up stream. The alert id derives from the file digest, row and case: importing
 * the same file again raises nothing and reports the alerts as already raised.
 */
export class DataFeedImporter {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly commands: FollowUpPipelines,
    private readonly residents: ResidentIndex,
    private readonly members: MemberIndex,
  ) {}

  async import(input: { kind: FeedKind; fileName: string; bytes: Buffer; jurisdiction: string; actor: Actor }): Promise<DataFeedImportResult> {
    const { kind, fileName, bytes, jurisdiction, actor } = input;
    const fileDigest = createHash('sha256').update(bytes).digest('hex');
    const { now, today } = this.commands.time();
    let table;
    try {
      table = await readFeedFile(bytes);
    } catch (e) {
      if (e instanceof FeedFileError) throw problem(422, 'data_feed_unreadable', e.message, 'file');
      throw e;
    }
    const { records, errors } = checkFeedTable(kind, table.rows, today);
    if (errors.length > 0) {
      const listed = errors.slice(0, MAX_LISTED_ERRORS);
      throw new ProblemException(422, {
        type: 'urn:sa:problem:rule:data_feed_malformed',
        title: '文件有误，未导入任何记录',
        detail: `${errors.length} cell error(s); the file was not imported`,
        code: 'data_feed_malformed',
        errorCount: errors.length,
        errors: listed.map((e) => ({ field: `file.rows[${e.row}].${e.header}`, message: e.detail, row: e.row, column: e.column, header: e.header, code: e.code })),
      });
    }
    await this.members.sync();
    const indexOf = records.map((r) => this.residents.of(r.record['residentId']!));
    const matches = await this.members.match([...new Set(indexOf)], jurisdiction);
    const byIndex = new Map<string, { case_id: string; member_id: string }[]>();
    for (const m of matches) byIndex.set(m.resident_index, [...(byIndex.get(m.resident_index) ?? []), m]);
    let matchedRows = 0;
    let matched = 0;
    let alertsRaised = 0;
    let alreadyRaised = 0;
    for (let i = 0; i < records.length; i++) {
      const hits = byIndex.get(indexOf[i]!);
      if (!hits) continue;
      matchedRows++;
      const { row, record } = records[i]!;
      for (const hit of hits) {
        matched++;
        const alertId = stableUuid(`data-alert:${fileDigest}:${row}:${hit.case_id}:${hit.member_id}`);
        const outcome = await this.commands.followUp.handle(
          hit.case_id,
          {
            type: 'RaiseDataAlert',
            data: { alertId, reviewId: stableUuid(`data-alert-review:${alertId}`), source: { kind, fileDigest, fileName, rowNumber: row }, memberId: hit.member_id, record },
          },
          { commandId: alertId, actor: actorRef(actor), reason: `数据比对：${FEED_TEMPLATES[kind].title}`, evidenceRefs: [`data-feed:${kind}:${fileDigest}#row=${row}`], now },
        );
        if (outcome.events.length > 0) alertsRaised++;
        else alreadyRaised++;
      }
    }
    const result: DataFeedImportResult = {
      kind,
      fileName,
      fileDigest,
      format: table.format,
      jurisdiction,
      rows: records.length,
      matchedRows,
      matched,
      alertsRaised,
      alreadyRaised,
      unmatched: records.length - matchedRows,
    };
    await this.pool.query(
      `INSERT INTO ${quoteIdent(this.schema)}.data_feed_imports (file_digest, kind, jurisdiction, file_name, result, imported_by, imported_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, now())`,
      [fileDigest, kind, jurisdiction, fileName, JSON.stringify(result), actor.id],
    );
    return result;
  }
}
