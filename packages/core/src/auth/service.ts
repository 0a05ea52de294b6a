import {
  AppError,
  type Actor,
  type AuthService,
  type AuthSession,
  type Organization,
} from '@monimmo/contract';
import { organizations, passwordTokens, refreshTokens, sessions, users, type Database, type Tx } from '@monimmo/db';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Mailer } from '../mailer.ts';
import type { BackgroundTasks } from '../shared/background.ts';
import { randomToken, sha256 } from '../shared/crypto.ts';
import { isUniqueViolation } from '../shared/db-errors.ts';
import { normalizeEmail, toUser } from '../users/mapping.ts';
import type { AccessTokens } from './access-tokens.ts';
import { sendPasswordEmail, type PasswordEmailSettings } from './password-emails.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { Limit, RateLimiter } from './rate-limiter.ts';

export interface AuthSettings extends PasswordEmailSettings {
  refreshTokenTtlDays: number;
  /** How long the token just rotated may still be presented (a second tab refreshing at the same time). */
  refreshReuseGraceSeconds: number;
  loginLimitPerEmailAndIp: Limit;
  loginLimitPerEmail: Limit;
  loginLimitPerIp: Limit;
}

export interface AuthDeps {
  database: Database;
  accessTokens: AccessTokens;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  background: BackgroundTasks;
  settings: AuthSettings;
}

const HOUR = 3600;
const REGISTER_LIMIT: Limit = { scope: 'register:ip', max: 20, windowSeconds: HOUR };
const FORGOT_LIMIT_PER_IP: Limit = { scope: 'forgot:ip', max: 30, windowSeconds: HOUR };
const FORGOT_LIMIT_PER_EMAIL: Limit = { scope: 'forgot:email', max: 5, windowSeconds: HOUR };
const RESET_LIMIT_PER_IP: Limit = { scope: 'reset:ip', max: 30, windowSeconds: HOUR };

const invalidCredentials = () => new AppError('UNAUTHORIZED', 'Invalid e-mail or password', { reason: 'INVALID_CREDENTIALS' });
const invalidRefresh = () => new AppError('UNAUTHORIZED', 'Invalid or expired refresh token', { reason: 'REFRESH_TOKEN_INVALID' });
const sessionEnded = () => new AppError('UNAUTHORIZED', 'Session ended, log in again', { reason: 'SESSION_REVOKED' });

