import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AppError,
  describeIssues,
  fileNameSchema,
  idSchema,
  invalidField,
  invalidInput,
  typeDocumentSchema,
  type Actor,
  type Services,
} from '@monimmo/contract';
import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import { z } from 'zod';
import { bearerTokenOf } from './http/request-info.ts';
import { sendAppError, sendJson } from './http/responses.ts';
import { liftRequestDeadline, requestTimedOut } from './http/timeouts.ts';

/** The bytes as they arrive, what the client said they are, and the upload's own fields (some maybe sent after the bytes). */
type Streamed<Fields> = Fields & {
  body: NodeJS.ReadableStream;
  declaredMimeType: string | undefined;
  lateFields?: Promise<Partial<Fields>>;
};

/**
 * One kind of streaming upload: which fields come with the bytes (multipart text parts, or the
 * query string of a raw body) and which service stores them.
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

const fileUploads = uploadKind(
  z.object({ fileName: fileNameSchema, propertyId: idSchema.optional(), typeDocument: typeDocumentSchema.optional() }),
  (services, actor, upload) => services.files.uploadStream(actor, upload),
);

// No typeDocument: what a voice note is, the pipeline detects.
const vocalUploads = uploadKind(z.object({ fileName: fileNameSchema, propertyId: idSchema.optional() }), (services, actor, upload) =>
  services.vocals.uploadStream(actor, upload),
);

/** Fields parsed from strings; empty ones count as absent, unknown ones are ignored. */
function parseFields<Fields>(schema: z.ZodType<Fields>, raw: Record<string, string | undefined>): Fields {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    throw invalidInput(describeIssues(parsed.error));
  }
  return parsed.data;
}

const badPart = (message: string, details: Record<string, unknown>) => new AppError('BAD_REQUEST', message, details);

/**
 * multipart/form-data: text fields and exactly one `file` part, in any order. The bytes stream
 * as they arrive; fields before them are checked at once, fields after them (`lateFields`) once
 * the body is read, before the row is written. Nothing is dropped: a field given twice with two
 * values, a second file, a truncated or extra part is a 400.
 */
function fromMultipart<Fields extends { fileName: string }>(
  req: IncomingMessage,
  source: Readable,
  schema: z.ZodType<Fields>,
  maxFields: number,
): Promise<Streamed<Fields>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // Browsers send UTF-8 file names unescaped; busboy would read them as latin1.
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fields: maxFields, fieldSize: 1024, parts: maxFields + 1 },
      });
    } catch {
      reject(badPart('Malformed multipart body', { reason: 'MALFORMED_MULTIPART' }));
      return;
    }
    const fields: Record<string, string> = {};
    let gotFile = false;
    let partName: string | undefined;
    let problem: AppError | undefined;
    const refuse = (error: AppError) => {
      problem ??= error;
    };
    let settleLate!: { resolve: (fields: Fields) => void; reject: (error: unknown) => void };
    const lateFields = new Promise<Fields>((resolve, reject) => (settleLate = { resolve, reject }));
    // Awaited only once the bytes are stored: a refusal before then must not be unhandled.
    lateFields.catch(() => undefined);

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) refuse(badPart(`The field ${name} is longer than 1024 bytes`, { reason: 'FIELD_TOO_LONG', field: name }));
      else if (fields[name] !== undefined && fields[name] !== value)
        refuse(badPart(`The field ${name} is given twice with two values`, { reason: 'DUPLICATE_FIELD', field: name }));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        refuse(badPart(`Unexpected file part ${name}: the bytes go in a part named file`, { reason: 'UNEXPECTED_FILE_PART', field: name }));
        return;
      }
      gotFile = true;
      partName = info.filename;
      try {
        if (problem) throw problem;
        const early = parseFields(schema, { ...fields, fileName: fields.fileName ?? info.filename });
        resolve({ body: stream, declaredMimeType: info.mimeType, ...early, lateFields });
      } catch (error) {
        stream.resume();
        reject(error);
      }
    });
    parser.on('filesLimit', () => refuse(badPart('Only one file part is accepted', { reason: 'TOO_MANY_FILES' })));
    parser.on('fieldsLimit', () => refuse(badPart(`At most ${maxFields} fields are accepted`, { reason: 'TOO_MANY_PARTS' })));
    parser.on('partsLimit', () => refuse(badPart(`At most ${maxFields} fields are accepted`, { reason: 'TOO_MANY_PARTS' })));
    parser.on('error', (cause) => {
      // An upload cut (idle, shutdown) ends the parser with the answer to give.
      const error = cause instanceof AppError ? cause : badPart('Malformed multipart body', { reason: 'MALFORMED_MULTIPART' });
      reject(error);
      settleLate.reject(error);
    });
    parser.on('close', () => {
      if (!gotFile && !problem) {
        reject(invalidField('file', 'a `file` part is required'));
        return;
      }
      reject(problem);
      try {
        if (problem) throw problem;
        settleLate.resolve(parseFields(schema, { ...fields, fileName: fields.fileName ?? partName }));
      } catch (error) {
        settleLate.reject(error);
      }
    });
    // Destroying the parser fails the file stream too, so storage drops what it had.
    source.on('error', (error) => parser.destroy(error));
    source.pipe(parser);
  });
}

