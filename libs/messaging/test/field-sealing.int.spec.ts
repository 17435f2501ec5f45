/**
 * Issue 18 between services: an integration event's own free-text fields (PERSONAL_EVENT_FIELDS) and a text
 * `metadata.reason` travel sealed — in the payload and in the CloudEvents header `ce_reason` — pass the contracts
 * in that form, and are opened by a consumer holding the key store; a code reason stays in clear; after shredding
 * they read 已销毁.
 */
import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIntegrationEvent, decodeKafkaMessage, EXAMPLE_EVENT_DATA, exampleMetadata, toKafkaMessage } from '@sa/contracts';
import { DataKeys, FieldEncryptor, isCiphertext, LocalKeyring, SHREDDED } from '@sa/crypto';
import { createPgFixture, randomSchema, type PgFixture } from '../../eventstore/test/pg-test-utils';
import { openIntegrationEvent, sealIntegrationEvent } from '../src';

describe('integration events: free text sealed by event type and in ce_reason (PostgreSQL key store)', () => {
  let pg: PgFixture;
  let fields: FieldEncryptor;

  beforeAll(async () => {
    pg = await createPgFixture();
    const keys = new DataKeys(pg.pool, new LocalKeyring(join(mkdtempSync(join(tmpdir(), 'sa-kr-')), 'keyring.json')), { schema: randomSchema('crypto_ie') });
    fields = new FieldEncryptor(keys);
  });
  afterAll(async () => pg?.teardown());

  it('EmergencyAdvanceApproved: reason and metadata.reason sealed on the wire, valid, opened by the consumer, 已销毁 after shredding', async () => {
    const caseId = randomUUID();
    const words = '核查记录TXT-W9E4 户主突发脑溢血住院';
    const event = createIntegrationEvent('EmergencyAdvanceApproved', { ...EXAMPLE_EVENT_DATA.EmergencyAdvanceApproved, caseId, reason: words }, {
      id: randomUUID(),
      time: '2026-03-05T08:30:00+08:00',
      metadata: { ...exampleMetadata('EmergencyAdvanceApproved'), correlationId: caseId, reason: words },
    });
    const sealed = await sealIntegrationEvent(event, fields);
    expect(isCiphertext(sealed.data.reason)).toBe(true);
    expect(isCiphertext(sealed.metadata.reason)).toBe(true);
    const message = toKafkaMessage(sealed);
    const wire = JSON.stringify({ value: message.value?.toString(), headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])) });
    for (const needle of ['TXT-W9E4', '脑溢血']) expect(wire).not.toContain(needle);
    // a consumer: decoded (contracts accept the ciphertext in data.reason and in ce_reason), then opened
    const decoded = decodeKafkaMessage(message);
    expect(decoded).toMatchObject({ ok: true });
    if (!decoded.ok) return;
    const opened = await openIntegrationEvent(decoded.event, fields);
    expect((opened.data as { reason: string }).reason).toBe(words);
    expect(opened.metadata.reason).toBe(words);
    await fields.keys.shred(caseId, 'retention period ended');
    const after = await openIntegrationEvent(decoded.event, fields);
    expect((after.data as { reason: string }).reason).toBe(SHREDDED);
    expect(after.metadata.reason).toBe(SHREDDED);
    expect((after.data as { amountFen: number }).amountFen).toBe(event.data.amountFen);
  });

  it('a code reason and the same name in another event type stay in clear', async () => {
    const caseId = randomUUID();
    const event = createIntegrationEvent('AssistanceExited', { ...EXAMPLE_EVENT_DATA.AssistanceExited, caseId }, {
      id: randomUUID(),
      time: '2026-03-05T08:30:00+08:00',
      metadata: { ...exampleMetadata('AssistanceExited'), correlationId: caseId, reason: 'TAPER_ENDED' },
    });
    const sealed = await sealIntegrationEvent(event, fields);
    expect(sealed.data.reason).toBe(event.data.reason);
    expect(sealed.metadata.reason).toBe('TAPER_ENDED');
    expect(isCiphertext(sealed.data.finalNote)).toBe(true); // a personal name still sealed
  });
});
