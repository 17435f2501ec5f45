/** Case numbers and duplicate reservations on real PostgreSQL, under concurrency. */
import { randomUUID } from 'node:crypto';
import { CaseNumberAllocator } from '../src/case-numbers/case-number-allocator';
import { migrateIntakeSchema } from '../src/read-models/migrations';
import { ResidentReservations } from '../src/reservations/resident-reservations';
import { createIntakeDb } from './support/database';

let db: Awaited<ReturnType<typeof createIntakeDb>>;
let allocator: CaseNumberAllocator;
let reservations: ResidentReservations;

beforeAll(async () => {
  db = await createIntakeDb('intake_cn');
  allocator = new CaseNumberAllocator(db.pool, db.schema);
  reservations = new ResidentReservations(db.pool, db.schema);
});

afterAll(async () => {
  await db?.drop();
});

describe('case numbers', () => {
  it('are district-year-sequence, unique and without gaps under concurrent allocation', async () => {
    const caseIds = Array.from({ length: 40 }, () => randomUUID());
    const numbers = await Promise.all(caseIds.map((id) => allocator.allocate(id, '330106', 2026)));
    expect(new Set(numbers).size).toBe(40);
    expect([...numbers].sort()).toEqual(Array.from({ length: 40 }, (_, i) => `330106-2026-${String(i + 1).padStart(6, '0')}`));
  });

  it('gives a retried case the number it got the first time, even when the retries race', async () => {
    const caseId = randomUUID();
    const numbers = await Promise.all(Array.from({ length: 10 }, () => allocator.allocate(caseId, '330106', 2026)));
    expect(new Set(numbers)).toEqual(new Set(['330106-2026-000041']));
    expect(await allocator.allocate(randomUUID(), '330106', 2026)).toBe('330106-2026-000042');
  });

  it('counts each district and year on its own', async () => {
    expect(await allocator.allocate(randomUUID(), '330105', 2026)).toBe('330105-2026-000001');
    expect(await allocator.allocate(randomUUID(), '330106', 2027)).toBe('330106-2027-000001');
  });

  it('migrations are idempotent', async () => {
    expect(await migrateIntakeSchema(db.pool, db.schema)).toEqual([]);
  });
});

describe('resident reservations', () => {
  it('of concurrent applications naming the same person, exactly one holds the reservation', async () => {
    const cases = Array.from({ length: 8 }, () => randomUUID());
    const results = await Promise.all(cases.map((c) => reservations.reserve(c, ['hash-a', `own-${c}`])));
    expect(results.filter((conflicts) => conflicts.length === 0)).toHaveLength(1);
    const winner = cases[results.findIndex((c) => c.length === 0)]!;
    expect(await reservations.holderOf('hash-a')).toMatchObject({ caseId: winner });
    // the losers reserved nothing, not even their own other members (all or nothing)
    for (const c of cases.filter((x) => x !== winner)) expect(await reservations.hashesOf(c)).toEqual([]);
  });

  it('names the other case number in a conflict, and frees the person once released', async () => {
    const holder = randomUUID();
    const number = await allocator.allocate(holder, '330106', 2026);
    expect(await reservations.reserve(holder, ['hash-b'])).toEqual([]);
    const other = randomUUID();
    expect(await reservations.reserve(other, ['hash-b'])).toEqual([
      expect.objectContaining({ residentIdHash: 'hash-b', caseId: holder, caseNumber: number }),
    ]);
    await reservations.release(holder);
    expect(await reservations.reserve(other, ['hash-b'])).toEqual([]);
  });

  it('a case may re-reserve what it already holds (retries)', async () => {
    const c = randomUUID();
    expect(await reservations.reserve(c, ['hash-c'])).toEqual([]);
    expect(await reservations.reserve(c, ['hash-c'])).toEqual([]);
  });
});