/** Raw body: the bytes are the request body; names and links come in the query string. */
function fromRawBody<Fields extends { fileName: string }>(
  req: IncomingMessage,
  source: Readable,
  url: URL,
  schema: z.ZodType<Fields>,
): Streamed<Fields> {
  const fields = parseFields(schema, Object.fromEntries(url.searchParams));
  return { ...fields, body: source, declaredMimeType: req.headers['content-type'] };
}

/** How the request's bytes reach the parser, and how to end them with an answer (idle, shutdown). */
interface WatchedBody {
  body: Readable;
  /** Fails the body with `error` if the request is still arriving; false if it had all arrived. */
  cut(error: AppError): boolean;
  /** The handler is done: no more watching. */
  stop(): void;
}

/**
 * The request body behind a stream the host can fail: after `idleMs` without a byte from the
 * client, or on shutdown. Waiting on our own side (storage slower than the client) is not idleness.
 */
function watchBody(req: IncomingMessage, idleMs: number): WatchedBody {
  const body = new PassThrough();
  let timer: NodeJS.Timeout | undefined;
  const cut = (error: AppError): boolean => {
    clearTimeout(timer);
    if (req.complete || body.destroyed) return false;
    req.unpipe(body);
    body.destroy(error);
    return true;
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => (req.isPaused() ? arm() : cut(requestTimedOut(idleMs, 'UPLOAD_IDLE'))), idleMs);
  };
  const stop = () => {
    clearTimeout(timer);
    req.off('data', arm);
  };
  req.on('data', arm);
  req.once('end', stop);
  req.once('close', stop);
  // Consumers see the error through their pipeline or iterator; this one only keeps it from
  // being unhandled when the cut comes before any of them (during authentication).
  body.on('error', () => undefined);
  req.pipe(body);
  arm();
  return { body, cut, stop };
}

/** Uploads still arriving, so a shutdown answers them (503) instead of cutting them mid-way. */
export class UploadsInFlight {
  private readonly running = new Map<WatchedBody, Promise<void>>();

  track(watched: WatchedBody, handled: Promise<void>): void {
    this.running.set(watched, handled);
    void handled.finally(() => this.running.delete(watched)).catch(() => undefined);
  }

  /** Fails every upload still arriving, then waits for the answers (and the cleanup of its bytes). */
  async cutAll(retryAfterSeconds: number): Promise<void> {
    const error = new AppError('UNAVAILABLE', 'The server is restarting: send the upload again', {
      reason: 'SHUTTING_DOWN',
      retryAfterSeconds,
    });
    for (const watched of this.running.keys()) watched.cut(error);
    await Promise.allSettled(this.running.values());
  }
}

export interface StreamingUploadOptions {
  maxUploadBytes: number;
  idleTimeoutMs: number;
  inFlight: UploadsInFlight;
}

export type StreamingUpload = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/**
 * The streaming form of one upload path (its JSON form goes through the contract). The bytes
 * go straight to storage; on a refusal the answer closes the connection rather than reading
 * the rest of a large body.
 */
function createStreamingUpload<Fields extends { fileName: string }>(
  services: Services,
  kind: UploadKind<Fields>,
  options: StreamingUploadOptions,
): StreamingUpload {
  const { maxUploadBytes, idleTimeoutMs, inFlight } = options;
  async function receive(req: IncomingMessage, res: ServerResponse, url: URL, source: Readable): Promise<void> {
    try {
      const token = bearerTokenOf(req);
      if (!token) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
      const actor: Actor = await services.auth.authenticate(token);
      if (source.errored) throw source.errored;
      if (Number(req.headers['content-length']) > maxUploadBytes + 64 * 1024) {
        throw new AppError('PAYLOAD_TOO_LARGE', `Uploads are limited to ${maxUploadBytes} bytes`, { limitBytes: maxUploadBytes });
      }
      const multipart = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
      const upload = multipart ? await fromMultipart(req, source, kind.fields, 10) : fromRawBody(req, source, url, kind.fields);
      const stored = await kind.store(services, actor, upload);
      // 201, as the JSON form answers through the contract.
      sendJson(res, 201, stored);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      res.setHeader('connection', 'close');
      sendAppError(res, error);
      req.unpipe();
    }
  }
  return (req, res, url) => {
    // No overall limit: a large upload sent steadily takes what it takes; idleness is cut.
    liftRequestDeadline(req);
    const watched = watchBody(req, idleTimeoutMs);
    const handled = receive(req, res, url, watched.body);
    inFlight.track(watched, handled);
    return handled.finally(() => watched.stop());
  };
}

/**
 * POST paths (under the REST prefix) that also take multipart/form-data or raw bytes, besides
 * their base64 JSON form.
 */
export function createStreamingUploads(services: Services, options: StreamingUploadOptions): Record<string, StreamingUpload> {
  return {
    '/files/upload': createStreamingUpload(services, fileUploads, options),
    '/vocals/upload': createStreamingUpload(services, vocalUploads, options),
  };
}
