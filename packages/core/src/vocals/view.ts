import type { InitialVisitFields, VocalInsights, VocalSummaryView, VocalView } from '@monimmo/contract';
import type { VocalRow } from './stages.ts';

export interface StoredExtraction {
  fields: InitialVisitFields;
  applied: string[];
  conflicts: Record<string, { current: unknown; proposed: unknown }>;
  confidence: number;
}

export function toVocalSummary(row: VocalRow): VocalSummaryView {
  return {
    id: row.id,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
    durationSeconds: row.durationSeconds,
    status: row.status,
    vocalType: row.vocalType,
    propertyId: row.propertyId,
    summary: row.summary,
    confidence: row.confidence,
    processingError: row.processingError,
    attempts: row.attempts,
    source: row.source,
    createdByUserId: row.createdByUserId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toVocalView(row: VocalRow, audioUrl: { url: string; expiresAt: string }): VocalView {
  return {
    ...toVocalSummary(row),
    transcript: row.transcript,
    transcriptConfidence: row.transcriptConfidence,
    insights: (row.insights as VocalInsights | null) ?? null,
    extraction: (row.extraction as StoredExtraction | null) ?? null,
    propertySetBy: row.propertySetBy,
    typeSetBy: row.typeSetBy,
    transcriptSetBy: row.transcriptSetBy,
    summarySetBy: row.summarySetBy,
    audioUrl,
  };
}
