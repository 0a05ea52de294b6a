import { PassThrough, Readable, type ReadableOptions } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError, AUDIO_MIME_TYPES } from '@monimmo/contract';
import { fileTypeFromBuffer } from 'file-type';
import { readHead } from '../shared/stream-head.ts';
import { parseStream } from 'music-metadata';
import { Mp4Reader } from './mp4-boxes.ts';

/** What phones, WhatsApp and browsers record; the contract's list, so both never drift apart. */
export const AUDIO_TYPES: typeof AUDIO_MIME_TYPES = AUDIO_MIME_TYPES;
export type AudioMimeType = (typeof AUDIO_TYPES)[number];

/** What file-type reports (parameters stripped) → the type we store. */
const FROM_BYTES: Record<string, AudioMimeType> = {
  // Phones record voice memos as m4a: file-type names the mp4 container by its brand.
  'audio/x-m4a': 'audio/mp4',
  'audio/mp4': 'audio/mp4',
  'video/mp4': 'audio/mp4',
  'audio/mpeg': 'audio/mpeg',
  'audio/ogg': 'audio/ogg',
  'audio/opus': 'audio/ogg',
  'audio/wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-wav': 'audio/wav',
  'audio/webm': 'audio/webm',
  'video/webm': 'audio/webm',
};

/** Names clients declare for the same containers. */
const DECLARED_AS: Record<string, AudioMimeType> = {
  ...Object.fromEntries(AUDIO_TYPES.map((type) => [type, type])),
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/mp4a-latm': 'audio/mp4',
  'video/mp4': 'audio/mp4',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/mpeg3': 'audio/mpeg',
  'audio/opus': 'audio/ogg',
  'application/ogg': 'audio/ogg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'video/webm': 'audio/webm',
};
const UNDECLARED = new Set(['application/octet-stream', 'binary/octet-stream']);

/** Enough bytes for every signature file-type knows. */
const HEAD_BYTES = 4100;
/**
 * How far the duration parser may lag behind the body (per side of its PassThrough, so about
 * twice this plus a chunk in all) before it is dropped: memory stays bounded, the body never waits.
 */
const PARSER_SLACK_BYTES = 1024 * 1024;
/** A parser that has all the bytes answers at once; this only guards against one that never does. */
const PARSER_GRACE_MS = 2000;

/**
 * Storage stops reading a refused body by unpiping it, not destroying it (the caller still
 * has to answer the request): the last consumer gone, the parser is dropped too.
 */
class AudioBody extends Readable {
  constructor(
    options: ReadableOptions,
    private readonly onAbandoned: () => void,
  ) {
    super(options);
  }

  override unpipe(destination?: NodeJS.WritableStream): this {
    super.unpipe(destination);
    if (this.listenerCount('data') === 0) this.onAbandoned();
    return this;
  }
}

export interface SniffedAudio {
  /** Normalised type from the bytes. */
  mimeType: AudioMimeType;
  /** The whole stream again, head included, still streaming (never buffered whole). */
  body: Readable;
  /** Read from the container while `body` flows; resolves after `body` ends (or earlier), never rejects: null when the format does not say. */
  durationSeconds: Promise<number | null>;
  /**
   * Settles once `body` has ended: resolves when the container is whole and holds audio only;
   * rejects with the AppError to answer otherwise (a video, a truncated file). Await it before
   * keeping what was stored.
   */
  checked: Promise<void>;
}

/** The MP4 containers file-type may report; which of them is a voice note, only the tracks say. */
const MP4_FAMILY = new Set(['audio/x-m4a', 'audio/mp4', 'video/mp4']);

/** The verdict on an MP4-family file once all its bytes went by. */
function checkMp4(reader: Mp4Reader): void {
  const { complete, handlers } = reader.result();
  // A moov too large to hold is not judged: the transcriber will say.
  if (complete && handlers === null) return;
  if (!complete || !handlers?.includes('soun')) {
    throw new AppError(
      'INVALID_STATE',
      complete ? 'The recording holds no audio track' : 'The recording is incomplete or damaged and cannot be read',
      {
        reason: 'AUDIO_UNREADABLE',
        problem: complete ? 'NO_AUDIO_TRACK' : 'TRUNCATED',
      },
    );
  }
  if (handlers?.includes('vide')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'This is a video, not a voice note: file it as a document', {
      reason: 'VIDEO_NOT_ACCEPTED',
      detected: 'video/mp4',
    });
  }
}

