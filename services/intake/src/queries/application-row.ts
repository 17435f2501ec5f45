import type { ResidentIdHasher } from '../identity/resident-id-hasher';

/** Columns of the applications read model as the list endpoints return them. */
export const APPLICATION_ROW = `a.case_id::text AS case_id, a.case_number, a.jurisdiction, a.status, a.program, a.channel,
  a.applicant_name, a.applicant_resident_id_masked, a.household_size, to_char(a.drafted_on, 'YYYY-MM-DD') AS drafted_on,
  to_char(a.submitted_on, 'YYYY-MM-DD') AS submitted_on, to_char(a.notice_date, 'YYYY-MM-DD') AS notice_date,
  to_char(a.accepted_on, 'YYYY-MM-DD') AS accepted_on, a.outstanding_items, a.conflict_of_interest,
  a.applicant_resident_id_hash, a.earlier_case_id::text AS earlier_case_id, a.earlier_case_outcome,
  a.reopened_appeal_id::text AS reopened_appeal_id, a.reopened_appeal_document, to_char(a.reopened_on, 'YYYY-MM-DD') AS reopened_on`;

export interface ApplicationRow {
  case_id: string;
  case_number: string;
  jurisdiction: string;
  status: string;
  program: string;
  channel: string;
  applicant_name: string;
  applicant_resident_id_masked: string;
  household_size: number;
  drafted_on: string;
  submitted_on: string | null;
  notice_date: string | null;
  accepted_on: string | null;
  outstanding_items: { key: string; label: string }[];
  conflict_of_interest: boolean;
  applicant_resident_id_hash: string;
  earlier_case_id: string | null;
  earlier_case_outcome: string | null;
  reopened_appeal_id: string | null;
  reopened_appeal_document: string | null;
  reopened_on: string | null;
}

/** The rows with their sealed applicant names decrypted for display (`已销毁` after shredding). */
export async function openRows<R extends ApplicationRow>(rows: R[], hasher: ResidentIdHasher): Promise<R[]> {
  return Promise.all(rows.map(async (r) => ({ ...r, applicant_name: await hasher.open(r.applicant_name, 'applications.applicant_name') })));
}

export function toListItem(r: ApplicationRow) {
  return {
    caseId: r.case_id,
    caseNumber: r.case_number,
    jurisdiction: r.jurisdiction,
    status: r.status,
    program: r.program,
    channel: r.channel,
    applicantName: r.applicant_name,
    applicantResidentId: r.applicant_resident_id_masked,
    householdSize: r.household_size,
    draftedOn: r.drafted_on,
    submittedOn: r.submitted_on,
    noticeDate: r.notice_date,
    acceptedOn: r.accepted_on,
    outstandingItems: r.outstanding_items.map((i) => i.label),
    conflictOfInterest: r.conflict_of_interest,
    // Re-application (再次申请): the household's earlier case and how it ended.
    ...(r.earlier_case_id ? { previousCaseId: r.earlier_case_id, previousOutcome: r.earlier_case_outcome } : {}),
    // Closed on a refusal, reopened by the appeal that revoked it (复议/诉讼撤销后批准).
    ...(r.reopened_appeal_id ? { reopenedOnAppeal: { appealId: r.reopened_appeal_id, documentRef: r.reopened_appeal_document, reopenedOn: r.reopened_on } } : {}),
  };
}
