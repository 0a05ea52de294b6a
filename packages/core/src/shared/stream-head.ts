import { AppError } from '@monimmo/contract';

export interface StreamHead {
  /** At least `bytes` bytes (or the whole stream when shorter). */
  head: Buffer;
  /** The stream ended within the head. */
  ended: boolean;
  /** The rest of the stream, from where the head stopped. */
  iterator: AsyncIterator<Buffer | string>;
}

/**
 * Reads the first bytes of an upload to sniff its type; an empty upload is a 400. Not file-type's
 * fileTypeStream: it sniffs whatever the first chunk holds, and an upload may trickle in 8 bytes at a time.
 */
export async function readHead(source: NodeJS.ReadableStream, bytes: number): Promise<StreamHead> {
  const iterator = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(chunks, size);
  if (head.length === 0) throw new AppError('BAD_REQUEST', 'The file is empty', { reason: 'EMPTY_FILE' });
  return { head, ended, iterator };
}
