// The labeled triage set (bench/triage/agency.json, dev/ and held-out/): its shapes and loading.
import { readFileSync } from 'node:fs';
import type { InitialVisitFields, ParticipantRole } from '../../packages/contract/src/index.ts';

export const HALVES = ['held-out', 'dev'] as const;
export type Half = (typeof HALVES)[number];

export interface Person {
  role?: ParticipantRole;
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
}

export interface LabeledProperty {
  key: string;
  title: string;
  address: string;
  postalCode: string;
  city: string;
  price?: number | null;
  mandateNumber?: string | null;
  status?: string;
  details?: Record<string, unknown>;
  participants: Person[];
  prospects?: Person[];
}

export interface Agency {
  agency: { name: string; address: string; agents: { firstName: string; lastName: string; email: string }[] };
  properties: LabeledProperty[];
}

export interface LabeledMessage {
  id: string;
  receivedAt: string;
  channel: 'GMAIL' | 'WHATSAPP';
  subject?: string;
  from: { email?: string; phone?: string; name?: string };
  text: string;
  /** A property key, NONE (about no property of the agency) or AMBIGUOUS (a person must choose). */
  expected: string;
  category: string;
}

export interface LabeledDocument {
  id: string;
  fileName: string;
  mimeType: string;
  /** Pages separated by \f; '' for a scan or a photo. */
  text: string;
  image?: { width: number; height: number; make: string; model: string; dateTimeOriginal: string; imageDescription?: string };
  /** A document type, or REVIEW when nothing in the vocabulary fits. */
  expected: string;
  alsoContains?: string[];
  category: string;
  /** Items written after the first split are halved among themselves (split.mjs). */
  batch?: number;
}

export interface LabeledVocal {
  id: string;
  transcript: string;
  expectedType: string;
  expectedFields?: Partial<InitialVisitFields>;
  property?: { title: string; address: string; postalCode: string; city: string; price?: number | null } | null;
  category: string;
}

export interface LabeledHalf {
  messages: LabeledMessage[];
  documents: LabeledDocument[];
  vocals: LabeledVocal[];
}

const read = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as T;

export const loadAgency = (): Agency => read('./agency.json');

export const loadHalf = (half: Half): LabeledHalf => ({
  messages: read(`./${half}/messages.json`),
  documents: read(`./${half}/documents.json`),
  vocals: read(`./${half}/vocals.json`),
});

/** Stable order for replays: by received date, then id. */
export const byDate = (a: LabeledMessage, b: LabeledMessage) =>
  Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
