import { z } from 'zod';
import { idSchema, pageInput, pageOf, timestampSchema } from '../common/schemas.ts';
import type { Actor } from '../actor.ts';
import { typeDocumentSchema } from '../files/schemas.ts';
import { fileSchema } from '../files/schemas.ts';
import { messageSummarySchema } from '../messages/schemas.ts';
import { vocalSummarySchema } from '../vocals/schemas.ts';
import { detectableVocalTypeSchema } from '../vocabulary/vocal-facts.ts';
import { REVIEW_DECISIONS, REVIEW_ITEM_TYPES, REVIEW_STATUSES } from '../vocabulary/values.ts';

export const reviewItemTypeSchema = z.enum(REVIEW_ITEM_TYPES);
export const reviewStatusSchema = z.enum(REVIEW_STATUSES);

export const reviewItemSchema = z
  .object({
    id: idSchema,
    itemType: reviewItemTypeSchema,
    itemId: idSchema,
    reason: z.string().describe('e.g. MESSAGE_PROPERTY_AMBIGUOUS, FILE_CLASSIFICATION_REVIEW_REQUIRED'),
    payload: z.record(z.string(), z.unknown()).describe('Confidence, candidates, proposal, reasoning, error'),
    status: reviewStatusSchema,
    message: messageSummarySchema.nullable().describe('The message under review (itemType MESSAGE)'),
    file: fileSchema.nullable().describe('The document under review (itemType FILE)'),
    vocal: vocalSummarySchema.nullable().describe('The voice note under review (itemType VOCAL)'),
    resolution: z.record(z.string(), z.unknown()).nullable(),
    note: z.string().nullable(),
    resolvedBy: z.object({ id: idSchema, firstName: z.string(), lastName: z.string() }).nullable(),
    resolvedAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'ReviewItem' });

export const listReviewItemsInput = z.object({
  status: reviewStatusSchema.describe('Defaults to OPEN').optional(),
  itemType: reviewItemTypeSchema.optional(),
  reason: z.string().trim().min(1).max(100).optional(),
  ...pageInput,
});

export const resolveReviewItemInput = z
  .object({
    id: idSchema,
    decision: z
      .enum(REVIEW_DECISIONS)
      .describe(
        'ATTACH_PROPERTY (message, document, voice note), SET_TYPE_DOCUMENT (document), SET_VOCAL_TYPE, CORRECT_TRANSCRIPT, ' +
          "ACCEPT_PROPOSAL (voice note: keep the AI's transcript, write the proposed property facts, keep the insights), " +
          'RETRY (voice note that failed: run its pipeline again), DISMISS',
      ),
    propertyId: idSchema.describe('With ATTACH_PROPERTY; for a voice note, may come with any decision').optional(),
    typeDocument: typeDocumentSchema.describe('With SET_TYPE_DOCUMENT').optional(),
    vocalType: detectableVocalTypeSchema.describe('With SET_VOCAL_TYPE; for a voice note, may come with any decision').optional(),
    transcript: z
      .string()
      .trim()
      .min(1)
      .max(200_000)
      .describe('With CORRECT_TRANSCRIPT; for a voice note, may come with any decision')
      .optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'ATTACH_PROPERTY' && !v.propertyId)
      ctx.addIssue({ code: 'custom', path: ['propertyId'], message: 'required to attach' });
    if (v.decision === 'SET_TYPE_DOCUMENT' && !v.typeDocument)
      ctx.addIssue({ code: 'custom', path: ['typeDocument'], message: 'required to set the type' });
    if (v.decision === 'SET_VOCAL_TYPE' && !v.vocalType)
      ctx.addIssue({ code: 'custom', path: ['vocalType'], message: 'required to set the type' });
    if (v.decision === 'CORRECT_TRANSCRIPT' && !v.transcript)
      ctx.addIssue({ code: 'custom', path: ['transcript'], message: 'required to correct the transcript' });
  });

export const reviewItemPageSchema = pageOf(reviewItemSchema);

export type ReviewItemView = z.infer<typeof reviewItemSchema>;
export type ListReviewItemsInput = z.infer<typeof listReviewItemsInput>;
export type ResolveReviewItemInput = z.infer<typeof resolveReviewItemInput>;

export interface ReviewQueueService {
  list(actor: Actor, input: ListReviewItemsInput): Promise<{ items: ReviewItemView[]; nextCursor: string | null }>;
  resolve(actor: Actor, input: ResolveReviewItemInput): Promise<ReviewItemView>;
}
