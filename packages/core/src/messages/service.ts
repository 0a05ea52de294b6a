import {
  AppError,
  messageAiDecisionSchema,
  notFound,
  type Actor,
  type MessageAiDecision,
  type MessagesService,
  type MessageSummary,
  type MessageTriage,
  type MessageView,
} from '@monimmo/contract';
import { files, messages, messagesFts, reviewItems, users, type Database, type Db, type Tx } from '@monimmo/db';
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { publishAfterCommit } from '../events/after-commit.ts';
import { toFileView } from '../files/service.ts';
import { findProperty } from '../properties/lookup.ts';
import { uniqueViolation } from '../shared/db-errors.ts';
import type { EnqueuePort } from '../shared/enqueue.ts';
import { listPage } from '../shared/search.ts';

type MessageRow = typeof messages.$inferSelect;

const PREVIEW_CHARS = 200;

export function toMessageSummary(row: MessageRow, attachmentCount: number): MessageSummary {
  const text = row.body.replace(/\s+/g, ' ').trim();
  return {
    id: row.id,
    channel: row.channel,
    fromName: row.fromName,
    fromAddress: row.fromAddress,
    subject: row.subject,
    preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text,
    receivedAt: row.receivedAt,
    propertyId: row.propertyId,
    aiStatus: row.aiStatus,
    propertySetBy: row.propertySetBy,
    attachmentCount,
  };
}

/** Who set or removed the property: the AI (no user) or a person, now. */
export const propertySetBy = (userId: string | null) =>
  ({
    propertySetBy: userId ? 'USER' : 'AI',
    propertySetByUserId: userId,
    propertySetAt: new Date().toISOString(),
  }) as const;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** The latest review item of a message, read back as the triage's conclusion (payload written by triage.ts). */
async function latestTriage(db: Db | Tx, orgId: string, messageId: string): Promise<MessageTriage | null> {
  const [row] = await db
    .select({ item: reviewItems, resolver: { id: users.id, firstName: users.firstName, lastName: users.lastName } })
    .from(reviewItems)
    .leftJoin(users, eq(users.id, reviewItems.resolvedByUserId))
    .where(and(eq(reviewItems.orgId, orgId), eq(reviewItems.itemType, 'MESSAGE'), eq(reviewItems.itemId, messageId)))
    .orderBy(desc(reviewItems.createdAt), desc(reviewItems.id))
    .limit(1);
  if (!row) return null;
  const { item } = row;
  const payload = (item.payload ?? {}) as Record<string, unknown>;
  const candidates = Array.isArray(payload.candidates) ? (payload.candidates as Record<string, unknown>[]) : [];
  return {
    reason: item.reason,
    status: item.status,
    confidence: num(payload.confidence),
    proposalPropertyId: str(payload.proposal),
    candidates: candidates.flatMap((c) => {
      const propertyId = str(c?.propertyId);
      if (!propertyId) return [];
      const evidence = Array.isArray(c.evidence) ? c.evidence.filter((e): e is string => typeof e === 'string') : [];
      return [{ propertyId, confidence: num(c.confidence) ?? 0, evidence }];
    }),
    reasoning: str(payload.reasoning) ?? str(payload.error),
    resolvedBy: row.resolver?.id ? row.resolver : null,
    resolvedAt: item.resolvedAt,
  };
}

/** The stored conclusion, read through the contract's schema: null (or a shape it no longer knows) reads as unknown. */
function aiDecisionOf(row: MessageRow): MessageAiDecision | null {
  const parsed = messageAiDecisionSchema.safeParse(row.aiDecision);
  return parsed.success ? parsed.data : null;
}

/** Attachment counts of a page of messages, in one query. */
export async function attachmentCounts(db: Db | Tx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ messageId: files.messageId, n: count() })
    .from(files)
    .where(inArray(files.messageId, ids))
    .groupBy(files.messageId);
  return new Map(rows.map((r) => [r.messageId ?? '', r.n]));
}

/**
 * The message is attached to a property, by a person or (no user) by the triage: it is settled,
 * its documents follow it, and whatever was waiting for review about it is closed with the same decision.
 */
export async function attachMessage(
  tx: Tx,
  orgId: string,
  messageId: string,
  propertyId: string,
  decidedBy: { userId: string | null; note: string | null },
): Promise<void> {
  await tx
    .update(messages)
    .set({ propertyId, aiStatus: 'PROCESSED', ...propertySetBy(decidedBy.userId) })
    .where(and(eq(messages.id, messageId), eq(messages.orgId, orgId)));
  await tx
    .update(files)
    .set({ propertyId })
    .where(and(eq(files.messageId, messageId), eq(files.orgId, orgId)));
  await tx
    .update(reviewItems)
    .set({
      status: 'RESOLVED',
      resolution: { decision: 'ATTACH_PROPERTY', propertyId },
      note: decidedBy.note,
      resolvedByUserId: decidedBy.userId,
      resolvedAt: new Date().toISOString(),
    })
    .where(
      and(
        eq(reviewItems.orgId, orgId),
        eq(reviewItems.itemType, 'MESSAGE'),
        eq(reviewItems.itemId, messageId),
        eq(reviewItems.status, 'OPEN'),
      ),
    );
}

