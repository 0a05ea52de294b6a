import { type Actor, type AuthService } from '@monimmo/contract';
import { organizations, sessions, users } from '@monimmo/db';
import { and, eq, sql } from 'drizzle-orm';
import { toUser } from '../users/mapping.ts';
import type { AuthDeps } from './deps.ts';
import { login, register } from './login.ts';
import { forgotPassword, resetPassword } from './password-reset.ts';
import { endSession, refreshSession, sessionEnded } from './sessions.ts';

export type { AuthDeps, AuthSettings } from './deps.ts';

/** Wires the auth operations (login.ts, sessions.ts, password-reset.ts); the two hottest reads are prepared here. */
export function createAuthService(deps: AuthDeps): AuthService {
  const { db } = deps.database;

  // One indexed read per authenticated request: the session must be live and the user active.
  const sessionLookup = db
    .select({ role: users.role, active: users.active, revokedAt: sessions.revokedAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sql.placeholder('sessionId')),
        eq(sessions.userId, sql.placeholder('userId')),
        eq(sessions.orgId, sql.placeholder('orgId')),
      ),
    )
    .prepare();

  // `me` is the hottest read after authenticate: one prepared join instead of two built queries.
  const meLookup = db
    .select({ user: users, organization: { id: organizations.id, name: organizations.name, createdAt: organizations.createdAt } })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.id, sql.placeholder('userId')), eq(users.orgId, sql.placeholder('orgId'))))
    .prepare();

  async function authenticate(accessToken: string): Promise<Actor> {
    const claims = await deps.accessTokens.verify(accessToken);
    const [row] = await sessionLookup.execute({ ...claims });
    if (!row || row.revokedAt || !row.active || !row.role) throw sessionEnded();
    return { userId: claims.userId, orgId: claims.orgId, sessionId: claims.sessionId, role: row.role };
  }

  return {
    register: (input, request) => register(deps, input, request),
    login: (input, request) => login(deps, input, request),
    refresh: (token) => refreshSession(deps, token),
    logout: (input) => endSession(deps, input, authenticate),
    forgotPassword: (email, request) => forgotPassword(deps, email, request),
    resetPassword: (input, request) => resetPassword(deps, input, request),
    authenticate,
    async me(actor) {
      const [row] = await meLookup.execute({ userId: actor.userId, orgId: actor.orgId });
      if (!row) throw sessionEnded();
      return { user: toUser(row.user), organization: row.organization };
    },
  };
}
