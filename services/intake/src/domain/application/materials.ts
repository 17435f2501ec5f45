import { validConsentOf, requiredConsents, Consent, missingSources } from '../consent';
import { proxyNeedsAuthorisation } from '../proxy';
import { assessHousehold } from '../household';
import { Declaration } from '../declaration';
import { normaliseResidentId, maskResidentId } from '../resident-id';
import { IntakeRuleError, RuleViolation } from '../shared/intake-rule-error';
import { type CalendarDate } from '@sa/time';
import { ApplicationForm } from './application-form';

/** Kinds of material that can be missing. Nothing available from government systems is listed. */
export const MATERIAL_CODES = [
  'IDENTITY_DOCUMENT',
  'INCOME_PROPERTY_DECLARATION',
  'SIGNED_COMMITMENT',
  'VERIFICATION_CONSENT',
  'PROXY_AUTHORISATION',
  'EXPENDITURE_EVIDENCE',
  'MEDICAL_DIAGNOSIS',
  'OTHER',
] as const;
export type MaterialCode = (typeof MATERIAL_CODES)[number];

/** One missing item of a notice. `key` is stable: `CODE` or `CODE:<resident ID>` or `OTHER:<n>`. */
export interface MaterialItem {
  key: string;
  code: MaterialCode;
  /** Whom the item concerns, if a person. */
  residentId?: string;
  name?: string;
  /** What the applicant reads (Chinese). */
  label: string;
}

const personItem = (code: MaterialCode, residentId: string, name: string, label: string): MaterialItem => ({
  key: `${code}:${normaliseResidentId(residentId)}`,
  code,
  residentId: normaliseResidentId(residentId),
  name,
  label,
});

/**
 * Everything missing from a form, in the order of the notice: identity documents, the declaration,
 * the commitment, each consent, the proxy authorisation, program evidence.
 */
export function missingMaterials(form: ApplicationForm, applicationDate: CalendarDate): MaterialItem[] {
  const items: MaterialItem[] = [];
  const assessed = assessHousehold(form.household, applicationDate);
  const haveId = new Set(form.identityDocuments.map((d) => normaliseResidentId(d.residentId)));
  for (const m of assessed) {
    if (m.membership.counts && !haveId.has(normaliseResidentId(m.residentId))) {
      items.push(personItem('IDENTITY_DOCUMENT', m.residentId, m.name, `${m.name}（${maskResidentId(m.residentId)}）的居民身份证或户口簿`));
    }
  }
  if (!form.declaration.documentRef) {
    items.push({ key: 'INCOME_PROPERTY_DECLARATION', code: 'INCOME_PROPERTY_DECLARATION', label: '家庭收入和财产状况申报（全体家庭成员签字）' });
  }
  if (!form.commitment) {
    items.push({ key: 'SIGNED_COMMITMENT', code: 'SIGNED_COMMITMENT', label: '申请人签字的承诺书' });
  }
  for (const r of requiredConsents(assessed, form.household.supporters)) {
    if (!validConsentOf(form.consents, r.residentId, applicationDate)) {
      const who = r.role === 'LEGALLY_OBLIGED_SUPPORTER' ? '法定赡养（抚养、扶养）义务人' : '家庭成员';
      items.push(personItem('VERIFICATION_CONSENT', r.residentId, r.name, `${who}${r.name}（${maskResidentId(r.residentId)}）签字的家庭经济状况核对授权书`));
    }
  }
  if (form.proxy && proxyNeedsAuthorisation(form.proxy) && !form.proxy.authorisationDocumentRef) {
    items.push({ key: 'PROXY_AUTHORISATION', code: 'PROXY_AUTHORISATION', label: '代办委托书（申请人签字）' });
  }
  const ta = form.temporaryAssistance;
  if (ta?.type === 'EXPENDITURE' && (ta.expenditureEvidenceRefs ?? []).length === 0) {
    items.push({ key: 'EXPENDITURE_EVIDENCE', code: 'EXPENDITURE_EVIDENCE', label: '刚性支出（医疗、教育等）票据或证明' });
  }
  for (const m of assessed) {
    if (m.membership.counts && m.severeIllness && !m.severeIllness.evidenceRef) {
      items.push(personItem('MEDICAL_DIAGNOSIS', m.residentId, m.name, `${m.name}的重病诊断证明`));
    }
  }
  return items;
}

/** Items an officer adds to the notice (e.g. an illegible copy): `OTHER:1`, `OTHER:2`, … */
export function otherItems(descriptions: string[]): MaterialItem[] {
  return descriptions.map((d, i) => ({ key: `OTHER:${i + 1}`, code: 'OTHER', label: d }));
}

export interface SuppliedMaterials {
  documents: { itemKey: string; documentRef: string }[];
  consents: Consent[];
  /** The signed declaration, with its content when the content changes. */
  declaration?: Declaration;
}