export function createAuthService({ database, accessTokens, rateLimiter, mailer, background, settings }: AuthDeps): AuthService {
  const { db } = database;

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

  async function loadOrganization(orgId: string): Promise<Organization> {
    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    if (!org) throw new AppError('NOT_FOUND', 'Organization not found');
    return { id: org.id, name: org.name, createdAt: org.createdAt };
  }

  /** Starts a session (or continues one, on refresh) with a fresh refresh token. */
  async function issueRefreshToken(tx: Tx, orgId: string, sessionId: string) {
    const refreshToken = randomToken();
    const expiresAt = new Date(Date.now() + settings.refreshTokenTtlDays * 86_400_000).toISOString();
    await tx.insert(refreshTokens).values({ orgId, sessionId, tokenHash: sha256(refreshToken), expiresAt });
    return { refreshToken, refreshTokenExpiresAt: expiresAt };
  }

  async function startSession(tx: Tx, user: { id: string; orgId: string }) {
    const [session] = await tx.insert(sessions).values({ orgId: user.orgId, userId: user.id }).returning({ id: sessions.id });
    if (!session) throw new Error('session insert returned nothing');
    return { sessionId: session.id, ...(await issueRefreshToken(tx, user.orgId, session.id)) };
  }

  async function buildSession(
    userId: string,
    issued: { sessionId: string; refreshToken: string; refreshTokenExpiresAt: string },
  ): Promise<AuthSession> {
    const [row] = await db.select().from(users).where(eq(users.id, userId));
    if (!row) throw new Error('user vanished while opening a session');
    const accessToken = await accessTokens.sign({ userId, orgId: row.orgId, sessionId: issued.sessionId });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: accessTokens.ttlSeconds,
      refreshToken: issued.refreshToken,
      refreshTokenExpiresAt: issued.refreshTokenExpiresAt,
      user: toUser(row),
      organization: await loadOrganization(row.orgId),
    };
  }

  /**
   * A rotated token is still answered for a few seconds if it is the session's latest rotation
   * (no token of the session rotated after it); older ones, or later, are reuse.
   */
  async function withinGrace(tx: Tx, token: { sessionId: string; usedAt: string | null }): Promise<boolean> {
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

  return {
    async register(input, request) {
      await rateLimiter.consume(REGISTER_LIMIT, request.ip);
      const passwordHash = await hashPassword(input.password);
      try {
        const { userId, issued } = await database.tx(async (tx) => {
          const [org] = await tx.insert(organizations).values({ name: input.organizationName }).returning();
          if (!org) throw new Error('organization insert returned nothing');
          const [user] = await tx
            .insert(users)
            .values({
              orgId: org.id,
              accountType: 'AGENT',
              role: 'ADMIN',
              firstName: input.firstName,
              lastName: input.lastName,
              email: input.email,
              emailNormalized: normalizeEmail(input.email),
              phone: input.phone ?? null,
              passwordHash,
            })
            .returning({ id: users.id, orgId: users.orgId });
          if (!user) throw new Error('user insert returned nothing');
          return { userId: user.id, issued: await startSession(tx, user) };
        });
        return await buildSession(userId, issued);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('CONFLICT', 'An account already uses this e-mail', { reason: 'EMAIL_TAKEN' });
        }
        throw error;
      }
    },

    async login(input, request) {
      const email = normalizeEmail(input.email);
      // Guesses are limited per e-mail and address; the looser per-e-mail limit catches guessing spread
      // over many addresses without letting one stranger lock the owner out.
      const counted: [Limit, string][] = [
        [settings.loginLimitPerEmailAndIp, `${email}|${request.ip}`],
        [settings.loginLimitPerEmail, email],
        [settings.loginLimitPerIp, request.ip],
      ];
      // Counted before the password is checked, so parallel guesses cannot outrun the limit.
      const waits = await Promise.all(counted.map(([limit, subject]) => rateLimiter.hit(limit, subject)));
      const retryAfterSeconds = Math.max(...waits);
      if (retryAfterSeconds > 0) {
        throw new AppError('RATE_LIMITED', 'Too many login attempts, try again later', { retryAfterSeconds });
      }
      const [user] = await db
        .select()
        .from(users)
        .where(and(eq(users.emailNormalized, email), eq(users.accountType, 'AGENT')));
      const valid = await verifyPassword(user?.passwordHash, input.password);
      if (!user || !valid || !user.active) throw invalidCredentials();
      // Only failures count: a success gives its attempt back and clears its pair's failures.
      await rateLimiter.reset(settings.loginLimitPerEmailAndIp, `${email}|${request.ip}`);
      await Promise.all(counted.slice(1).map(([limit, subject]) => rateLimiter.release(limit, subject)));
      const issued = await database.tx((tx) => startSession(tx, user));
      return buildSession(user.id, issued);
    },

    async refresh(token) {
      const now = new Date().toISOString();
      const outcome = await database.tx(async (tx) => {
        const [row] = await tx
          .select({ token: refreshTokens, session: sessions, userActive: users.active })
          .from(refreshTokens)
          .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
          .innerJoin(users, eq(users.id, sessions.userId))
          .where(eq(refreshTokens.tokenHash, sha256(token)));
        if (!row) return { error: invalidRefresh() };
        if (row.session.revokedAt) return { error: sessionEnded() };
        if (row.token.usedAt && (await withinGrace(tx, row.token))) {
          // Two tabs refreshed with the same token: the late one gets a sibling in the same session
          // (the successor is stored hashed, so it cannot be handed out again).
          if (row.token.expiresAt <= now || !row.userActive) return { error: invalidRefresh() };
          const issued = await issueRefreshToken(tx, row.session.orgId, row.session.id);
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
        const issued = await issueRefreshToken(tx, row.session.orgId, row.session.id);
        return { userId: row.session.userId, issued: { sessionId: row.session.id, ...issued } };
      });
      // Thrown after commit, so the revocation of a reused family is kept.
      if ('error' in outcome) throw outcome.error;
      return buildSession(outcome.userId, outcome.issued);
    },

    async logout({ refreshToken, bearerToken }) {
      let sessionId: string;
      if (refreshToken) {
        const [row] = await db
          .select({ sessionId: refreshTokens.sessionId })
          .from(refreshTokens)
          .where(eq(refreshTokens.tokenHash, sha256(refreshToken)));
        if (!row) throw invalidRefresh();
        sessionId = row.sessionId;
      } else if (bearerToken) {
        sessionId = (await this.authenticate(bearerToken)).sessionId;
      } else {
        throw new AppError('UNAUTHORIZED', 'Give a refresh token or a bearer token');
      }
      await database.tx((tx) => revokeSession(tx, sessionId, 'LOGOUT'));
    },

    async forgotPassword(emailInput, request) {
      await rateLimiter.consume(FORGOT_LIMIT_PER_IP, request.ip);
      const email = normalizeEmail(emailInput);
      // Past this limit, stay silent: a 429 here would tell which e-mails exist.
      if ((await rateLimiter.hit(FORGOT_LIMIT_PER_EMAIL, email)) > 0) return;
      const [row] = await db
        .select({ user: users, orgName: organizations.name })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(and(eq(users.emailNormalized, email), eq(users.accountType, 'AGENT'), eq(users.active, true)));
      if (!row?.user.email) return;
      const user = { ...row.user, email: row.user.email };
      // After the response: known and unknown e-mails then take the same time to answer.
      background.run('password-reset-email', () => database.tx((tx) => sendPasswordEmail(tx, mailer, settings, user, 'RESET', row.orgName)));
    },

    async resetPassword(input, request) {
      await rateLimiter.consume(RESET_LIMIT_PER_IP, request.ip);
      const passwordHash = await hashPassword(input.password);
      const now = new Date().toISOString();
      const done = await database.tx(async (tx) => {
        const [token] = await tx
          .select()
          .from(passwordTokens)
          .where(and(eq(passwordTokens.tokenHash, sha256(input.token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)));
        if (!token) return false;
        // Using one token spends every other pending token of this user.
        await tx
          .update(passwordTokens)
          .set({ usedAt: now })
          .where(and(eq(passwordTokens.userId, token.userId), isNull(passwordTokens.usedAt)));
        const updated = await tx
          .update(users)
          .set({ passwordHash })
          .where(and(eq(users.id, token.userId), eq(users.active, true)));
        if (updated.rowsAffected !== 1) return false;
        await tx
          .update(sessions)
          .set({ revokedAt: now, revokedReason: 'PASSWORD_RESET' })
          .where(and(eq(sessions.userId, token.userId), isNull(sessions.revokedAt)));
        return true;
      });
      if (!done) {
        throw new AppError('BAD_REQUEST', 'This link is invalid or has expired', { reason: 'PASSWORD_TOKEN_INVALID' });
      }
    },

    async authenticate(accessToken): Promise<Actor> {
      const claims = await accessTokens.verify(accessToken);
      const [row] = await sessionLookup.execute({ ...claims });
      if (!row || row.revokedAt || !row.active || !row.role) throw sessionEnded();
      return { userId: claims.userId, orgId: claims.orgId, sessionId: claims.sessionId, role: row.role };
    },

    async me(actor) {
      const [row] = await meLookup.execute({ userId: actor.userId, orgId: actor.orgId });
      if (!row) throw sessionEnded();
      return { user: toUser(row.user), organization: row.organization };
    },
  };
}

