/**
 * Who did it, as officers read it: the name and role of an actor from the gateway's officer directory
 * (GET /directory/officers?jurisdiction=, 人员目录) when the id is found there, else the role and the
 * id shortened. System actors (the services, the verification platform) are named as such.
 */
import { label, ROLE } from './labels';

export interface DirectoryOfficer {
  id: string;
  name: string;
  role: string;
  jurisdiction: string;
}

export interface ActorRef {
  id?: string | null;
  role?: string | null;
  jurisdiction?: string | null;
}

/** Who may be named as the second officer of a visit or as a complaint's investigator (the directory lists more roles, for names). */
export const INVESTIGATING_ROLES: readonly string[] = ['community_officer', 'street_officer', 'street_reviewer', 'county_approver'];

const SYSTEM_ROLE: Record<string, string> = { system: '系统自动', verification_platform: '核对平台', legacy_ledger: '存量台账迁入' };

export function roleName(role: string | null | undefined): string {
  if (!role) return '';
  return SYSTEM_ROLE[role] ?? label(ROLE, role);
}

/** "王芳(街道审核人)" when the directory knows the id, else "街道审核人 · 5f3c1a2b". */
export function actorLabel(actor: ActorRef | null | undefined, officers: ReadonlyMap<string, DirectoryOfficer>): string {
  if (!actor) return '';
  const role = roleName(actor.role);
  if (actor.role && SYSTEM_ROLE[actor.role]) return role;
  const known = actor.id ? officers.get(actor.id) : undefined;
  if (known) return `${known.name}(${roleName(actor.role ?? known.role)})`;
  const short = actor.id ? actor.id.slice(0, 8) : '';
  return [role, short].filter(Boolean).join(' · ');
}
