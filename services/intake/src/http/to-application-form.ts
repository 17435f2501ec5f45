import { uuidV5 } from '@sa/eventstore';
import {
  ApplicationForm,
  Consent,
  Declaration,
  HouseholdMember,
  LegallyObligedSupporter,
  normaliseBankAccountNumber,
  normaliseResidentId,
  OfficerRef,
} from '../domain';
import type { ApplicationFormDto, ConsentDto, DeclarationDto, EmploymentDto, MemberDto, SupporterDto } from './application-form.dto';

/** Namespace of intake's name-based ids (members, consents, lead case ids). Fixed forever. */
export const INTAKE_ID_NAMESPACE = '8d4b2f7a-1c3e-5a6b-9d0e-4f2a7c8b1e35';

export const memberIdFor = (caseId: string, residentId: string): string =>
  uuidV5(`${caseId}/member/${normaliseResidentId(residentId)}`, INTAKE_ID_NAMESPACE);

export const consentIdFor = (caseId: string, residentId: string, documentRef: string): string =>
  uuidV5(`${caseId}/consent/${normaliseResidentId(residentId)}/${documentRef}`, INTAKE_ID_NAMESPACE);

/** Drops keys whose value is undefined, so events hold plain JSON. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const employment = (e: EmploymentDto) => compact({ status: e.status, employer: e.employer, educationLevel: e.educationLevel });

function member(caseId: string, m: MemberDto): HouseholdMember {
  return compact({
    memberId: m.memberId ?? memberIdFor(caseId, m.residentId),
    residentId: normaliseResidentId(m.residentId),
    name: m.name.trim(),
    relation: m.relation,
    livesWithApplicant: m.livesWithApplicant,
    unableToLiveIndependently: m.unableToLiveIndependently,
    legalDutyOfSupport: m.legalDutyOfSupport,
    custody: m.custody ? compact({ kind: m.custody.kind, since: m.custody.since, documentRef: m.custody.documentRef }) : undefined,
    clergyLivingApartSince: m.clergyLivingApartSince,
    disability: m.disability ? compact({ grade: m.disability.grade, category: m.disability.category, certificateRef: m.disability.certificateRef }) : undefined,
    severeIllness: m.severeIllness
      ? compact({ condition: m.severeIllness.condition, diagnosedOn: m.severeIllness.diagnosedOn, evidenceRef: m.severeIllness.evidenceRef })
      : undefined,
    workAbility: m.workAbility,
    employment: employment(m.employment),
  });
}

function supporter(caseId: string, s: SupporterDto): LegallyObligedSupporter {
  return compact({
    memberId: s.memberId ?? memberIdFor(caseId, s.residentId),
    residentId: normaliseResidentId(s.residentId),
    name: s.name.trim(),
    relation: s.relation,
    address: s.address,
    workAbility: s.workAbility,
    employment: employment(s.employment),
  });
}

export function toConsent(caseId: string, c: ConsentDto): Consent {
  return compact({
    consentId: consentIdFor(caseId, c.residentId, c.documentRef),
    residentId: normaliseResidentId(c.residentId),
    signedOn: c.signedOn,
    signedBy: c.signedBy ?? 'SELF',
    sources: [...new Set(c.sources)],
    documentRef: c.documentRef,
    validUntil: c.validUntil,
  });
}

export function toDeclaration(d: DeclarationDto): Declaration {
  return compact({
    income: d.income.map((i) => ({ residentId: normaliseResidentId(i.residentId), type: i.type, month: i.month, amountFen: i.amountFen })),
    assets: d.assets.map((a) =>
      compact({
        kind: a.kind,
        ownerResidentIds: [...new Set(a.ownerResidentIds.map(normaliseResidentId))],
        description: a.description,
        valueFen: a.valueFen,
        floorAreaSqm: a.floorAreaSqm,
        vehicleUse: a.vehicleUse,
        annualProfitFen: a.annualProfitFen,
      }),
    ),
    documentRef: d.documentRef,
    signedOn: d.signedOn,
  });
}

export function toApplicationForm(dto: ApplicationFormDto, caseId: string, actor: OfficerRef, leadId?: string): ApplicationForm {
  const ta = dto.temporaryAssistance;
  return compact({
    jurisdiction: dto.jurisdiction,
    channel: dto.channel,
    program: dto.program,
    temporaryAssistance: ta
      ? compact({
          type: ta.type,
          description: ta.description,
          cause: ta.cause,
          incidentOn: ta.incidentOn,
          emergencyAdvanceRequested: ta.emergencyAdvanceRequested,
          expenditureKind: ta.expenditureKind,
          essentialExpenditureFen: ta.essentialExpenditureFen,
          expenditureEvidenceRefs: ta.expenditureEvidenceRefs,
          requestedAmountFen: ta.requestedAmountFen,
        })
      : undefined,
    household: compact({
      registeredResidence: dto.household.registeredResidence,
      address: dto.household.address,
      phone: dto.household.phone,
      members: dto.household.members.map((m) => member(caseId, m)),
      supporters: (dto.household.supporters ?? []).map((s) => supporter(caseId, s)),
    }),
    declaration: toDeclaration(dto.declaration),
    bankAccount: dto.bankAccount
      ? {
          bankName: dto.bankAccount.bankName,
          holderName: dto.bankAccount.holderName,
          holderResidentId: normaliseResidentId(dto.bankAccount.holderResidentId),
          accountNumber: normaliseBankAccountNumber(dto.bankAccount.accountNumber),
        }
      : undefined,
    identityDocuments: (dto.identityDocuments ?? []).map((d) => ({ residentId: normaliseResidentId(d.residentId), documentRef: d.documentRef })),
    commitment: dto.commitment ? { documentRef: dto.commitment.documentRef, signedOn: dto.commitment.signedOn } : undefined,
    consents: (dto.consents ?? []).map((c) => toConsent(caseId, c)),
    proxy: dto.proxy
      ? compact({
          kind: dto.proxy.kind,
          name: dto.proxy.name,
          residentId: dto.proxy.residentId ? normaliseResidentId(dto.proxy.residentId) : undefined,
          actorId: dto.proxy.kind === 'OFFICER' ? actor.id : undefined,
          onBehalfOfResidentId: normaliseResidentId(dto.proxy.onBehalfOfResidentId),
          reason: dto.proxy.reason,
          authorisationDocumentRef: dto.proxy.authorisationDocumentRef,
        })
      : undefined,
    leadId,
    otherDocuments: [],
  });
}
