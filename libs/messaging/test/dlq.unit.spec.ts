import { backoffDelay, DLQ_ERROR_MAX_LENGTH, readDeadLetterInfo, stripDeadLetterHeaders, toDeadLetterMessage } from '../src';

describe('dead-letter messages', () => {
  const original = {
    key: Buffer.from('case-1'),
    value: Buffer.from('{"caseId":'),
    headers: { ce_id: 'e-1', ce_type: 'sa.intake.ApplicationWithdrawn', 'x-dlq-reason': 'stale' },
  };
  const info = {
    reason: 'malformed' as const,
    error: 'value is not JSON',
    originalTopic: 'sa.intake.events',
    originalPartition: 2,
    originalOffset: '41',
    consumerGroup: 'sa-eligibility',
    attempts: 0,
    failedAt: '2025-03-04T01:30:00.000Z',
  };

  it('keeps key, value and the original headers, and adds the x-dlq-* headers', () => {
    const m = toDeadLetterMessage(original, info);
    expect(m.key).toBe(original.key);
    expect(m.value).toBe(original.value);
    expect(m.headers).toMatchObject({
      ce_id: 'e-1',
      ce_type: 'sa.intake.ApplicationWithdrawn',
      'x-dlq-reason': 'malformed',
      'x-dlq-error': 'value is not JSON',
      'x-dlq-original-topic': 'sa.intake.events',
      'x-dlq-original-partition': '2',
      'x-dlq-original-offset': '41',
      'x-dlq-consumer-group': 'sa-eligibility',
      'x-dlq-attempts': '0',
    });
    expect(readDeadLetterInfo(m.headers)).toEqual(info);
    expect(stripDeadLetterHeaders(m.headers)).toEqual({ ce_id: 'e-1', ce_type: 'sa.intake.ApplicationWithdrawn' });
  });

  it('cuts very long error texts', () => {
    const m = toDeadLetterMessage(original, { ...info, error: 'x'.repeat(10_000) });
    expect(String(m.headers!['x-dlq-error']).length).toBe(DLQ_ERROR_MAX_LENGTH + 1);
  });

  it('is not a dead letter without the x-dlq headers', () => {
    expect(readDeadLetterInfo({ ce_id: 'e-1' })).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    const o = { initialMs: 200, maxMs: 1000, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, o))).toEqual([200, 400, 800, 1000, 1000]);
  });
});
