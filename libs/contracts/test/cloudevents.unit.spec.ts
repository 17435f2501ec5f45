import {
  ContractViolationError,
  createIntegrationEvent,
  decodeKafkaMessage,
  EXAMPLE_EVENT_DATA,
  EXAMPLE_IDS,
  exampleIntegrationEvent,
  fromKafkaMessage,
  INTEGRATION_EVENT_TYPES,
  isEventOfType,
  caseIdOf,
  MalformedMessageError,
  toKafkaMessage,
  topicOf,
  type KafkaMessageLike,
  type KafkaRecord,
} from '@sa/contracts';

/** What a kafkajs consumer hands over: Buffers everywhere. */
function asConsumed(record: KafkaRecord): KafkaMessageLike {
  return {
    key: Buffer.from(record.key),
    value: Buffer.from(record.value),
    headers: Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v, 'utf8')])),
  };
}

function withHeaders(record: KafkaRecord, change: Record<string, string | undefined>): KafkaMessageLike {
  const headers: Record<string, string> = { ...record.headers };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  }
  return { key: record.key, value: record.value, headers };
}

describe('toKafkaMessage (CloudEvents 1.0, Kafka binding, binary mode)', () => {
  it('puts the data in the value, the attributes and metadata in ce_ headers, and the case id in the key', () => {
    const event = exampleIntegrationEvent('AssistanceGranted');
    const message = toKafkaMessage(event);
    expect(message.key).toBe(EXAMPLE_IDS.caseId);
    expect(JSON.parse(message.value)).toEqual(EXAMPLE_EVENT_DATA.AssistanceGranted);
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: '/social-assistance/eligibility',
      ce_type: 'sa.eligibility.AssistanceGranted',
      ce_subject: EXAMPLE_IDS.caseId,
      ce_time: '2025-04-10T15:30:00+08:00',
      ce_dataschema: 'https://schemas.social-assistance.local/eligibility/AssistanceGranted/v1.json',
      'content-type': 'application/json',
      ce_correlationid: EXAMPLE_IDS.caseId,
      ce_causationid: 'cmd-5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
      ce_actorid: 'officer-county-003',
      ce_actorrole: 'county_approver',
      ce_actorjurisdiction: '440305',
      ce_reason: '经审核确认',
      ce_evidencerefs: '["doc:visit/2025/0420","doc:notice/2025/0123"]',
      ce_policyversion: '440305-2025-01',
    });
    expect(topicOf(event)).toBe('sa.eligibility.events');
  });

  it('leaves out optional metadata headers that are not set', () => {
    const message = toKafkaMessage(exampleIntegrationEvent('ApplicationAccepted'));
    expect(Object.keys(message.headers)).not.toEqual(expect.arrayContaining(['ce_reason']));
    expect(message.headers.ce_evidencerefs).toBeUndefined();
    expect(message.headers.ce_policyversion).toBeUndefined();
  });

  it('keys a payment run by its run id', () => {
    const event = exampleIntegrationEvent('PaymentRunCompleted');
    expect(event.subject).toBe(EXAMPLE_IDS.runId);
    expect(toKafkaMessage(event).key).toBe(EXAMPLE_IDS.runId);
    expect(caseIdOf(event)).toBeNull();
    expect(caseIdOf(exampleIntegrationEvent('PaymentIssued'))).toBe(EXAMPLE_IDS.caseId);
  });
});

