import { AppError, notFound, type Actor, type ReviewItemView, type ReviewQueueService } from '@monimmo/contract';
import { files, messages, reviewItems, users, vocals, type Database, type Tx } from '@monimmo/db';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { toFileView } from '../files/service.ts';
import { attachMessage, attachmentCounts, propertySetBy, toMessageSummary } from '../messages/service.ts';
import { findProperty } from '../properties/lookup.ts';
import { publishAfterCommit } from '../events/after-commit.ts';
import type { EnqueuePort } from '../shared/enqueue.ts';
import { afterCursor, toPage } from '../shared/pagination.ts';
import { applyVocalDecision, type Resume } from '../vocals/decisions.ts';
import { toVocalSummary } from '../vocals/view.ts';

type ReviewRow = typeof reviewItems.$inferSelect;
export type ReviewItemType = ReviewRow['itemType'];

export interface OpenReviewItem {
  orgId: string;
  itemType: ReviewItemType;
  itemId: string;
  reason: string;
  payload: Record<string, unknown>;
}

/**
 * Opens a review item, or refreshes the payload of the one already open for this item and
 * reason (the database allows one): a job that runs twice leaves one item.
 */
export async function openReviewItem(tx: Tx, item: OpenReviewItem): Promise<void> {
  const [row] = await tx
    .insert(reviewItems)
    .values(item)
    .onConflictDoUpdate({
      target: [reviewItems.orgId, reviewItems.itemType, reviewItems.itemId, reviewItems.reason],
      targetWhere: sql`${reviewItems.status} = 'OPEN'`,
      set: { payload: item.payload, updatedAt: new Date().toISOString() },
    })
    .returning({ id: reviewItems.id });
  if (row) publishAfterCommit(tx, { orgId: item.orgId, type: 'review.opened', itemId: row.id, to: item.itemType });
}

const invalidDecision = (message: string) => new AppError('INVALID_STATE', message, { reason: 'DECISION_NOT_APPLICABLE' });

