/**
 * Every closed list of values the API, the database and the web app share. The database schema
 * takes its column enums from here, so a value added here is one change, not two.
 */

export const STAFF_ROLES = ['AGENT', 'MANAGER', 'ADMIN'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ACCOUNT_TYPES = ['AGENT', 'CLIENT', 'NOTAIRE'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const PROPERTY_STATUSES = [
  'PROSPECTION',
  'MANDAT_SIGNE',
  'EN_DIFFUSION',
  'VISITES',
  'OFFRES',
  'COMPROMIS',
  'VENDU',
  'ARCHIVE',
] as const;
export type PropertyStatus = (typeof PROPERTY_STATUSES)[number];

export const PARTICIPANT_ROLES = ['VENDEUR', 'ACHETEUR', 'LOCATAIRE', 'NOTAIRE', 'ARTISAN', 'AUTRE'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const PROPERTY_EVENT_TYPES = ['CREATED', 'STATUS_CHANGED'] as const;
export type PropertyEventType = (typeof PROPERTY_EVENT_TYPES)[number];

export const FILE_STATUSES = ['UPLOADED', 'CLASSIFIED', 'REVIEW_REQUIRED'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

export const FILE_SOURCES = ['UPLOAD', 'GMAIL', 'WHATSAPP'] as const;
export type FileSource = (typeof FILE_SOURCES)[number];

export const MESSAGE_CHANNELS = ['GMAIL', 'WHATSAPP', 'TELEGRAM'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const AI_STATUSES = ['PENDING', 'PROCESSED', 'REVIEW_REQUIRED'] as const;
export type AiStatus = (typeof AI_STATUSES)[number];

export const REVIEW_ITEM_TYPES = ['MESSAGE', 'FILE', 'VOCAL'] as const;
export type ReviewItemType = (typeof REVIEW_ITEM_TYPES)[number];

export const REVIEW_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_DECISIONS = [
  'ATTACH_PROPERTY',
  'SET_TYPE_DOCUMENT',
  'SET_VOCAL_TYPE',
  'CORRECT_TRANSCRIPT',
  'ACCEPT_PROPOSAL',
  'RETRY',
  'DISMISS',
] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Why an item waits for a person in the review queue (the column stays free text). */
export const REVIEW_REASONS = [
  'MESSAGE_PROPERTY_AMBIGUOUS',
  'MESSAGE_PROPERTY_NOT_FOUND',
  'MESSAGE_NO_PROPERTY_CANDIDATE',
  'MESSAGE_PROCESSING_ERROR',
  'FILE_CLASSIFICATION_REVIEW_REQUIRED',
  'FILE_PROCESSING_ERROR',
  'VOCAL_EMPTY_TRANSCRIPT',
  'VOCAL_LOW_CONFIDENCE',
  'VOCAL_PROPERTY_AMBIGUOUS',
  'VOCAL_PROPERTY_NOT_FOUND',
  'VOCAL_TYPE_REVIEW_REQUIRED',
  'VOCAL_INITIAL_VISIT_NO_PROPERTY',
  'VOCAL_EXTRACTION_CONFLICT',
  'VOCAL_PROCESSING_ERROR',
] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** What a voice note is about; ERREUR_TRAITEMENT means processing gave up. */
export const VOCAL_TYPES = ['VISITE_INITIALE', 'VISITE_SUIVI', 'COMPTE_RENDU_VISITE_CLIENT', 'ERREUR_TRAITEMENT'] as const;
export type VocalType = (typeof VOCAL_TYPES)[number];
/** The types an AI may answer; ERREUR_TRAITEMENT is only ever set by the pipeline. */
export const DETECTABLE_VOCAL_TYPES = ['VISITE_INITIALE', 'VISITE_SUIVI', 'COMPTE_RENDU_VISITE_CLIENT'] as const;
export type DetectableVocalType = (typeof DETECTABLE_VOCAL_TYPES)[number];

export const VOCAL_STATUSES = ['UPLOADED', 'TRANSCRIBED', 'INSIGHTS_READY', 'REVIEW_REQUIRED'] as const;
export type VocalStatus = (typeof VOCAL_STATUSES)[number];

/** The pipeline step a voice note is at; DONE once nothing is left to run. */
export const VOCAL_STAGES = ['TRANSCRIBE', 'MATCH', 'DETECT_TYPE', 'EXTRACT_INITIAL_VISIT', 'EXTRACT_INSIGHTS', 'DONE'] as const;
export type VocalStage = (typeof VOCAL_STAGES)[number];

export const VOCAL_SOURCES = ['UPLOAD', 'WHATSAPP'] as const;
export type VocalSource = (typeof VOCAL_SOURCES)[number];

/** Who last set a voice note's field or a message's property: the AI, or a person. */
export const SET_BY = ['AI', 'USER'] as const;
export type SetBy = (typeof SET_BY)[number];

export const DPE_CLASSES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
export type DpeClass = (typeof DPE_CLASSES)[number];

export const INTEREST_LEVELS = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type InterestLevel = (typeof INTEREST_LEVELS)[number];

export const PROPERTY_TYPES = ['APPARTEMENT', 'MAISON', 'STUDIO', 'LOFT', 'TERRAIN', 'LOCAL_COMMERCIAL', 'IMMEUBLE'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const INTEGRATION_PROVIDERS = ['GMAIL', 'GOOGLE_CALENDAR', 'WHATSAPP'] as const;
export type IntegrationProvider = (typeof INTEGRATION_PROVIDERS)[number];

/** CONNECTED idle, SYNC_QUEUED/SYNCING at work, NEEDS_RECONNECT when the provider refused for good. */
export const INTEGRATION_STATUSES = ['CONNECTED', 'SYNC_QUEUED', 'SYNCING', 'NEEDS_RECONNECT', 'DISCONNECTED'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** A calendar event's status as Google Calendar gives it (lower case, as the provider spells it). */
export const CALENDAR_EVENT_STATUSES = ['confirmed', 'tentative', 'cancelled'] as const;
export type CalendarEventStatus = (typeof CALENDAR_EVENT_STATUSES)[number];
