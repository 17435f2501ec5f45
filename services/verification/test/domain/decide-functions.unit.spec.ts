/**
 * Each per-command decision function of the verification decider, tested alone (given events / when the command /
 * then events), in the one command shape `{ type, data, metadata: { actor, now } }`: the time of every event comes
 * from `metadata.now`, the officer from `metadata.actor`, a manual task's due date from `data` (counted outside).
 */
import { fold, given } from '@sa/decider';
import type { Decider } from '@sa/decider';
import {
  cancelVerification,
  completeManualTask,
  fileObjection,
  openVerification,
  recordQueryFailure,
  recordSourceResult,
  recordSubmission,
  requestReverification,
  verificationDecider,
  type VerificationCommand,
  type VerificationCommandOf,
  type VerificationEvent,
  type VerificationState,
} from '../../src/domain';
import { at, CONSENTS, IDS, MEMBERS, meta, monthlyIncome, OFFICER, openCommand, PLATFORM, RETRY, rid, T0 } from '../support/household';
import { history, ofType, stateOf } from '../support/history';

/** The decider with `decide` being one per-command function only: any other command is a test error. */
function alone<T extends VerificationCommand['type']>(type: T, fn: (c: VerificationCommandOf<T>, s: VerificationState) => VerificationEvent[]): Decider<VerificationCommand, VerificationEvent, VerificationState> {
  return {
    ...verificationDecider,
    decide: (c, s) => {
      if (c.type !== type) throw new Error(`this test decides ${type} only, not ${c.type}`);
      return fn(c as VerificationCommandOf<T>, s);
    },
  };
}

/** When the events are checked in part: the function's events on the state of `past` (they must evolve). */
function decideAlone<C>(fn: (c: C, s: VerificationState) => VerificationEvent[], past: readonly VerificationEvent[], command: C): VerificationEvent[] {
  const state = stateOf(past);
  const events = fn(command, state);
  fold(verificationDecider, events, state);
  return events;
}

const submission = (requestId: string, minute: number): VerificationCommandOf<'RecordSubmission'> => ({
  type: 'RecordSubmission',
  data: { requestId, attempt: 1, submissionId: `sub-${requestId}`, answerDueAt: at(minute + 60) },
  metadata: meta(at(minute)),
});

const timeout = (requestId: string, minute: number, manualTaskDueOn: string): VerificationCommandOf<'RecordQueryFailure'> => ({
  type: 'RecordQueryFailure',
  data: { requestId, attempt: 1, failure: 'TIMEOUT', retry: { ...RETRY, maxAttempts: 1 }, manualTaskDueOn },
  metadata: meta(at(minute)),
});

const answer = (requestId: string, minute: number, records = monthlyIncome('WAGES', 150000)): VerificationCommandOf<'RecordSourceResult'> => ({
  type: 'RecordSourceResult',
  data: { requestId, resultId: `r-${requestId}`, submissionId: `sub-${requestId}`, complete: true, records, via: 'CALLBACK' },
  metadata: meta(at(minute), PLATFORM),
});

/** One member (the applicant), one source (TAX): the smallest verification. */
const small = (): VerificationCommandOf<'OpenVerification'> => {
  const open = openCommand({ members: [MEMBERS[0]!], consents: [CONSENTS[0]!], sources: ['TAX'] });
  return { ...open, data: { ...open.data } };
};
const TAX = rid('TAX');

describe('openVerification', () => {
  it('opens at metadata.now and asks the first query', () => {
    const events = decideAlone(openVerification, [], small());
    expect(events[0]).toEqual({
      type: 'VerificationOpened',
      data: { verificationId: IDS.verificationId, caseId: IDS.caseId, caseNumber: IDS.caseNumber, jurisdiction: IDS.jurisdiction, openedAt: T0 },
    });
    expect(ofType(events, 'SourceQueryRequested').map((e) => [e.data.requestId, e.data.requestedAt])).toEqual([[TAX, T0]]);
  });

  it('refuses a command without its time (metadata.now)', () => {
    const command = { ...small(), metadata: { actor: OFFICER, now: 'yesterday' } };
    given(alone('OpenVerification', openVerification), []).when(command).thenThrows('invalid_input');
  });
});

describe('requestReverification', () => {
  it('queues a re-verification at metadata.now while a round is open', () => {
    const command: VerificationCommandOf<'RequestReverification'> = {
      type: 'RequestReverification',
      data: { ...small().data, reverificationRequestId: 'rr-1', referencePeriod: { from: '2024-10', to: '2025-09' } },
      metadata: meta(at(30)),
    };
    given(alone('RequestReverification', requestReverification), history(small()))
      .when(command)
      .then([
        {
          type: 'ReverificationQueued',
          data: { reverificationRequestId: 'rr-1', referencePeriod: { from: '2024-10', to: '2025-09' }, sources: ['TAX'], members: [MEMBERS[0]!], consents: [CONSENTS[0]!], queuedAt: at(30) },
        },
      ]);
  });
});

describe('recordSubmission', () => {
  it('records the submission at metadata.now with the answer deadline the dispatcher computed', () => {
    given(alone('RecordSubmission', recordSubmission), history(small()))
      .when(submission(TAX, 1))
      .then([{ type: 'SourceQuerySubmitted', data: { requestId: TAX, attempt: 1, submissionId: `sub-${TAX}`, submittedAt: at(1), answerDueAt: at(61) } }]);
  });
});

