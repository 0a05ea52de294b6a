import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, orgId, timestamps } from './columns.ts';
import { organizations } from './organizations.ts';
import { users } from './users.ts';

/** A login: the family of refresh tokens it rotates through. Revoking it ends them all. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    revokedAt: text('revoked_at'),
    revokedReason: text('revoked_reason', { enum: ['LOGOUT', 'REFRESH_REUSE', 'PASSWORD_RESET', 'ACCOUNT_DISABLED'] }),
    ...timestamps(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id),
    /** SHA-256 of the opaque token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: text('expires_at').notNull(),
    /** Set when rotated: presenting it again is reuse. */
    usedAt: text('used_at'),
    ...timestamps(),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
);

export const PASSWORD_TOKEN_PURPOSES = ['RESET', 'INVITATION'] as const;

/** Single-use tokens that set a password (forgot-password, staff invitation). */
export const passwordTokens = sqliteTable(
  'password_tokens',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose', { enum: PASSWORD_TOKEN_PURPOSES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
    ...timestamps(),
  },
  (t) => [index('password_tokens_user_idx').on(t.userId)],
);

/**
 * Fixed-window counters for throttling (login, password reset). Keyed by a hash of the
 * e-mail or IP before anyone is authenticated, hence no org_id. Shared by every API process.
 */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  resetAt: text('reset_at').notNull(),
  ...timestamps(),
});
