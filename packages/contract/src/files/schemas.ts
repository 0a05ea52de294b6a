import { z } from 'zod';
import { idSchema, pageInput, pageOf, patchInput, timestampSchema, type QueuedJob } from '../common/schemas.ts';
import type { Actor } from '../actor.ts';
import { DOCUMENT_FAMILY_NAMES, TYPE_DOCUMENTS } from '../vocabulary/document-types.ts';
import { FILE_SOURCES, FILE_STATUSES } from '../vocabulary/values.ts';

// Here rather than in the vocabulary, which the web bundle imports without Zod.
export const typeDocumentSchema = z
  .enum(TYPE_DOCUMENTS)
  .describe('Document type (its family is derived from it)')
  .meta({ id: 'TypeDocument' });
export const documentFamilySchema = z.enum(DOCUMENT_FAMILY_NAMES).meta({ id: 'DocumentFamily' });

export const fileStatusSchema = z.enum(FILE_STATUSES);

export const fileSchema = z
  .object({
    id: idSchema,
    fileName: z.string(),
    mimeType: z.string().describe('As sniffed from the bytes'),
    size: z.number().int().describe('Bytes'),
    sha256: z.string().describe('Hex SHA-256 of the bytes'),
    status: fileStatusSchema,
    typeDocument: typeDocumentSchema.nullable(),
    family: documentFamilySchema.nullable().describe('Derived from typeDocument'),
    propertyId: idSchema.nullable(),
    source: z.enum(FILE_SOURCES),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'File' });

/**
 * What changes how a name reads without being seen: C0 and C1 controls, bidi marks, overrides and
 * isolates (`facture\u202Efdp.exe` shows as "facturexe.pdf"), zero-width characters and the BOM.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;

/** Shown to people and sent back in Content-Disposition: NFC, no path, nothing invisible. */
export const fileNameSchema = z
  .string()
  .normalize('NFC')
  .trim()
  .min(1)
  .max(255)
  .refine((name) => !/[\\/]/.test(name) && name !== '.' && name !== '..', 'must be a plain file name')
  .refine((name) => !INVISIBLE.test(name), 'must not hold control or invisible characters (bidi, zero-width)')
  .meta({ example: 'DPE - 12 rue Sainte.pdf' });

/** A name no person typed (a mail attachment): what the schema would refuse is dropped instead. */
export function cleanFileName(name: string): string {
  return name.normalize('NFC').replace(new RegExp(INVISIBLE.source, 'gu'), '').replace(/[\\/]/g, '_').trim();
}

export const mimeTypeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][\w.+-]*\/[\w.+-]+$/, 'must be a MIME type')
  .meta({ example: 'application/pdf' });

export const listFilesInput = z.object({
  propertyId: idSchema.optional(),
  typeDocument: typeDocumentSchema.optional(),
  status: fileStatusSchema.optional(),
  q: z.string().trim().min(1).max(200).describe('Words in the file name; accents and case ignored; ranked').optional(),
  ...pageInput,
});

export const uploadFileInput = z.object({
  fileName: fileNameSchema,
  mimeType: mimeTypeSchema.describe('Declared type; refused (415) when the bytes say otherwise'),
  size: z.number().int().min(1).describe('Bytes, checked against the decoded content'),
  contentBase64: z.string().min(1).describe('The bytes, base64-encoded (compatibility form: prefer the streaming upload)'),
  propertyId: idSchema.optional(),
  typeDocument: typeDocumentSchema.optional(),
});

export const fileIdInput = z.object({ id: idSchema });

export const updateFileInput = patchInput(
  { id: idSchema },
  {
    propertyId: idSchema.nullable().optional(),
    typeDocument: typeDocumentSchema.nullable().optional(),
    status: fileStatusSchema.optional(),
  },
);

export const downloadUrlSchema = z
  .object({ url: z.string().describe('Short-lived signed URL'), expiresAt: timestampSchema })
  .meta({ id: 'DownloadUrl' });

export const filePageSchema = pageOf(fileSchema);

export type FileView = z.infer<typeof fileSchema>;
export type ListFilesInput = z.infer<typeof listFilesInput>;
export type UploadFileInput = z.infer<typeof uploadFileInput>;
export type UpdateFileInput = z.infer<typeof updateFileInput>;

/** A streaming upload as the host hands it over: bytes plus what the caller declared. */
export interface FileUpload {
  body: NodeJS.ReadableStream;
  fileName: string;
  declaredMimeType: string | undefined;
  propertyId?: string | undefined;
  typeDocument?: z.infer<typeof typeDocumentSchema> | undefined;
  /**
   * Fields sent after the bytes (multipart parts after `file`), validated by the host: awaited
   * once the bytes are stored and applied before the row is written; a rejection refuses the upload.
   */
  lateFields?: Promise<Partial<Omit<FileUpload, 'body' | 'declaredMimeType' | 'lateFields'>>>;
}

export interface FilesService {
  list(actor: Actor, input: ListFilesInput): Promise<{ items: FileView[]; nextCursor: string | null }>;
  uploadBase64(actor: Actor, input: UploadFileInput): Promise<FileView>;
  uploadStream(actor: Actor, upload: FileUpload): Promise<FileView>;
  get(actor: Actor, id: string): Promise<FileView>;
  update(actor: Actor, input: UpdateFileInput): Promise<FileView>;
  downloadUrl(actor: Actor, id: string): Promise<{ url: string; expiresAt: string }>;
  /** Queues classification: set the document type, or send to review. */
  runAi(actor: Actor, id: string): Promise<QueuedJob>;
}
