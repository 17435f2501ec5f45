/**
 * Consumed integration events → review-case commands (`{ type, data }`; the pipeline adds
 * `metadata: { actor: systemActor(jurisdiction), now }`). Verification establishes facts, eligibility
 * alone judges them: here the report is only put into the rule engine's shape (no policy applied).
 */
import type {
  ApplicationAcceptedV1,
  BenefitChangeTrigger,
  ApplicationWithdrawnV1,
  ChangeRequestedV1,
  EventDataOfAnyVersion,
  HouseholdMember as ContractMember,
  HouseholdVerifiedV1,
} from '@sa/contracts';
import type {
  ActorRef,
  CaseMember,
  Deadlines,
  Declaration,
  FinancialAssetKind,
  ReviewCaseCommandBody,
  VerificationFacts,
} from '../domain';

type BenefitTrigger = BenefitChangeTrigger;

/** The service itself, acting on an integration event in the case's jurisdiction. */
export function systemActor(jurisdiction: string): ActorRef {
  return { id: 'sa-eligibility', role: 'system', jurisdiction };
}

export function caseMember(m: ContractMember): CaseMember {
  return {
    memberId: m.memberId,
    name: m.name,
    relation: m.relation,
    birthDate: m.birthDate,
    included: m.included,
    ...(m.exclusionReason ? { exclusionReason: m.exclusionReason } : {}),
    disability: m.disability ? { grade: m.disability.grade, category: m.disability.category } : null,
    severeIllness: m.severeIllness ? { condition: m.severeIllness.condition } : null,
    workAbility: m.workAbility,
  };
}

/** The household's declaration of income and property (members' monthly income, declared assets). */
export function declarationOf(d: ApplicationAcceptedV1): Declaration {
  return {
    incomes: d.household.members.flatMap((m) =>
      (m.declaredIncome ?? []).map((i) => ({ memberId: m.memberId, type: i.type, month: i.month, amountFen: i.amountFen })),
    ),
    assets: (d.household.declaredAssets ?? []).map((a) => ({
      kind: a.kind,
      ownerMemberIds: [...a.ownerMemberIds],
      ...(a.valueFen !== undefined ? { valueFen: a.valueFen } : {}),
      ...(a.floorAreaSqm !== undefined ? { floorAreaSqm: a.floorAreaSqm } : {}),
    })),
  };
}

/** ApplicationAccepted v1 or v2 (v2's payee account is kept masked: holder, bank, masked number; never the number). */
export function openCommand(d: EventDataOfAnyVersion<'ApplicationAccepted'>, deadlines: Deadlines): ReviewCaseCommandBody {
  const payee = 'payeeBankAccount' in d ? d.payeeBankAccount : undefined;
  return {
    type: 'OpenReviewCase',
    data: {
      caseId: d.caseId,
      caseNumber: d.caseNumber,
      program: d.program,
      temporaryAssistance: d.temporaryAssistance
        ? {
            type: d.temporaryAssistance.type,
            requestedAmountFen: d.temporaryAssistance.requestedAmountFen ?? null,
            emergencyAdvanceRequested: d.temporaryAssistance.emergencyAdvanceRequested,
          }
        : null,
      jurisdiction: d.jurisdiction,
      acceptedOn: d.acceptedOn,
      household: { applicantMemberId: d.applicantMemberId, members: d.household.members.map(caseMember), declaration: declarationOf(d) },
      conflictOfInterest: { flagged: d.conflictOfInterest.flagged, memberIds: d.conflictOfInterest.details.map((c) => c.memberId) },
      ...(payee ? { payee: { holderMemberId: payee.holderMemberId, bankName: payee.bankName, accountMasked: payee.accountMasked } } : {}),
      deadlines,
    },
  };
}

export function withdrawCommand(d: ApplicationWithdrawnV1): ReviewCaseCommandBody {
  return { type: 'WithdrawCase', data: { withdrawnOn: d.withdrawnOn, reason: d.reason } };
}

const FINANCIAL_KINDS: ReadonlySet<string> = new Set(['BANK_DEPOSIT', 'CASH', 'SECURITIES', 'INSURANCE', 'HOUSING_FUND', 'CLAIM', 'OTHER']);

/**
 * The report's aggregated facts in the rule engine's shape:
 * - income: the monthly average per member and type (a negative business result counts as 0);
 * - financial assets: the totals of financial kinds (an asset held by several members belongs to the household);
 * - vehicles: a disability vehicle (by type or usage) is marked as such; sole-livelihood use is an officer's finding;
 * - businesses not deregistered, with their annual net profit (0 when unknown);
 * - homes for residential use, with their floor area.
 */
