import type { CommandBody, CommandWithMetadata, Decider } from '@sa/decider';
import { CloseRelation, DeclaredCloseRelative, OfficialRole } from '../conflict-of-interest';
import { checkResidentId, maskResidentId, normaliseResidentId } from '../resident-id';
import { IntakeRuleError } from '../shared/intake-rule-error';
import { type CalendarDate, shanghaiDate } from '@sa/time';

/**
 * An officer's declaration of close relatives (近亲属备案), one stream per officer. Applications with
 * a declared relative among the members are flagged for conflict of interest.
 */
export interface CloseRelativeDeclared {
  type: 'CloseRelativeDeclared';
  data: {
    officerId: string;
    officerName: string;
    officialRole: OfficialRole;
    officerJurisdiction: string;
    relativeResidentId: string;
    relativeName: string;
    relation: CloseRelation;
    declaredOn: CalendarDate;
  };
}

export interface CloseRelativeDeclarationWithdrawn {
  type: 'CloseRelativeDeclarationWithdrawn';
  data: { officerId: string; relativeResidentId: string; reason: string; withdrawnOn: CalendarDate };
}

export type OfficerRelativesEvent = CloseRelativeDeclared | CloseRelativeDeclarationWithdrawn;

/** Every event type of an officer's declared relatives (the compiler checks the list against the union, both ways). */
export const OFFICER_RELATIVES_EVENT_TYPES = Object.keys({
  CloseRelativeDeclared: true,
  CloseRelativeDeclarationWithdrawn: true,
} satisfies Record<OfficerRelativesEvent['type'], true>) as readonly OfficerRelativesEvent['type'][];

export interface OfficerRelativesState {
  officerId?: string;
  relatives: Map<string, CloseRelation>;
}

export const initialOfficerRelativesState: OfficerRelativesState = { relatives: new Map() };

export function evolveOfficerRelatives(state: OfficerRelativesState, event: OfficerRelativesEvent): OfficerRelativesState {
  const relatives = new Map(state.relatives);
  if (event.type === 'CloseRelativeDeclared') relatives.set(event.data.relativeResidentId, event.data.relation);
  else relatives.delete(event.data.relativeResidentId);
  return { officerId: event.data.officerId, relatives };
}

export type DeclareCloseRelative = CommandWithMetadata<
  'DeclareCloseRelative',
  {
    officerName: string;
    officialRole: OfficialRole;
    relativeResidentId: string;
    relativeName: string;
    relation: CloseRelation;
  }
>;

export type WithdrawCloseRelative = CommandWithMetadata<
  'WithdrawCloseRelative',
  {
    relativeResidentId: string;
    reason: string;
  }
>;

export type OfficerRelativesCommand = DeclareCloseRelative | WithdrawCloseRelative;

/** A declaration command as its issuer builds it (`{ type, data }`). */
export type OfficerRelativesCommandBody = CommandBody<OfficerRelativesCommand>;

export function decideOfficerRelatives(command: OfficerRelativesCommand, state: OfficerRelativesState): OfficerRelativesEvent[] {
  const today = shanghaiDate(command.metadata.now);
  if (state.officerId !== undefined && state.officerId !== command.metadata.actor.id) {
    throw new IntakeRuleError('not_own_declaration', 'Officers declare their own close relatives only');
  }
  const id = normaliseResidentId(command.data.relativeResidentId);
  if (command.type === 'DeclareCloseRelative') {
    const check = checkResidentId(id, today);
    if (!check.valid) {
      throw new IntakeRuleError('invalid_declaration', 'The relative is invalid', [
        { field: 'relativeResidentId', message: `resident ID ${check.message}` },
      ]);
    }
    if (state.relatives.has(id)) throw new IntakeRuleError('already_declared', 'This relative is already declared');
    return [
      {
        type: 'CloseRelativeDeclared',
        data: {
          officerId: command.metadata.actor.id,
          officerName: command.data.officerName,
          officialRole: command.data.officialRole,
          officerJurisdiction: command.metadata.actor.jurisdiction,
          relativeResidentId: id,
          relativeName: command.data.relativeName,
          relation: command.data.relation,
          declaredOn: today,
        },
      },
    ];
  }
  if (!state.relatives.has(id)) throw new IntakeRuleError('not_declared', 'This relative is not declared');
  if (command.data.reason.trim() === '') {
    throw new IntakeRuleError('reason_required', 'Withdrawing a declaration records why', [{ field: 'reason', message: 'must not be empty' }]);
  }
  return [
    {
      type: 'CloseRelativeDeclarationWithdrawn',
      data: { officerId: command.metadata.actor.id, relativeResidentId: id, reason: command.data.reason.trim(), withdrawnOn: today },
    },
  ];
}

/** One stream per officer; the id is a name-based UUID of the officer's subject (computed by the shell). */
export const OFFICER_RELATIVES_CATEGORY = 'officerRelatives';

/** The declaration as the conflict check reads it. */
export function toDeclaredCloseRelative(e: CloseRelativeDeclared['data']): DeclaredCloseRelative {
  return {
    officerId: e.officerId,
    officerName: e.officerName,
    officialRole: e.officialRole,
    officerJurisdiction: e.officerJurisdiction,
    relativeResidentId: e.relativeResidentId,
    relation: e.relation,
  };
}

export const officerRelativesDecider: Decider<OfficerRelativesCommand, OfficerRelativesEvent, OfficerRelativesState> = {
  decide: decideOfficerRelatives,
  evolve: evolveOfficerRelatives,
  initialState: initialOfficerRelativesState,
};

/** One declaration in force, as the officer sees their own 近亲属备案 (the relative's ID masked). */
export interface DeclaredRelativeView {
  relativeResidentIdMasked: string;
  relativeName: string;
  relation: CloseRelation;
  officialRole: OfficialRole;
  declaredOn: CalendarDate;
}

/** The declarations in force after an officer's events, oldest first (a re-declaration replaces the earlier one). */
export function declaredRelativesOf(events: readonly OfficerRelativesEvent[]): DeclaredRelativeView[] {
  const current = new Map<string, DeclaredRelativeView>();
  for (const e of events) {
    current.delete(e.data.relativeResidentId);
    if (e.type === 'CloseRelativeDeclared') {
      current.set(e.data.relativeResidentId, {
        relativeResidentIdMasked: maskResidentId(e.data.relativeResidentId),
        relativeName: e.data.relativeName,
        relation: e.data.relation,
        officialRole: e.data.officialRole,
        declaredOn: e.data.declaredOn,
      });
    }
  }
  return [...current.values()];
}