function mediaTypeOf(value: string | undefined): string | undefined {
  return value?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/**
 * music-metadata reading a copy of the bytes as they go by. It only ever gets what the body
 * has already passed on; when it falls too far behind, finishes, or fails, it is dropped.
 */
function durationReader(mimeType: AudioMimeType) {
  const tap = new PassThrough({ highWaterMark: PARSER_SLACK_BYTES });
  let feeding = true;
  let settle: (seconds: number | null) => void = () => undefined;
  const result = new Promise<number | null>((resolve) => {
    settle = resolve;
  });
  parseStream(tap, { mimeType }, { duration: true, skipCovers: true })
    .then(
      ({ format }) =>
        settle(typeof format.duration === 'number' && Number.isFinite(format.duration) && format.duration >= 0 ? format.duration : null),
      () => settle(null),
    )
    .finally(() => {
      // Whatever it did not read is dropped with it.
      feeding = false;
      tap.destroy();
    });

  return {
    result,
    feed(chunk: Buffer): void {
      if (!feeding) return;
      // A backlog means the readable side is full too: the parser is well behind. Ending (not
      // destroying) still lets it answer from what it has, e.g. a WAV header. One big chunk
      // (a decoded base64 upload) is fine: it is all there is.
      if (tap.writableLength >= PARSER_SLACK_BYTES) this.end();
      else tap.write(chunk);
    },
    /**
     * Half the slack unread: a body flowing without I/O in between (all in microtasks) would
     * starve the parser of its turns, so the body then lets one event-loop turn pass.
     */
    lagging(): boolean {
      return feeding && tap.readableLength + tap.writableLength >= PARSER_SLACK_BYTES / 2;
    },
    /** All the bytes went by (or the parser fell behind): it answers from what it got. */
    end(): void {
      if (feeding) {
        feeding = false;
        tap.end();
      }
      setTimeout(() => settle(null), PARSER_GRACE_MS).unref();
    },
    /** The body was destroyed or abandoned: the parser fails (AbortError), which resolves null. */
    abort(): void {
      feeding = false;
      tap.destroy();
    },
  };
}

/**
 * Reads the first bytes of an upload to learn which audio container it is; anything else, or
 * a declared type the bytes contradict, is refused (415); an empty upload is a 400. The
 * duration is read on the way, from a copy of the flowing bytes, without holding the file.
 *
 * The source belongs to the caller: if `body` is destroyed, or unpiped from its last
 * destination, before its end, reading stops, the source is left as it is (an HTTP request
 * must still be answered) and `durationSeconds` resolves null at once.
 */
export async function sniffAudio(source: NodeJS.ReadableStream, declared: string | undefined): Promise<SniffedAudio> {
  const { head, ended, iterator } = await readHead(source, HEAD_BYTES);

  const found = mediaTypeOf((await fileTypeFromBuffer(head))?.mime);
  const detected = found === undefined ? undefined : FROM_BYTES[found];
  if (!detected) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'This kind of file is not a voice note (m4a, mp3, ogg/opus, wav, webm)', {
      reason: 'AUDIO_TYPE_NOT_ACCEPTED',
      detected: found ?? null,
    });
  }
  const claimed = mediaTypeOf(declared);
  if (claimed && !UNDECLARED.has(claimed) && DECLARED_AS[claimed] !== detected) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The file is ${detected}, not ${claimed}`, {
      reason: 'MIME_TYPE_MISMATCH',
      declared: claimed,
      detected,
    });
  }

  const duration = durationReader(detected);
  const mp4 = MP4_FAMILY.has(found!) ? new Mp4Reader() : undefined;
  let settleChecked!: { resolve: () => void; reject: (error: unknown) => void };
  const checked = new Promise<void>((resolve, reject) => (settleChecked = { resolve, reject }));
  // Awaited once the bytes are stored; a body abandoned before then must not leave it unhandled.
  checked.catch(() => undefined);
  let pending: Buffer | undefined = head;
  let pulling = false;
  /** Node asked for data (`read`) and no push has answered it yet. */
  let wanted = false;
  let complete = false;
  // Our own Readable rather than Readable.from: destroying it must stop the parser at once,
  // even while waiting on the source (Readable.from waits for the pending read first).
  const body: Readable = new AudioBody(
    {
      read() {
        wanted = true;
        void pull();
      },
      destroy(error, callback) {
        // After a normal end too (autoDestroy): then the parser keeps reading what it was given.
        if (!complete) duration.abort();
        callback(error);
      },
    },
    () => {
      if (!complete) duration.abort();
    },
  );
  async function pull(): Promise<void> {
    if (pulling) return;
    pulling = true;
    try {
      while (wanted && !body.destroyed) {
        // One turn, whatever the parser does meanwhile: the body never waits for it to catch up.
        if (duration.lagging()) await nextTurn();
        let next: IteratorResult<Buffer | string>;
        if (pending) next = { done: false, value: pending };
        else if (ended) next = { done: true, value: undefined };
        else next = await iterator.next();
        pending = undefined;
        if (body.destroyed) return;
        if (next.done) {
          // Every byte was fed before being handed on, so the parser has them all now.
          complete = true;
          duration.end();
          try {
            if (mp4) checkMp4(mp4);
            settleChecked.resolve();
          } catch (error) {
            settleChecked.reject(error);
          }
          body.push(null);
          return;
        }
        const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
        duration.feed(chunk);
        mp4?.feed(chunk);
        // Cleared first: a `read` made from inside push (by a 'data' listener) sets it again.
        wanted = false;
        if (body.push(chunk)) wanted = true;
      }
    } catch (error) {
      body.destroy(error as Error);
    } finally {
      pulling = false;
    }
  }
  return { mimeType: detected, body, durationSeconds: duration.result, checked };
}
