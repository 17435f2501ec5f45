import { actorOf, todayOf, type DecidedCommandMetadata, type Decider, type DomainEvent } from '@sa/decider';
import type { ComplaintResolvedV1 } from '@sa/contracts';
import { covers, type LocalDate } from './calendar';
import { FollowUpRuleError } from './follow-up-rule-error';

/** Stream `complaint-<complaintId>`: one complaint or tip-off (监督举报). */
export const COMPLAINT_CATEGORY = 'complaint';
export const complaintStreamId = (complaintId: string): string => `${COMPLAINT_CATEGORY}-${complaintId}`;

export type ComplaintChannel = ComplaintResolvedV1['channel'];
export type ComplaintSubject = ComplaintResolvedV1['subject'];
export type ComplaintOutcome = ComplaintResolvedV1['outcome'];
export type ComplaintAction = ComplaintResolvedV1['actions'][number];

/** Who filed it. Confidential: never published, hidden from the officers of the case's community. */
export interface Complainant {
  name: string;
  phone?: string;
  address?: string;
}

export interface OfficerInfo {
  id: string;
  role: string;
  jurisdiction: string;
}

export type ComplaintEvent =
  | DomainEvent<
      'ComplaintFiled',
      {
        complaintId: string;
        about: 'CASE' | 'OFFICER';
        caseId?: string;
        caseNumber?: string;
        officerId?: string;
        /** The community (12-digit code) of the case or of the officer complained about. */
        community: string;
        channel: ComplaintChannel;
        subject: ComplaintSubject;
        anonymous: boolean;
        complainant?: Complainant;
        allegation: string;
        receivedOn: LocalDate;
        filedBy: OfficerInfo;
      }
    >
  | DomainEvent<'ComplaintAssigned', { investigator: OfficerInfo; assignedBy: OfficerInfo; assignedOn: LocalDate }>
  | DomainEvent<
      'ComplaintResolved',
      {
        resolvedOn: LocalDate;
        outcome: ComplaintOutcome;
        findings: string;
        actions: ComplaintAction[];
        fraudSuspected: boolean;
        estimatedOverpaymentFen?: number;
        resolvedBy: OfficerInfo;
      }
    >;

export type ComplaintEventType = ComplaintEvent['type'];

/** Every event type of a complaint stream (the compiler checks the list against the union, both ways). */
export const COMPLAINT_EVENT_TYPES = Object.keys({
  ComplaintFiled: true,
  ComplaintAssigned: true,
  ComplaintResolved: true,
} satisfies Record<ComplaintEventType, true>) as readonly ComplaintEventType[];

export interface ComplaintState {
  status: 'NONE' | 'RECEIVED' | 'UNDER_INVESTIGATION' | 'RESOLVED';
  filed?: Extract<ComplaintEvent, { type: 'ComplaintFiled' }>['data'];
  investigator?: OfficerInfo;
  assignedOn?: LocalDate;
  resolution?: Extract<ComplaintEvent, { type: 'ComplaintResolved' }>['data'];
}

export const initialComplaintState: ComplaintState = { status: 'NONE' };

/**
 * The complaint's commands as their issuer builds them (`{ type, data }`); the pipeline gives each its
 * `metadata: { actor, now }`. Who files, assigns or resolves is `metadata.actor`; "today" is `metadata.now`.
 */
export type ComplaintCommandBody =
  | { type: 'FileComplaint'; data: Omit<Extract<ComplaintEvent, { type: 'ComplaintFiled' }>['data'], 'filedBy'> }
  | { type: 'AssignInvestigator'; data: { investigator: OfficerInfo } }
  | {
      type: 'ResolveComplaint';
      data: {
        outcome: ComplaintOutcome;
        findings: string;
        actions: ComplaintAction[];
        fraudSuspected: boolean;
        estimatedOverpaymentFen?: number;
      };
    };

/** A complaint command as the decider gets it: the body and its `metadata: { actor, now }`. */
export type ComplaintCommand = ComplaintCommandBody extends infer B ? (B extends ComplaintCommandBody ? B & { metadata: DecidedCommandMetadata } : never) : never;

