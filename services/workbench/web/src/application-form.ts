/**
 * The 一表申请 form as the officer fills it (amounts in 元 as typed, materials as "collected"
 * ticks) and its conversion to intake's request body (amounts in integer fen, exactly; document
 * references for what was collected). No business rule here: intake decides what is missing.
 */
import { toFen } from './format';

export interface MemberModel {
  residentId: string;
  name: string;
  relation: string;
  livesWithApplicant: boolean;
  workAbility: string;
  employment: string;
  /** For a student: level of full-time education. */
  educationLevel?: string;
  /** 核对授权书 signed by this member. */
  consentSigned: boolean;
  /** Copy of the identity card collected. */
  idCopyCollected: boolean;
}

export interface IncomeModel {
  /** Index into members. */
  member: number;
  type: string;
  month: string;
  /** 元 as typed ("1500", "1500.5"). */
  yuan: string;
}

export interface AssetModel {
  kind: string;
  owner: number;
  description: string;
  yuan: string;
}

export interface FormModel {
  jurisdiction: string;
  program: string;
  channel: string;
  registeredResidence: string;
  address: string;
  phone: string;
  members: MemberModel[];
  income: IncomeModel[];
  assets: AssetModel[];
  declarationSigned: boolean;
  commitmentSigned: boolean;
  signedOn: string;
  bankName: string;
  accountNumber: string;
  proxyOn: boolean;
  proxyKind: string;
  proxyName: string;
  proxyResidentId: string;
  proxyReason: string;
  proxyAuthorised: boolean;
}

/** The ten registries a verification consent covers (核对授权). */
export const CONSENT_SOURCES = ['HOUSEHOLD_REGISTRATION', 'TAX', 'SOCIAL_INSURANCE', 'REAL_ESTATE', 'BUSINESS_REGISTRATION', 'HOUSING_FUND', 'VEHICLES', 'BANK_DEPOSITS', 'INSURANCE', 'SECURITIES'];

export function blankForm(jurisdiction: string, today: string): FormModel {
  const community = /^\d{12}$/.test(jurisdiction) ? jurisdiction : '';
  return {
    jurisdiction: community,
    program: 'MINIMUM_LIVING_ALLOWANCE',
    channel: 'IN_PERSON',
    registeredResidence: community,
    address: '',
    phone: '',
    members: [{ residentId: '', name: '', relation: 'APPLICANT', livesWithApplicant: true, workAbility: 'FULL', employment: 'EMPLOYED', consentSigned: false, idCopyCollected: false }],
    income: [],
    assets: [],
    declarationSigned: false,
    commitmentSigned: false,
    signedOn: today,
    bankName: '',
    accountNumber: '',
    proxyOn: false,
    proxyKind: 'COMMUNITY_COMMITTEE',
    proxyName: '',
    proxyResidentId: '',
    proxyReason: '',
    proxyAuthorised: false,
  };
}

