import { files, messages, vocals, type Db, type Tx } from '@monimmo/db';
import { and, eq, inArray } from 'drizzle-orm';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { publishAfterCommit } from '../events/after-commit.ts';
import { storeBytes, type StoredBytes } from './ingest-attachment.ts';
import type { IncomingMessage, IngestDeps, IngestQueues, IngestTarget } from './ingest-types.ts';

interface Prepared {
  message: IncomingMessage;
  files: StoredBytes[];
  vocal: StoredBytes | null;
}

interface Written {
  inserted: number;
  messageIds: string[];
  fileIds: string[];
  vocals: { id: string; revision: number }[];
  kept: Set<string>;
}

/** Messages already imported, by external id: the page's other items only are fetched and written. */
async function existing(db: Db, target: IngestTarget, channel: IncomingMessage['channel'], ids: string[]) {
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
async function requeueLeftovers(db: Db, queues: IngestQueues, orgId: string, rows: { id: string; aiStatus: string }[]): Promise<void> {
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

/** The new messages' attachments and voice notes in storage, a few provider requests at once. */
function prepareMessages(
  deps: IngestDeps,
  target: IngestTarget,
  fresh: IncomingMessage[],
  log: Logger,
  keys: string[],
): Promise<Prepared[]> {
  const limit = pLimit(deps.concurrency);
  return Promise.all(
    fresh.map(async (message) => ({
      message,
      files: (await Promise.all(message.attachments.map((a) => limit(() => storeBytes(deps, target, a, 'files', log, keys))))).filter(
        (f): f is StoredBytes => f !== null,
      ),
      vocal: message.voiceNote ? await limit(() => storeBytes(deps, target, message.voiceNote!, 'vocals', log, keys)) : null,
    })),
  );
}

/** Writes the prepared messages, their files and vocals; rows a concurrent run wrote first are left as they are. */
async function writeMessages(tx: Tx, target: IngestTarget, source: IncomingMessage['channel'], prepared: Prepared[]): Promise<Written> {
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
    publishAfterCommit(tx, { orgId: target.orgId, type: 'message.received', itemId: row.id, to: message.channel });
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
}

/** Imports a page of e-mails or WhatsApp messages: new ones only, then their AI work queued. */
export async function messagesPage(
  deps: IngestDeps,
  target: IngestTarget,
  page: IncomingMessage[],
  log: Logger,
): Promise<{ imported: number }> {
  const { database, storage, queues } = deps;
  if (page.length === 0) return { imported: 0 };
  const channel = page[0]!.channel;
  const known = await existing(
    database.db,
    target,
    channel,
    page.map((m) => m.externalId),
  );
  const knownIds = new Set(known.map((k) => k.externalId));
  const fresh = [...new Map(page.filter((m) => !knownIds.has(m.externalId)).map((m) => [m.externalId, m])).values()];

  const keys: string[] = [];
  let prepared: Prepared[];
  try {
    prepared = await prepareMessages(deps, target, fresh, log, keys);
  } catch (error) {
    await Promise.all(keys.map((key) => storage.delete(key)));
    throw error;
  }

  const source = channel;
  let written: Written;
  try {
    written = await database.tx((tx) => writeMessages(tx, target, source, prepared));
  } catch (error) {
    await Promise.all(keys.map((key) => storage.delete(key)));
    throw error;
  }
  await Promise.all(keys.filter((key) => !written.kept.has(key)).map((key) => storage.delete(key)));

  for (const id of written.messageIds) await queues.triage(target.orgId, id);
  for (const id of written.fileIds) await queues.classify(target.orgId, id);
  for (const vocal of written.vocals) await queues.transcribe(target.orgId, vocal.id, vocal.revision);
  await requeueLeftovers(database.db, queues, target.orgId, known);
  if (fresh.length)
    log.info(
      { received: page.length, imported: written.inserted, files: written.fileIds.length, vocals: written.vocals.length },
      'messages imported',
    );
  return { imported: written.inserted };
}