/**
 * Checks supplied materials against the outstanding items of the notice: each document answers an
 * outstanding item, each consent comes from someone whose consent is outstanding and covers the
 * required scope. Returns the keys resolved.
 */
export function resolvedItems(supplied: SuppliedMaterials, outstanding: MaterialItem[]): string[] {
  const problems: RuleViolation[] = [];
  const open = new Map(outstanding.map((i) => [i.key, i]));
  const resolved = new Set<string>();
  supplied.documents.forEach((d, i) => {
    const item = open.get(d.itemKey);
    if (!item) {
      problems.push({ field: `documents[${i}].itemKey`, message: 'is not an outstanding item of the notice' });
    } else if (item.code === 'VERIFICATION_CONSENT') {
      problems.push({ field: `documents[${i}].itemKey`, message: 'a consent is supplied under consents, with its date and scope' });
    } else if (item.code === 'INCOME_PROPERTY_DECLARATION' && supplied.declaration) {
      problems.push({ field: `documents[${i}].itemKey`, message: 'the declaration is already supplied under declaration' });
    } else if (d.documentRef.trim() === '') {
      problems.push({ field: `documents[${i}].documentRef`, message: 'must not be empty' });
    } else {
      resolved.add(item.key);
    }
  });
  supplied.consents.forEach((c, i) => {
    const key = `VERIFICATION_CONSENT:${normaliseResidentId(c.residentId)}`;
    if (!open.has(key)) {
      problems.push({ field: `consents[${i}].residentId`, message: "this person's consent is not outstanding" });
      return;
    }
    const gaps = missingSources(c);
    if (gaps.length > 0) {
      problems.push({ field: `consents[${i}].sources`, message: `must also cover ${gaps.join(', ')}` });
      return;
    }
    resolved.add(key);
  });
  if (supplied.declaration) {
    if (!open.has('INCOME_PROPERTY_DECLARATION')) {
      problems.push({ field: 'declaration', message: 'the declaration is not outstanding' });
    } else if (!supplied.declaration.documentRef || !supplied.declaration.signedOn) {
      problems.push({ field: 'declaration.documentRef', message: 'the signed declaration needs its document and date' });
    } else {
      resolved.add('INCOME_PROPERTY_DECLARATION');
    }
  }
  if (supplied.documents.length + supplied.consents.length === 0 && !supplied.declaration) {
    problems.push({ field: 'documents', message: 'supply at least one outstanding item' });
  }
  if (problems.length > 0) throw new IntakeRuleError('materials_not_accepted', 'Some supplied materials do not answer the notice', problems);
  return [...resolved];
}

/** The form with supplied materials merged in, so the form always shows what the file holds. */
export function withSuppliedMaterials(
  form: ApplicationForm,
  supplied: SuppliedMaterials,
  outstanding: MaterialItem[],
  suppliedOn: CalendarDate,
): ApplicationForm {
  const byKey = new Map(outstanding.map((i) => [i.key, i]));
  let next: ApplicationForm = {
    ...form,
    consents: [...form.consents, ...supplied.consents],
    declaration: supplied.declaration ?? form.declaration,
  };
  for (const d of supplied.documents) {
    const item = byKey.get(d.itemKey);
    if (!item) continue;
    switch (item.code) {
      case 'IDENTITY_DOCUMENT':
        next = { ...next, identityDocuments: [...next.identityDocuments, { residentId: item.residentId!, documentRef: d.documentRef }] };
        break;
      case 'INCOME_PROPERTY_DECLARATION':
        next = { ...next, declaration: { ...next.declaration, documentRef: d.documentRef, signedOn: suppliedOn } };
        break;
      case 'SIGNED_COMMITMENT':
        next = { ...next, commitment: { documentRef: d.documentRef, signedOn: suppliedOn } };
        break;
      case 'PROXY_AUTHORISATION':
        next = next.proxy ? { ...next, proxy: { ...next.proxy, authorisationDocumentRef: d.documentRef } } : next;
        break;
      case 'EXPENDITURE_EVIDENCE': {
        const ta = next.temporaryAssistance;
        if (ta) {
          next = { ...next, temporaryAssistance: { ...ta, expenditureEvidenceRefs: [...(ta.expenditureEvidenceRefs ?? []), d.documentRef] } };
        }
        break;
      }
      case 'MEDICAL_DIAGNOSIS':
        next = {
          ...next,
          household: {
            ...next.household,
            members: next.household.members.map((m) =>
              normaliseResidentId(m.residentId) === item.residentId && m.severeIllness
                ? { ...m, severeIllness: { ...m.severeIllness, evidenceRef: d.documentRef } }
                : m,
            ),
          },
        };
        break;
      default:
        next = { ...next, otherDocuments: [...next.otherDocuments, { itemKey: item.key, documentRef: d.documentRef }] };
    }
  }
  return next;
}
