import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import type { KeyStore } from '@sa/crypto';
import { ProblemException } from '@sa/errors';
import { eventIdFor, uuidV5, WrongExpectedRevisionError, type BatchAppendItem } from '@sa/eventstore';
import { KEY_STORE } from '@sa/platform';
import { checkPublishable, EligibilityPipelines } from '../commands/eligibility-pipelines';
import {
  CaseloadHouseholdAssembler,
  CaseloadLedgerChecker,
  createReviewCaseDecider,
  EligibilityError,
  initialReviewCaseState,
  type LedgerError,
  type LedgerOptions,
  type MigratedHousehold,
  type MigrateCase,
} from '../domain';
import { ledgerFormatOf, ledgerRowsOf } from './ledger-file';

/** Namespace of the ids a caseload import derives (case, member, decision, command). */
export const CASE_IMPORT_NAMESPACE = '8d0b6a4e-3c1f-5e7a-9b2d-4f6a8c0e1b3d';

/** Households (streams) per `appendBatch`: one transaction each; the next batch is built while one is written. */
export const IMPORT_APPEND_BATCH = 500;

export interface CaseImportResult {
  importId: string;
  fileName: string;
  fileDigest: string;
  format: 'csv' | 'xlsx';
  rows: number;
  households: number;
  /** Cases created by this request. */
  created: number;
  /** Households whose case already exists (an earlier import of the same household): nothing recorded. */
  alreadyImported: number;
  cases: { caseId: string; householdKey: string; rows: number[]; created: boolean }[];
}

/** An uploaded ledger spooled to a file (never held in memory whole), with its SHA-256 and size. */
export interface SpooledLedger {
  path: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  digest: string;
}

export function maskAccount(digits: string): string {
  return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
}

/** The command for one household of a read ledger (`{ type, data }`; `EligibilityPipelines.reviewCase` gives it its metadata). */
export function migrateCommand(h: MigratedHousehold, source: { importId: string; fileName: string; fileDigest: string }): Omit<MigrateCase, 'metadata'> {
  const head = h.members.find((m) => m.memberId === h.headMemberId)!;
  return {
    type: 'MigrateCase',
    data: {
      caseId: h.caseId,
      caseNumber: h.householdKey,
      program: h.program,
      jurisdiction: h.jurisdiction,
      source: { ...source, rows: h.rows },
      household: { applicantMemberId: h.headMemberId, members: h.members.map(({ covered: _c, row: _r, ...m }) => m) },
      decisionId: uuidV5(`${h.caseId}/migrated-decision`, CASE_IMPORT_NAMESPACE),
      decidedOn: h.approvedOn,
      startMonth: h.firstMonth,
      monthlyAmountFen: h.monthlyAmountFen,
      ...(h.selfCareLevel ? { selfCareLevel: h.selfCareLevel } : {}),
      ...(h.supplyMode ? { supplyMode: h.supplyMode } : {}),
      subsistenceStandardFen: h.subsistenceStandardFen,
      perCapitaMonthlyIncomeFen: h.perCapitaIncomeFen,
      membersCovered: h.members.filter((m) => m.covered).map((m) => ({ memberId: m.memberId, name: m.name })),
      recipient: { memberId: head.memberId, name: head.name, bankAccountRef: `bank-account:ledger:${h.accountNumber}`, bankAccountMasked: maskAccount(h.accountNumber) },
    },
  };
}

/**
 * Caseload import: reads the spooled file as a stream (CSV or .xlsx, by its bytes) in passes, never
 * holding the rows: pass 1 checks every row (the errors kept, per household only row numbers and codes);
 * a file with any error is refused whole (422, every error's row and column) before anything is written.
 * Pass 2 assembles each household (as its last row is read) and decides it, checking its public event,
 * still writing nothing: all or nothing. Pass 3 assembles and decides again and appends the households
 * in batches (`appendBatch`, one transaction per IMPORT_APPEND_BATCH streams). A good file creates one
 * case per household whose history starts with `CaseMigrated` (the file's SHA-256, name and rows). Ids
 * derive from the household (division + 户编号), so a second import of the file, or of a household
 * already migrated, records nothing.
 */
