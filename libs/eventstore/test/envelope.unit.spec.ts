import { EVENT_ID_NAMESPACE, eventIdFor, isUuid, newEvent, normalizeEventId, uuidV5, validateNewEvent } from '../src/envelope';
import type { EventMetadata } from '../src/port';

const META: EventMetadata = {
  correlationId: 'application-1',
  causationId: 'cmd-9',
  actor: { id: 'u1', role: 'community_officer', jurisdiction: '110101001001' },
  occurredAt: '2025-03-01T09:30:00+08:00',
};

describe('UUID v5 and deterministic event ids', () => {
  it('matches the RFC 4122 v5 test vector (DNS namespace, www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('matches the URL-namespace vector and accepts an upper-case namespace', () => {
    // python: uuid.uuid5(uuid.NAMESPACE_URL, 'http://www.example.com/')
    expect(uuidV5('http://www.example.com/', '6BA7B811-9DAD-11D1-80B4-00C04FD430C8')).toBe(
      'fcde3c85-2270-590f-9e7c-ee003d65e0e2',
    );
  });

  it('eventIdFor is deterministic, version 5, RFC variant, distinct per command and index', () => {
    const a0 = eventIdFor('cmd-1', 0);
    expect(eventIdFor('cmd-1', 0)).toBe(a0);
    expect(a0).toBe(uuidV5('cmd-1/0', EVENT_ID_NAMESPACE));
    expect(a0[14]).toBe('5');
    expect(['8', '9', 'a', 'b']).toContain(a0[19]);
    const ids = new Set([a0, eventIdFor('cmd-1', 1), eventIdFor('cmd-2', 0), eventIdFor('cmd-10', 0)]);
    expect(ids.size).toBe(4);
    expect(isUuid(a0)).toBe(true);
  });

  it('rejects bad input', () => {
    expect(() => eventIdFor('', 0)).toThrow(TypeError);
    expect(() => eventIdFor('c', -1)).toThrow(TypeError);
    expect(() => eventIdFor('c', 1.5)).toThrow(TypeError);
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(TypeError);
    expect(() => normalizeEventId('nope')).toThrow(TypeError);
    expect(normalizeEventId('2ED6657D-E927-568B-95E1-2665A8AEA6A2')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('newEvent builds an envelope from the command id', () => {
    const e = newEvent({ commandId: 'cmd-9', index: 2, type: 'X', data: { a: 1 }, metadata: META });
    expect(e).toEqual({ eventId: eventIdFor('cmd-9', 2), type: 'X', schemaVersion: 1, data: { a: 1 }, metadata: META });
    expect(() => validateNewEvent(e, 0)).not.toThrow();
    expect(() => validateNewEvent({ ...e, schemaVersion: 0 }, 0)).toThrow(/schemaVersion/);
    expect(() => validateNewEvent({ ...e, type: '' }, 3)).toThrow(/events\[3\]\.type/);
    expect(() => validateNewEvent({ ...e, data: undefined }, 0)).toThrow(/data/);
  });
});
