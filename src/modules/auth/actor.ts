import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { ForbiddenError, UnauthenticatedError } from '../../errors.js';
import type { Role } from '../../generated/prisma/enums.js';

/**
 * Who is acting. Requests act as the API key they present; the demo loader
 * and the command line act as themselves (no key), and say so in the audit
 * trail.
 */
export interface Actor {
  /** The API key's id; null for the service's own tools. */
  keyId: string | null;
  name: string;
  role: Role;
}

/** Each role can do everything the roles before it can. */
const RANK: Record<Role, number> = { CONTRIBUTOR: 1, FACT_CHECKER: 2, ADMIN: 3 };

export function hasRole(actor: Actor | null, role: Role): boolean {
  return actor !== null && RANK[actor.role] >= RANK[role];
}

/** Services call this too: the rule holds for every caller, not only GraphQL. */
export function requireRole(actor: Actor | null, role: Role): Actor {
  if (actor === null) {
    throw new UnauthenticatedError('This needs an API key: send it as "Authorization: Bearer <key>"');
  }
  if (!hasRole(actor, role)) {
    throw new ForbiddenError(`This needs the ${role} role; the key "${actor.name}" is ${actor.role}`, {
      requiredRole: role,
      role: actor.role,
    });
  }
  return actor;
}

/** An actor for the service's own tools (demo data, command line). */
export function systemActor(name: string, role: Role = 'ADMIN'): Actor {
  return { keyId: null, name, role };
}

/** type-graphql's @Authorized(role) checks the request's key here. */
export class RoleAuthChecker implements AuthCheckerInterface<Context, Role> {
  check({ context }: ResolverData<Context>, roles: Role[]): boolean {
    for (const role of roles) requireRole(context.actor, role);
    return true;
  }
}
