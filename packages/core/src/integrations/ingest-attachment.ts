import { Readable } from 'node:stream';
import { AppError, cleanFileName } from '@monimmo/contract';
import { newStorageKey } from '@monimmo/storage';
import type { Logger } from 'pino';
import { sniffUpload } from '../files/sniff.ts';
import { sniffAudio } from '../vocals/audio.ts';
import { decideFailure } from './failures.ts';
import type { IncomingAttachment, IngestDeps, IngestTarget } from './ingest-types.ts';

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/webm': 'webm',
};
// A sender's name for the file, minus what the upload would refuse (bidi overrides, zero-width…).
const nameFor = (attachment: IncomingAttachment, mimeType: string) =>
  cleanFileName(attachment.fileName ?? '') || `${attachment.label}${EXTENSIONS[mimeType] ? `.${EXTENSIONS[mimeType]}` : ''}`;

export interface StoredBytes {
  externalId: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  storageKey: string;
  durationSeconds?: number | null;
}

/** Why an attachment is left out rather than failing its sync: a type the product refuses, a size over the limit. */
function refusal(error: unknown): string | null {
  if (
    error instanceof AppError &&
    (error.code === 'UNSUPPORTED_MEDIA_TYPE' || error.code === 'PAYLOAD_TOO_LARGE' || error.code === 'BAD_REQUEST')
  )
    return error.code;
  return null;
}

/** Fetches, sniffs and stores one attachment's bytes; null when it is skipped rather than failing the page. */
export async function storeBytes(
  { storage, maxUploadBytes }: Pick<IngestDeps, 'storage' | 'maxUploadBytes'>,
  target: IngestTarget,
  attachment: IncomingAttachment,
  kind: 'files' | 'vocals',
  log: Logger,
  keys: string[],
): Promise<StoredBytes | null> {
  let bytes: Buffer;
  try {
    bytes = await attachment.load();
  } catch (error) {
    // Gone (NOT_FOUND) or refused for good for this item (INVALID_REQUEST): retrying cannot bring it,
    // and failing would lose the message and the rest of its page. Anything else is retried with them.
    const action = decideFailure(error, target.provider).action;
    if (action !== 'SKIP' && action !== 'FAIL' && !target.lastTry) throw error;
    const why =
      action === 'SKIP'
        ? 'no longer available at the provider'
        : action === 'FAIL'
          ? 'refused by the provider'
          : 'still failing on the last try';
    log.warn({ externalId: attachment.externalId, err: error }, `attachment ${why}: skipped`);
    return null;
  }
  const key = newStorageKey(target.orgId, kind);
  try {
    // The bytes decide the type: what a mail client or a phone declares is often wrong.
    const sniffed: { mimeType: string; body: Readable; durationSeconds?: Promise<number | null> } =
      kind === 'vocals' ? await sniffAudio(Readable.from([bytes]), undefined) : await sniffUpload(Readable.from([bytes]), undefined);
    const stored = await storage.put({ key, body: sniffed.body, contentType: sniffed.mimeType, maxBytes: maxUploadBytes });
    keys.push(key);
    const durationSeconds = sniffed.durationSeconds ? await sniffed.durationSeconds : null;
    return {
      externalId: attachment.externalId,
      fileName: nameFor(attachment, sniffed.mimeType),
      mimeType: sniffed.mimeType,
      size: stored.size,
      sha256: stored.sha256,
      storageKey: key,
      durationSeconds,
    };
  } catch (error) {
    const code = refusal(error);
    if (!code) throw error;
    log.info(
      { externalId: attachment.externalId, reason: code, size: bytes.length },
      'attachment of a type or size the product refuses: skipped',
    );
    return null;
  }
}