export function verificationFacts(f: HouseholdVerifiedV1['facts'], items: HouseholdVerifiedV1['items'] = []): VerificationFacts {
  const owner = (ids: string[]) => (ids.length === 1 ? { memberId: ids[0]! } : {});
  // Which registries a figure rests on: the sources of the report's items of that kind and member(s).
  const verified = (category: string, kind: string, memberIds: readonly string[]) => ({
    origin: 'VERIFIED' as const,
    registries: [...new Set(items.filter((i) => i.category === category && i.kind === kind && memberIds.includes(i.memberId)).map((i) => i.source))].sort(),
  });
  return {
    incomes: f.monthlyIncome.map((i) => ({
      memberId: i.memberId,
      type: i.type,
      monthlyAverageFen: Math.max(0, i.monthlyAverageFen),
      source: verified('INCOME', i.type, [i.memberId]),
    })),
    financialAssets: f.assetTotals
      .filter((a) => FINANCIAL_KINDS.has(a.kind))
      .map((a) => ({ ...owner(a.memberIds), kind: a.kind as FinancialAssetKind, valueFen: a.totalFen, source: verified('ASSET', a.kind, a.memberIds) })),
    vehicles: f.vehicles.map((v) => ({
      memberId: v.memberId,
      valueFen: v.valueFen,
      disabilityVehicle: v.vehicleType === 'DISABILITY_VEHICLE' || v.usage === 'DISABILITY_ADAPTED',
      source: verified('ASSET', 'VEHICLE', [v.memberId]),
    })),
    businesses: f.businesses.filter((b) => b.status !== 'DEREGISTERED').map((b) => ({ memberId: b.memberId, annualProfitFen: b.annualNetProfitFen ?? 0 })),
    homes: f.homes
      .filter((h) => h.usage === 'RESIDENTIAL')
      .map((h) => ({ ...owner(h.ownerMemberIds), areaSqm: h.floorAreaSqm, source: verified('ASSET', 'REAL_ESTATE', h.ownerMemberIds) })),
  };
}

export function receiveFactsCommand(d: HouseholdVerifiedV1): ReviewCaseCommandBody {
  return {
    type: 'ReceiveVerificationFacts',
    data: {
      caseId: d.caseId,
      verificationId: d.verificationId,
      reportVersion: d.reportVersion,
      purpose: d.purpose,
      platformReportRef: d.platformReportRef,
      completedAt: d.completedAt,
      facts: verificationFacts(d.facts, d.items),
      outstanding: [
        ...d.unansweredSources.map((u) => ({ memberId: u.memberId, source: u.source })),
        ...d.membersNotQueried.flatMap((m) => m.sources.map((source) => ({ memberId: m.memberId, source }))),
      ],
    },
  };
}

function triggerOf(d: ChangeRequestedV1): BenefitTrigger {
  switch (d.origin) {
    case 'REVIEW':
      return { kind: 'PERIODIC_REVIEW', ...(d.reviewId ? { refId: d.reviewId } : {}) };
    case 'COMPLAINT':
      return { kind: 'COMPLAINT', ...(d.complaintId ? { refId: d.complaintId } : {}) };
    case 'DATA_ALERT':
      return { kind: 'DATA_ALERT', refId: d.changeRequestId };
    case 'OFFICER':
      return { kind: 'OFFICER_INITIATIVE', refId: d.changeRequestId };
    default:
      return { kind: 'CHANGE_REQUEST', refId: d.changeRequestId };
  }
}

/** ChangeRequested v1 or v2 (v2 adds the recommendation and reasons, kept on the re-determination for the officer). */
export function redeterminationCommand(d: EventDataOfAnyVersion<'ChangeRequested'>): ReviewCaseCommandBody {
  return {
    type: 'RequestRedetermination',
    data: {
      changeRequestId: d.changeRequestId,
      origin: d.origin,
      requestedChange: d.requestedChange,
      trigger: triggerOf(d),
      reportedOn: d.reportedOn,
      urgent: d.urgent,
      changes: d.changes.map((c) => ({ kind: c.kind, ...(c.memberId ? { memberId: c.memberId } : {}), description: c.description })),
      ...('recommendation' in d && d.recommendation ? { recommendation: d.recommendation } : {}),
      ...('reasons' in d && d.reasons.length > 0 ? { reasons: d.reasons } : {}),
      membersLeft: d.changes.filter((c) => (c.kind === 'MEMBER_LEFT' || c.kind === 'MEMBER_DECEASED') && c.memberId).map((c) => c.memberId!),
      membersJoined: d.changes.filter((c) => c.kind === 'MEMBER_JOINED' && c.member).map((c) => caseMember(c.member!)),
      declaredIncome: d.changes
        .filter((c) => c.kind === 'INCOME' && c.declaredIncome)
        .flatMap((c) =>
          c.declaredIncome!.map((i) => ({ memberId: c.memberId ?? c.member?.memberId ?? '', type: i.type, month: i.month, amountFen: i.amountFen })),
        ),
    },
  };
}
