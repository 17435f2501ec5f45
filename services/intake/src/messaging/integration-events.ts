import {
  type ApplicationAcceptedV2,
  type ApplicationWithdrawnV1,
  createIntegrationEvent,
  type DeclaredAsset as PublishedAsset,
  type HouseholdMember as PublishedMember,
  type IntegrationEvent,
  type IntegrationEventMetadata,
  type LeadReportedV1,
} from '@sa/contracts';
import type { RecordedEvent } from '@sa/eventstore';
import {
  type ApplicationAccepted,
  type ApplicationWithdrawn,
  APPLICATION_CATEGORY,
  birthDateOf,
  CLOSE_RELATION_LABELS,
  type DeclaredAsset,
  LEAD_CATEGORY,
  type LeadReported,
  maskBankAccountNumber,
  normaliseResidentId,
} from '../domain';

/**
 * Intake's public language: which of its domain events leave the service, and how.
 *
 *   ApplicationAccepted                       → ApplicationAccepted v2 (household snapshot, consents, conflict flag, payee account)
 *   ApplicationWithdrawn after acceptance     → ApplicationWithdrawn (earlier withdrawals stay inside intake)
 *   LeadReported                              → LeadReported (without the reporter, who is confidential)
 *   everything else                           → nothing (internal)
 *
 * The integration event id is the domain event id, so a relay restart re-publishes the same id and
 * consumers de-duplicate. Every event is validated against its JSON Schema before it is produced.
 */
export function toIntegrationEvent(recorded: RecordedEvent): IntegrationEvent | null {
  const category = recorded.streamId.slice(0, recorded.streamId.indexOf('-'));
  if (category !== APPLICATION_CATEGORY && category !== LEAD_CATEGORY) return null;
  const options = {
    id: recorded.eventId,
    time: recorded.metadata.occurredAt,
    metadata: metadataOf(recorded),
  };
  switch (recorded.type) {
    case 'ApplicationAccepted':
      return createIntegrationEvent('ApplicationAccepted', acceptedData(recorded.data as ApplicationAccepted['data']), options);
    case 'ApplicationWithdrawn': {
      const d = recorded.data as ApplicationWithdrawn['data'];
      if (d.previousStatus !== 'ACCEPTED') return null;
      const data: ApplicationWithdrawnV1 = {
        caseId: d.caseId,
        caseNumber: d.caseNumber,
        withdrawnOn: d.withdrawnOn,
        reason: d.reason,
        ...(d.note ? { note: d.note } : {}),
      };
      return createIntegrationEvent('ApplicationWithdrawn', data, options);
    }
    case 'LeadReported':
      return createIntegrationEvent('LeadReported', leadData(recorded.data as LeadReported['data']), options);
    default:
      return null;
  }
}

function metadataOf(recorded: RecordedEvent): IntegrationEventMetadata {
  const m = recorded.metadata;
  return {
    correlationId: m.correlationId,
    causationId: recorded.eventId,
    actor: { id: m.actor.id, role: m.actor.role, jurisdiction: m.actor.jurisdiction },
    ...(m.reason ? { reason: m.reason } : {}),
    ...(m.evidenceRefs && m.evidenceRefs.length > 0 ? { evidenceRefs: m.evidenceRefs } : {}),
  };
}

const EXCLUSIONS: Record<string, PublishedMember['exclusionReason']> = {
  IN_PRISON: 'IMPRISONED',
  IN_COMPULSORY_DRUG_REHABILITATION: 'COMPULSORY_DRUG_REHABILITATION',
  CLERGY_LIVING_APART_3_YEARS: 'CLERGY_LIVING_APART',
  NOT_LIVING_TOGETHER: 'OTHER',
  NO_LEGAL_DUTY_OF_SUPPORT: 'OTHER',
};

const VEHICLE_USE_LABELS = { SOLE_LIVELIHOOD: '唯一生计工具', DISABILITY_AID: '残疾人功能性补偿代步', PRIVATE: '自用' } as const;

function assetDescription(a: DeclaredAsset): string {
  const parts = [a.description];
  if (a.vehicleUse) parts.push(`用途：${VEHICLE_USE_LABELS[a.vehicleUse]}`);
  if (a.annualProfitFen !== undefined) parts.push(`年经营利润（分）：${a.annualProfitFen}`);
  return parts.join('；').slice(0, 500);
}