/** Integer fen → 元 text for editing ("1500.00"), without floating arithmetic. */
export function fenToYuanText(fen: number | undefined | null): string {
  if (fen === undefined || fen === null) return '';
  const n = BigInt(Math.trunc(fen));
  const neg = n < 0n ? '-' : '';
  const abs = n < 0n ? -n : n;
  return `${neg}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

const ref = (caseId: string, kind: string, residentId = '') => `doc:${kind}:${caseId.slice(0, 8)}${residentId ? `:${residentId.slice(-4)}` : ''}`;

/** The request body of POST/PUT /applications (without caseId). */
export function toPayload(form: FormModel, caseId: string): Record<string, unknown> {
  const ids = form.members.map((m) => m.residentId.trim().toUpperCase());
  const applicant = form.members.findIndex((m) => m.relation === 'APPLICANT');
  const applicantId = ids[applicant >= 0 ? applicant : 0] ?? '';
  const body: Record<string, unknown> = {
    jurisdiction: form.jurisdiction.trim(),
    channel: form.channel,
    program: form.program,
    household: {
      registeredResidence: form.registeredResidence.trim(),
      address: form.address.trim(),
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      members: form.members.map((m, i) => ({
        residentId: ids[i],
        name: m.name.trim(),
        relation: m.relation,
        livesWithApplicant: m.livesWithApplicant,
        workAbility: m.workAbility,
        employment: { status: m.employment, ...(m.employment === 'STUDENT' && m.educationLevel ? { educationLevel: m.educationLevel } : {}) },
      })),
    },
    declaration: {
      income: form.income.map((r) => ({ residentId: ids[r.member] ?? '', type: r.type, month: r.month.trim(), amountFen: toFen(r.yuan) })),
      assets: form.assets.map((r) => ({
        kind: r.kind,
        ownerResidentIds: [ids[r.owner] ?? ''],
        description: r.description.trim(),
        ...(r.yuan.trim() !== '' ? { valueFen: toFen(r.yuan) } : {}),
      })),
      ...(form.declarationSigned ? { documentRef: ref(caseId, 'declaration'), signedOn: form.signedOn } : {}),
    },
    identityDocuments: form.members.flatMap((m, i) => (m.idCopyCollected ? [{ residentId: ids[i], documentRef: ref(caseId, 'id', ids[i]) }] : [])),
    consents: form.members.flatMap((m, i) =>
      m.consentSigned ? [{ residentId: ids[i], signedOn: form.signedOn, sources: CONSENT_SOURCES, documentRef: ref(caseId, 'consent', ids[i]) }] : [],
    ),
  };
  if (form.commitmentSigned) body.commitment = { documentRef: ref(caseId, 'commitment'), signedOn: form.signedOn };
  if (form.bankName.trim() || form.accountNumber.trim()) {
    const holder = form.members[applicant >= 0 ? applicant : 0];
    body.bankAccount = { bankName: form.bankName.trim(), holderName: holder?.name.trim() ?? '', holderResidentId: applicantId, accountNumber: form.accountNumber.replace(/\s/g, '') };
  }
  if (form.proxyOn) {
    body.proxy = {
      kind: form.proxyKind,
      name: form.proxyName.trim(),
      ...(form.proxyResidentId.trim() ? { residentId: form.proxyResidentId.trim().toUpperCase() } : {}),
      onBehalfOfResidentId: applicantId,
      reason: form.proxyReason.trim(),
      ...(form.proxyAuthorised ? { authorisationDocumentRef: ref(caseId, 'authorisation') } : {}),
    };
  }
  return body;
}

/** The form model of a saved draft (GET /applications/:caseId?reveal=…, `form`). */
export function formFromApplication(f: any, today: string): Partial<FormModel> {
  const members: any[] = f?.household?.members ?? [];
  const ids = members.map((m) => String(m.residentId ?? ''));
  const idx = (id: string) => Math.max(0, ids.indexOf(id));
  const consented = new Set((f?.consents ?? []).map((c: any) => c.residentId));
  const copied = new Set((f?.identityDocuments ?? []).map((d: any) => d.residentId));
  return {
    jurisdiction: f?.jurisdiction ?? '',
    program: f?.program ?? 'MINIMUM_LIVING_ALLOWANCE',
    channel: f?.channel ?? 'IN_PERSON',
    registeredResidence: f?.household?.registeredResidence ?? '',
    address: f?.household?.address ?? '',
    phone: f?.household?.phone ?? '',
    members: members.map((m) => ({
      residentId: m.residentId,
      name: m.name,
      relation: m.relation,
      livesWithApplicant: m.livesWithApplicant !== false,
      workAbility: m.workAbility,
      employment: m.employment?.status ?? 'EMPLOYED',
      educationLevel: m.employment?.educationLevel ?? '',
      consentSigned: consented.has(m.residentId),
      idCopyCollected: copied.has(m.residentId),
    })),
    income: (f?.declaration?.income ?? []).map((r: any) => ({ member: idx(r.residentId), type: r.type, month: r.month, yuan: fenToYuanText(r.amountFen) })),
    assets: (f?.declaration?.assets ?? []).map((r: any) => ({ kind: r.kind, owner: idx(r.ownerResidentIds?.[0]), description: r.description, yuan: fenToYuanText(r.valueFen) })),
    declarationSigned: Boolean(f?.declaration?.documentRef),
    commitmentSigned: Boolean(f?.commitment),
    signedOn: f?.declaration?.signedOn ?? today,
    bankName: f?.bankAccount?.bankName ?? '',
    accountNumber: f?.bankAccount?.accountNumber ?? '',
    proxyOn: Boolean(f?.proxy),
    proxyKind: f?.proxy?.kind ?? 'COMMUNITY_COMMITTEE',
    proxyName: f?.proxy?.name ?? '',
    proxyResidentId: f?.proxy?.residentId ?? '',
    proxyReason: f?.proxy?.reason ?? '',
    proxyAuthorised: Boolean(f?.proxy?.authorisationDocumentRef),
  };
}
