/**
 * Birth dates are personal data (issue 18): `case_households.members` holds them sealed with the names and resident
 * IDs; the 特困 age-out check opens them (`membersWithBirthDates`), and once the case's key is destroyed the member is
 * left out (a `已销毁` birth date gives no 18th birthday). Real PostgreSQL, a local keyring.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataKeys, FieldEncryptor, LocalKeyring } from '@sa/crypto';
import { createPgFixture, randomSchema, type PgFixture } from '../../../libs/eventstore/test/pg-test-utils';
import { HouseholdDirectory, sealHousehold } from '../src/read-models/households';
import { migrateFollowUpSchema } from '../src/read-models/migrations';

let pg: PgFixture;
let fields: FieldEncryptor;
let schema: string;

beforeAll(async () => {
  pg = await createPgFixture();
  schema = randomSchema('fu_birth');
  await migrateFollowUpSchema(pg.pool, schema);
  fields = new FieldEncryptor(new DataKeys(pg.pool, new LocalKeyring(join(mkdtempSync(join(tmpdir(), 'sa-kr-')), 'keyring.json')), { schema: randomSchema('crypto_fu') }));
});
afterAll(async () => {
  await pg?.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pg?.teardown();
});

it('stores the birth dates sealed, opens them for the age-out check, leaves a shredded member out', async () => {
  const caseId = 'c0a80101-0000-4000-8000-0000000000f1';
  const members = [
    { memberId: 'm1', name: '赵桂兰', residentId: '330106195811230021', birthDate: '1958-11-23' },
    { memberId: 'm2', name: '赵小宇', residentId: '330106200904190013', birthDate: '2009-04-19' },
  ];
  await pg.pool.query(`INSERT INTO "${schema}".case_households (case_id, members, consents, source_event_id) VALUES ($1, $2, '[]', $3)`, [
    caseId,
    JSON.stringify(await sealHousehold(members, caseId, fields)),
    'c0a80101-0000-4000-8000-0000000000f2',
  ]);
  const { rows } = await pg.pool.query<{ m: string }>(`SELECT members::text AS m FROM "${schema}".case_households WHERE case_id = $1`, [caseId]);
  for (const clear of ['1958-11-23', '2009-04-19', '赵桂兰', '330106195811230021']) expect(rows[0]!.m).not.toContain(clear);

  const directory = new HouseholdDirectory(pg.pool, schema, fields);
  expect(await directory.membersWithBirthDates(caseId)).toEqual([
    { memberId: 'm1', name: '赵桂兰', birthDate: '1958-11-23' },
    { memberId: 'm2', name: '赵小宇', birthDate: '2009-04-19' },
  ]);
  await fields.keys.shred(caseId, 'int test: retention period ended');
  expect(await directory.membersWithBirthDates(caseId)).toEqual([]);
});