export function acceptedData(d: ApplicationAccepted['data']): ApplicationAcceptedV2 {
  const memberIdOf = new Map<string, string>();
  for (const p of [...d.household.members, ...d.household.supporters]) memberIdOf.set(normaliseResidentId(p.residentId), p.memberId);
  const idOf = (residentId: string) => memberIdOf.get(normaliseResidentId(residentId))!;
  const incomeOf = (residentId: string) =>
    d.declaration.income
      .filter((i) => normaliseResidentId(i.residentId) === normaliseResidentId(residentId))
      .map((i) => ({ type: i.type, month: i.month, amountFen: i.amountFen }));

  const members: PublishedMember[] = d.household.members.map((m) => ({
    memberId: m.memberId,
    name: m.name,
    residentId: normaliseResidentId(m.residentId),
    relation: m.relation,
    birthDate: m.birthDate,
    included: m.membership.counts,
    ...(m.membership.counts ? {} : { exclusionReason: EXCLUSIONS[m.membership.rule] ?? 'OTHER', exclusionNote: m.membership.reason }),
    disability: m.disability
      ? { grade: m.disability.grade, category: m.disability.category, ...(m.disability.certificateRef ? { certificateRef: m.disability.certificateRef } : {}) }
      : null,
    severeIllness: m.severeIllness
      ? {
          condition: m.severeIllness.condition,
          ...(m.severeIllness.diagnosedOn ? { diagnosedOn: m.severeIllness.diagnosedOn } : {}),
          ...(m.severeIllness.evidenceRef ? { evidenceRef: m.severeIllness.evidenceRef } : {}),
        }
      : null,
    workAbility: m.workAbility,
    employment: {
      status: m.employment.status,
      ...(m.employment.employer ? { employer: m.employment.employer } : {}),
      ...(m.employment.educationLevel ? { educationLevel: m.employment.educationLevel } : {}),
    },
    declaredIncome: incomeOf(m.residentId),
  }));
  const supporters: PublishedMember[] = d.household.supporters.map((s) => ({
    memberId: s.memberId,
    name: s.name,
    residentId: normaliseResidentId(s.residentId),
    relation: s.relation,
    birthDate: birthDateOf(s.residentId),
    included: false,
    exclusionReason: 'OBLIGED_SUPPORTER_LIVING_APART',
    exclusionNote: '法定赡养（抚养、扶养）义务人，不共同生活，须签署核对授权',
    disability: null,
    severeIllness: null,
    workAbility: s.workAbility,
    employment: {
      status: s.employment.status,
      ...(s.employment.employer ? { employer: s.employment.employer } : {}),
      ...(s.employment.educationLevel ? { educationLevel: s.employment.educationLevel } : {}),
    },
    declaredIncome: [],
  }));
  const assets: PublishedAsset[] = d.declaration.assets.map((a) => ({
    kind: a.kind,
    ownerMemberIds: [...new Set(a.ownerResidentIds.map(idOf))],
    description: assetDescription(a),
    ...(a.valueFen !== undefined ? { valueFen: a.valueFen } : {}),
    ...(a.floorAreaSqm !== undefined ? { floorAreaSqm: a.floorAreaSqm } : {}),
  }));
  const applicant = d.household.members.find((m) => m.relation === 'APPLICANT')!;
  const ta = d.temporaryAssistance;
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    program: d.program,
    ...(ta
      ? {
          temporaryAssistance: {
            type: ta.type,
            description: ta.description,
            emergencyAdvanceRequested: ta.emergencyAdvanceRequested,
            ...(ta.incidentOn ? { incidentOn: ta.incidentOn } : {}),
            ...(ta.requestedAmountFen !== undefined ? { requestedAmountFen: ta.requestedAmountFen } : {}),
          },
        }
      : {}),
    jurisdiction: d.jurisdiction,
    acceptedOn: d.acceptedOn,
    channel: d.channel,
    ...(d.leadId ? { leadId: d.leadId } : {}),
    applicantMemberId: applicant.memberId,
    household: { address: d.household.address, members: [...members, ...supporters], declaredAssets: assets },
    consents: d.consents.map((c) => ({
      consentId: c.consentId,
      memberId: idOf(c.residentId),
      signedOn: c.signedOn,
      signedBy: c.signedBy,
      // The consent signed on the unified application form authorises the checks of the whole case:
      // the initial check, the periodic re-checks while assistance is paid and a re-check after an
      // objection. Publishing INITIAL only left follow-up unable to ever request a re-verification.
      scope: { sources: c.sources, purposes: ['INITIAL', 'RECERTIFICATION', 'OBJECTION'] },
      documentRef: c.documentRef,
      ...(c.validUntil ? { validUntil: c.validUntil } : {}),
    })),
    declarationRef: d.declaration.documentRef ?? d.commitment.documentRef,
    proxySubmission: d.proxy
      ? {
          proxyType: d.proxy.kind,
          proxyName: d.proxy.name,
          reason: d.proxy.reason,
          ...(d.proxy.actorId ? { proxyActorId: d.proxy.actorId } : {}),
          ...(d.proxy.authorisationDocumentRef ? { authorisationRef: d.proxy.authorisationDocumentRef } : {}),
        }
      : null,
    conflictOfInterest: {
      flagged: d.conflictOfInterest.flagged,
      details: d.conflictOfInterest.conflicts.map((c) => ({
        memberId: c.memberId,
        relatedOfficialName: c.officerName,
        relatedOfficialRole: c.officialRole,
        relationship: CLOSE_RELATION_LABELS[c.relation],
        relatedActorId: c.officerId,
      })),
    },
    // v2: the payee account (account number and holder's name are sealed by the relay, as personal fields).
    ...(d.bankAccount && memberIdOf.has(normaliseResidentId(d.bankAccount.holderResidentId))
      ? {
          payeeBankAccount: {
            bankName: d.bankAccount.bankName,
            holderName: d.bankAccount.holderName,
            holderMemberId: idOf(d.bankAccount.holderResidentId),
            accountNumber: d.bankAccount.accountNumber,
            accountMasked: maskBankAccountNumber(d.bankAccount.accountNumber),
          },
        }
      : {}),
  };
}

function leadData(d: LeadReported['data']): LeadReportedV1 {
  return {
    caseId: d.caseId,
    ...(d.caseNumber ? { caseNumber: d.caseNumber } : {}),
    concernsExistingCase: d.concernsExistingCase,
    leadId: d.leadId,
    jurisdiction: d.jurisdiction,
    reportedOn: d.reportedOn,
    channel: d.source,
    hardships: d.hardships,
    description: d.description,
    person: {
      name: d.subject.name,
      ...(d.subject.residentId ? { residentId: d.subject.residentId } : {}),
      ...(d.subject.address ? { address: d.subject.address } : {}),
    },
    ...(d.suggestedProgram ? { suggestedProgram: d.suggestedProgram } : {}),
    urgency: d.urgency,
    followUpDueOn: d.dueOn,
  };
}
