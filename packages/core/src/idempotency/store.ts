import { idempotencyKeys, type Database } from '@monimmo/db';
import { and, eq, lt, or } from 'drizzle-orm';

/** How long an answer is kept for its key (the IETF draft leaves it to the server; Stripe keeps 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A first request still IN_PROGRESS after this died with its process: its key is free again. */
const ABANDONED_AFTER_MS = 15 * 60_000;
const PURGE_EVERY_MS = 10 * 60_000;

export interface StoredAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

export type Claim =
  | { kind: 'claimed'; id: string }
  | { kind: 'replay'; answer: StoredAnswer }
  /** The key was used for another request (another operation, query or body). */
  | { kind: 'mismatch' }
  /** The first request with this key is still running. */
  | { kind: 'in-progress' };

/**
 * Keeps the answers of requests sent with an Idempotency-Key, per agency: the first request
 * claims its key, then stores its answer (or frees the key when it failed, so a retry runs
 * again); a retry with the same key and request gets that answer back.
 */
export function createIdempotencyStore(database: Database, now: () => Date = () => new Date()) {
  let lastPurge = 0;

  async function purgeExpired(): Promise<void> {
    if (Date.now() - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = Date.now();
    await database.tx((tx) => tx.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now().toISOString())));
  }

  return {
    async claim(input: { orgId: string; key: string; operation: string; fingerprint: string }): Promise<Claim> {
      await purgeExpired();
      const at = now();
      const mine = and(eq(idempotencyKeys.orgId, input.orgId), eq(idempotencyKeys.key, input.key));
      return database.tx(async (tx) => {
        const abandoned = and(
          eq(idempotencyKeys.state, 'IN_PROGRESS'),
          lt(idempotencyKeys.updatedAt, new Date(at.getTime() - ABANDONED_AFTER_MS).toISOString()),
        );
        await tx.delete(idempotencyKeys).where(and(mine, or(lt(idempotencyKeys.expiresAt, at.toISOString()), abandoned)));
        const [claimed] = await tx
          .insert(idempotencyKeys)
          .values({ ...input, state: 'IN_PROGRESS', expiresAt: new Date(at.getTime() + IDEMPOTENCY_TTL_MS).toISOString() })
          .onConflictDoNothing()
          .returning({ id: idempotencyKeys.id });
        if (claimed) return { kind: 'claimed', id: claimed.id } as const;
        const [row] = await tx.select().from(idempotencyKeys).where(mine);
        // Gone between the two statements cannot happen inside the write transaction.
        if (!row || row.fingerprint !== input.fingerprint || row.operation !== input.operation) return { kind: 'mismatch' } as const;
        if (row.state === 'IN_PROGRESS') return { kind: 'in-progress' } as const;
        return {
          kind: 'replay',
          answer: { status: row.responseStatus!, contentType: row.responseContentType, body: row.responseBody ?? '' },
        } as const;
      });
    },

    async complete(id: string, answer: StoredAnswer): Promise<void> {
      await database.tx((tx) =>
        tx
          .update(idempotencyKeys)
          .set({ state: 'DONE', responseStatus: answer.status, responseContentType: answer.contentType, responseBody: answer.body })
          .where(eq(idempotencyKeys.id, id)),
      );
    },

    /** The request failed: nothing to replay, a retry with the key runs it again. */
    async release(id: string): Promise<void> {
      await database.tx((tx) =>
        tx.delete(idempotencyKeys).where(and(eq(idempotencyKeys.id, id), eq(idempotencyKeys.state, 'IN_PROGRESS'))),
      );
    },
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
