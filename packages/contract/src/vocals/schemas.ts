import { z } from 'zod';
import { idSchema, pageInput, pageOf, patchInput, timestampSchema, type QueuedJob } from '../common/schemas.ts';
import type { Actor } from '../actor.ts';
import { downloadUrlSchema, fileNameSchema, mimeTypeSchema } from '../files/schemas.ts';
import {
  detectableVocalTypeSchema,
  initialVisitFieldsSchema,
  vocalInsightsSchema,
  vocalStatusSchema,
  vocalTypeSchema,
} from '../vocabulary/vocal-facts.ts';
import { SET_BY, VOCAL_SOURCES } from '../vocabulary/values.ts';

const setBySchema = z.enum(SET_BY).nullable();

/** A voice note as lists show it: no transcript, no insights. */
export const vocalSummarySchema = z
  .object({
    id: idSchema,
    fileName: z.string(),
    mimeType: z.string().describe('As sniffed from the bytes'),
    size: z.number().int().describe('Bytes'),
    durationSeconds: z.number().nullable().describe('Read from the file where the format allows'),
    status: vocalStatusSchema,
    vocalType: vocalTypeSchema.nullable(),
    propertyId: idSchema.nullable(),
    summary: z.string().nullable(),
    confidence: z.number().nullable().describe('Confidence of the last AI step, 0..1'),
    processingError: z.string().nullable().describe('Why processing stopped, in French'),
    attempts: z.number().int().describe('Times the recovery pass re-queued it'),
    source: z.enum(VOCAL_SOURCES),
    createdByUserId: idSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'VocalSummary' });

export const initialVisitExtractionSchema = z
  .object({
    fields: initialVisitFieldsSchema.describe('Everything read from the note'),
    applied: z.array(z.string()).describe('Fields written into the property (they were empty)'),
    conflicts: z
      .record(z.string(), z.object({ current: z.unknown(), proposed: z.unknown() }))
      .describe('Fields the property already had with another value: proposed in review, never overwritten'),
    confidence: z.number(),
  })
  .meta({ id: 'InitialVisitExtraction' });

export const vocalSchema = vocalSummarySchema
  .extend({
    transcript: z.string().nullable(),
    transcriptConfidence: z.number().nullable(),
    insights: vocalInsightsSchema.nullable(),
    extraction: initialVisitExtractionSchema.nullable().describe('Initial visits: the property facts read from the note'),
    propertySetBy: setBySchema.describe('USER when a person chose the property: the AI never changes it'),
    typeSetBy: setBySchema,
    transcriptSetBy: setBySchema,
    summarySetBy: setBySchema.describe('USER once a person edited the summary: later runs keep it'),
    audioUrl: downloadUrlSchema.describe('Short-lived signed URL of the recording'),
  })
  .meta({ id: 'Vocal' });

export const listVocalsInput = z.object({
  status: vocalStatusSchema.optional(),
  vocalType: vocalTypeSchema.optional(),
  propertyId: idSchema.optional(),
  ...pageInput,
});

/** Audio a voice note may be: what phones, WhatsApp and browsers record. */
export const AUDIO_MIME_TYPES = ['audio/mp4', 'audio/mpeg', 'audio/ogg', 'audio/wav', 'audio/webm'] as const;

export const uploadVocalInput = z.object({
  fileName: fileNameSchema.meta({ example: 'visite 12 rue des Lices.m4a' }),
  mimeType: mimeTypeSchema.describe('Declared type; refused (415) when the bytes say otherwise').meta({ example: 'audio/mp4' }),
  size: z.number().int().min(1).describe('Bytes, checked against the decoded content'),
  contentBase64: z
    .string()
    .min(1)
    .describe('The bytes, base64-encoded (compatibility form: prefer the streaming upload for long recordings)'),
  propertyId: idSchema.optional(),
});

export const vocalIdInput = z.object({ id: idSchema });

export const updateVocalInput = patchInput(
  { id: idSchema },
  {
    propertyId: idSchema.nullable().describe('Chosen by a person: the AI will not change it').optional(),
    vocalType: detectableVocalTypeSchema.describe('Chosen by a person; extraction and insights run again').optional(),
    transcript: z.string().trim().min(1).max(200_000).describe('Corrected transcript: the steps that depend on it run again').optional(),
    summary: z.string().trim().min(1).max(5000).optional(),
  },
);

export const vocalPageSchema = pageOf(vocalSummarySchema);

export type VocalSummaryView = z.infer<typeof vocalSummarySchema>;
export type VocalView = z.infer<typeof vocalSchema>;
export type ListVocalsInput = z.infer<typeof listVocalsInput>;
export type UploadVocalInput = z.infer<typeof uploadVocalInput>;
export type UpdateVocalInput = z.infer<typeof updateVocalInput>;

/** A streaming upload as the host hands it over: bytes plus what the caller declared. */
export interface VocalUpload {
  body: NodeJS.ReadableStream;
  fileName: string;
  declaredMimeType: string | undefined;
  propertyId?: string | undefined;
  /** As FileUpload's: fields sent after the bytes, applied before the row is written. */
  lateFields?: Promise<Partial<Omit<VocalUpload, 'body' | 'declaredMimeType' | 'lateFields'>>>;
}

export interface VocalsService {
  list(actor: Actor, input: ListVocalsInput): Promise<{ items: VocalSummaryView[]; nextCursor: string | null }>;
  uploadBase64(actor: Actor, input: UploadVocalInput): Promise<VocalView>;
  uploadStream(actor: Actor, upload: VocalUpload): Promise<VocalView>;
  get(actor: Actor, id: string): Promise<VocalView>;
  update(actor: Actor, input: UpdateVocalInput): Promise<VocalView>;
  /** Transcribes again from the audio, then runs the rest of the pipeline. */
  transcribe(actor: Actor, id: string): Promise<QueuedJob>;
  /** Extracts the insights again from the current transcript and type. */
  extractInsights(actor: Actor, id: string): Promise<QueuedJob>;
}