describe('fromKafkaMessage / decodeKafkaMessage', () => {
  it.each(INTEGRATION_EVENT_TYPES)('round-trips %s through a consumed (Buffer) message', (type) => {
    const event = exampleIntegrationEvent(type);
    const consumed = asConsumed(toKafkaMessage(event));
    expect(fromKafkaMessage(consumed)).toEqual(event);
    expect(decodeKafkaMessage(consumed)).toEqual({ ok: true, event });
  });

  it('narrows a decoded event by type', () => {
    const decoded = decodeKafkaMessage(asConsumed(toKafkaMessage(exampleIntegrationEvent('BenefitChanged'))));
    if (!decoded.ok || !isEventOfType(decoded.event, 'BenefitChanged')) throw new Error('expected BenefitChanged');
    expect(decoded.event.data.changeType).toBe('TAPER');
  });

  it('accepts content-type with a charset parameter', () => {
    const record = toKafkaMessage(exampleIntegrationEvent('PaymentIssued'));
    expect(decodeKafkaMessage(withHeaders(record, { 'content-type': 'application/json; charset=utf-8' })).ok).toBe(true);
  });

  const record = toKafkaMessage(exampleIntegrationEvent('PaymentReturned'));
  it.each<[string, KafkaMessageLike, RegExp]>([
    ['a missing ce_id', withHeaders(record, { ce_id: undefined }), /missing header ce_id/],
    ['another spec version', withHeaders(record, { ce_specversion: '0.3' }), /unsupported ce_specversion/],
    ['structured mode content type', withHeaders(record, { 'content-type': 'application/cloudevents+json' }), /unsupported content-type/],
    ['a foreign ce_type', withHeaders(record, { ce_type: 'com.example.PaymentReturned' }), /is not sa\.<context>\.<EventType>/],
    ['a source that does not match the type', withHeaders(record, { ce_source: '/social-assistance/intake' }), /does not match ce_type/],
    [
      'a dataschema of another type',
      withHeaders(record, { ce_dataschema: 'https://schemas.social-assistance.local/disbursement/PaymentIssued/v1.json' }),
      /ce_dataschema .* does not match/,
    ],
    ['a key other than the subject', { ...record, key: EXAMPLE_IDS.runId }, /differs from ce_subject/],
    ['a value that is not JSON', { ...record, value: '{"caseId":' }, /value is not JSON/],
    ['a tombstone', { ...record, value: null }, /tombstone/],
    ['a missing actor', withHeaders(record, { ce_actorrole: undefined }), /missing header ce_actorrole/],
    ['evidence refs that are not a JSON array', withHeaders(record, { ce_evidencerefs: 'doc:1' }), /ce_evidencerefs/],
    ['a duplicated header', { ...record, headers: { ...record.headers, ce_id: ['a', 'b'] } }, /appears 2 times/],
  ])('classifies %s as malformed', (_name, message, error) => {
    expect(() => fromKafkaMessage(message)).toThrow(MalformedMessageError);
    const decoded = decodeKafkaMessage(message);
    expect(decoded).toEqual({ ok: false, reason: 'malformed', error: expect.stringMatching(error) });
  });

  it('classifies bad metadata as malformed', () => {
    const decoded = decodeKafkaMessage(withHeaders(record, { ce_actorjurisdiction: '44' }));
    expect(decoded).toEqual({ ok: false, reason: 'malformed', error: '/metadata/actor/jurisdiction: has the wrong format (expected a 6, 9 or 12 digit division code)' });
  });

  it('classifies an event type of the wrong producer as malformed', () => {
    const message = withHeaders(record, {
      ce_type: 'sa.intake.PaymentReturned',
      ce_source: '/social-assistance/intake',
      ce_dataschema: 'https://schemas.social-assistance.local/intake/PaymentReturned/v1.json',
    });
    expect(decodeKafkaMessage(message)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('classifies an unknown type or version as unknown-type', () => {
    const v2 = withHeaders(record, { ce_dataschema: 'https://schemas.social-assistance.local/disbursement/PaymentReturned/v2.json' });
    expect(decodeKafkaMessage(v2)).toMatchObject({ ok: false, reason: 'unknown-type' });
    const other = withHeaders(record, {
      ce_type: 'sa.disbursement.PaymentCancelled',
      ce_dataschema: 'https://schemas.social-assistance.local/disbursement/PaymentCancelled/v1.json',
    });
    expect(decodeKafkaMessage(other)).toMatchObject({ ok: false, reason: 'unknown-type' });
  });

  it('classifies data that breaks its schema as schema-violation, with readable errors', () => {
    const data = { ...EXAMPLE_EVENT_DATA.PaymentReturned, amountFen: -130000, returnedOn: '13/05/2025' };
    const decoded = decodeKafkaMessage({ ...record, value: JSON.stringify(data) });
    expect(decoded).toEqual({
      ok: false,
      reason: 'schema-violation',
      error: '/amountFen: must be >= 1; /returnedOn: has the wrong format (expected a date YYYY-MM-DD); /returnedOn: must be a valid date',
    });
  });

  it('rejects a subject that is not the case id of the data', () => {
    const message = withHeaders({ ...record, key: EXAMPLE_IDS.runId }, { ce_subject: EXAMPLE_IDS.runId });
    expect(decodeKafkaMessage(message)).toMatchObject({ ok: false, reason: 'malformed', error: expect.stringMatching(/differs from data\.caseId/) });
  });
});

describe('createIntegrationEvent', () => {
  const metadata = {
    correlationId: EXAMPLE_IDS.caseId,
    causationId: 'cmd-1',
    actor: { id: 'officer-1', role: 'community_officer', jurisdiction: '440305001001' },
  };

  it('takes source and subject from the catalogue', () => {
    const event = createIntegrationEvent('LeadReported', EXAMPLE_EVENT_DATA.LeadReported, {
      id: '11111111-2222-4333-8444-555555555555',
      time: '2025-02-20T09:00:00+08:00',
      metadata,
    });
    expect(event).toMatchObject({ type: 'LeadReported', schemaVersion: 1, source: 'intake', subject: EXAMPLE_IDS.caseId });
  });

  it('refuses to build an event that breaks its contract', () => {
    const data = { ...EXAMPLE_EVENT_DATA.PaymentIssued, amountFen: -1 };
    expect(() => createIntegrationEvent('PaymentIssued', data, { id: 'x', time: '2025-05-10T10:00:00+08:00', metadata })).toThrow(
      ContractViolationError,
    );
    expect(() =>
      createIntegrationEvent('PaymentIssued', EXAMPLE_EVENT_DATA.PaymentIssued, {
        id: 'x',
        time: '2025-05-10T10:00:00+08:00',
        metadata: { ...metadata, actor: { ...metadata.actor, role: 'Officer' } },
      }),
    ).toThrow('/metadata/actor/role: has the wrong format');
  });
});