export function evolveComplaint(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  switch (event.type) {
    case 'ComplaintFiled':
      return { status: 'RECEIVED', filed: event.data };
    case 'ComplaintAssigned':
      return { ...state, status: 'UNDER_INVESTIGATION', investigator: event.data.investigator, assignedOn: event.data.assignedOn };
    case 'ComplaintResolved':
      return { ...state, status: 'RESOLVED', resolution: event.data };
  }
}

/** The investigator must come from outside the community the complaint concerns. */
export function isOutsideCommunity(jurisdiction: string, community: string): boolean {
  return !jurisdiction.startsWith(community);
}

export function decideComplaint(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  switch (command.type) {
    case 'FileComplaint': {
      const d = command.data;
      const today = todayOf(command);
      if (state.status !== 'NONE') return [];
      if (!/^\d{12}$/.test(d.community)) {
        throw new FollowUpRuleError('community_code_required', 'Name the community (12-digit code) the complaint concerns', { field: 'community' });
      }
      if (d.about === 'CASE' && !d.caseId) throw new FollowUpRuleError('case_required', 'A complaint about a case names the case', { field: 'caseId' });
      if (d.about === 'OFFICER' && !d.officerId) {
        throw new FollowUpRuleError('officer_required', 'A complaint about an officer names the officer', { field: 'officerId' });
      }
      if (d.anonymous && d.complainant) {
        throw new FollowUpRuleError('anonymous_with_identity', 'An anonymous complaint records no identity', { field: 'complainant' });
      }
      if (!d.anonymous && (!d.complainant || d.complainant.name.trim() === '')) {
        throw new FollowUpRuleError('complainant_required', 'A named complaint records who filed it', { field: 'complainant.name' });
      }
      if (d.allegation.trim() === '') throw new FollowUpRuleError('allegation_required', 'Describe the allegation', { field: 'allegation' });
      if (d.receivedOn > today) throw new FollowUpRuleError('date_in_future', 'receivedOn is after today', { field: 'receivedOn' });
      return [{ type: 'ComplaintFiled', data: { ...d, filedBy: actorOf(command) } }];
    }

    case 'AssignInvestigator': {
      const d = command.data;
      const today = todayOf(command);
      const filed = requireFiled(state);
      if (state.status === 'RESOLVED') throw new FollowUpRuleError('complaint_resolved', 'The complaint is already resolved', { kind: 'conflict' });
      if (state.investigator?.id === d.investigator.id) return [];
      if (!isOutsideCommunity(d.investigator.jurisdiction, filed.community)) {
        throw new FollowUpRuleError(
          'investigator_inside_community',
          'The investigator must come from outside the community the complaint concerns',
          { kind: 'forbidden', field: 'investigatorId' },
        );
      }
      if (filed.about === 'OFFICER' && filed.officerId === d.investigator.id) {
        throw new FollowUpRuleError('investigator_is_subject', 'The officer complained about cannot investigate', { kind: 'forbidden', field: 'investigatorId' });
      }
      return [{ type: 'ComplaintAssigned', data: { investigator: d.investigator, assignedBy: actorOf(command), assignedOn: today } }];
    }

    case 'ResolveComplaint': {
      const d = command.data;
      const today = todayOf(command);
      const resolvedBy = actorOf(command);
      requireFiled(state);
      if (state.status === 'RESOLVED') return [];
      if (!state.investigator) throw new FollowUpRuleError('not_assigned', 'Assign an investigator first', { kind: 'conflict' });
      if (state.investigator.id !== resolvedBy.id) {
        throw new FollowUpRuleError('not_the_investigator', 'Only the assigned investigator records the outcome', { kind: 'forbidden' });
      }
      if (d.findings.trim() === '') throw new FollowUpRuleError('findings_required', 'Write down the findings', { field: 'findings' });
      if (d.actions.length === 0) throw new FollowUpRuleError('actions_required', 'Name the actions taken (or NONE)', { field: 'actions' });
      if (d.actions.includes('NONE') && d.actions.length > 1) {
        throw new FollowUpRuleError('actions_inconsistent', 'NONE cannot be combined with other actions', { field: 'actions' });
      }
      if (d.outcome === 'UNSUBSTANTIATED' && d.fraudSuspected) {
        throw new FollowUpRuleError('fraud_without_substance', 'An unsubstantiated complaint cannot suspect fraud', { field: 'fraudSuspected' });
      }
      if (d.estimatedOverpaymentFen !== undefined && (!Number.isSafeInteger(d.estimatedOverpaymentFen) || d.estimatedOverpaymentFen < 0)) {
        throw new FollowUpRuleError('invalid_amount', 'Amounts are whole fen ≥ 0', { field: 'estimatedOverpaymentFen' });
      }
      return [
        {
          type: 'ComplaintResolved',
          data: {
            resolvedOn: today,
            outcome: d.outcome,
            findings: d.findings,
            actions: d.actions,
            fraudSuspected: d.fraudSuspected,
            ...(d.estimatedOverpaymentFen !== undefined ? { estimatedOverpaymentFen: d.estimatedOverpaymentFen } : {}),
            resolvedBy,
          },
        },
      ];
    }
  }
}

