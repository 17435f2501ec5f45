import { processFieldEncryptor, type FieldEncryptor } from '@sa/crypto';
import { quoteIdent } from '@sa/database';
import { projection, type ProjectionDefinition, type RecordedEvent } from '@sa/eventstore';
import type { PoolClient } from 'pg';
import { getMetadataArgsStorage } from 'typeorm';
import { REVIEW_CASE_EVENT_TYPES, type ReviewCaseEvent } from '../domain';
import { HOUSEHOLD_EVENT_TYPES, projectHousehold, type HouseholdDocument } from './household.projection';
import { caseIdOfStream, projectReviewCase } from './review-case.projection';
import { ReviewCaseRow } from './review-case-row.entity';

export const REVIEW_CASE_PROJECTION = 'review-cases';

/**
 * Domain event types the case list does not show (a proposal is shown once decided; an emergency
 * advance is disbursement's). Every type of `REVIEW_CASE_EVENT_TYPES` is either projected or named
 * here (test/projected-event-types.unit.spec.ts).
 */
export const IGNORED_EVENT_TYPES: readonly ReviewCaseEvent['type'][] = ['BenefitChangeProposed', 'EmergencyAdvanceApproved', 'AppealFiled', 'AppealOutcomeRecorded'];

/** Event types that change the case list: the domain's list less the ignored ones. */
export const PROJECTED_EVENT_TYPES: readonly ReviewCaseEvent['type'][] = REVIEW_CASE_EVENT_TYPES.filter((t) => !IGNORED_EVENT_TYPES.includes(t));

/** The entity's columns (property → column name), from its TypeORM decorators. */
function columnsOf(entity: abstract new () => unknown): { property: string; column: string }[] {
  return getMetadataArgsStorage()
    .columns.filter((c) => c.target === entity)
    .map((c) => ({ property: c.propertyName, column: c.options.name ?? c.propertyName }));
}

/** Associated data of a sealed household document: bound to the table and the case. */
export function householdContext(caseId: string): string {
  return `eligibility.review_case_households:${caseId.toLowerCase()}`;
}

/** Opens a sealed household document (names and resident IDs; 已销毁 once the case is shredded). */
export async function openHousehold(doc: HouseholdDocument, caseId: string, fields: FieldEncryptor | null | undefined): Promise<HouseholdDocument> {
  return fields ? (await fields.decrypt(doc, householdContext(caseId))).value : doc;
}

/**
 * The case list (`review_cases`, the `ReviewCaseRow` entity) as a projection run by the service's
 * `ProjectionProcessor`: per batch, the rows of the cases concerned are read (locked), each event folded
 * in with the pure `projectReviewCase`, and the rows written back — in the processor's transaction.
 */
export function reviewCaseProjection(schema: string, fieldEncryptor?: FieldEncryptor | null): ProjectionDefinition {
  const table = `${quoteIdent(schema)}.review_cases`;
  const households = `${quoteIdent(schema)}.review_case_households`;
  const encryptor = () => (fieldEncryptor === undefined ? processFieldEncryptor() : (fieldEncryptor ?? undefined));
  const columns = columnsOf(ReviewCaseRow);
  const names = columns.map((c) => quoteIdent(c.column));
  const upsert = `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
    ON CONFLICT (case_id) DO UPDATE SET ${names.filter((n) => n !== '"case_id"').map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`;

  async function load(tx: PoolClient, caseIds: string[]): Promise<Map<string, ReviewCaseRow>> {
    const { rows } = await tx.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE case_id = ANY($1::uuid[]) FOR UPDATE`, [caseIds]);
    const found = new Map<string, ReviewCaseRow>();
    for (const { row } of rows) {
      const entity = new ReviewCaseRow() as unknown as Record<string, unknown>;
      for (const c of columns) entity[c.property] = row[c.column] ?? null;
      const r = entity as unknown as ReviewCaseRow;
      r.updatedAt = new Date(row['updated_at'] as string);
      found.set(r.caseId, r);
    }
    return found;
  }

  /** The households ledger's documents (sealed), in the same transaction as the case list. */
  async function projectHouseholds(tx: PoolClient, events: readonly RecordedEvent[]): Promise<void> {
    const relevant = events.filter((e) => (HOUSEHOLD_EVENT_TYPES as readonly string[]).includes(e.type));
    if (relevant.length === 0) return;
    const fields = encryptor();
    const caseIds = [...new Set(relevant.map((e) => caseIdOfStream(e.streamId)))];
    const { rows } = await tx.query<{ case_id: string; household: HouseholdDocument; revision: number }>(
      `SELECT case_id, household, revision FROM ${households} WHERE case_id = ANY($1::uuid[]) FOR UPDATE`,
      [caseIds],
    );
    const current = new Map<string, { doc: HouseholdDocument | null; revision: number; sealed: HouseholdDocument | null; recordedAt?: Date }>();
    for (const r of rows) current.set(r.case_id, { doc: null, sealed: r.household, revision: r.revision });
    const changed = new Set<string>();
    for (const event of relevant) {
      const caseId = caseIdOfStream(event.streamId);
      const entry = current.get(caseId) ?? { doc: null, sealed: null, revision: -1 };
      if (entry.revision >= event.revision) continue; // already applied
      if (entry.doc === null && entry.sealed !== null) entry.doc = await openHousehold(entry.sealed, caseId, fields);
      const next = projectHousehold(entry.doc, event);
      if (next === undefined) continue;
      current.set(caseId, { doc: next, sealed: null, revision: event.revision, recordedAt: event.recordedAt });
      changed.add(caseId);
    }
    for (const caseId of changed) {
      const { doc, revision, recordedAt } = current.get(caseId)!;
      const sealed = fields ? await fields.encrypt(doc, caseId, householdContext(caseId)) : doc;
      // updated_at is the event's recording time, never the clock: a rebuild yields the same rows.
      await tx.query(
        `INSERT INTO ${households} (case_id, household, revision, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id) DO UPDATE SET household = EXCLUDED.household, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at`,
        [caseId, JSON.stringify(sealed), revision, recordedAt],
      );
    }
  }

  return projection({
    name: REVIEW_CASE_PROJECTION,
    canHandle: PROJECTED_EVENT_TYPES,
    streamCategories: ['reviewCase'],
    tables: ['review_cases', 'review_case_households'],
    async handle(events: readonly RecordedEvent[], tx: PoolClient) {
      const rows = await load(tx, [...new Set(events.map((e) => caseIdOfStream(e.streamId)))]);
      const changed = new Set<string>();
      for (const event of events) {
        const caseId = caseIdOfStream(event.streamId);
        const current = rows.get(caseId) ?? null;
        if (current && current.revision >= event.revision) continue; // already applied
        rows.set(caseId, projectReviewCase(current, event));
        changed.add(caseId);
      }
      for (const caseId of changed) {
        const row = rows.get(caseId)! as unknown as Record<string, unknown>;
        await tx.query(upsert, columns.map((c) => row[c.property] ?? null));
      }
      await projectHouseholds(tx, events);
    },
  });
}

/** Every projection of the eligibility service (`npm run projections -- rebuild eligibility`). */
export const eligibilityProjections = (schema: string, fields?: FieldEncryptor | null): ProjectionDefinition[] => [reviewCaseProjection(schema, fields)];
