import type { IncomingMessage } from 'node:http';
import { AppError } from '@monimmo/contract';

export const isJson = (contentType: string | undefined): boolean =>
  !!contentType && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType);

/**
 * How deep arrays and objects may nest in a JSON body or a tRPC `input`. Real inputs stay under
 * ten levels; thousands of levels would exhaust the stack of whatever walks the value next.
 */
export const MAX_JSON_DEPTH = 64;

/** Reads a JSON body, refusing more than `limit` bytes without buffering them. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = await readJsonText(req, limit);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'Request body is not valid JSON', { reason: 'MALFORMED_JSON' });
  }
}

/** The text of a JSON body (undefined when empty), refused over `limit` bytes or nested too deeply. */
export async function readJsonText(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks, size).toString('utf8');
  assertJsonDepth(text, 'Request body');
  return text;
}

/** Refuses JSON text whose arrays and objects nest deeper than MAX_JSON_DEPTH; brackets inside strings do not count. */
export function assertJsonDepth(text: string, what: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new AppError('BAD_REQUEST', `${what} is nested too deeply (more than ${MAX_JSON_DEPTH} levels)`, {
          reason: 'TOO_DEEP',
          maxDepth: MAX_JSON_DEPTH,
        });
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

function tooLarge(limit: number) {
  return new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes`, { limitBytes: limit });
}

/**
 * Reads the exact bytes of a body (a signature is computed over them), refusing more than `limit`.
 * On a refusal it stops reading: the caller answers with `connection: close`.
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error('request aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