function requireFiled(state: ComplaintState): NonNullable<ComplaintState['filed']> {
  if (!state.filed) throw new FollowUpRuleError('complaint_not_found', 'No such complaint', { kind: 'not_found' });
  return state.filed;
}

export const complaintDecider: Decider<ComplaintCommand, ComplaintEvent, ComplaintState> = {
  decide: decideComplaint,
  evolve: evolveComplaint,
  initialState: initialComplaintState,
};

// ---------------------------------------------------------------------------------------------
// Confidentiality of the complainant
// ---------------------------------------------------------------------------------------------

export interface Viewer {
  id: string;
  /** Every role the viewer holds. */
  roles: readonly string[];
  jurisdiction: string;
}

export interface ComplaintView {
  complaintId: string;
  status: ComplaintState['status'];
  about: 'CASE' | 'OFFICER';
  caseId?: string;
  caseNumber?: string;
  officerId?: string;
  community: string;
  channel: ComplaintChannel;
  subject: ComplaintSubject;
  anonymous: boolean;
  /** A named complainant exists (never shown). */
  identityHidden: boolean;
  allegation: string;
  receivedOn: LocalDate;
  investigatorId?: string;
  assignedOn?: LocalDate;
  resolution?: Omit<NonNullable<ComplaintState['resolution']>, 'resolvedBy'> & { resolvedById: string };
}

/** May the viewer see the complaint at all: their jurisdiction covers its community, or they investigate it. */
export function canViewComplaint(viewer: Viewer, complaint: ComplaintState): boolean {
  if (!complaint.filed) return false;
  return covers(viewer.jurisdiction, complaint.filed.community) || complaint.investigator?.id === viewer.id;
}

/**
 * The complaint as an officer sees it. The complainant's identity, when given, is recorded but shown to
 * nobody — not the community's officers, not the investigator, not the reviewers above, not the officer
 * who took it down (issue 16): `identityHidden` says that a named complainant exists.
 */
export function viewComplaintFor(_viewer: Viewer, complaint: ComplaintState): ComplaintView {
  const f = complaint.filed;
  if (!f) throw new FollowUpRuleError('complaint_not_found', 'No such complaint', { kind: 'not_found' });
  const view: ComplaintView = {
    complaintId: f.complaintId,
    status: complaint.status,
    about: f.about,
    community: f.community,
    channel: f.channel,
    subject: f.subject,
    anonymous: f.anonymous,
    identityHidden: !f.anonymous,
    allegation: f.allegation,
    receivedOn: f.receivedOn,
  };
  if (f.caseId) view.caseId = f.caseId;
  if (f.caseNumber) view.caseNumber = f.caseNumber;
  if (f.officerId) view.officerId = f.officerId;
  if (complaint.investigator) view.investigatorId = complaint.investigator.id;
  if (complaint.assignedOn) view.assignedOn = complaint.assignedOn;
  if (complaint.resolution) {
    const { resolvedBy, ...rest } = complaint.resolution;
    view.resolution = { ...rest, resolvedById: resolvedBy.id };
  }
  return view;
}
