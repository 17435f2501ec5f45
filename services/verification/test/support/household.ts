/**
 * The worked example of DOMAIN-RULES.md as a verification fixture: a household of three (applicant
 * with ¥1,500 a month, spouse with ¥300, a minor child), accepted on 2025-03-04; applicant and spouse
 * signed consents, the child did not. Resident IDs carry valid GB 11643 check digits.
 */
import type { ConsentRecord, MemberRecord, SourceRecord, VerificationEvent } from '../../src/domain';
import { DEFAULT_SOURCES, requestIdFor, shanghaiDate, type VerificationCommandMetadata } from '../../src/domain';
import { loadWorkingDayCalendar } from '@sa/time';

export const IDS = {
  verificationId: '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b',
  caseId: '3f0c6d1e-8b2a-4c5d-9e7f-0a1b2c3d4e5f',
  caseNumber: 'DB-440305001-2025-000123',
  applicant: '6a1f0b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
  spouse: '7b2a1c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
  child: '8c3b2d4e-5f6a-4b7c-8d9e-9f0a1b2c3d4e',
  consentApplicant: '9f0a1b2c-3d4e-4f5a-9b6c-7d8e9f0a1b2c',
  consentSpouse: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
  jurisdiction: '440305001001',
} as const;

export const T0 = '2025-03-04T10:00:00.000+08:00';
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString().replace('Z', '+00:00');

export const MEMBERS: MemberRecord[] = [
  { memberId: IDS.applicant, name: '张伟', residentId: '440305198003121235', inHousehold: true },
  { memberId: IDS.spouse, name: '李娜', residentId: '440305198207051232', inHousehold: true },
  { memberId: IDS.child, name: '张小明', residentId: '440305201209151231', inHousehold: true },
];

const scope = { sources: [...DEFAULT_SOURCES], purposes: ['INITIAL', 'RECERTIFICATION', 'OBJECTION'] as ConsentRecord['purposes'] };

export const CONSENTS: ConsentRecord[] = [
  { consentId: IDS.consentApplicant, memberId: IDS.applicant, signedOn: '2025-03-03', signedBy: 'SELF', ...scope, documentRef: 'doc:consent/1', validUntil: '2028-03-02' },
  { consentId: IDS.consentSpouse, memberId: IDS.spouse, signedOn: '2025-03-03', signedBy: 'SELF', ...scope, documentRef: 'doc:consent/2', validUntil: '2028-03-02' },
];

export const RETRY = { maxAttempts: 3, initialBackoffMs: 60_000, maxBackoffMs: 600_000 };
const NATIONAL_CALENDAR = loadWorkingDayCalendar({ beyondCoverage: 'weekdays' });
/** A manual task opened at `now` is due 5 working days later on the national calendar (as the service counts it, outside the decider). */
export const dueIn5WorkingDays = (now: string): string => NATIONAL_CALENDAR.addWorkingDays(shanghaiDate(now), 5);

/** Who acts: the service itself (consumers, dispatcher), the platform (answers), an officer (HTTP commands). */
export const SYSTEM = { id: 'sa-verification', role: 'system', jurisdiction: IDS.jurisdiction };
export const PLATFORM = { id: 'verification-platform', role: 'verification_platform', jurisdiction: IDS.jurisdiction };
export const OFFICER = { id: 'officer-1', role: 'street_officer', jurisdiction: IDS.jurisdiction };
/** A command's metadata: who acts and when. */
export const meta = (now: string, actor: VerificationCommandMetadata['actor'] = SYSTEM): VerificationCommandMetadata => ({ actor, now });

export function openCommand(over: Partial<{ members: MemberRecord[]; consents: ConsentRecord[]; sources: typeof DEFAULT_SOURCES[number][] }> = {}) {
  return {
    type: 'OpenVerification' as const,
    data: {
      verificationId: IDS.verificationId,
      caseId: IDS.caseId,
      caseNumber: IDS.caseNumber,
      jurisdiction: IDS.jurisdiction,
      acceptedOn: '2025-03-04',
      members: over.members ?? MEMBERS,
      consents: over.consents ?? CONSENTS,
      ...(over.sources ? { sources: over.sources } : {}),
    },
    metadata: meta(T0),
  };
}

export const rid = (source: (typeof DEFAULT_SOURCES)[number], member: string = IDS.applicant, round = 1) => requestIdFor(round, source, member);

/** Twelve monthly records of one income type, 2024-03 … 2025-02. */
export function monthlyIncome(kind: SourceRecord['kind'], amountFen: number, from = '2024-03', months = 12): SourceRecord[] {
  const [y, m] = from.split('-').map(Number) as [number, number];
  return Array.from({ length: months }, (_, i) => {
    const idx = y * 12 + (m - 1) + i;
    const month = `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
    return { category: 'INCOME' as const, kind, valueFen: amountFen, period: { from: month, to: month }, sourceRecordRef: `${kind}-${month}` };
  });
}

/** The events of a just-opened verification (decided, so they stay in step with the decider). */
export function openedEvents(decide: (c: ReturnType<typeof openCommand>) => VerificationEvent[], over?: Parameters<typeof openCommand>[0]): VerificationEvent[] {
  return decide(openCommand(over));
}
