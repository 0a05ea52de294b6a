import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { SET_BY, VOCAL_SOURCES, VOCAL_STAGES, VOCAL_STATUSES, VOCAL_TYPES } from '@monimmo/contract/vocabulary';
import { id, nowIso, orgId, sameOrg, timestamps } from './columns.ts';
import { messages } from './messages.ts';
import { organizations } from './organizations.ts';
import { properties } from './properties.ts';
import { users } from './users.ts';

/** Voice notes (vocaux) dictated after visits. The audio lives in storage under `storageKey`. */
export const vocals = sqliteTable(
  'vocals',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    propertyId: text('property_id'),
    propertySetBy: text('property_set_by', { enum: SET_BY }),
    createdByUserId: text('created_by_user_id'),
    source: text('source', { enum: VOCAL_SOURCES }).notNull().default('UPLOAD'),
    /** The WhatsApp message that carried it: one vocal per message, however often it is imported. */
    messageId: text('message_id'),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    durationSeconds: real('duration_seconds'),
    status: text('status', { enum: VOCAL_STATUSES }).notNull().default('UPLOADED'),
    stage: text('stage', { enum: VOCAL_STAGES }).notNull().default('TRANSCRIBE'),
    /** Bumped when a person changes what the pipeline works from: older jobs then change nothing. */
    revision: integer('revision').notNull().default(0),
    vocalType: text('vocal_type', { enum: VOCAL_TYPES }),
    typeSetBy: text('type_set_by', { enum: SET_BY }),
    transcript: text('transcript'),
    transcriptSetBy: text('transcript_set_by', { enum: SET_BY }),
    transcriptConfidence: real('transcript_confidence'),
    summary: text('summary'),
    summarySetBy: text('summary_set_by', { enum: SET_BY }),
    insights: text('insights', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** Initial visit: the fields read, those written into the property, those in conflict. */
    extraction: text('extraction', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** The confidence of the last AI step. */
    confidence: real('confidence'),
    processingError: text('processing_error'),
    /** Times the recovery pass had to re-queue it. */
    attempts: integer('attempts').notNull().default(0),
    /** When the current stage began: the recovery pass re-queues vocals stuck past a delay. */
    stageUpdatedAt: text('stage_updated_at').notNull().$defaultFn(nowIso),
    ...timestamps(),
  },
  (t) => [
    index('vocals_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('vocals_property_idx').on(t.propertyId),
    index('vocals_recovery_idx').on(t.status, t.stageUpdatedAt),
    uniqueIndex('vocals_message_unique').on(t.messageId),
    sameOrg(t.orgId, t.propertyId, properties),
    sameOrg(t.orgId, t.createdByUserId, users),
    sameOrg(t.orgId, t.messageId, messages),
  ],
);
