import type { DetectableVocalType, InitialVisitFields, PropertyStatus, TypeDocument, VocalInsights } from '@monimmo/contract/vocabulary';

/**
 * Confidence floors of docs/domain.md (the reference system's): at or above the floor an answer is
 * applied; below it, or when the answer is ambiguous, the item goes to the review queue.
 */
export const CONFIDENCE_FLOORS = {
  MESSAGE_PROPERTY: 0.6,
  FILE_CLASSIFICATION: 0.65,
  TRANSCRIPT: 0.6,
  VOCAL_TYPE: 0.55,
  INITIAL_VISIT_EXTRACTION: 0.55,
  INSIGHTS: 0.5,
} as const;

export const MESSAGE_PROPERTY_FLOOR = CONFIDENCE_FLOORS.MESSAGE_PROPERTY;
/**
 * An attachment the AI made at this confidence or above rests on a clear cue (the sender's own
 * address, a mandate number, the exact address): the rules' answer stands without a model, and the
 * sender's next message may follow it.
 */
export const CONFIDENT_ATTACHMENT = 0.8;
export const FILE_CLASSIFICATION_FLOOR = CONFIDENCE_FLOORS.FILE_CLASSIFICATION;
export const TRANSCRIPT_FLOOR = CONFIDENCE_FLOORS.TRANSCRIPT;
export const VOCAL_TYPE_FLOOR = CONFIDENCE_FLOORS.VOCAL_TYPE;
export const INITIAL_VISIT_EXTRACTION_FLOOR = CONFIDENCE_FLOORS.INITIAL_VISIT_EXTRACTION;
export const INSIGHTS_FLOOR = CONFIDENCE_FLOORS.INSIGHTS;

export type ParticipantRole = 'VENDEUR' | 'ACHETEUR' | 'LOCATAIRE' | 'NOTAIRE' | 'ARTISAN' | 'AUTRE' | 'PROSPECT';

export interface CandidateParticipant {
  role: ParticipantRole;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
}

/** A property the caller offers for matching: a bounded pre-selection of the agency's (a few hundred at most). */
export interface PropertyCandidate {
  id: string;
  title: string;
  /** Street part only ("14 rue Sainte"); postal code and city are separate. */
  address: string;
  postalCode: string;
  city: string;
  mandateNumber: string | null;
  participants: CandidateParticipant[];
  /** Asking price in euros, when known: « celui à 289 000 € ». */
  price?: number | null;
  /** The property's free facts (propertyType, rooms, surface, district, features…): what a message describes. */
  details?: Record<string, unknown>;
}

/**
 * The property this sender's latest message was attached to, by a person or by the AI on a clear
 * cue: evidence for the sender's next one.
 */
export interface SenderHistory {
  propertyId: string;
  /** When that earlier message was received (ISO 8601). */
  messageReceivedAt: string;
  /** First name of the person who attached it; null when the AI did, confidently. */
  decidedBy: string | null;
}

export interface MessageSender {
  email?: string;
  phone?: string;
  name?: string;
}

export interface MatchPropertyInput {
  /** E-mail subject; absent for WhatsApp and Telegram. */
  subject?: string;
  /** The whole body as received: quoted replies and signatures are the provider's business. */
  text: string;
  sender?: MessageSender;
  candidates: PropertyCandidate[];
  /** Set when a person already attached a message from this sender to a property still on sale. */
  senderHistory?: SenderHistory;
}

export interface PropertyMatchCandidate {
  propertyId: string;
  confidence: number;
  /** Short French sentences an agent can check ("L'expéditeur est vendeur de ce bien"). */
  evidence: string[];
}

export interface PropertyMatch {
  /**
   * The one property the message is about, or null when there is none or several are plausible.
   * It is set even below the floor (as a proposal for the review queue): attach only when
   * `confidence >= MESSAGE_PROPERTY_FLOOR` and `!ambiguous`.
   */
  propertyId: string | null;
  /** 0..1: how sure `propertyId` is right; with no propertyId, the best candidate's confidence. */
  confidence: number;
  /** Several properties are plausible: propertyId is null and `candidates` lists them. */
  ambiguous: boolean;
  /** Best first. */
  candidates: PropertyMatchCandidate[];
  /** French, readable by an agent. */
  reasoning: string;
}