export function createMessagesService({
  database,
  enqueue,
}: {
  database: Database;
  enqueue: Pick<EnqueuePort, 'triage' | 'afterCommit'>;
}): MessagesService {
  const { db } = database;

  async function findMessage(tx: Tx | Db, actor: Actor, id: string): Promise<MessageRow> {
    const [row] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.id, id), eq(messages.orgId, actor.orgId)));
    if (!row) throw notFound('Message');
    return row;
  }

  const enqueueTriage = async (orgId: string, messageId: string) => {
    const { jobId } = await enqueue.triage(orgId, messageId);
    return { jobId, status: 'QUEUED' as const };
  };

  async function view(actor: Actor, id: string): Promise<MessageView> {
    const row = await findMessage(db, actor, id);
    const [attachments, [setByUser]] = await Promise.all([
      db
        .select()
        .from(files)
        .where(and(eq(files.messageId, id), eq(files.orgId, actor.orgId)))
        .orderBy(files.createdAt),
      row.propertySetByUserId
        ? db
            .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
            .from(users)
            .where(and(eq(users.id, row.propertySetByUserId), eq(users.orgId, actor.orgId)))
        : [],
    ]);
    return {
      id: row.id,
      channel: row.channel,
      fromName: row.fromName,
      fromAddress: row.fromAddress,
      subject: row.subject,
      body: row.body,
      receivedAt: row.receivedAt,
      propertyId: row.propertyId,
      aiStatus: row.aiStatus,
      externalId: row.externalId,
      attachments: attachments.map(toFileView),
      triage: await latestTriage(db, actor.orgId, id),
      aiDecision: aiDecisionOf(row),
      propertySetBy: row.propertySetBy,
      propertySetByUser: setByUser ?? null,
      propertySetAt: row.propertySetAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  return {
    async list(actor, input) {
      const { rows, nextCursor } = await listPage<MessageRow>(db, {
        table: messages,
        fts: messagesFts,
        searchRowid: messages.searchRowid,
        id: messages.id,
        sortKey: messages.receivedAt,
        cursorOf: (r) => ({ sortKey: r.receivedAt, id: r.id }),
        orgId: actor.orgId,
        filters: [
          eq(messages.orgId, actor.orgId),
          input.channel ? eq(messages.channel, input.channel) : undefined,
          input.propertyId ? eq(messages.propertyId, input.propertyId) : undefined,
          input.aiStatus ? eq(messages.aiStatus, input.aiStatus) : undefined,
        ],
        q: input.q,
        cursor: input.cursor,
        limit: input.limit,
      });
      const counts = await attachmentCounts(
        db,
        rows.map((r) => r.id),
      );
      return { items: rows.map((r) => toMessageSummary(r, counts.get(r.id) ?? 0)), nextCursor };
    },

    async create(actor, input) {
      try {
        const id = await database.tx(async (tx) => {
          if (input.propertyId) await findProperty(tx, actor.orgId, input.propertyId);
          const [row] = await tx
            .insert(messages)
            .values({
              orgId: actor.orgId,
              channel: input.channel,
              externalId: input.externalId ?? null,
              fromName: input.fromName ?? null,
              fromAddress: input.fromAddress,
              subject: input.subject ?? null,
              body: input.body,
              receivedAt: input.receivedAt ? new Date(input.receivedAt).toISOString() : new Date().toISOString(),
              propertyId: input.propertyId ?? null,
              // Filed by a person: nothing left for the AI to decide.
              ...(input.propertyId ? { aiStatus: 'PROCESSED' as const, ...propertySetBy(actor.userId) } : { aiStatus: 'PENDING' as const }),
            })
            .returning({ id: messages.id });
          if (!row) throw new Error('message insert returned nothing');
          publishAfterCommit(tx, {
            orgId: actor.orgId,
            type: 'message.received',
            itemId: row.id,
            to: input.channel,
            ...(input.propertyId ? { propertyId: input.propertyId } : {}),
          });
          if (input.attachmentIds?.length) {
            const attached = await tx
              .update(files)
              .set({ messageId: row.id, ...(input.propertyId ? { propertyId: input.propertyId } : {}) })
              .where(and(inArray(files.id, input.attachmentIds), eq(files.orgId, actor.orgId), isNull(files.messageId)))
              .returning({ id: files.id });
            if (attached.length !== new Set(input.attachmentIds).size) throw notFound('Attachment');
          }
          return row.id;
        });
        // Filed by hand: nothing to triage. Otherwise the AI looks at it right away.
        if (!input.propertyId) await enqueue.afterCommit.triage(actor.orgId, id);
        return await view(actor, id);
      } catch (error) {
        if (uniqueViolation(error)?.includes('external_id')) {
          throw new AppError('CONFLICT', 'This message was already recorded', { reason: 'MESSAGE_ALREADY_RECORDED' });
        }
        throw error;
      }
    },

    get: view,

    async update(actor, input) {
      await database.tx(async (tx) => {
        await findMessage(tx, actor, input.id);
        if (input.propertyId) {
          await findProperty(tx, actor.orgId, input.propertyId);
          await attachMessage(tx, actor.orgId, input.id, input.propertyId, { userId: actor.userId, note: null });
        } else {
          await tx
            .update(messages)
            .set({ propertyId: null, ...propertySetBy(actor.userId) })
            .where(and(eq(messages.id, input.id), eq(messages.orgId, actor.orgId)));
        }
      });
      return view(actor, input.id);
    },

    async runAi(actor, id) {
      await findMessage(db, actor, id);
      return enqueueTriage(actor.orgId, id);
    },
  };
}
