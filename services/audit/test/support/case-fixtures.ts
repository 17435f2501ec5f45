/**
 * A case built through the real deciders of intake and eligibility (their own test fixtures), as
 * commands with their actors and business times, so that unit tests can wrap the events by hand and
 * int tests can append them with handleCommand.
 */
import { createHash } from 'node:crypto';
import type { ApplicationCommand, ApplicationEvent } from '../../../intake/src/domain';
import { applicationDecider } from '../../../intake/src/domain';
import { CASE_NUMBER as INTAKE_CASE_NUMBER, completeForm, LATER, NOW, OFFICER } from '../../../intake/test/support/fixtures';
import {
  decideCase,
  decider as reviewCaseDecider,
  notice,
  open,
  opinion,
  policy,
  receiveFacts,
  submit,
  visit,
} from '../../../eligibility/src/domain/__tests__/review-case-fixtures';
import type { PolicyCommand, ReviewCaseCommand, ReviewCaseEvent } from '../../../eligibility/src/domain';
import type { AuditEvent } from '../../src/domain';

export { policy, reviewCaseDecider };

export interface Step<C> {
  command: C;
  actor: { id: string; role: string; jurisdiction: string };
  occurredAt: string;
  reason?: string;
  evidenceRefs?: string[];
  policyVersion?: string;
}

const at = (date: string, time = '10:00:00') => `${date}T${time}+08:00`;

export function intakeSteps(caseId: string): Step<ApplicationCommand>[] {
  return [
    { command: { type: 'CreateDraft', data: { caseId, caseNumber: INTAKE_CASE_NUMBER, form: completeForm() }, metadata: { actor: OFFICER, now: NOW } }, actor: OFFICER, occurredAt: NOW },
    { command: { type: 'SubmitApplication', data: { additionalMissingItems: [], declaredRelatives: [] }, metadata: { actor: OFFICER, now: NOW } }, actor: OFFICER, occurredAt: NOW },
    { command: { type: 'AcceptApplication', data: { declaredRelatives: [] }, metadata: { actor: OFFICER, now: LATER } }, actor: OFFICER, occurredAt: LATER, reason: '材料齐全，予以受理' },
  ];
}

function rc(command: ReviewCaseCommand, extra: Partial<Step<ReviewCaseCommand>> = {}): Step<ReviewCaseCommand> {
  return { command, actor: command.metadata.actor, occurredAt: at(command.metadata.now.slice(0, 10)), ...extra };
}

/** The worked example: accepted 2 March 2026, approved 16 March (¥1,300 a month from April). */
export function reviewSteps(caseId: string, verificationId = '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b'): Step<ReviewCaseCommand>[] {
  const decision = decideCase();
  const dd = decision.data as { reason: string; evidenceRefs: string[] };
  return [
    rc(open({ caseId })),
    rc(receiveFacts(180000, { caseId, verificationId })),
    rc(visit(), { evidenceRefs: ['doc:visit/2026/0304-photos'] }),
    rc(opinion(), { policyVersion: policy.version }),
    rc(notice()),
    rc(submit()),
    rc(decision, { reason: dd.reason, evidenceRefs: dd.evidenceRefs, policyVersion: policy.version }),
  ];
}

export function policySteps(): Step<PolicyCommand>[] {
  const admin = { id: 'policy-admin-1', role: 'policy_admin', jurisdiction: policy.divisionCode };
  return [
    {
      command: { type: 'PublishPolicyVersion', data: { version: policy, reason: '2026年低保标准' }, metadata: { actor: admin, now: '2026-01-01T09:00:00+08:00' } },
      actor: admin,
      occurredAt: at('2026-01-01', '09:00:00'),
      policyVersion: policy.version,
      reason: '2026年低保标准',
    },
  ];
}

export function fakeUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Wraps decided events as recorded events (no hash), recordedAt = occurredAt unless overridden. */
export function wrap(
  streamId: string,
  caseId: string,
  decided: { type: string; data: unknown; step: Step<unknown> }[],
  recordedAt: (i: number, occurredAt: string) => string = (_i, o) => o,
): AuditEvent[] {
  return decided.map((e, i) => ({
    streamId,
    revision: i,
    eventId: fakeUuid(`${streamId}/${i}`),
    type: e.type,
    schemaVersion: 1,
    data: JSON.parse(JSON.stringify(e.data)) as unknown,
    metadata: {
      correlationId: caseId,
      causationId: `cmd-${i}`,
      actor: e.step.actor,
      occurredAt: e.step.occurredAt,
      ...(e.step.reason ? { reason: e.step.reason } : {}),
      ...(e.step.evidenceRefs ? { evidenceRefs: e.step.evidenceRefs } : {}),
      ...(e.step.policyVersion ? { policyVersion: e.step.policyVersion } : {}),
    },
    recordedAt: new Date(Date.parse(recordedAt(i, e.step.occurredAt))).toISOString(),
  }));
}

export function decideAll<C, E extends { type: string; data: unknown }, S>(
  decider: { decide(c: C, s: S): E[]; evolve(s: S, e: E): S; initialState: S },
  steps: Step<C>[],
): { type: string; data: unknown; step: Step<unknown> }[] {
  let state = decider.initialState;
  const out: { type: string; data: unknown; step: Step<unknown> }[] = [];
  for (const step of steps) {
    const events = decider.decide(step.command, state);
    for (const e of events) {
      state = decider.evolve(state, e);
      out.push({ type: e.type, data: e.data, step: step as Step<unknown> });
    }
  }
  return out;
}

export const intakeDecided = (caseId: string) => decideAll<ApplicationCommand, ApplicationEvent, unknown>(applicationDecider as never, intakeSteps(caseId));
export const reviewDecided = (caseId: string) => decideAll<ReviewCaseCommand, ReviewCaseEvent, unknown>(reviewCaseDecider as never, reviewSteps(caseId));