@Injectable()
export class CaseImportService {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    @Optional() @Inject(KEY_STORE) private readonly keys: KeyStore | null = null,
  ) {}

  async import(file: SpooledLedger, fileName: string, actor: Actor): Promise<CaseImportResult> {
    const fileDigest = file.digest;
    const importId = uuidV5(`caseload-import/${fileDigest}`, CASE_IMPORT_NAMESPACE);
    const format = await ledgerFormatOf(file.path);
    const { now, today } = this.pipelines.time();
    const options: LedgerOptions = { jurisdiction: actor.jurisdiction, idFor: (name) => uuidV5(name, CASE_IMPORT_NAMESPACE), today };

    // Pass 1: every row checked; errors kept, rows not.
    const checker = new CaseloadLedgerChecker(options);
    let lastRow = 0;
    let headerOk = false;
    for await (const { row, cells } of ledgerRowsOf(file.path, format)) {
      if (lastRow === 0) {
        headerOk = checker.header(row === 1 ? cells : []);
        if (!headerOk) break;
      }
      if (row > 1) checker.row(row, cells);
      lastRow = row;
    }
    if (lastRow === 0) checker.header([]);
    const { errors, rowsOf } = checker.finish();
    if (errors.length > 0) throw ledgerProblem(errors, fileName);

    const by = { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction };
    const source = { importId, fileName, fileDigest };
    const decider = createReviewCaseDecider({ calendar: this.pipelines.calendar });
    const households = (): AsyncGenerator<MigratedHousehold> => this.households(file.path, format, options, rowsOf);

    // Pass 2: all or nothing — every household is decided and its public event checked before the first append.
    const probe = { correlationId: importId, causationId: importId, actor: by, occurredAt: this.pipelines.now() };
    const commandOf = (h: MigratedHousehold): MigrateCase => this.pipelines.reviewCase.command(migrateCommand(h, source), by, now) as MigrateCase;
    const refused: LedgerError[] = [];
    for await (const h of households()) {
      try {
        checkPublishable(decider.decide(commandOf(h), initialReviewCaseState), probe);
      } catch (e) {
        if (!(e instanceof EligibilityError)) throw e;
        refused.push({ row: h.rows[0]!, column: '(整户)', message: `户编号 ${h.householdKey}：${e.message}` });
      }
    }
    if (refused.length > 0) throw ledgerProblem(refused.sort((a, b) => a.row - b.row), fileName);

    // Pass 3: appended in batches, each household a new stream (`no_stream`) with event ids from its command id,
    // so a household recorded before answers written: false (nothing written).
    const cases: CaseImportResult['cases'] = [];
    let batch: { h: MigratedHousehold; command: MigrateCase; commandId: string; item: BatchAppendItem }[] = [];
    let writing: Promise<void> = Promise.resolve();
    const flush = () => {
      const chunk = batch;
      batch = [];
      const previous = writing;
      writing = (async () => {
        await previous;
        if (chunk.length > 0) cases.push(...(await this.append(chunk, fileName, fileDigest, by)));
      })();
      writing.catch(() => undefined); // awaited below (or the import failed already): no unhandled rejection
      return previous; // the batch before this one is written: build the next while this one is
    };
    for await (const h of households()) {
      const command = commandOf(h);
      const commandId = uuidV5(`${h.caseId}/migrate`, CASE_IMPORT_NAMESPACE);
      const events = decider.decide(command, initialReviewCaseState);
      const metadata = this.pipelines.reviewCase.metadata(h.caseId, commandId, { actor: by, ...this.provenance(h, fileName, fileDigest) });
      checkPublishable(events, metadata);
      batch.push({
        h,
        command,
        commandId,
        item: {
          streamId: `reviewCase-${h.caseId}`,
          expectedRevision: 'no_stream',
          events: events.map((e, i) => ({ eventId: eventIdFor(commandId, i), type: e.type, schemaVersion: 1, data: e.data, metadata })),
        },
      });
      if (batch.length >= IMPORT_APPEND_BATCH) await flush();
    }
    await flush();
    await writing;
    cases.sort((a, b) => a.rows[0]! - b.rows[0]!);
    const created = cases.filter((c) => c.created).length;
    return { importId, fileName, fileDigest, format, rows: Math.max(0, lastRow - 1), households: cases.length, created, alreadyImported: cases.length - created, cases };
  }

  private provenance(h: MigratedHousehold, fileName: string, fileDigest: string) {
    return { reason: `存量台账迁入：${fileName}`, evidenceRefs: [`caseload-import:${fileDigest}#rows=${h.rows.join(',')}`] };
  }

  /** Pass 2 and 3: the households of a checked file, each as its last row is read. */
  private async *households(path: string, format: 'csv' | 'xlsx', options: LedgerOptions, rowsOf: ReadonlyMap<string, number>): AsyncGenerator<MigratedHousehold> {
    const assembler = new CaseloadHouseholdAssembler(options, rowsOf);
    for await (const { row, cells } of ledgerRowsOf(path, format)) {
      if (row === 1) assembler.header(cells);
      else {
        const h = assembler.row(row, cells);
        if (h) yield h;
      }
    }
  }

  /**
   * One batch of households in one `appendBatch`. When a stream of the batch moved meanwhile (a case created
   * by another request), the batch is written one household at a time through the command pipeline: a
   * household recorded before is recognised by its command id or refused by the decider (case_already_exists).
   */
  private async append(
    chunk: { h: MigratedHousehold; command: MigrateCase; commandId: string; item: BatchAppendItem }[],
    fileName: string,
    fileDigest: string,
    by: { id: string; role: string; jurisdiction: string },
  ): Promise<CaseImportResult['cases']> {
    const out = (h: MigratedHousehold, created: boolean) => ({ caseId: h.caseId, householdKey: h.householdKey, rows: h.rows, created });
    // The new cases' data keys created together (grouped create-or-get statements of up to 500) before the
    // batch is sealed: the event store seals a batch's streams one after the other, which would otherwise
    // create one key per statement. A subject whose key was destroyed is the sealing's to report.
    if (this.keys) await Promise.all(chunk.map((c) => this.keys!.dataKeys.keyFor(c.h.caseId).catch(() => undefined)));
    try {
      const written = await this.pipelines.store.appendBatch(chunk.map((c) => c.item));
      return chunk.map((c, i) => out(c.h, written[i]!.written));
    } catch (e) {
      if (!(e instanceof WrongExpectedRevisionError)) throw e;
    }
    const cases: CaseImportResult['cases'] = [];
    for (const { h, command, commandId } of chunk) {
      let created = true;
      try {
        const outcome = await this.pipelines.reviewCase.handle(h.caseId, command, { actor: by, now: command.metadata.now, commandId, ...this.provenance(h, fileName, fileDigest) });
        created = outcome.written; // an already-recorded command (same household, same id) is not re-decided
      } catch (e) {
        if (!(e instanceof EligibilityError && e.code === 'case_already_exists') && !(e instanceof WrongExpectedRevisionError)) throw e;
        created = false;
      }
      cases.push(out(h, created));
    }
    return cases;
  }
}

/** 422 problem+json naming every error's row and column (`field`: `row <n>: <column>`). */
export function ledgerProblem(errors: LedgerError[], fileName: string): ProblemException {
  return new ProblemException(422, {
    type: 'urn:sa:problem:rule:caseload_ledger_invalid',
    title: 'The ledger has errors; nothing was imported',
    detail: `${fileName}: ${errors.length} error(s); the file is refused whole`,
    code: 'caseload_ledger_invalid',
    errors: errors.map((e) => ({ field: `row ${e.row}: ${e.column}`, row: e.row, column: e.column, message: e.message })),
  });
}
