import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, fileNameSchema, idSchema, typeDocumentSchema, type Actor, type FileUpload, type Services } from '@monimmo/contract';
import busboy from 'busboy';
import { z } from 'zod';
import { bearerTokenOf } from './http/request-info.ts';
import { sendError, sendJson } from './http/responses.ts';

const fieldsSchema = z.object({
  fileName: fileNameSchema,
  propertyId: idSchema.optional(),
  typeDocument: typeDocumentSchema.optional(),
});

type UploadFields = z.infer<typeof fieldsSchema>;

function parseFields(raw: Record<string, string | undefined>): UploadFields {
  const parsed = fieldsSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', 'Invalid input', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })),
    });
  }
  return parsed.data;
}

/** multipart/form-data: text fields first, then exactly one `file` part, streamed as it arrives. */
function fromMultipart(req: IncomingMessage, maxFields: number): Promise<{ upload: FileUpload; done: Promise<void> }> {
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
        const parsed = parseFields({ ...fields, fileName: fields.fileName ?? info.filename });
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
function fromRawBody(req: IncomingMessage, url: URL): FileUpload {
  const q = url.searchParams;
  const fields = parseFields({ fileName: q.get('fileName') ?? undefined, propertyId: q.get('propertyId') ?? undefined, typeDocument: q.get('typeDocument') ?? undefined });
  return { body: req, declaredMimeType: req.headers['content-type'], ...fields };
}

/**
 * The streaming forms of POST /files/upload (the JSON form goes through the contract). The
 * bytes go straight to storage; on a refusal the answer closes the connection rather than
 * reading the rest of a large body.
 */
export function createStreamingUpload(services: Services, maxUploadBytes: number) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    let upload: FileUpload | undefined;
    try {
      const token = bearerTokenOf(req);
      if (!token) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
      const actor: Actor = await services.auth.authenticate(token);
      if (Number(req.headers['content-length']) > maxUploadBytes + 64 * 1024) {
        throw new AppError('PAYLOAD_TOO_LARGE', `Uploads are limited to ${maxUploadBytes} bytes`, { limitBytes: maxUploadBytes });
      }
      const multipart = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
      let finished: Promise<void> | undefined;
      if (multipart) {
        const parsed = await fromMultipart(req, 10);
        upload = parsed.upload;
        finished = parsed.done;
      } else {
        upload = fromRawBody(req, url);
      }
      const file = await services.files.uploadStream(actor, upload);
      await finished;
      sendJson(res, 200, file);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      res.setHeader('connection', 'close');
      sendError(res, error.code, error.message, error.details);
      req.unpipe();
    }
  };
}
