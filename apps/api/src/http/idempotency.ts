import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, type Services } from '@monimmo/contract';
import type { IdempotencyStore } from '@monimmo/core';
import type { Logger } from 'pino';
import { isJson, readRawBody } from './body.ts';
import { bearerTokenOf } from './request-info.ts';
import { refuse } from './responses.ts';

/** A Structured Fields string per the IETF draft (`"…"`), or the bare token most clients send. */
function parseKey(header: string): string | null {
  const key = /^"(.*)"$/.exec(header.trim())?.[1] ?? header.trim();
  return /^[\x21-\x7e]{1,255}$/.test(key) ? key : null;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * The Idempotency-Key header (IETF draft "The Idempotency-Key HTTP Header Field") on every
 * authenticated POST and PATCH, REST and tRPC: the first request with a key runs and its 2xx
 * answer is kept 24 h for the agency; the same key with the same request replays that answer
 * (`Idempotent-Replayed: true`); with another request it answers 422; while the first still runs,
 * 409. A failed request keeps nothing, so its retry runs again.
 *
 * What makes two requests the same: the operation, the query, the media type and the body's
 * bytes for JSON; for a streamed upload (not buffered here), its declared length instead of its
 * bytes. Without the header, or without valid credentials (the handler answers 401), it is a
 * plain pass-through.
 */
export function createIdempotency({ store, services, logger }: { store: IdempotencyStore; services: Services; logger: Logger }) {
  return async function idempotent(req: IncomingMessage, res: ServerResponse, bodyLimit: number, next: () => Promise<void>): Promise<void> {
    const header = req.headers['idempotency-key'];
    if (header === undefined || (req.method !== 'POST' && req.method !== 'PATCH')) return next();
    const key = parseKey(Array.isArray(header) ? header.join(',') : header);
    if (!key)
      return refuse(
        req,
        res,
        new AppError('BAD_REQUEST', 'Idempotency-Key must be 1 to 255 visible ASCII characters', { reason: 'INVALID_IDEMPOTENCY_KEY' }),
      );
    const token = bearerTokenOf(req);
    const actor = token ? await services.auth.authenticate(token).catch(() => null) : null;
    if (!actor) return next();

    const url = new URL(req.url ?? '/', 'http://local');
    const contentType = req.headers['content-type'];
    const mediaType = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
    let body: string;
    if (!contentType || isJson(contentType)) {
      let raw: Buffer;
      try {
        raw = await readRawBody(req, bodyLimit);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        res.setHeader('connection', 'close');
        return refuse(req, res, error);
      }
      body = sha256(raw);
      // Handed on as if unread: the REST host iterates the request, tRPC reads `req.body`.
      Object.assign(req, {
        body: raw.length ? raw.toString('utf8') : undefined,
        [Symbol.asyncIterator]: async function* () {
          if (raw.length) yield raw;
        },
      });
    } else {
      body = `length:${req.headers['content-length'] ?? 'unknown'}`;
    }
    const operation = `${req.method} ${url.pathname}`;
    const fingerprint = sha256([operation, url.search, mediaType, body].join('\n'));

    const claim = await store.claim({ orgId: actor.orgId, key, operation, fingerprint });
    if (claim.kind === 'mismatch') {
      return refuse(
        req,
        res,
        new AppError('INVALID_STATE', 'This Idempotency-Key was used for another request: use a new key for a new request', {
          reason: 'IDEMPOTENCY_KEY_REUSED',
        }),
      );
    }
    if (claim.kind === 'in-progress') {
      return refuse(
        req,
        res,
        new AppError('CONFLICT', 'A request with this Idempotency-Key is still running: retry once it has answered', {
          reason: 'IDEMPOTENCY_KEY_IN_USE',
          retryAfterSeconds: 1,
        }),
      );
    }
    if (claim.kind === 'replay') {
      const { status, contentType: type, body: stored } = claim.answer;
      res.writeHead(status, {
        ...(type ? { 'content-type': type } : {}),
        'content-length': Buffer.byteLength(stored),
        'idempotent-replayed': 'true',
      });
      res.end(stored);
      return;
    }
    capture(res, async (status, answer) => {
      try {
        if (status >= 200 && status < 300)
          await store.complete(claim.id, { status, contentType: String(res.getHeader('content-type') ?? '') || null, body: answer });
        else await store.release(claim.id);
      } catch (error) {
        logger.error({ err: error, idempotencyKey: claim.id }, 'idempotency key not settled');
      }
    });
    return next();
  };
}

/**
 * Collects what the handler writes and, when it ends the answer, settles the key before the
 * answer leaves: a client that got it and retries finds the key settled, never still running.
 */
function capture(res: ServerResponse, settle: (status: number, body: string) => Promise<void>): void {
  const chunks: Buffer[] = [];
  const collect = (chunk: unknown, encoding?: unknown) => {
    if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let settled = false;
  res.write = ((...args: unknown[]) => {
    collect(args[0], args[1]);
    return write(...args);
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (typeof args[0] !== 'function') collect(args[0], args[1]);
    if (settled) return end(...args);
    settled = true;
    void settle(res.statusCode, Buffer.concat(chunks).toString('utf8')).finally(() => end(...args));
    return res;
  }) as typeof res.end;
  // Closed before any answer (the client left, the handler gave up): nothing to keep.
  res.on('close', () => {
    if (!settled) {
      settled = true;
      void settle(499, '');
    }
  });
}
