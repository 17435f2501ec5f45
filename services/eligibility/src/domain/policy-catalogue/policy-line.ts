/**
 * The policy decider (stream `policy-<policyId>`): one policy line of one administrative division,
 * whose versions are published as events carrying every parameter. A published version is never
 * changed: a correction is a new version that supersedes the one it corrects (the corrected version
 * stays in the stream, so decisions that recorded it can still be replayed against it). Resolution
 * of the version in force uses the rule engine's `resolvePolicyVersion` over the active versions.
 */
import { actorOf, todayOf, type CommandBody, type CommandWithMetadata, type Decider } from '@sa/decider';
import { CalendarDate } from '../calendar-date';
import { conflictError, EligibilityError, notFoundError, ruleError } from '../errors';
import { PolicyVersion } from '../policy/policy-version';
import { resolvePolicyVersion } from '../policy/resolve-policy';
import { validatePolicyCatalogue, validatePolicyVersion } from '../policy/validate-policy';

export interface PolicyActor {
  id: string;
  role: string;
  jurisdiction: string;
}

export const policyStreamId = (policyId: string): string => `policy-${policyId}`;

// ---- events ---------------------------------------------------------------------------------------

export interface PolicyVersionPublished {
  type: 'PolicyVersionPublished';
  data: {
    policyId: string;
    /** The whole version, every parameter included. */
    version: PolicyVersion;
    publishedOn: CalendarDate;
    publishedBy: PolicyActor;
    reason: string | null;
    /** The version label this one corrects (then superseded), or null. */
    corrects: string | null;
  };
}

export interface PolicyVersionSuperseded {
  type: 'PolicyVersionSuperseded';
  data: { policyId: string; version: string; supersededBy: string; supersededOn: CalendarDate; reason: string };
}

export type PolicyEvent = PolicyVersionPublished | PolicyVersionSuperseded;

// ---- commands -------------------------------------------------------------------------------------

// The one command shape: who publishes is `metadata.actor`, the publication date the Asia/Shanghai date of
// `metadata.now` (the events keep both as `publishedBy` / `publishedOn` for the audit trail).

export type PublishPolicyVersion = CommandWithMetadata<'PublishPolicyVersion', { version: PolicyVersion; reason?: string }>;

export type CorrectPolicyVersion = CommandWithMetadata<'CorrectPolicyVersion', { corrects: string; version: PolicyVersion; reason: string }>;

export type PolicyCommand = PublishPolicyVersion | CorrectPolicyVersion;

/** A policy command as the catalogue builds it; the pipeline adds `metadata: { actor, now }`. */
export type PolicyCommandBody = CommandBody<PolicyCommand>;

// ---- state ----------------------------------------------------------------------------------------

export interface PublishedPolicyVersion {
  version: PolicyVersion;
  publishedOn: CalendarDate;
  publishedBy: PolicyActor;
  reason: string | null;
  corrects: string | null;
  supersededBy: string | null;
}

export interface PolicyLineState {
  policyId: string | null;
  divisionCode: string | null;
  versions: PublishedPolicyVersion[];
}

export const initialPolicyLineState: PolicyLineState = { policyId: null, divisionCode: null, versions: [] };

/** Versions not superseded by a correction: the ones resolution may pick. */
export function activeVersions(state: PolicyLineState): PolicyVersion[] {
  return state.versions.filter((v) => v.supersededBy === null).map((v) => v.version);
}

export function evolvePolicyLine(state: PolicyLineState, event: PolicyEvent): PolicyLineState {
  switch (event.type) {
    case 'PolicyVersionPublished': {
      const d = event.data;
      return {
        policyId: d.policyId,
        divisionCode: d.version.divisionCode,
        versions: [
          ...state.versions,
          { version: d.version, publishedOn: d.publishedOn, publishedBy: d.publishedBy, reason: d.reason, corrects: d.corrects, supersededBy: null },
        ],
      };
    }
    case 'PolicyVersionSuperseded':
      return {
        ...state,
        versions: state.versions.map((v) => (v.version.version === event.data.version ? { ...v, supersededBy: event.data.supersededBy } : v)),
      };
    default:
      return state;
  }
}

// ---- decide ---------------------------------------------------------------------------------------

