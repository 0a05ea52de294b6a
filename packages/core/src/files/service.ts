import { Readable } from 'node:stream';
import { familyOf, notFound, type Actor, type FileUpload, type FilesService, type FileView, type TypeDocument } from '@monimmo/contract';
import { files, filesFts, type Database, type Db, type Tx } from '@monimmo/db';
import { newStorageKey, type Storage } from '@monimmo/storage';
import { and, eq } from 'drizzle-orm';
import { publishAfterCommit } from '../events/after-commit.ts';
import { decodeBase64Upload, withLateFields } from '../shared/base64-upload.ts';
import { listPage } from '../shared/search.ts';
import { findProperty } from '../properties/lookup.ts';
import type { EnqueuePort } from '../shared/enqueue.ts';
import { sniffUpload } from './sniff.ts';

type FileRow = typeof files.$inferSelect;

export interface FilesSettings {
  /** Streaming uploads (multipart, raw body). */
  maxUploadBytes: number;
  /** The base64 compatibility form, decoded size. */
  maxBase64UploadBytes: number;
  signedUrlTtlSeconds: number;
}

export interface FilesDeps {
  database: Database;
  storage: Storage;
  enqueue: Pick<EnqueuePort, 'classify' | 'afterCommit'>;
  settings: FilesSettings;
}

export function toFileView(row: FileRow): FileView {
  const typeDocument = row.typeDocument as TypeDocument | null;
  return {
    id: row.id,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
    sha256: row.sha256,
    status: row.status,
    typeDocument,
    family: typeDocument ? (familyOf(typeDocument) ?? null) : null,
    propertyId: row.propertyId,
    source: row.source,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createFilesService({ database, storage, enqueue, settings }: FilesDeps): FilesService {
  const { db } = database;

  const enqueueClassification = async (orgId: string, fileId: string) => {
    const { jobId } = await enqueue.classify(orgId, fileId);
    return { jobId, status: 'QUEUED' as const };
  };

  async function findFile(tx: Tx | Db, actor: Actor, id: string): Promise<FileRow> {
    const [row] = await tx
      .select()
      .from(files)
      .where(and(eq(files.id, id), eq(files.orgId, actor.orgId)));
    if (!row) throw notFound('File');
    return row;
  }

  /**
   * Sniff, stream to storage (size and hash on the way), then record. Whatever fails, nothing
   * is left behind: storage removes a refused object itself, and a failed insert removes it here.
   */
  async function store(actor: Actor, sent: FileUpload, maxBytes: number): Promise<FileView> {
    if (sent.propertyId) await findProperty(db, actor.orgId, sent.propertyId);
    const { mimeType, body } = await sniffUpload(sent.body, sent.declaredMimeType);
    const key = newStorageKey(actor.orgId, 'files');
    const stored = await storage.put({ key, body, contentType: mimeType, maxBytes });
    let upload = sent;
    let row: FileRow;
    try {
      upload = await withLateFields(sent);
      row = await database.tx(async (tx) => {
        // Checked again inside the transaction: the property may have gone while the bytes streamed.
        if (upload.propertyId) await findProperty(tx, actor.orgId, upload.propertyId);
        const [inserted] = await tx
          .insert(files)
          .values({
            orgId: actor.orgId,
            propertyId: upload.propertyId ?? null,
            fileName: upload.fileName,
            mimeType,
            size: stored.size,
            sha256: stored.sha256,
            typeDocument: upload.typeDocument ?? null,
            // A type chosen by the person uploading is a classification already.
            status: upload.typeDocument ? 'CLASSIFIED' : 'UPLOADED',
            storageKey: key,
            source: 'UPLOAD',
          })
          .returning();
        if (!inserted) throw new Error('file insert returned nothing');
        publishAfterCommit(tx, {
          orgId: actor.orgId,
          type: 'file.uploaded',
          itemId: inserted.id,
          to: inserted.status,
          ...(inserted.propertyId ? { propertyId: inserted.propertyId } : {}),
        });
        return inserted;
      });
    } catch (error) {
      await storage.delete(key);
      throw error;
    }
    // A type chosen by the uploader stands; otherwise the AI classifies the document now.
    if (!upload.typeDocument) await enqueue.afterCommit.classify(actor.orgId, row.id);
    return toFileView(row);
  }

  return {
    async list(actor, input) {
      const { rows, nextCursor } = await listPage<FileRow>(db, {
        table: files,
        fts: filesFts,
        searchRowid: files.searchRowid,
        id: files.id,
        sortKey: files.createdAt,
        cursorOf: (r) => ({ sortKey: r.createdAt, id: r.id }),
        orgId: actor.orgId,
        filters: [
          eq(files.orgId, actor.orgId),
          input.propertyId ? eq(files.propertyId, input.propertyId) : undefined,
          input.typeDocument ? eq(files.typeDocument, input.typeDocument) : undefined,
          input.status ? eq(files.status, input.status) : undefined,
        ],
        q: input.q,
        cursor: input.cursor,
        limit: input.limit,
      });
      return { items: rows.map(toFileView), nextCursor };
    },

    async uploadBase64(actor, input) {
      const bytes = decodeBase64Upload(input.contentBase64, input.size, settings.maxBase64UploadBytes);
      return store(
        actor,
        {
          body: Readable.from([bytes]),
          fileName: input.fileName,
          declaredMimeType: input.mimeType,
          propertyId: input.propertyId,
          typeDocument: input.typeDocument,
        },
        settings.maxBase64UploadBytes,
      );
    },

    uploadStream(actor, upload) {
      return store(actor, upload, settings.maxUploadBytes);
    },

    async get(actor, id) {
      return toFileView(await findFile(db, actor, id));
    },

    async update(actor, input) {
      const { id, propertyId, typeDocument, status } = input;
      const row = await database.tx(async (tx) => {
        const current = await findFile(tx, actor, id);
        if (propertyId) await findProperty(tx, actor.orgId, propertyId);
        const [updated] = await tx
          .update(files)
          .set({
            ...(propertyId !== undefined ? { propertyId } : {}),
            ...(typeDocument !== undefined ? { typeDocument } : {}),
            // Choosing a type by hand classifies the document unless a status is given.
            status: status ?? (typeDocument ? 'CLASSIFIED' : current.status),
          })
          .where(and(eq(files.id, id), eq(files.orgId, actor.orgId)))
          .returning();
        return updated ?? current;
      });
      return toFileView(row);
    },

    async runAi(actor, id) {
      await findFile(db, actor, id);
      return enqueueClassification(actor.orgId, id);
    },

    async downloadUrl(actor, id) {
      const row = await findFile(db, actor, id);
      return storage.signedDownloadUrl(row.storageKey, {
        expiresInSeconds: settings.signedUrlTtlSeconds,
        fileName: row.fileName,
        contentType: row.mimeType,
      });
    },
  };
}
