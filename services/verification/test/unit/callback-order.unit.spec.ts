/**
 * The platform's callbacks of one submission are recorded in the order they arrive, even when the first waits
 * longer for the read model (a COMPLETE recorded before its PARTIAL would settle the query and lose the part).
 * The recorder here only notes the order: what it records is covered by the int and e2e tests.
 */
import type { KnownSubmission, PlatformAnswerRecorder } from '../../src/platform-callbacks/answer-recorder';
import { RecordPlatformAnswerCommand, RecordPlatformAnswerHandler } from '../../src/platform-callbacks/record-platform-answer.handler';
import type { PlatformAnswer } from '../../src/platform/platform.port';

const submission = (submissionId: string): KnownSubmission => ({ submissionId, verificationId: 'v', requestId: 'r', attempt: 1, source: 'TAX', caseId: 'c', jurisdiction: '440305001001' });
const part = (submissionId: string, sequence: number, status: PlatformAnswer['status']): PlatformAnswer => ({
  answerId: `${submissionId}-${sequence}`,
  submissionId,
  source: 'TAX',
  sequence,
  status,
  answeredAt: '2025-03-04T10:00:00+08:00',
  records: [],
});
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('recording the callbacks of a submission', () => {
  it('records them in arrival order, whichever waited longest for its submission', async () => {
    const recorded: string[] = [];
    const waits: Record<number, number> = { 1: 60, 2: 30, 3: 0 };
    const recorder = {
      awaitSubmission: async (id: string) => submission(id),
      record: async (answer: PlatformAnswer) => {
        await delay(waits[answer.sequence]!);
        recorded.push(answer.answerId);
        return 'recorded' as const;
      },
    } as unknown as PlatformAnswerRecorder;
    const handler = new RecordPlatformAnswerHandler(recorder);
    const answers = await Promise.all([
      handler.execute(new RecordPlatformAnswerCommand(part('s-1', 1, 'PARTIAL'))),
      handler.execute(new RecordPlatformAnswerCommand(part('s-1', 2, 'PARTIAL'))),
      handler.execute(new RecordPlatformAnswerCommand(part('s-1', 3, 'COMPLETE'))),
      handler.execute(new RecordPlatformAnswerCommand(part('s-2', 1, 'COMPLETE'))),
    ]);
    expect(answers).toEqual([{ status: 'recorded' }, { status: 'recorded' }, { status: 'recorded' }, { status: 'recorded' }]);
    // Another submission is not held up behind s-1's parts.
    expect(recorded.indexOf('s-2-1')).toBeLessThan(recorded.indexOf('s-1-3'));
    expect(recorded.filter((id) => id.startsWith('s-1'))).toEqual(['s-1-1', 's-1-2', 's-1-3']);
  });
});
