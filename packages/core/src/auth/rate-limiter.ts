import { AppError } from '@monimmo/contract';
import { rateLimits, type Database } from '@monimmo/db';
import { and, eq, gt, sql } from 'drizzle-orm';
import { sha256 } from '../shared/crypto.ts';

export interface Limit {
  /** What is counted, e.g. `login:email`; the subject is hashed before it is stored. */
  scope: string;
  max: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in the database, so every API process shares them. One atomic
 * upsert per hit: concurrent attempts cannot slip past the limit.
 */
export function createRateLimiter(database: Database) {
  const keyOf = (limit: Limit, subject: string) => `${limit.scope}:${sha256(subject.toLowerCase())}`;

  return {
    /** Counts one attempt; returns the seconds to wait when the limit is exceeded, else 0. */
    async hit(limit: Limit, subject: string, now = new Date()): Promise<number> {
      const key = keyOf(limit, subject);
      const nowIso = now.toISOString();
      const resetAt = new Date(now.getTime() + limit.windowSeconds * 1000).toISOString();
      const [row] = await database.tx((tx) =>
        tx
          .insert(rateLimits)
          .values({ key, count: 1, resetAt })
          .onConflictDoUpdate({
            target: rateLimits.key,
            set: {
              count: sql`CASE WHEN ${rateLimits.resetAt} <= ${nowIso} THEN 1 ELSE ${rateLimits.count} + 1 END`,
              resetAt: sql`CASE WHEN ${rateLimits.resetAt} <= ${nowIso} THEN ${resetAt} ELSE ${rateLimits.resetAt} END`,
              updatedAt: nowIso,
            },
          })
          .returning({ count: rateLimits.count, resetAt: rateLimits.resetAt }),
      );
      if (!row || row.count <= limit.max) return 0;
      return Math.max(1, Math.ceil((Date.parse(row.resetAt) - now.getTime()) / 1000));
    },

    /** Throws RATE_LIMITED (429, Retry-After) once the limit is exceeded. */
    async consume(limit: Limit, subject: string): Promise<void> {
      const retryAfterSeconds = await this.hit(limit, subject);
      if (retryAfterSeconds > 0) {
        throw new AppError('RATE_LIMITED', 'Too many attempts, try again later', { retryAfterSeconds });
      }
    },

    /** Takes back one counted attempt of the current window (one that turned out not to count). */
    async release(limit: Limit, subject: string, now = new Date()): Promise<void> {
      await database.tx((tx) =>
        tx
          .update(rateLimits)
          .set({ count: sql`MAX(${rateLimits.count} - 1, 0)`, updatedAt: now.toISOString() })
          .where(and(eq(rateLimits.key, keyOf(limit, subject)), gt(rateLimits.resetAt, now.toISOString()))),
      );
    },

    async reset(limit: Limit, subject: string): Promise<void> {
      await database.tx((tx) => tx.delete(rateLimits).where(eq(rateLimits.key, keyOf(limit, subject))));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
