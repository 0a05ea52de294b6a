import { AppError } from '@monimmo/contract';
import { organizations, passwordTokens, sessions, users } from '@monimmo/db';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { sha256 } from '../shared/crypto.ts';
import { normalizeEmail } from '../users/mapping.ts';
import { FORGOT_LIMIT_PER_EMAIL, FORGOT_LIMIT_PER_IP, RESET_LIMIT_PER_IP, type AuthDeps } from './deps.ts';
import { sendPasswordEmail } from './password-emails.ts';
import { hashPassword } from './passwords.ts';

/** Sends a reset link to an active agent, answering the same whether the e-mail is known or not. */
export async function forgotPassword(
  { database, rateLimiter, background, mailer, settings }: AuthDeps,
  emailInput: string,
  request: { ip: string },
): Promise<void> {
  await rateLimiter.consume(FORGOT_LIMIT_PER_IP, request.ip);
  const email = normalizeEmail(emailInput);
  // Past this limit, stay silent: a 429 here would tell which e-mails exist.
  if ((await rateLimiter.hit(FORGOT_LIMIT_PER_EMAIL, email)) > 0) return;
  const [row] = await database.db
    .select({ user: users, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.emailNormalized, email), eq(users.accountType, 'AGENT'), eq(users.active, true)));
  if (!row?.user.email) return;
  const user = { ...row.user, email: row.user.email };
  // After the response: known and unknown e-mails then take the same time to answer.
  background.run('password-reset-email', () => database.tx((tx) => sendPasswordEmail(tx, mailer, settings, user, 'RESET', row.orgName)));
}

/** Sets a new password from a link's token; every pending token and every session of the user ends. */
export async function resetPassword(
  { database, rateLimiter }: AuthDeps,
  input: { token: string; password: string },
  request: { ip: string },
): Promise<void> {
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
}
