import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, fileNameSchema, idSchema, typeDocumentSchema, type Actor, type Services } from '@monimmo/contract';
import busboy from 'busboy';
import { z } from 'zod';
import { bearerTokenOf } from './http/request-info.ts';
import { sendError, sendJson } from './http/responses.ts';

/** The bytes as they arrive, what the client said they are, and the upload's own fields. */
type Streamed<Fields> = Fields & { body: NodeJS.ReadableStream; declaredMimeType: string | undefined };

/**
 * One kind of streaming upload: which fields come with the bytes (multipart text parts before
 * `file`, or the query string of a raw body) and which service stores them.
 */
interface UploadKind<Fields extends { fileName: string }> {
  fields: z.ZodType<Fields>;
  store(services: Services, actor: Actor, upload: Streamed<Fields>): Promise<unknown>;
}

/** Infers the fields from their schema. */
function uploadKind<Fields extends { fileName: string }>(
  fields: z.ZodType<Fields>,
  store: (services: Services, actor: Actor, upload: Streamed<Fields>) => Promise<unknown>,
): UploadKind<Fields> {
  return { fields, store };
}

const fileUploads = uploadKind(z.object({ fileName: fileNameSchema, propertyId: idSchema.optional(), typeDocument: typeDocumentSchema.optional() }), (services, actor, upload) =>
  services.files.uploadStream(actor, upload),
);

// No typeDocument: what a voice note is, the pipeline detects.
const vocalUploads = uploadKind(z.object({ fileName: fileNameSchema, propertyId: idSchema.optional() }), (services, actor, upload) => services.vocals.uploadStream(actor, upload));

/** Fields parsed from strings; empty ones count as absent, unknown ones are ignored. */
function parseFields<Fields>(schema: z.ZodType<Fields>, raw: Record<string, string | undefined>): Fields {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', 'Invalid input', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })),
    });
  }
  return parsed.data;
}

/** multipart/form-data: text fields first, then exactly one `file` part, streamed as it arrives. */
function fromMultipart<Fields extends { fileName: string }>(
  req: IncomingMessage,
  schema: z.ZodType<Fields>,
  maxFields: number,
): Promise<{ upload: Streamed<Fields>; done: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // Browsers send UTF-8 file names unescaped; busboy would read them as latin1.
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: maxFields, fieldSize: 1024, parts: maxFields + 1 } });
    } catch {
      reject(new AppError('BAD_REQUEST', 'Malformed multipart body', { reason: 'MALFORMED_MULTIPART' }));
      return;
    }
    const fields: Record<string, string> = {};
    let gotFile = false;
    const done = new Promise<void>((finish) => parser.on('close', () => finish()));
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (gotFile || name !== 'file') {
        stream.resume();
        return;
      }
      gotFile = true;
      try {
        const parsed = parseFields(schema, { ...fields, fileName: fields.fileName ?? info.filename });
        resolve({ upload: { body: stream, declaredMimeType: info.mimeType, ...parsed }, done });
      } catch (error) {
        stream.resume();
        reject(error);
      }
    });
    parser.on('error', () => reject(new AppError('BAD_REQUEST', 'Malformed multipart body', { reason: 'MALFORMED_MULTIPART' })));
    parser.on('close', () => {
      if (!gotFile) reject(new AppError('BAD_REQUEST', 'Invalid input', { issues: [{ path: 'file', code: 'custom', message: 'a `file` part is required' }] }));
    });
    req.pipe(parser);
  });
}

/** Raw body: the bytes are the request body; names and links come in the query string. */
function fromRawBody<Fields extends { fileName: string }>(req: IncomingMessage, url: URL, schema: z.ZodType<Fields>): Streamed<Fields> {
  const fields = parseFields(schema, Object.fromEntries(url.searchParams));
  return { ...fields, body: req, declaredMimeType: req.headers['content-type'] };
}

export type StreamingUpload = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/**
 * The streaming form of one upload path (its JSON form goes through the contract). The bytes
 * go straight to storage; on a refusal the answer closes the connection rather than reading
 * the rest of a large body.
 */
function createStreamingUpload<Fields extends { fileName: string }>(services: Services, kind: UploadKind<Fields>, maxUploadBytes: number): StreamingUpload {
  return async (req, res, url) => {
    try {
      const token = bearerTokenOf(req);
      if (!token) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
      const actor: Actor = await services.auth.authenticate(token);
      if (Number(req.headers['content-length']) > maxUploadBytes + 64 * 1024) {
        throw new AppError('PAYLOAD_TOO_LARGE', `Uploads are limited to ${maxUploadBytes} bytes`, { limitBytes: maxUploadBytes });
      }
      const multipart = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
      let upload: Streamed<Fields>;
      let finished: Promise<void> | undefined;
      if (multipart) {
        const parsed = await fromMultipart(req, kind.fields, 10);
        upload = parsed.upload;
        finished = parsed.done;
      } else {
        upload = fromRawBody(req, url, kind.fields);
      }
      const stored = await kind.store(services, actor, upload);
      await finished;
      // 201, as the JSON form answers through the contract.
      sendJson(res, 201, stored);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      res.setHeader('connection', 'close');
      sendError(res, error.code, error.message, error.details);
      req.unpipe();
    }
  };
}

/**
 * POST paths (under the REST prefix) that also take multipart/form-data or raw bytes, besides
 * their base64 JSON form.
 */
export function createStreamingUploads(services: Services, maxUploadBytes: number): Record<string, StreamingUpload> {
  return {
    '/files/upload': createStreamingUpload(services, fileUploads, maxUploadBytes),
    '/vocals/upload': createStreamingUpload(services, vocalUploads, maxUploadBytes),
  };
}
