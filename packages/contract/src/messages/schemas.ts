import { z } from 'zod';
import {
  dateTimeInput,
  emailSchema,
  idSchema,
  pageInput,
  pageOf,
  phoneSchema,
  timestampSchema,
  type QueuedJob,
} from '../common/schemas.ts';
import type { Actor } from '../actor.ts';
import { fileSchema, type FileView } from '../files/schemas.ts';
import { AI_STATUSES, MESSAGE_CHANNELS, REVIEW_REASONS, REVIEW_STATUSES, SET_BY } from '../vocabulary/values.ts';

export const channelSchema = z.enum(MESSAGE_CHANNELS);
export const aiStatusSchema = z
  .enum(AI_STATUSES)
  .describe('PENDING: not triaged yet; PROCESSED: attached or settled; REVIEW_REQUIRED: waiting in the review queue');

export const messageSummarySchema = z
  .object({
    id: idSchema,
    channel: channelSchema,
    fromName: z.string().nullable(),
    fromAddress: z.string().describe('E-mail address or phone number'),
    subject: z.string().nullable(),
    preview: z.string().describe('The start of the body'),
    receivedAt: timestampSchema,
    propertyId: idSchema.nullable(),
    aiStatus: aiStatusSchema,
    propertySetBy: z
      .enum(SET_BY)
      .nullable()
      .describe(
        'Who last set or removed propertyId: AI (the triage attached it alone) or USER (a person); null when nobody has yet, or before this was recorded',
      ),
    attachmentCount: z.number().int(),
  })
  .meta({ id: 'MessageSummary' });

const personSchema = z.object({ id: idSchema, firstName: z.string(), lastName: z.string() });

const matchCandidateSchema = z.object({
  propertyId: idSchema,
  confidence: z.number(),
  evidence: z.array(z.string()).describe('Short French sentences'),
});

/** The triage's own conclusion, kept on the message whatever it was (attached alone, or left for a person). */
export const messageAiDecisionSchema = z
  .object({
    attached: z.boolean().describe('true: the AI attached the message to propertyId itself; false: it left it for a person (reason)'),
    reason: z.enum(REVIEW_REASONS).nullable().describe('Why it went to review (MESSAGE_PROPERTY_AMBIGUOUS…); null when attached'),
    propertyId: idSchema.nullable().describe('The property chosen, or proposed below the confidence floor; null when none stood out'),
    confidence: z.number().describe('0..1, the chosen property’s (or the best candidate’s)'),
    candidates: z.array(matchCandidateSchema).describe('The properties considered, best first'),
    reasoning: z.string().describe('French, readable by an agent'),
    decidedAt: timestampSchema,
  })
  .meta({ id: 'MessageAiDecision' });

/** What the triage concluded when it could not attach the message alone (its latest review item). */
export const messageTriageSchema = z
  .object({
    reason: z.string().describe('e.g. MESSAGE_PROPERTY_AMBIGUOUS, MESSAGE_PROPERTY_NOT_FOUND'),
    status: z.enum(REVIEW_STATUSES).describe('OPEN: waiting for a person; RESOLVED: decided'),
    confidence: z.number().nullable().describe('0..1, the proposal’s (or best candidate’s)'),
    proposalPropertyId: idSchema.nullable(),
    candidates: z.array(matchCandidateSchema),
    reasoning: z.string().nullable().describe('French, readable by an agent'),
    resolvedBy: personSchema.nullable(),
    resolvedAt: timestampSchema.nullable(),
  })
  .meta({ id: 'MessageTriage' });

export const messageSchema = messageSummarySchema
  .omit({ preview: true, attachmentCount: true })
  .extend({
    body: z.string(),
    externalId: z.string().nullable(),
    attachments: z.array(fileSchema),
    triage: messageTriageSchema
      .nullable()
      .describe('Null when the triage attached it alone, or it was filed by hand, or it was never sent to review'),
    aiDecision: messageAiDecisionSchema
      .nullable()
      .describe(
        'The last triage’s conclusion; null before it ran, for a message filed by hand at creation, or triaged before this was recorded',
      ),
    propertySetByUser: personSchema.nullable().describe('The person, when propertySetBy is USER'),
    propertySetAt: timestampSchema.nullable().describe('When propertySetBy last changed hands or propertyId last changed'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Message' });

export const listMessagesInput = z.object({
  channel: channelSchema.optional(),
  propertyId: idSchema.optional(),
  aiStatus: aiStatusSchema.optional(),
  q: z.string().trim().min(1).max(200).describe('Words in sender, subject or body; accents and case ignored; ranked').optional(),
  ...pageInput,
});

export const createMessageInput = z.object({
  channel: channelSchema,
  fromName: z.string().trim().min(1).max(200).optional(),
  fromAddress: z.union([emailSchema, phoneSchema]).describe("The sender's e-mail address or phone number"),
  subject: z.string().trim().min(1).max(500).optional(),
  body: z.string().min(1).max(200_000),
  receivedAt: dateTimeInput('When the message was received; defaults to now').optional(),
  externalId: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .describe("The provider's id; a second message with the same one is refused (409)")
    .optional(),
  propertyId: idSchema.optional(),
  attachmentIds: z.array(idSchema).max(50).describe('Documents already uploaded, to attach').optional(),
});

export const messageIdInput = z.object({ id: idSchema });

export const updateMessageInput = z.strictObject({
  id: idSchema,
  propertyId: idSchema.nullable().describe('Attaching by hand marks the message PROCESSED and settles its open review items'),
});

export const messagePageSchema = pageOf(messageSummarySchema);

export type MessageSummary = z.infer<typeof messageSummarySchema>;
export type MessageView = z.infer<typeof messageSchema>;
export type MessageTriage = z.infer<typeof messageTriageSchema>;
export type MessageAiDecision = z.infer<typeof messageAiDecisionSchema>;
export type ListMessagesInput = z.infer<typeof listMessagesInput>;
export type CreateMessageInput = z.infer<typeof createMessageInput>;
export type UpdateMessageInput = z.infer<typeof updateMessageInput>;

export interface MessagesService {
  list(actor: Actor, input: ListMessagesInput): Promise<{ items: MessageSummary[]; nextCursor: string | null }>;
  create(actor: Actor, input: CreateMessageInput): Promise<MessageView>;
  get(actor: Actor, id: string): Promise<MessageView>;
  update(actor: Actor, input: UpdateMessageInput): Promise<MessageView>;
  /** Queues triage: match to a property, or send to review. */
  runAi(actor: Actor, id: string): Promise<QueuedJob>;
}

export type { FileView };
