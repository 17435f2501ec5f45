import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import { IS_PUBLIC, JURISDICTION_SOURCE, type JurisdictionSource, ROLES_KEY } from './decorators';
import { type Actor, type Principal, type Role, isRole } from './identity';
import { assertJurisdiction } from './jurisdiction';
import { InvalidTokenError, type TokenVerifier } from './jwt';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const ACTING_ROLE_HEADER = 'x-acting-role';

interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  actor?: Actor;
}

function unauthorized(detail: string, error: 'invalid_request' | 'invalid_token'): ProblemException {
  return new ProblemException(401, { detail }, { 'WWW-Authenticate': `Bearer realm="social-assistance", error="${error}"` });
}

function forbidden(detail: string): ProblemException {
  return new ProblemException(403, { type: PROBLEM_TYPES.forbidden, detail });
}

/**
 * Global guard: a verified bearer token on every route not marked `@Public()`, then the route's
 * `@Roles(...)`, then its `@CheckJurisdiction(...)`. Sets `request.actor`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthRequest>();
    const principal = await this.authenticate(req);
    const role = this.chooseRole(principal, this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets), req);
    const actor: Actor = { ...principal, role };

    const source = this.reflector.getAllAndOverride<JurisdictionSource | undefined>(JURISDICTION_SOURCE, targets);
    if (source) {
      const [field, value] = locate(req, source);
      assertJurisdiction(actor, value, field);
    }
    req.actor = actor;
    return true;
  }

  private async authenticate(req: AuthRequest): Promise<Principal> {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header) : null;
    if (!match) throw unauthorized('A bearer token is required (Authorization: Bearer <token>).', 'invalid_request');
    try {
      return await this.verifier.verify(match[1]);
    } catch (e) {
      if (e instanceof InvalidTokenError) throw unauthorized(e.message, 'invalid_token');
      throw e;
    }
  }

  private chooseRole(principal: Principal, allowed: Role[] | undefined, req: AuthRequest): Role {
    const requested = req.headers[ACTING_ROLE_HEADER];
    if (typeof requested === 'string' && requested !== '') {
      if (!isRole(requested) || !principal.roles.includes(requested)) throw forbidden(`You do not hold the role ${requested}.`);
      if (allowed && allowed.length > 0 && !allowed.includes(requested)) {
        throw forbidden(`This action needs one of the roles ${allowed.join(', ')}; you act as ${requested}.`);
      }
      return requested;
    }
    if (!allowed || allowed.length === 0) return principal.roles[0];
    const role = allowed.find((r) => principal.roles.includes(r));
    if (!role) throw forbidden(`This action needs one of the roles ${allowed.join(', ')}.`);
    return role;
  }
}

function locate(req: AuthRequest, source: JurisdictionSource): [field: string, value: unknown] {
  if ('param' in source) return [source.param, req.params?.[source.param]];
  if ('query' in source) return [source.query, req.query?.[source.query]];
  const value = source.body
    .split('.')
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), req.body);
  return [source.body, value];
}
