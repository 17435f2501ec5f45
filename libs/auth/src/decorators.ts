import { type ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Actor, Role } from './identity';

export const IS_PUBLIC = 'sa:auth:public';
export const ROLES_KEY = 'sa:auth:roles';
export const JURISDICTION_SOURCE = 'sa:auth:jurisdiction';

/** The route needs no token (health, metrics, …). Every other route does. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/** The caller must hold one of these roles (403 otherwise). The first one held becomes `actor.role`. */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));

/** Where the jurisdiction code a request targets is found: a path param, a query param or a (dotted) body path. */
export type JurisdictionSource = { param: string } | { query: string } | { body: string };

/**
 * The request targets the jurisdiction found at `source`; it must start with the caller's
 * jurisdiction (403 otherwise; 400 if missing or not a division code). For a resource whose
 * jurisdiction is known only after loading it, call `assertJurisdiction(actor, code)` in the handler.
 */
export const CheckJurisdiction = (source: JurisdictionSource) =>
  applyDecorators(SetMetadata(JURISDICTION_SOURCE, source), ApiExtension('x-jurisdiction-checked', source));

/** The authenticated actor of the request: `{ id, role, roles, jurisdiction, name? }`. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor;
  if (!actor) throw new Error('@CurrentActor() used on a @Public() route');
  return actor;
});
