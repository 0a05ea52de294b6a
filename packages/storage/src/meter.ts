import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { AppError } from '@monimmo/contract/errors';
import type { StoredObject } from './types.ts';

export function payloadTooLarge(limitBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${limitBytes} bytes`, { limitBytes });
}

/** Counts and hashes the bytes going through, and fails as soon as they pass `maxBytes`. */
export class Meter extends Transform {
  // Not `size` or `length`: lib-storage would read either as the body's total length.
  private count = 0;
  /**
   * Why the input failed (the limit, or the body's own error). It wins over whatever the store
   * reports after it, e.g. an abort the store does not support.
   */
  failure: Error | undefined;
  private readonly hash = createHash('sha256');

  constructor(private readonly maxBytes?: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count += chunk.length;
    if (this.maxBytes !== undefined && this.count > this.maxBytes) {
      this.failure = payloadTooLarge(this.maxBytes);
      callback(this.failure);
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  result(key: string): StoredObject {
    return { key, size: this.count, sha256: this.hash.digest('hex') };
  }
}

/**
 * Pipes `body` into a new Meter. Unlike stream.pipeline, a failure downstream unpipes `body`
 * without destroying it (the caller owns it, e.g. an HTTP request still to be answered); an
 * error of `body` itself fails the meter.
 */
export function meter(body: Readable, maxBytes?: number): Meter {
  if (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes < 0)) {
    throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
  }
  const m = new Meter(maxBytes);
  const onError = (error: Error) => {
    m.failure ??= error;
    m.destroy(error);
  };
  body.once('error', onError);
  m.once('close', () => {
    body.off('error', onError);
    body.unpipe(m);
  });
  body.pipe(m);
  return m;
}
