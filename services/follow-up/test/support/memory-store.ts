import { StreamNotFoundError, type EventStore, type NewEvent, type RecordedEvent } from '@sa/eventstore';

/** Just enough of the EventStore port for unit tests of the application shell (read and append a stream). */
export function memoryStore(): EventStore & { streams: Map<string, RecordedEvent[]> } {
  const streams = new Map<string, RecordedEvent[]>();
  let global = 0n;
  return {
    streams,
    async readStream(streamId: string, o: { maxCount?: number } = {}) {
      const events = streams.get(streamId);
      if (!events) throw new StreamNotFoundError(streamId);
      return events.slice(0, o.maxCount ?? events.length);
    },
    async appendToStream(streamId: string, events: NewEvent[]) {
      const stream = streams.get(streamId) ?? [];
      for (const e of events) {
        global++;
        stream.push({ ...e, streamId, revision: stream.length, position: { commit: global, prepare: global }, recordedAt: new Date(), prevHash: null, hash: '' } as RecordedEvent);
      }
      streams.set(streamId, stream);
      return { nextExpectedRevision: stream.length - 1, position: stream[stream.length - 1]!.position, written: true };
    },
  } as unknown as EventStore & { streams: Map<string, RecordedEvent[]> };
}