export function createReviewQueueService({
  database,
  enqueue,
}: {
  database: Database;
  enqueue: Pick<EnqueuePort, 'afterCommit'>;
}): ReviewQueueService {
  const { db } = database;

  /** Review items with their message or file and who resolved them: three queries a page. */
  async function hydrate(rows: ReviewRow[]): Promise<ReviewItemView[]> {
    const ids = (type: ReviewItemType) => rows.filter((r) => r.itemType === type).map((r) => r.itemId);
    const messageIds = ids('MESSAGE');
    const fileIds = ids('FILE');
    const vocalIds = ids('VOCAL');
    const resolverIds = rows.map((r) => r.resolvedByUserId).filter((id): id is string => !!id);
    const [messageRows, fileRows, vocalRows, resolvers, counts] = await Promise.all([
      messageIds.length ? db.select().from(messages).where(inArray(messages.id, messageIds)) : [],
      fileIds.length ? db.select().from(files).where(inArray(files.id, fileIds)) : [],
      vocalIds.length ? db.select().from(vocals).where(inArray(vocals.id, vocalIds)) : [],
      resolverIds.length
        ? db
            .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
            .from(users)
            .where(inArray(users.id, resolverIds))
        : [],
      attachmentCounts(db, messageIds),
    ]);
    const messageById = new Map(messageRows.map((m) => [m.id, m]));
    const fileById = new Map(fileRows.map((f) => [f.id, f]));
    const vocalById = new Map(vocalRows.map((v) => [v.id, v]));
    const resolverById = new Map(resolvers.map((u) => [u.id, u]));
    return rows.map((r) => {
      const message = r.itemType === 'MESSAGE' ? messageById.get(r.itemId) : undefined;
      const file = r.itemType === 'FILE' ? fileById.get(r.itemId) : undefined;
      const vocal = r.itemType === 'VOCAL' ? vocalById.get(r.itemId) : undefined;
      return {
        id: r.id,
        itemType: r.itemType,
        itemId: r.itemId,
        reason: r.reason,
        payload: r.payload,
        status: r.status,
        message: message ? toMessageSummary(message, counts.get(message.id) ?? 0) : null,
        file: file ? toFileView(file) : null,
        vocal: vocal ? toVocalSummary(vocal) : null,
        resolution: r.resolution ?? null,
        note: r.note,
        resolvedBy: r.resolvedByUserId ? (resolverById.get(r.resolvedByUserId) ?? null) : null,
        resolvedAt: r.resolvedAt,
        createdAt: r.createdAt,
      };
    });
  }

  /** Applies a person's decision to the item under review, inside the resolving transaction. */
  async function apply(tx: Tx, actor: Actor, item: ReviewRow, input: Parameters<ReviewQueueService['resolve']>[1]): Promise<Resume | void> {
    const note = input.note ?? null;
    if (item.itemType === 'VOCAL') return applyVocalDecision(tx, actor, item, input);
    if (!['ATTACH_PROPERTY', 'SET_TYPE_DOCUMENT', 'DISMISS'].includes(input.decision))
      throw invalidDecision('This decision applies to voice notes only');
    // Whatever the decision, a property named in the body must be the agency's own: another's answers as a missing one.
    if (input.propertyId) await findProperty(tx, actor.orgId, input.propertyId);
    if (input.decision === 'ATTACH_PROPERTY') {
      if (item.itemType === 'MESSAGE')
        return attachMessage(tx, actor.orgId, item.itemId, input.propertyId!, { userId: actor.userId, note });
      if (item.itemType === 'FILE') {
        await tx
          .update(files)
          .set({ propertyId: input.propertyId! })
          .where(and(eq(files.id, item.itemId), eq(files.orgId, actor.orgId)));
        return;
      }
      throw invalidDecision('This item cannot be attached to a property yet');
    }
    if (input.decision === 'SET_TYPE_DOCUMENT') {
      if (item.itemType !== 'FILE') throw invalidDecision('Only a document has a document type');
      await tx
        .update(files)
        .set({ typeDocument: input.typeDocument!, status: 'CLASSIFIED', ...(input.propertyId ? { propertyId: input.propertyId } : {}) })
        .where(and(eq(files.id, item.itemId), eq(files.orgId, actor.orgId)));
      return;
    }
    // DISMISS: a person looked and decided there is nothing to attach or classify.
    if (item.itemType === 'MESSAGE') {
      await tx
        .update(messages)
        .set({ aiStatus: 'PROCESSED', ...propertySetBy(actor.userId) })
        .where(and(eq(messages.id, item.itemId), eq(messages.orgId, actor.orgId)));
    } else if (item.itemType === 'FILE') {
      await tx
        .update(files)
        .set({ status: 'UPLOADED' })
        .where(and(eq(files.id, item.itemId), eq(files.orgId, actor.orgId)));
    }
  }

  return {
    async list(actor, input) {
      const filters: (SQL | undefined)[] = [
        eq(reviewItems.orgId, actor.orgId),
        eq(reviewItems.status, input.status ?? 'OPEN'),
        input.itemType ? eq(reviewItems.itemType, input.itemType) : undefined,
        input.reason ? eq(reviewItems.reason, input.reason) : undefined,
        afterCursor(reviewItems.createdAt, reviewItems.id, input.cursor),
      ];
      const rows = await db
        .select()
        .from(reviewItems)
        .where(and(...filters))
        .orderBy(desc(reviewItems.createdAt), desc(reviewItems.id))
        .limit(input.limit + 1);
      const page = toPage(
        rows,
        input.limit,
        (r) => ({ sortKey: r.createdAt, id: r.id }),
        (r) => r,
      );
      return { items: await hydrate(page.items), nextCursor: page.nextCursor };
    },

    async resolve(actor, input) {
      const resume = await database.tx(async (tx) => {
        const [item] = await tx
          .select()
          .from(reviewItems)
          .where(and(eq(reviewItems.id, input.id), eq(reviewItems.orgId, actor.orgId)));
        if (!item) throw notFound('Review item');
        if (item.status !== 'OPEN') throw new AppError('CONFLICT', 'This item was already resolved', { reason: 'ALREADY_RESOLVED' });
        const resume = await apply(tx, actor, item, input);
        // Closed last, and only if still open: the decision and the closing commit together.
        await tx
          .update(reviewItems)
          .set({
            status: 'RESOLVED',
            resolution: {
              decision: input.decision,
              ...(input.propertyId ? { propertyId: input.propertyId } : {}),
              ...(input.typeDocument ? { typeDocument: input.typeDocument } : {}),
              ...(input.vocalType ? { vocalType: input.vocalType } : {}),
              ...(input.transcript ? { transcriptCorrected: true } : {}),
            },
            note: input.note ?? null,
            resolvedByUserId: actor.userId,
            resolvedAt: new Date().toISOString(),
          })
          .where(eq(reviewItems.id, item.id));
        publishAfterCommit(tx, { orgId: actor.orgId, type: 'review.resolved', itemId: item.id, to: input.decision });
        return resume;
      });
      // The voice note's pipeline resumes once the decision is committed.
      if (resume && resume.stage !== 'DONE') {
        const [row] = await db
          .select({ orgId: reviewItems.orgId, itemId: reviewItems.itemId })
          .from(reviewItems)
          .where(eq(reviewItems.id, input.id));
        if (row) await enqueue.afterCommit.stage(resume.stage, { orgId: row.orgId, vocalId: row.itemId, revision: resume.revision });
      }
      const [row] = await db.select().from(reviewItems).where(eq(reviewItems.id, input.id));
      const [view] = await hydrate(row ? [row] : []);
      if (!view) throw notFound('Review item');
      return view;
    },
  };
}
