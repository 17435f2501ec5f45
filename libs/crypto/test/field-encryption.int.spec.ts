import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIPHERTEXT_PATTERN } from '@sa/contracts';
import { createPgFixture, randomSchema, type PgFixture } from '../../eventstore/test/pg-test-utils';
import { DataKeys, encryptString, FieldEncryptor, LocalKeyring, SHREDDED, subjectOfCaseLine, UNREADABLE } from '../src';

/** Format 3 (compact): a document's personal fields sealed as ONE ciphertext; format-1 and format-2 documents stay readable. */
describe('FieldEncryptor: one compact ciphertext per document (format 3), formats 1 and 2 still read (PostgreSQL key store)', () => {
  let pg: PgFixture;
  let keys: DataKeys;
  const caseId = 'c0a80101-0000-4000-8000-0000000000f2';
  const doc = {
    caseId,
    household: {
      address: '杭州市西湖区北山街道某社区1幢1单元101室',
      phone: '13912345678',
      members: [
        { name: '王小明', residentId: '110101199003077777', relation: 'APPLICANT', severeIllness: { condition: '尿毒症' } },
        { name: '李娜', residentId: '11010119920101002X', relation: 'SPOUSE' },
      ],
    },
    bankAccount: { accountNumber: '6228480402564890018', holderName: '王小明' },
    monthlyFen: 130000,
  };
  const CLEAR = ['13912345678', '王小明', '李娜', '110101199003077777', '11010119920101002X', '6228480402564890018', '尿毒症', '北山街道'];

  beforeAll(async () => {
    pg = await createPgFixture();
    keys = new DataKeys(pg.pool, new LocalKeyring(join(mkdtempSync(join(tmpdir(), 'sa-kr-')), 'keyring.json')), { schema: randomSchema('crypto_fe') });
  });
  afterAll(async () => pg?.teardown());

  for (const suite of ['s4', 'a2'] as const) {
    it(`${suite}: seals every personal field as one group plus references, keeps the rest, and reads it back`, async () => {
      const enc = new FieldEncryptor(keys, { suite });
      const sealed = await enc.encrypt(doc, caseId, 'evt-1');
      const text = JSON.stringify(sealed);
      for (const c of CLEAR) expect(text).not.toContain(c);
      expect(text.match(/"sa3\.(s4|a2)\./g)).toHaveLength(1);
      expect(text.match(/"sa3\.[A-Za-z0-9_-]{8}"/g)).toHaveLength(8);
      expect(text).not.toContain('household.members'); // no paths in the row
      expect(text.length).toBeLessThan(JSON.stringify(doc).length + 500);
      expect(sealed.monthlyFen).toBe(130000);
      expect(sealed.household.members[1]!.relation).toBe('SPOUSE');
      const pattern = new RegExp(CIPHERTEXT_PATTERN);
      for (const v of [sealed.household.address, sealed.household.phone, sealed.bankAccount.accountNumber]) expect(v).toMatch(pattern);
      // jsonb reorders object keys: the group reads the same whatever the order of the document's keys
      const reordered = JSON.parse(JSON.stringify({ monthlyFen: sealed.monthlyFen, bankAccount: { holderName: sealed.bankAccount.holderName, accountNumber: sealed.bankAccount.accountNumber }, household: sealed.household, caseId }));
      expect((await enc.decrypt(reordered, 'evt-1')).value).toEqual(doc);
      expect(await enc.encrypt(doc, caseId, 'evt-1')).toEqual(sealed); // deterministic: idempotent appends stay idempotent
      const opened = await enc.decrypt(sealed, 'evt-1');
      expect(opened.value).toEqual(doc);
      expect(opened.fields).toHaveLength(9);
      expect(opened.shredded).toBe(false);
    });
  }

  it('does not modify the document it seals (copy on write: only the objects that hold personal fields are copied)', async () => {
    const freeze = <T>(v: T): T => {
      if (v !== null && typeof v === 'object') for (const x of Object.values(v)) freeze(x);
      return Object.freeze(v);
    };
    const frozen = freeze(JSON.parse(JSON.stringify(doc)) as typeof doc);
    const sealed = await new FieldEncryptor(keys).encrypt(frozen, caseId, 'evt-frozen');
    expect(frozen).toEqual(doc);
    expect(sealed.household.members[0]!.relation).toBe('APPLICANT');
    expect(sealed.bankAccount).not.toBe(frozen.bankAccount);
    const plain = { caseId, other: { code: 'x' }, household: { phone: '13912345678' } };
    const sealedPlain = await new FieldEncryptor(keys).encrypt(plain, caseId, 'evt-share');
    expect(sealedPlain.other).toBe(plain.other); // untouched branches are shared
  });

  it('seals a change\'s free-text description (changes[].description), a benefit change reason\'s description and a decision\'s explanation, not a step\'s own description', async () => {
    const enc = new FieldEncryptor(keys);
    const event = {
      caseId,
      changes: [{ kind: 'HEALTH', memberId: 'm-1', description: '长子王小明确诊尿毒症，需长期透析' }],
      reason: { code: 'INCOME_INCREASED', description: '家庭收入增加' },
      step: { code: 'INCOME_INCREASED', description: '家庭收入增加' },
      explanation: [{ code: 'MEMBER_INCOME', description: '成员收入', amountFen: 150123 }],
      review: { changes: { kind: 'OTHER', description: '李娜迁出' } },
    };
    const sealed = await enc.encrypt(event, caseId, 'evt-ch');
    const text = JSON.stringify(sealed);
    for (const c of ['王小明', '尿毒症', '李娜', '150123']) expect(text).not.toContain(c);
    expect(sealed.reason.description).not.toBe('家庭收入增加'); // sealed since the free-text change (PERSONAL_NESTED_FIELDS reason)
    expect(sealed.step.description).toBe('家庭收入增加');
    expect(sealed.changes[0]!.kind).toBe('HEALTH');
    expect(sealed.changes[0]!.memberId).toBe('m-1');
    expect((await enc.decrypt(sealed, 'evt-ch')).value).toEqual(event);
  });

  it('preloadKeys: the keys of many documents in one query; decrypting them then reads no key; a shredded one still reads 已销毁', async () => {
    const enc = new FieldEncryptor(keys);
    const subjects = Array.from({ length: 5 }, (_, i) => `c0a80101-0000-4000-8000-00000000aa0${i}`);
    const sealed = await Promise.all(subjects.map((s) => enc.encrypt({ members: [{ name: `张${s.slice(-1)}`, residentId: '110101199003077777' }] }, s, `hh:${s}`)));
    await keys.shred(subjects[4]!, 'test');
    // a fresh reader: an empty cache
    const reader = new DataKeys(pg.pool, keys.keyProvider, { schema: (keys as unknown as { schema: string }).schema });
    const fresh = new FieldEncryptor(reader);
    const queries: string[] = [];
    const query = pg.pool.query.bind(pg.pool);
    (pg.pool as unknown as { query: unknown }).query = (text: unknown, ...rest: unknown[]) => (queries.push(String(text)), (query as (...a: unknown[]) => unknown)(text, ...rest));
    try {
      await fresh.preloadKeys([...sealed, null, { no: 'ciphertext' }]);
      const lookups = queries.length;
      expect(queries.filter((q) => q.includes('unnest'))).toHaveLength(1);
      const opened = await Promise.all(sealed.map((d, i) => fresh.decrypt(d, `hh:${subjects[i]}`)));
      expect(queries.length).toBe(lookups); // every key was cached by the preload
      expect(opened.map((o) => o.value.members[0]!.name)).toEqual(['张0', '张1', '张2', '张3', SHREDDED]);
    } finally {
      (pg.pool as unknown as { query: unknown }).query = query;
    }
  });

  it('refuses the group in another context; a reference copied, moved or dropped makes the group read 无法解密', async () => {
    const enc = new FieldEncryptor(keys);
    const sealed = await enc.encrypt(doc, caseId, 'evt-2');
    expect((await enc.decrypt(sealed, 'evt-3')).value.household.phone).toBe(UNREADABLE);
    const copied = { ...sealed, extra: { name: sealed.household.phone } };
    const opened = await enc.decrypt(copied, 'evt-2');
    expect(opened.value.extra.name).toBe(UNREADABLE);
    expect(opened.unreadable).toBe(true);
    expect(opened.value.household.phone).toBe(UNREADABLE);
    const { phone, ...withoutPhone } = sealed.household;
    const moved = { ...sealed, household: { ...withoutPhone, mobile: phone } };
    expect((await enc.decrypt(moved, 'evt-2')).value.household.address).toBe(UNREADABLE);
    const swapped = { ...sealed, household: { ...sealed.household, members: [sealed.household.members[1]!, sealed.household.members[0]!] } };
    expect((await enc.decrypt(swapped, 'evt-2')).value.household.members[0]!.name).toBe(UNREADABLE); // paths bound, not only their number
  });

  it('still reads format-2 documents (group with {path: value}, references with key id)', async () => {
    const { keyId, key } = await keys.keyFor(caseId);
    const group = encryptString(JSON.stringify({ 'household.phone': '13912345678', 'household.members.0.name': '王小明' }), key, keyId, 's4', 'evt-v2|*', 'sa2');
    const tag = group.slice(group.lastIndexOf('.') + 1, group.lastIndexOf('.') + 17);
    const v2 = { household: { phone: group, members: [{ name: `sa2.rf.${keyId}.${tag}`, relation: 'APPLICANT' }] } };
    expect(v2.household.members[0]!.name).toMatch(new RegExp(CIPHERTEXT_PATTERN));
    expect((await new FieldEncryptor(keys).decrypt(v2, 'evt-v2')).value).toEqual({ household: { phone: '13912345678', members: [{ name: '王小明', relation: 'APPLICANT' }] } });
  });

  it('encryptValue writes the current format (sa3); decryptValue opens it and a column sealed before (sa1)', async () => {
    const enc = new FieldEncryptor(keys);
    const sealed = await enc.encryptValue({ name: '王小明' }, caseId, 'col.name|row-1');
    expect(sealed.startsWith('sa3.s4.')).toBe(true);
    expect(sealed).toMatch(new RegExp(CIPHERTEXT_PATTERN));
    expect(await enc.decryptValue(sealed, 'col.name|row-1')).toEqual({ name: '王小明' });
    expect(await enc.decryptValue(sealed, 'col.name|row-2')).toBe(UNREADABLE);
    const { keyId, key } = await keys.keyFor(caseId);
    expect(await enc.decryptValue(encryptString(JSON.stringify('13912345678'), key, keyId, 's4', 'col.phone|row-1'), 'col.phone|row-1')).toBe('13912345678');
  });

  it('still reads format-1 documents (one ciphertext per field, events stored before)', async () => {
    const { keyId, key } = await keys.keyFor(caseId);
    const legacy = { ...doc, household: { ...doc.household, phone: encryptString(JSON.stringify('13912345678'), key, keyId, 's4', 'evt-old|household.phone') } };
    expect(legacy.household.phone.startsWith('sa1.s4.')).toBe(true);
    expect((await new FieldEncryptor(keys).decrypt(legacy, 'evt-old')).value.household.phone).toBe('13912345678');
  });

  it('encryptCached (the append path without waiting): undefined until the key is in the cache, then byte for byte what encrypt gives; a document without personal fields as it is; after shredding undefined (encrypt seals 已销毁)', async () => {
    const subject = 'c0a80101-0000-4000-8000-0000000000f9';
    const enc = new FieldEncryptor(keys);
    expect(enc.encryptCached(doc, subject, 'evt-9')).toBeUndefined(); // never keyed in this process: encrypt creates the key
    expect(enc.sealMetadataCached({ correlationId: subject, reason: '家庭收入超过标准，经入户核实' }, subject, 'evt-9')).toBeUndefined();
    const sealed = await enc.encrypt(doc, subject, 'evt-9');
    expect(enc.encryptCached(doc, subject, 'evt-9')).toEqual(sealed);
    expect(JSON.stringify(enc.encryptCached(doc, subject, 'evt-9'))).toBe(JSON.stringify(sealed));
    const noPersonal = { caseId: subject, monthlyFen: 1 };
    expect(enc.encryptCached(noPersonal, subject, 'evt-9')).toBe(noPersonal);
    const metadata = { correlationId: subject, reason: '家庭收入超过标准，经入户核实' };
    const sealedMeta = enc.sealMetadataCached(metadata, subject, 'evt-9')!;
    expect(sealedMeta.reason).toEqual(await enc.encryptValue(metadata.reason, subject, 'evt-9|metadata.reason'));
    expect(await enc.openMetadata(sealedMeta, 'evt-9')).toEqual(metadata);
    const coded = { correlationId: subject, reason: 'INCOME_ABOVE_STANDARD' };
    expect(enc.sealMetadataCached(coded, subject, 'evt-9')).toBe(coded);
    await keys.shred(subject, 'retention period ended');
    expect(enc.encryptCached(doc, subject, 'evt-10')).toBeUndefined();
    expect((await enc.encrypt(doc, subject, 'evt-10')).household.phone).toBe(SHREDDED);
  });

  it('after shredding: every field of the group and of its references reads 已销毁, and nothing new is sealed', async () => {
    const subject = 'c0a80101-0000-4000-8000-0000000000f3';
    const enc = new FieldEncryptor(keys);
    const sealed = await enc.encrypt(doc, subject, 'evt-4');
    await keys.shred(subject, 'retention period ended');
    const opened = await enc.decrypt(sealed, 'evt-4');
    expect(opened.shredded).toBe(true);
    expect(opened.value.household.members[0]!.residentId).toBe(SHREDDED);
    expect(opened.value.bankAccount.accountNumber).toBe(SHREDDED);
    expect(opened.value.monthlyFen).toBe(130000);
    const late = await enc.encrypt(doc, subject, 'evt-5');
    expect(late.household.phone).toBe(SHREDDED);
    expect(JSON.stringify(late)).not.toContain('王小明');
  });
  it("a document about several cases (a payment run's batch of lines): each line sealed under its own case's key; shredding one case reaches its line only", async () => {
    const [a, b] = ['c0a80101-0000-4000-8000-0000000000a1', 'c0a80101-0000-4000-8000-0000000000b2'];
    const run = 'c0a80101-0000-4000-8000-0000000000c3';
    const batch = {
      runId: run,
      payments: [
        { caseId: a, amountFen: 71_000, recipient: { name: '王小明', accountMasked: '****0018' } },
        { caseId: b, amountFen: 80_000, recipient: { name: '李娜', accountMasked: '****0026' } },
      ],
    };
    const enc = new FieldEncryptor(keys);
    const sealed = await enc.encrypt(batch, run, 'evt-batch', subjectOfCaseLine);
    expect(JSON.stringify(sealed)).not.toMatch(/王小明|李娜/);
    // two groups (one per case), neither under the run's key
    const groups = [sealed.payments[0]!.recipient.name, sealed.payments[1]!.recipient.name];
    expect(groups.every((g) => /^sa3\.s4\./.test(g))).toBe(true);
    expect(groups[0]).not.toBe(groups[1]);
    expect((await enc.decrypt(sealed, 'evt-batch')).value).toEqual(batch);
    await keys.shred(a, 'retention period ended');
    const opened = await enc.decrypt(sealed, 'evt-batch');
    expect(opened.value.payments[0]!.recipient.name).toBe(SHREDDED);
    expect(opened.value.payments[1]!.recipient.name).toBe('李娜');
    expect(opened.value.payments[0]!.amountFen).toBe(71_000);
  });
});