function assertValid(version: PolicyVersion): void {
  const violations = validatePolicyVersion(version);
  if (violations.length > 0) {
    throw new EligibilityError(
      'policy_invalid',
      `The policy version is not valid: ${violations.map((v) => `${v.path} ${v.message}`).join('; ')}`,
      { field: violations[0]!.path, violations: violations.map((v) => ({ field: v.path, message: v.message })), status: 400 },
    );
  }
}

function assertFitsLine(state: PolicyLineState, version: PolicyVersion): void {
  if (state.policyId !== null && version.policyId !== state.policyId) {
    throw ruleError('policy_id_mismatch', `The version belongs to policy ${version.policyId}, not ${state.policyId}`, 'policyId');
  }
  if (state.divisionCode !== null && version.divisionCode !== state.divisionCode) {
    throw ruleError(
      'policy_division_mismatch',
      `Policy ${state.policyId} belongs to division ${state.divisionCode}; a version for ${version.divisionCode} needs its own policy line`,
      'divisionCode',
    );
  }
}

function assertConsistentCatalogue(versions: PolicyVersion[]): void {
  const violations = validatePolicyCatalogue(versions);
  if (violations.length > 0) {
    throw conflictError('policy_catalogue_conflict', violations.map((v) => v.message).join('; '));
  }
}

function sameContent(a: PolicyVersion, b: PolicyVersion): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function decidePolicyLine(command: PolicyCommand, state: PolicyLineState): PolicyEvent[] {
  const publishedOn = todayOf(command);
  const publishedBy = actorOf(command);
  const { version } = command.data;
  assertValid(version);
  assertFitsLine(state, version);
  const existing = state.versions.find((v) => v.version.version === version.version);
  if (existing) {
    if (sameContent(existing.version, version) && command.type === 'PublishPolicyVersion') return []; // a retried publication
    throw conflictError(
      'policy_version_exists',
      `Version ${version.version} is already published and is never changed; publish a correction as a new version`,
    );
  }
  switch (command.type) {
    case 'PublishPolicyVersion': {
      assertConsistentCatalogue([...activeVersions(state), version]);
      const d = command.data;
      return [
        {
          type: 'PolicyVersionPublished',
          data: { policyId: version.policyId, version, publishedOn, publishedBy, reason: d.reason ?? null, corrects: null },
        },
      ];
    }
    case 'CorrectPolicyVersion': {
      const d = command.data;
      if (typeof d.reason !== 'string' || d.reason.trim() === '') {
        throw ruleError('correction_reason_required', 'A correction needs a recorded reason', 'reason');
      }
      const corrected = state.versions.find((v) => v.version.version === d.corrects);
      if (!corrected) throw notFoundError('policy_version_not_found', `Policy ${state.policyId ?? version.policyId} has no version ${d.corrects}`);
      if (corrected.supersededBy !== null) {
        throw conflictError('policy_version_superseded', `Version ${d.corrects} was already corrected by ${corrected.supersededBy}`);
      }
      assertConsistentCatalogue([...activeVersions(state).filter((v) => v.version !== d.corrects), version]);
      return [
        {
          type: 'PolicyVersionPublished',
          data: { policyId: version.policyId, version, publishedOn, publishedBy, reason: d.reason, corrects: d.corrects },
        },
        {
          type: 'PolicyVersionSuperseded',
          data: { policyId: version.policyId, version: d.corrects, supersededBy: version.version, supersededOn: publishedOn, reason: d.reason },
        },
      ];
    }
    default:
      return [];
  }
}

export const policyLineDecider: Decider<PolicyCommand, PolicyEvent, PolicyLineState> = {
  decide: decidePolicyLine,
  evolve: evolvePolicyLine,
  initialState: initialPolicyLineState,
};

/**
 * The version in force for a jurisdiction on a date, across policy lines (district, city, province):
 * the active versions of every line, resolved by the rule engine's `resolvePolicyVersion`.
 */
export function resolveFromLines(lines: readonly PolicyLineState[], jurisdiction: string, onDate: CalendarDate): PolicyVersion {
  return resolvePolicyVersion(lines.flatMap(activeVersions), jurisdiction, onDate);
}

/** Every version ever published (active or superseded), by label: decisions are replayed against these. */
export function findPublishedVersion(lines: readonly PolicyLineState[], label: string): PublishedPolicyVersion | undefined {
  for (const line of lines) {
    const found = line.versions.find((v) => v.version.version === label);
    if (found) return found;
  }
  return undefined;
}
