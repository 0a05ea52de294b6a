import { AppError, type AuthService, type AuthSession, type Organization } from '@monimmo/contract';
import { organizations, refreshTokens, sessions, users, type Tx } from '@monimmo/db';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { randomToken, sha256 } from '../shared/crypto.ts';
import { toUser } from '../users/mapping.ts';
import type { AuthDeps } from './deps.ts';

export const invalidRefresh = () => new AppError('UNAUTHORIZED', 'Invalid or expired refresh token', { reason: 'REFRESH_TOKEN_INVALID' });
export const sessionEnded = () => new AppError('UNAUTHORIZED', 'Session ended, log in again', { reason: 'SESSION_REVOKED' });

export interface IssuedSession {
  sessionId: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

type SessionDeps = Pick<AuthDeps, 'database' | 'accessTokens' | 'settings'>;

/** Starts a session (or continues one, on refresh) with a fresh refresh token. */
async function issueRefreshToken({ settings }: SessionDeps, tx: Tx, orgId: string, sessionId: string) {
  const refreshToken = randomToken();
  const expiresAt = new Date(Date.now() + settings.refreshTokenTtlDays * 86_400_000).toISOString();
  await tx.insert(refreshTokens).values({ orgId, sessionId, tokenHash: sha256(refreshToken), expiresAt });
  return { refreshToken, refreshTokenExpiresAt: expiresAt };
}

export async function startSession(deps: SessionDeps, tx: Tx, user: { id: string; orgId: string }): Promise<IssuedSession> {
  const [session] = await tx.insert(sessions).values({ orgId: user.orgId, userId: user.id }).returning({ id: sessions.id });
  if (!session) throw new Error('session insert returned nothing');
  return { sessionId: session.id, ...(await issueRefreshToken(deps, tx, user.orgId, session.id)) };
}

async function loadOrganization({ database: { db } }: SessionDeps, orgId: string): Promise<Organization> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new AppError('NOT_FOUND', 'Organization not found');
  return { id: org.id, name: org.name, createdAt: org.createdAt };
}

/** What a client holds after logging in or refreshing: a signed access token and the refresh token. */
export async function buildSession(deps: SessionDeps, userId: string, issued: IssuedSession): Promise<AuthSession> {
  const [row] = await deps.database.db.select().from(users).where(eq(users.id, userId));
  if (!row) throw new Error('user vanished while opening a session');
  const accessToken = await deps.accessTokens.sign({ userId, orgId: row.orgId, sessionId: issued.sessionId });
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn: deps.accessTokens.ttlSeconds,
    refreshToken: issued.refreshToken,
    refreshTokenExpiresAt: issued.refreshTokenExpiresAt,
    user: toUser(row),
    organization: await loadOrganization(deps, row.orgId),
  };
}

/**
 * A rotated token is still answered for a few seconds if it is the session's latest rotation
 * (no token of the session rotated after it); older ones, or later, are reuse.
 */
async function withinGrace({ settings }: SessionDeps, tx: Tx, token: { sessionId: string; usedAt: string | null }): Promise<boolean> {
  if (!token.usedAt || Date.parse(token.usedAt) + settings.refreshReuseGraceSeconds * 1000 <= Date.now()) return false;
  const [later] = await tx
    .select({ id: refreshTokens.id })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.sessionId, token.sessionId), gt(refreshTokens.usedAt, token.usedAt)))
    .limit(1);
  return !later;
}

async function revokeSession(tx: Tx, sessionId: string, reason: 'LOGOUT' | 'REFRESH_REUSE') {
  await tx
    .update(sessions)
    .set({ revokedAt: new Date().toISOString(), revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Rotates a refresh token; a rotated one presented again ends its whole session. */
export async function refreshSession(deps: SessionDeps, token: string): Promise<AuthSession> {
  const now = new Date().toISOString();
  const outcome = await deps.database.tx(async (tx) => {
    const [row] = await tx
      .select({ token: refreshTokens, session: sessions, userActive: users.active })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(refreshTokens.tokenHash, sha256(token)));
    if (!row) return { error: invalidRefresh() };
    if (row.session.revokedAt) return { error: sessionEnded() };
    if (row.token.usedAt && (await withinGrace(deps, tx, row.token))) {
      // Two tabs refreshed with the same token: the late one gets a sibling in the same session
      // (the successor is stored hashed, so it cannot be handed out again).
      if (row.token.expiresAt <= now || !row.userActive) return { error: invalidRefresh() };
      const issued = await issueRefreshToken(deps, tx, row.session.orgId, row.session.id);
      return { userId: row.session.userId, issued: { sessionId: row.session.id, ...issued } };
    }
    if (row.token.usedAt) {
      // A rotated token came back: someone holds a copy. End the whole family.
      await revokeSession(tx, row.session.id, 'REFRESH_REUSE');
      return { error: new AppError('UNAUTHORIZED', 'Refresh token reused: session ended', { reason: 'REFRESH_TOKEN_REUSED' }) };
    }
    if (row.token.expiresAt <= now || !row.userActive) return { error: invalidRefresh() };
    const claimed = await tx
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(and(eq(refreshTokens.id, row.token.id), isNull(refreshTokens.usedAt)));
    if (claimed.rowsAffected !== 1) return { error: invalidRefresh() };
    await tx.update(sessions).set({ updatedAt: now }).where(eq(sessions.id, row.session.id));
    const issued = await issueRefreshToken(deps, tx, row.session.orgId, row.session.id);
    return { userId: row.session.userId, issued: { sessionId: row.session.id, ...issued } };
  });
  // Thrown after commit, so the revocation of a reused family is kept.
  if ('error' in outcome) throw outcome.error;
  return buildSession(deps, outcome.userId, outcome.issued);
}

/** Ends the session a refresh token or an access token belongs to. */
export async function endSession(
  { database }: SessionDeps,
  { refreshToken, bearerToken }: Parameters<AuthService['logout']>[0],
  authenticate: AuthService['authenticate'],
): Promise<void> {
  let sessionId: string;
  if (refreshToken) {
    const [row] = await database.db
      .select({ sessionId: refreshTokens.sessionId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(refreshToken)));
    if (!row) throw invalidRefresh();
    sessionId = row.sessionId;
  } else if (bearerToken) {
    sessionId = (await authenticate(bearerToken)).sessionId;
  } else {
    throw new AppError('UNAUTHORIZED', 'Give a refresh token or a bearer token');
  }
  await database.tx((tx) => revokeSession(tx, sessionId, 'LOGOUT'));
}
