import { Readable } from 'node:stream';
import type { CalendarEvent, GmailMessage, WhatsAppInboundMessage } from '@monimmo/connectors';
import { AppError, cleanFileName, type IntegrationProvider } from '@monimmo/contract';
import { calendarEvents, files, messages, vocals, type Database } from '@monimmo/db';
import { newStorageKey, type Storage } from '@monimmo/storage';
import { and, eq, inArray } from 'drizzle-orm';
import { convert, type HtmlToTextOptions } from 'html-to-text';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { sniffUpload } from '../files/sniff.ts';
import { sniffAudio } from '../vocals/audio.ts';
import { decideFailure } from './failures.ts';

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

const HTML_TO_TEXT: HtmlToTextOptions = {
  // Lines stay as written: the triage reads "Le … a écrit :" and "> " lines to find the quoted thread.
  wordwrap: false,
  selectors: [
    // The text of a link is what the sender wrote; tracking URLs are noise for triage and search.
    { selector: 'a', options: { ignoreHref: true } },
    // Pictures inside an e-mail are logos and signatures; real ones arrive as attachments.
    { selector: 'img', format: 'skip' },
    // Cells side by side, not run together ("Charges120 €").
    { selector: 'table', format: 'dataTable', options: { maxColumnWidth: 200 } },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};

/** The readable text of an HTML-only e-mail: blocks and <br> become lines, a blockquote "> " lines. */
export function htmlToText(html: string): string {
  return (
    convert(html, HTML_TO_TEXT)
      // Non-breaking spaces (French typography) read as spaces: search and previews want plain ones.
      .replace(/\u00a0/g, ' ')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** An e-mail as the inbox keeps it; null for mail the agency sent itself. */
export function fromGmail(message: GmailMessage): IncomingMessage | null {
  if (message.labelIds.includes('SENT') && !message.labelIds.includes('INBOX')) return null;
  return {
    channel: 'GMAIL',
    externalId: message.id,
    fromName: message.from?.name || null,
    fromAddress: message.from?.address ?? '(expéditeur inconnu)',
    subject: message.subject || null,
    body: message.text ?? (message.html ? htmlToText(message.html) : ''),
    receivedAt: message.internalDate,
    // Pictures shown inside the HTML (logos, signatures) are decoration, not documents.
    attachments: message.attachments.flatMap((a, index) =>
      a.inline && a.mimeType.startsWith('image/')
        ? []
        : [{ externalId: `${message.id}:${index}`, fileName: a.fileName, label: 'Pièce jointe', load: async () => a.content }],
    ),
    voiceNote: null,
  };
}

const WHATSAPP_PLACEHOLDERS: Record<string, string> = {
  image: 'Photo envoyée sur WhatsApp',
  document: 'Document envoyé sur WhatsApp',
  video: 'Vidéo envoyée sur WhatsApp',
  audio: 'Enregistrement audio envoyé sur WhatsApp',
  voice: 'Note vocale WhatsApp',
};
const WHATSAPP_LABELS: Record<string, string> = {
  image: 'Photo WhatsApp',
  document: 'Document WhatsApp',
  video: 'Vidéo WhatsApp',
  audio: 'Audio WhatsApp',
  voice: 'Note vocale',
};

/**
 * A WhatsApp message as the inbox keeps it; null for what is not worth a message (a sticker, a
 * reaction, a type the Cloud API added since). Media bytes come through `readMedia` when needed.
 */
export function fromWhatsApp(message: WhatsAppInboundMessage, readMedia: (mediaId: string) => Promise<Buffer>): IncomingMessage | null {
  const kind =
    message.type === 'voice' || message.type === 'audio'
      ? message.type
      : message.media && ['image', 'document', 'video'].includes(message.type)
        ? message.type
        : null;
  if (!kind && !message.text) return null;
  const sender = message.fromName ?? message.from;
  const day = message.timestamp.slice(0, 10);
  const attachment: IncomingAttachment | null =
    kind && message.media
      ? {
          externalId: `${message.id}:0`,
          fileName: message.media.fileName,
          label: `${WHATSAPP_LABELS[kind]} de ${sender} (${day})`,
          load: () => readMedia(message.media!.id),
        }
      : null;
  const audio = kind === 'voice' || kind === 'audio';
  return {
    channel: 'WHATSAPP',
    externalId: message.id,
    fromName: message.fromName,
    fromAddress: message.from,
    subject: null,
    body:
      message.text ??
      (kind ? `${WHATSAPP_PLACEHOLDERS[kind]}${kind === 'document' && message.media?.fileName ? ` : ${message.media.fileName}` : ''}` : ''),
    receivedAt: message.timestamp,
    attachments: attachment && !audio ? [attachment] : [],
    voiceNote: attachment && audio ? attachment : null,
  };
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/webm': 'webm',
};
// A sender's name for the file, minus what the upload would refuse (bidi overrides, zero-width…).
const nameFor = (attachment: IncomingAttachment, mimeType: string) =>
  cleanFileName(attachment.fileName ?? '') || `${attachment.label}${EXTENSIONS[mimeType] ? `.${EXTENSIONS[mimeType]}` : ''}`;

interface StoredBytes {
  externalId: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  storageKey: string;
  durationSeconds?: number | null;
}

interface Prepared {
  message: IncomingMessage;
  files: StoredBytes[];
  vocal: StoredBytes | null;
}

/** Why an attachment is left out rather than failing its sync: a type the product refuses, a size over the limit. */
function refusal(error: unknown): string | null {
  if (
    error instanceof AppError &&
    (error.code === 'UNSUPPORTED_MEDIA_TYPE' || error.code === 'PAYLOAD_TOO_LARGE' || error.code === 'BAD_REQUEST')
  )
    return error.code;
  return null;
}

/**
 * Imports pages of messages and calendar events. A message, its files and its vocal are written in
 * one transaction with ON CONFLICT DO NOTHING on the unique (org, channel or source, external id)
 * indexes, so an import run twice, concurrently, or again after a crash adds nothing twice; AI work
 * is queued after the commit. Bytes go to storage first (storage cannot join the transaction):
 * those a concurrent import made useless are deleted again.
 */
export function createIngest(deps: IngestDeps) {
  const { database, storage, queues } = deps;
  const { db } = database;

  async function storeBytes(
    target: IngestTarget,
    attachment: IncomingAttachment,
    kind: 'files' | 'vocals',
    log: Logger,
    keys: string[],
  ): Promise<StoredBytes | null> {
    let bytes: Buffer;
    try {
      bytes = await attachment.load();
    } catch (error) {
      // Gone (NOT_FOUND) or refused for good for this item (INVALID_REQUEST): retrying cannot bring it,
      // and failing would lose the message and the rest of its page. Anything else is retried with them.
      const action = decideFailure(error, target.provider).action;
      if (action !== 'SKIP' && action !== 'FAIL' && !target.lastTry) throw error;
      const why =
        action === 'SKIP'
          ? 'no longer available at the provider'
          : action === 'FAIL'
            ? 'refused by the provider'
            : 'still failing on the last try';
      log.warn({ externalId: attachment.externalId, err: error }, `attachment ${why}: skipped`);
      return null;
    }
    const key = newStorageKey(target.orgId, kind);
    try {
      // The bytes decide the type: what a mail client or a phone declares is often wrong.
      const sniffed: { mimeType: string; body: Readable; durationSeconds?: Promise<number | null> } =
        kind === 'vocals' ? await sniffAudio(Readable.from([bytes]), undefined) : await sniffUpload(Readable.from([bytes]), undefined);
      const stored = await storage.put({ key, body: sniffed.body, contentType: sniffed.mimeType, maxBytes: deps.maxUploadBytes });
      keys.push(key);
      const durationSeconds = sniffed.durationSeconds ? await sniffed.durationSeconds : null;
      return {
        externalId: attachment.externalId,
        fileName: nameFor(attachment, sniffed.mimeType),
        mimeType: sniffed.mimeType,
        size: stored.size,
        sha256: stored.sha256,
        storageKey: key,
        durationSeconds,
      };
    } catch (error) {
      const code = refusal(error);
      if (!code) throw error;
      log.info(
        { externalId: attachment.externalId, reason: code, size: bytes.length },
        'attachment of a type or size the product refuses: skipped',
      );
      return null;
    }
  }

  /** Messages already imported, by external id: the page's other items only are fetched and written. */
  async function existing(target: IngestTarget, channel: IncomingMessage['channel'], ids: string[]) {
    if (ids.length === 0) return [];
    return db
      .select({ id: messages.id, externalId: messages.externalId, aiStatus: messages.aiStatus })
      .from(messages)
      .where(and(eq(messages.orgId, target.orgId), eq(messages.channel, channel), inArray(messages.externalId, ids)));
  }

  /**
   * A crash between a commit and its queueing left items waiting for AI work no job will do: the
   * rerun of the page (its cursor did not move) queues it again. The keys keep it from running twice.
   */
  async function requeueLeftovers(orgId: string, rows: { id: string; aiStatus: string }[]): Promise<void> {
    if (rows.length === 0) return;
    for (const row of rows) if (row.aiStatus === 'PENDING') await queues.triage(orgId, row.id);
    const waiting = await db
      .select({ id: files.id })
      .from(files)
      .where(
        and(
          eq(files.orgId, orgId),
          inArray(
            files.messageId,
            rows.map((r) => r.id),
          ),
          eq(files.status, 'UPLOADED'),
        ),
      );
    for (const file of waiting) await queues.classify(orgId, file.id);
  }

  async function messagesPage(target: IngestTarget, page: IncomingMessage[], log: Logger): Promise<{ imported: number }> {
    if (page.length === 0) return { imported: 0 };
    const channel = page[0]!.channel;
    const known = await existing(
      target,
      channel,
      page.map((m) => m.externalId),
    );
    const knownIds = new Set(known.map((k) => k.externalId));
    const fresh = [...new Map(page.filter((m) => !knownIds.has(m.externalId)).map((m) => [m.externalId, m])).values()];

    const keys: string[] = [];
    const limit = pLimit(deps.concurrency);
    let prepared: Prepared[];
    try {
      prepared = await Promise.all(
        fresh.map(async (message) => ({
          message,
          files: (await Promise.all(message.attachments.map((a) => limit(() => storeBytes(target, a, 'files', log, keys))))).filter(
            (f): f is StoredBytes => f !== null,
          ),
          vocal: message.voiceNote ? await limit(() => storeBytes(target, message.voiceNote!, 'vocals', log, keys)) : null,
        })),
      );
    } catch (error) {
      await Promise.all(keys.map((key) => storage.delete(key)));
      throw error;
    }

    const source = channel;
    let written: {
      inserted: number;
      messageIds: string[];
      fileIds: string[];
      vocals: { id: string; revision: number }[];
      kept: Set<string>;
    };
    try {
      written = await database.tx(async (tx) => {
        const out = {
          inserted: 0,
          messageIds: [] as string[],
          fileIds: [] as string[],
          vocals: [] as { id: string; revision: number }[],
          kept: new Set<string>(),
        };
        for (const { message, files: stored, vocal } of prepared) {
          const [row] = await tx
            .insert(messages)
            .values({
              orgId: target.orgId,
              channel: message.channel,
              externalId: message.externalId,
              fromName: message.fromName,
              fromAddress: message.fromAddress,
              subject: message.subject,
              body: message.body,
              receivedAt: message.receivedAt,
              // A voice note's words are read by the vocals pipeline (which also finds its property): nothing for triage.
              aiStatus: message.voiceNote && vocal ? 'PROCESSED' : 'PENDING',
            })
            .onConflictDoNothing()
            .returning({ id: messages.id });
          // Imported meanwhile by a concurrent run: it wrote the files too.
          if (!row) continue;
          out.inserted += 1;
          if (!(message.voiceNote && vocal)) out.messageIds.push(row.id);
          for (const file of stored) {
            const [inserted] = await tx
              .insert(files)
              .values({
                orgId: target.orgId,
                messageId: row.id,
                fileName: file.fileName,
                mimeType: file.mimeType,
                size: file.size,
                sha256: file.sha256,
                storageKey: file.storageKey,
                source,
                externalId: file.externalId,
              })
              .onConflictDoNothing()
              .returning({ id: files.id });
            if (inserted) {
              out.fileIds.push(inserted.id);
              out.kept.add(file.storageKey);
            }
          }
          if (vocal) {
            const [inserted] = await tx
              .insert(vocals)
              .values({
                orgId: target.orgId,
                source: 'WHATSAPP',
                messageId: row.id,
                fileName: vocal.fileName,
                mimeType: vocal.mimeType,
                size: vocal.size,
                sha256: vocal.sha256,
                storageKey: vocal.storageKey,
                durationSeconds: vocal.durationSeconds ?? null,
              })
              .onConflictDoNothing()
              .returning({ id: vocals.id, revision: vocals.revision });
            if (inserted) {
              out.vocals.push(inserted);
              out.kept.add(vocal.storageKey);
            }
          }
        }
        return out;
      });
    } catch (error) {
      await Promise.all(keys.map((key) => storage.delete(key)));
      throw error;
    }
    await Promise.all(keys.filter((key) => !written.kept.has(key)).map((key) => storage.delete(key)));

    for (const id of written.messageIds) await queues.triage(target.orgId, id);
    for (const id of written.fileIds) await queues.classify(target.orgId, id);
    for (const vocal of written.vocals) await queues.transcribe(target.orgId, vocal.id, vocal.revision);
    await requeueLeftovers(target.orgId, known);
    if (fresh.length)
      log.info(
        { received: page.length, imported: written.inserted, files: written.fileIds.length, vocals: written.vocals.length },
        'messages imported',
      );
    return { imported: written.inserted };
  }

  /**
   * Upserts appointments by their Google id. An incremental sync sends a cancelled event as its id
   * alone: it only changes the status of the row it knows. New appointments, and changed ones not
   * yet tied to a property, are queued for matching (an AI job, on the AI queue).
   */
  async function calendarPage(target: IngestTarget, events: CalendarEvent[], log: Logger): Promise<{ upserted: number }> {
    if (events.length === 0) return { upserted: 0 };
    const ids = [...new Set(events.map((e) => e.id))];
    const before = new Map(
      (
        await db
          .select()
          .from(calendarEvents)
          .where(and(eq(calendarEvents.orgId, target.orgId), inArray(calendarEvents.externalId, ids)))
      ).map((row) => [row.externalId, row]),
    );
    const toMatch = await database.tx(async (tx) => {
      const match: string[] = [];
      for (const event of events) {
        const known = before.get(event.id);
        if (!event.start || !event.end) {
          if (known && event.status === 'cancelled') {
            await tx
              .update(calendarEvents)
              .set({ status: 'cancelled' })
              .where(and(eq(calendarEvents.orgId, target.orgId), eq(calendarEvents.externalId, event.id)));
          } else if (!known) log.debug({ externalId: event.id }, 'calendar event without dates: skipped');
          continue;
        }
        const values = {
          status: event.status,
          title: event.summary?.trim() || '(Sans titre)',
          description: event.description,
          location: event.location,
          startAt: event.start,
          endAt: event.end,
          allDay: event.allDay,
          attendees: event.attendees.map((a) => ({ email: a.email || null, name: a.name })),
        };
        const [row] = await tx
          .insert(calendarEvents)
          .values({ orgId: target.orgId, integrationId: target.integrationId, externalId: event.id, ...values })
          .onConflictDoUpdate({
            target: [calendarEvents.orgId, calendarEvents.externalId],
            set: { ...values, integrationId: target.integrationId },
          })
          .returning({ id: calendarEvents.id, propertyId: calendarEvents.propertyId });
        const textChanged =
          !known || known.title !== values.title || known.description !== values.description || known.location !== values.location;
        if (row && !row.propertyId && textChanged && values.status !== 'cancelled') match.push(row.id);
      }
      return match;
    });
    for (const id of toMatch) await queues.matchEvent(target.orgId, id);
    log.info({ received: events.length, toMatch: toMatch.length }, 'calendar events imported');
    return { upserted: events.length };
  }

  return { messagesPage, calendarPage };
}

export type Ingest = ReturnType<typeof createIngest>;
