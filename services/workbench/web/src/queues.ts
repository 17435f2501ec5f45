/**
 * Which queues make up 我的待办 for a role: the intake work-queue lists (drafts, awaiting materials,
 * ready for acceptance, accepted today) and the eligibility statuses where the role has the next step.
 * Decided (APPROVED / REFUSED) and withdrawn (WITHDRAWN) review cases, and closed or withdrawn
 * applications, are in no queue: they wait for nobody.
 */
export type IntakeQueue = 'drafts' | 'awaitingMaterials' | 'readyForAcceptance' | 'acceptedToday';

const INTAKE: Record<string, IntakeQueue[]> = {
  community_officer: ['drafts', 'awaitingMaterials', 'readyForAcceptance'],
  street_officer: ['drafts', 'awaitingMaterials', 'readyForAcceptance', 'acceptedToday'],
};

const REVIEW: Record<string, string[]> = {
  community_officer: ['INVESTIGATING'],
  street_officer: ['INVESTIGATING', 'OPINION_ISSUED'],
  street_reviewer: ['OPINION_ISSUED', 'IN_NOTICE'],
  county_approver: ['SUBMITTED'],
};

export const intakeQueuesFor = (role: string): IntakeQueue[] => INTAKE[role] ?? [];
export const reviewStatusesFor = (role: string): string[] => REVIEW[role] ?? [];
