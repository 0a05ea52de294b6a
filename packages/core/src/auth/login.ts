import { AppError, type AuthService } from '@monimmo/contract';
import { organizations, users } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../shared/db-errors.ts';
import { normalizeEmail } from '../users/mapping.ts';
import { REGISTER_LIMIT, type AuthDeps } from './deps.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { Limit } from './rate-limiter.ts';
import { buildSession, startSession } from './sessions.ts';

type Op<K extends keyof AuthService> = AuthService[K] extends (...args: infer A) => infer R ? (deps: AuthDeps, ...args: A) => R : never;

const invalidCredentials = () => new AppError('UNAUTHORIZED', 'Invalid e-mail or password', { reason: 'INVALID_CREDENTIALS' });

/** A new agency with its first user, an ADMIN, logged in. */
export const register: Op<'register'> = async (deps, input, request) => {
  const { database, rateLimiter } = deps;
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
      return { userId: user.id, issued: await startSession(deps, tx, user) };
    });
    return await buildSession(deps, userId, issued);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', 'An account already uses this e-mail', { reason: 'EMAIL_TAKEN' });
    }
    throw error;
  }
};

/** An agent's e-mail and password against the login limits, then a new session. */
export const login: Op<'login'> = async (deps, input, request) => {
  const { database, rateLimiter, settings } = deps;
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
  const [user] = await database.db
    .select()
    .from(users)
    .where(and(eq(users.emailNormalized, email), eq(users.accountType, 'AGENT')));
  const valid = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !valid || !user.active) throw invalidCredentials();
  // Only failures count: a success gives its attempt back and clears its pair's failures.
  await rateLimiter.reset(settings.loginLimitPerEmailAndIp, `${email}|${request.ip}`);
  await Promise.all(counted.slice(1).map(([limit, subject]) => rateLimiter.release(limit, subject)));
  const issued = await database.tx((tx) => startSession(deps, tx, user));
  return buildSession(deps, user.id, issued);
};
