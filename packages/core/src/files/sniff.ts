import { Readable } from 'node:stream';
import { AppError } from '@monimmo/contract';
import { fileTypeFromBuffer } from 'file-type';
import { readHead } from '../shared/stream-head.ts';

/** What an agency files: PDFs, scans and photos, office documents, visit videos. */
const ACCEPTED = new Set([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/tiff',
  'image/gif',
  'video/mp4',
  'video/quicktime',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/x-cfb',
]);

/** Names clients use for the same thing; legacy Office files are all sniffed as x-cfb. */
const SAME_AS: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-pdf': 'application/pdf',
  'application/msword': 'application/x-cfb',
  'application/vnd.ms-excel': 'application/x-cfb',
};
const UNDECLARED = new Set(['application/octet-stream', 'binary/octet-stream']);
const MP4_FAMILY = new Set(['video/mp4', 'video/quicktime']);

/** Enough bytes for every signature file-type knows. */
const HEAD_BYTES = 4100;

export interface Sniffed {
  /** The type to store: the declared one when the bytes agree, else what the bytes are. */
  mimeType: string;
  /** The whole stream again, head included, still streaming. */
  body: Readable;
}

/**
 * Reads the first bytes of an upload to learn its real type. A declared type the bytes
 * contradict, or a type the agency cannot use, is refused (415); an empty upload is a 400.
 */
export async function sniffUpload(source: NodeJS.ReadableStream, declared: string | undefined): Promise<Sniffed> {
  const { head, ended, iterator } = await readHead(source, HEAD_BYTES);

  const detected = (await fileTypeFromBuffer(head))?.mime;
  const claimed = declared?.trim().toLowerCase().split(';')[0];
  // MP4 is one container for audio and video; a recording declared as audio is a voice note.
  if (detected?.startsWith('audio/') || (claimed?.startsWith('audio/') && detected && MP4_FAMILY.has(detected))) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'This is an audio recording: send voice notes to /vocals/upload', {
      reason: 'AUDIO_NOT_A_DOCUMENT',
      detected,
    });
  }
  if (!detected || !ACCEPTED.has(detected)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'This kind of file is not accepted (PDF, images, office documents, videos)', {
      reason: 'FILE_TYPE_NOT_ACCEPTED',
      detected: detected ?? null,
    });
  }
  if (claimed && !UNDECLARED.has(claimed) && (SAME_AS[claimed] ?? claimed) !== detected) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The file is ${detected}, not ${claimed}`, {
      reason: 'MIME_TYPE_MISMATCH',
      declared: claimed,
      detected,
    });
  }
  const mimeType = claimed && SAME_AS[claimed] === detected && detected === 'application/x-cfb' ? claimed : detected;

  const body = Readable.from(
    (async function* () {
      yield head;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
    { objectMode: false },
  );
  return { mimeType, body };
}
