import type { Database } from '@monimmo/db';
import type { IntegrationProvider } from '@monimmo/contract';
import type { Storage } from '@monimmo/storage';

/** One attachment of an imported message; its bytes are fetched only if the message is new. */
export interface IncomingAttachment {
  /** `<provider message id>:<index>`: unique per organization and source. */
  externalId: string;
  /** The sender's name for it, if any; otherwise one is made from `label` and the type. */
  fileName: string | null;
  label: string;
  load(): Promise<Buffer>;
}

/** An e-mail or a WhatsApp message, provider-neutral. */
export interface IncomingMessage {
  channel: 'GMAIL' | 'WHATSAPP';
  externalId: string;
  fromName: string | null;
  fromAddress: string;
  subject: string | null;
  body: string;
  receivedAt: string;
  attachments: IncomingAttachment[];
  /** A WhatsApp voice note or audio: it becomes a vocal and goes through the vocals pipeline. */
  voiceNote: IncomingAttachment | null;
}

export interface IngestTarget {
  orgId: string;
  integrationId: string;
  provider: IntegrationProvider;
  /**
   * The import's last try: an attachment that still cannot be fetched is skipped rather than
   * failing again, since a pushed delivery (a webhook) is not sent twice and its messages would be lost.
   */
  lastTry?: boolean;
}

/** The AI work imports hand over, queued after their transaction committed. */
export interface IngestQueues {
  triage(orgId: string, messageId: string): Promise<unknown>;
  classify(orgId: string, fileId: string): Promise<unknown>;
  transcribe(orgId: string, vocalId: string, revision: number): Promise<unknown>;
  matchEvent(orgId: string, eventId: string): Promise<unknown>;
}

export interface IngestDeps {
  database: Database;
  storage: Storage;
  queues: IngestQueues;
  /** MAX_UPLOAD_BYTES: an attachment is a file like any upload. */
  maxUploadBytes: number;
  /** Provider requests (media downloads) at once within one integration. */
  concurrency: number;
}
