import { Injectable } from '@nestjs/common';
import type { Actor } from '@sa/auth';
import { ProblemException } from '@sa/errors';
import { uuidV5, WrongExpectedRevisionError } from '@sa/eventstore';
import { checkPublishable, EligibilityPipelines } from '../commands/eligibility-pipelines';
import { createReviewCaseDecider, EligibilityError, initialReviewCaseState, readCaseloadLedger, type LedgerError, type MigratedHousehold, type MigrateCase } from '../domain';
import { readLedgerFile } from './ledger-file';

/** Namespace of the ids a caseload import derives (case, member, decision, command). */
export const CASE_IMPORT_NAMESPACE = '8d0b6a4e-3c1f-5e7a-9b2d-4f6a8c0e1b3d';

/** Households imported at once (each its own stream and transaction). */
const IMPORT_CONCURRENCY = 8;

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

/** The command for one household of a read ledger. */
export function migrateCommand(h: MigratedHousehold, source: { importId: string; fileName: string; fileDigest: string }, actor: { id: string; role: string; jurisdiction: string }, today: string): MigrateCase {
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
      subsistenceStandardFen: h.subsistenceStandardFen,
      perCapitaMonthlyIncomeFen: h.perCapitaIncomeFen,
      membersCovered: h.members.filter((m) => m.covered).map((m) => ({ memberId: m.memberId, name: m.name })),
      recipient: { memberId: head.memberId, name: head.name, bankAccountRef: `bank-account:ledger:${h.accountNumber}`, bankAccountMasked: maskAccount(h.accountNumber) },
      actor,
      on: today,
    },
  };
}

/**
 * Caseload import: reads the spooled file as a stream (CSV or .xlsx, by its bytes), validates every row, and refuses
 * a file with any error whole (422, every error's row and column). A good file creates one case per
 * household whose history starts with `CaseMigrated` (the file's SHA-256, name and rows). Ids derive
 * from the household (division + 户编号), so a second import of the file, or of a household already
 * migrated, records nothing.
 */
@Injectable()
export class CaseImportService {
  constructor(private readonly pipelines: EligibilityPipelines) {}

  async import(file: SpooledLedger, fileName: string, actor: Actor): Promise<CaseImportResult> {
    const fileDigest = file.digest;
    const importId = uuidV5(`caseload-import/${fileDigest}`, CASE_IMPORT_NAMESPACE);
    const { format, rows } = await readLedgerFile(file.path);
    const today = this.pipelines.today();
    const { households, errors } = readCaseloadLedger(rows, { jurisdiction: actor.jurisdiction, idFor: (name) => uuidV5(name, CASE_IMPORT_NAMESPACE), today });
    if (errors.length > 0) throw ledgerProblem(errors, fileName);
    const by = { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction };
    const source = { importId, fileName, fileDigest };
    // All or nothing: every household is decided and its public event checked before the first append.
    const decider = createReviewCaseDecider({ calendar: this.pipelines.calendar });
    const probe = { correlationId: importId, causationId: importId, actor: by, occurredAt: this.pipelines.now() };
    const refused: LedgerError[] = [];
    for (const h of households) {
      try {
        checkPublishable(decider.decide(migrateCommand(h, source, by, today), initialReviewCaseState), probe);
      } catch (e) {
        if (!(e instanceof EligibilityError)) throw e;
        refused.push({ row: h.rows[0]!, column: '(整户)', message: `户编号 ${h.householdKey}：${e.message}` });
      }
    }
    if (refused.length > 0) throw ledgerProblem(refused, fileName);
    // Households in parallel (a few at a time; each one stream). A household imported before is
    // recognised by its command id (nothing written), or refused by the decider (case_already_exists).
    const cases: CaseImportResult['cases'] = new Array(households.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < households.length; i = next++) {
        const h = households[i]!;
        let created = true;
        try {
          const outcome = await this.pipelines.reviewCase.handle(h.caseId, migrateCommand(h, source, by, today), {
            actor: by,
            commandId: uuidV5(`${h.caseId}/migrate`, CASE_IMPORT_NAMESPACE),
            reason: `存量台账迁入：${fileName}`,
            evidenceRefs: [`caseload-import:${fileDigest}#rows=${h.rows.join(',')}`],
          });
          created = outcome.written; // an already-recorded command (same household, same id) is not re-decided
        } catch (e) {
          if (!(e instanceof EligibilityError && e.code === 'case_already_exists') && !(e instanceof WrongExpectedRevisionError)) throw e;
          created = false;
        }
        cases[i] = { caseId: h.caseId, householdKey: h.householdKey, rows: h.rows, created };
      }
    };
    await Promise.all(Array.from({ length: Math.min(IMPORT_CONCURRENCY, households.length) }, worker));
    const created = cases.filter((c) => c.created).length;
    return { importId, fileName, fileDigest, format, rows: rows.length - 1, households: households.length, created, alreadyImported: cases.length - created, cases };
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