describe('recordQueryFailure', () => {
  it('opens the manual task due on the date given in data (counted outside the decider)', () => {
    const events = decideAlone(recordQueryFailure, history(small(), submission(TAX, 1)), timeout(TAX, 61, '2025-03-12'));
    expect(events.map((e) => e.type)).toEqual(['SourceQueryFailed', 'ManualVerificationTaskOpened']);
    expect(events[0]!.data).toMatchObject({ failedAt: at(61) });
    expect(events[1]!.data).toMatchObject({ openedAt: at(61), dueOn: '2025-03-12' });
  });

  it('refuses a failure without a due date for the task it may open', () => {
    given(alone('RecordQueryFailure', recordQueryFailure), history(small(), submission(TAX, 1)))
      .when(timeout(TAX, 61, 'next week'))
      .thenThrows('invalid_input');
  });
});

describe('recordSourceResult', () => {
  it('takes the records at metadata.now and completes the report', () => {
    const events = decideAlone(recordSourceResult, history(small(), submission(TAX, 1)), answer(TAX, 5));
    expect(events.map((e) => e.type)).toEqual(['SourceResultReceived', 'VerificationReportCompleted']);
    expect(events[0]!.data).toMatchObject({ receivedAt: at(5) });
    expect(ofType(events, 'VerificationReportCompleted')[0]!.data).toMatchObject({ completedAt: at(5), reportVersion: 1 });
  });
});

describe('completeManualTask', () => {
  it('records the officer of metadata.actor and the time of metadata.now', () => {
    const past = history(small(), submission(TAX, 1), timeout(TAX, 61, '2025-03-11'));
    const command: VerificationCommandOf<'CompleteManualTask'> = {
      type: 'CompleteManualTask',
      data: { taskId: `${TAX}-M1`, outcome: 'NOT_OBTAINABLE', records: [], documentRef: 'doc:letter/1', note: '税务部门未回函' },
      metadata: meta(at(3000), OFFICER),
    };
    const events = decideAlone(completeManualTask, past, command);
    expect(events[0]).toMatchObject({ type: 'ManualVerificationTaskCompleted', data: { completedBy: { id: OFFICER.id, role: OFFICER.role }, completedAt: at(3000) } });
  });
});

describe('fileObjection', () => {
  it('files at metadata.now by metadata.actor and starts the re-check round', () => {
    const past = history(small(), submission(TAX, 1), answer(TAX, 5));
    const command: VerificationCommandOf<'FileObjection'> = {
      type: 'FileObjection',
      data: { objectionId: 'o-1', reportVersion: 1, items: [{ memberId: IDS.applicant, source: 'TAX' }], reason: '已离职', evidenceRefs: ['doc:objection/1'], raisedOn: '2025-03-10', manualTaskDueOn: '2025-03-17' },
      metadata: meta('2025-03-10T09:00:00.000+08:00', OFFICER),
    };
    const events = decideAlone(fileObjection, past, command);
    expect(events[0]).toMatchObject({ type: 'VerificationObjectionFiled', data: { filedAt: '2025-03-10T09:00:00.000+08:00', filedBy: { id: OFFICER.id, role: OFFICER.role }, round: 2 } });
    expect(ofType(events, 'VerificationRoundStarted')[0]!.data).toMatchObject({ purpose: 'OBJECTION', startedAt: '2025-03-10T09:00:00.000+08:00' });
  });

  it('without the day the household raised it, records the day (Asia/Shanghai) of metadata.now, never a time from data', () => {
    const past = history(small(), submission(TAX, 1), answer(TAX, 5));
    const command: VerificationCommandOf<'FileObjection'> = {
      type: 'FileObjection',
      data: { objectionId: 'o-2', reportVersion: 1, items: [{ memberId: IDS.applicant, source: 'TAX' }], reason: '已离职', evidenceRefs: ['doc:objection/1'], manualTaskDueOn: '2025-03-18' },
      // 16:30 UTC on 10 March is 00:30 on 11 March in Asia/Shanghai
      metadata: meta('2025-03-10T16:30:00.000Z', OFFICER),
    };
    const events = decideAlone(fileObjection, past, command);
    expect(events[0]).toMatchObject({ type: 'VerificationObjectionFiled', data: { raisedOn: '2025-03-11', filedAt: '2025-03-10T16:30:00.000Z' } });
  });
});

describe('cancelVerification', () => {
  it('cancels at metadata.now', () => {
    given(alone('CancelVerification', cancelVerification), history(small()))
      .when({ type: 'CancelVerification', data: { reason: 'APPLICATION_WITHDRAWN:APPLICANT_REQUEST' }, metadata: meta(at(100)) })
      .then([{ type: 'VerificationCancelled', data: { reason: 'APPLICATION_WITHDRAWN:APPLICANT_REQUEST', cancelledAt: at(100) } }]);
  });

  it('does nothing for a verification never opened', () => {
    given(alone('CancelVerification', cancelVerification), []).when({ type: 'CancelVerification', data: { reason: 'X' }, metadata: meta(T0) }).thenNothing();
  });
});