export interface ClassifyDocumentInput {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

export interface DocumentClassification {
  /** Null when nothing points at a type; set even below the floor, as a proposal for review. */
  typeDocument: TypeDocument | null;
  /** 0..1; classify only at or above FILE_CLASSIFICATION_FLOOR. */
  confidence: number;
  /** Best first. */
  candidates: { typeDocument: TypeDocument; confidence: number }[];
  /** French, readable by an agent. */
  reasoning: string;
}

export interface TranscribeAudioInput {
  /** The whole recording; callers refuse anything over `maxAudioBytes` before reading it. */
  audio: Buffer;
  fileName: string;
  /** As sniffed from the bytes (audio/mp4, audio/mpeg, audio/ogg, audio/wav, audio/webm). */
  mimeType: string;
}

export interface Transcription {
  /** Empty when nothing intelligible was said. */
  text: string;
  /** 0..1; below TRANSCRIPT_FLOOR the transcript goes to review. */
  confidence: number;
  /** ISO 639-1 as detected ("fr"), when the provider says. */
  language: string | null;
  durationSeconds: number | null;
}

/** The property a voice note is already tied to, as context for the AI. */
export interface VocalPropertyContext {
  title: string;
  address: string;
  postalCode: string;
  city: string;
  price: number | null;
  details: Record<string, unknown>;
  /** Its column on the board: past PROSPECTION, the property is listed and its first visit done. */
  status?: PropertyStatus;
}

export interface DetectVocalTypeInput {
  transcript: string;
  property: VocalPropertyContext | null;
}

export interface VocalTypeDetection {
  /** Null when nothing points at a type; set even below the floor, as a proposal for review. */
  vocalType: DetectableVocalType | null;
  /** 0..1; apply only at or above VOCAL_TYPE_FLOOR. */
  confidence: number;
  /** Best first. */
  candidates: { vocalType: DetectableVocalType; confidence: number }[];
  /** French, readable by an agent. */
  reasoning: string;
}

export interface InitialVisitExtraction {
  /** Only what was said; a field not mentioned is absent. */
  fields: InitialVisitFields;
  /** 0..1 for the extraction as a whole; apply only at or above INITIAL_VISIT_EXTRACTION_FLOOR. */
  confidence: number;
  /** Per field, the words it was read from ("trois pièces"). */
  evidence: Partial<Record<keyof InitialVisitFields, string>>;
  reasoning: string;
}

export interface ExtractInsightsInput {
  transcript: string;
  vocalType: DetectableVocalType;
  property: VocalPropertyContext | null;
}

export interface VocalInsightsResult {
  /** Two to four French sentences an agent reads instead of listening. */
  summary: string;
  insights: VocalInsights;
  /** 0..1; below INSIGHTS_FLOOR the vocal goes to review with these insights as a proposal. */
  confidence: number;
  reasoning: string;
}

/** What Monimmo asks of an AI. */
export interface AIProvider {
  readonly name: 'mock' | 'openai';
  /** The largest recording `transcribeAudio` takes (OpenAI's transcription endpoint: 25 MB). */
  readonly maxAudioBytes: number;
  matchProperty(input: MatchPropertyInput): Promise<PropertyMatch>;
  classifyDocument(input: ClassifyDocumentInput): Promise<DocumentClassification>;
  transcribeAudio(input: TranscribeAudioInput): Promise<Transcription>;
  detectVocalType(input: DetectVocalTypeInput): Promise<VocalTypeDetection>;
  extractInitialVisit(input: { transcript: string }): Promise<InitialVisitExtraction>;
  extractInsights(input: ExtractInsightsInput): Promise<VocalInsightsResult>;
}
