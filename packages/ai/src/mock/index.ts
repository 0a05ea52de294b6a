import { assertAudioSize, MAX_AUDIO_BYTES } from '../audio.ts';
import type {
  AIProvider,
  ClassifyDocumentInput,
  DetectVocalTypeInput,
  DocumentClassification,
  ExtractInsightsInput,
  InitialVisitExtraction,
  MatchPropertyInput,
  PropertyMatch,
  TranscribeAudioInput,
  Transcription,
  VocalInsightsResult,
  VocalTypeDetection,
} from '../types.ts';
import { classifyDocument } from './classify.ts';
import { extractInitialVisit } from './initial-visit.ts';
import { extractInsights } from './insights.ts';
import { matchProperty } from './match.ts';
import { transcribeFromMetadata } from './transcribe.ts';
import { detectVocalType } from './vocal-type.ts';

export interface MockAIProviderOptions {
  /** The largest recording `transcribeAudio` takes; 25 MiB like OpenAI's, lower in tests of the limit. */
  maxAudioBytes?: number;
}

/**
 * Deterministic French heuristics: the default provider, so an agency without an AI key still
 * gets its messages attached, its documents classified and its voice notes read. Same input,
 * same output. It cannot hear: a recording's words come from its comment tag.
 */
export class MockAIProvider implements AIProvider {
  readonly name = 'mock';
  readonly maxAudioBytes: number;

  constructor(options: MockAIProviderOptions = {}) {
    this.maxAudioBytes = options.maxAudioBytes ?? MAX_AUDIO_BYTES;
  }

  async matchProperty(input: MatchPropertyInput): Promise<PropertyMatch> {
    return matchProperty(input);
  }

  classifyDocument(input: ClassifyDocumentInput): Promise<DocumentClassification> {
    return classifyDocument(input);
  }

  async transcribeAudio(input: TranscribeAudioInput): Promise<Transcription> {
    assertAudioSize(input.audio, this.maxAudioBytes);
    return transcribeFromMetadata(input);
  }

  async detectVocalType(input: DetectVocalTypeInput): Promise<VocalTypeDetection> {
    return detectVocalType(input);
  }

  async extractInitialVisit(input: { transcript: string }): Promise<InitialVisitExtraction> {
    return extractInitialVisit(input.transcript);
  }

  async extractInsights(input: ExtractInsightsInput): Promise<VocalInsightsResult> {
    return extractInsights(input);
  }
}
