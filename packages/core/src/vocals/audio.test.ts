import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { PassThrough, Readable, Writable } from 'node:stream';
import { vocalFixtures } from '@monimmo/ai/testing';
import { AppError } from '@monimmo/contract';
import { describe, expect, it } from 'vitest';
import { sniffAudio, type AudioMimeType } from './audio.ts';

const vocals = vocalFixtures;
const audio = new URL('../../test/fixtures/audio/', import.meta.url);

/** Durations from `ffprobe -v error -show_entries format=duration -of csv=p=0` (no ffmpeg in CI). */
const FIXTURES: { file: URL; mimeType: AudioMimeType; ffprobe: number }[] = [
  // moov after mdat, as ffmpeg writes it by default: the duration comes at the very end.
  { file: new URL('visite-initiale.m4a', vocals), mimeType: 'audio/mp4', ffprobe: 21.292 },
  { file: new URL('visite-initiale-faststart.m4a', audio), mimeType: 'audio/mp4', ffprobe: 21.292 },
  { file: new URL('compte-rendu-client.mp3', vocals), mimeType: 'audio/mpeg', ffprobe: 18.54 },
  { file: new URL('compte-rendu-client.webm', vocals), mimeType: 'audio/webm', ffprobe: 18.47 },
  { file: new URL('visite-suivi.ogg', vocals), mimeType: 'audio/ogg', ffprobe: 15.73025 },
  { file: new URL('visite-suivi.wav', vocals), mimeType: 'audio/wav', ffprobe: 15.72375 },
];

async function drain(body: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of body) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** As in test/harness.ts, which loads the whole core: this module needs none of it. */
async function expectAppError(promise: Promise<unknown>, code: string, reason: string): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).details?.reason).toBe(reason);
  return error as AppError;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** 8 kHz mono 16-bit PCM: a WAV header, then silence made chunk by chunk, never held whole. */
function wavStream(seconds: number): Readable {
  const dataBytes = seconds * 8000 * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000 * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return Readable.from(
    (function* () {
      yield header;
      for (let left = dataBytes; left > 0; left -= 64 * 1024) yield Buffer.alloc(Math.min(64 * 1024, left));
    })(),
    { objectMode: false },
  );
}

/** Catches what a failure to clean up would leave behind, even after the test body is done. */
function watchUnhandled() {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onRejection);
  return {
    seen,
    async stop() {
      // Lets pending callbacks (stream close, parser abort) run first.
      await new Promise((resolve) => setImmediate(resolve));
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onRejection);
    },
  };
}

describe('sniffAudio', () => {
  it.each(FIXTURES)('$file.pathname: type from the bytes, same bytes out, duration as ffprobe', async ({ file, mimeType, ffprobe }) => {
    const sniffed = await sniffAudio(createReadStream(file), undefined);
    expect(sniffed.mimeType).toBe(mimeType);
    expect((await drain(sniffed.body)).sha256).toBe(sha256(readFileSync(file)));
    const seconds = await sniffed.durationSeconds;
    expect(seconds).not.toBeNull();
    expect(Math.abs((seconds ?? 0) - ffprobe)).toBeLessThanOrEqual(0.5);
  });

  it('knows the two m4a layouts apart (the test above covers both)', () => {
    const end = readFileSync(new URL('visite-initiale.m4a', vocals));
    const start = readFileSync(new URL('visite-initiale-faststart.m4a', audio));
    expect(end.indexOf('moov')).toBeGreaterThan(end.indexOf('mdat'));
    expect(start.indexOf('moov')).toBeLessThan(start.indexOf('mdat'));
  });

  it('reads the head across small chunks and still gets the end-of-file moov', async () => {
    const bytes = readFileSync(new URL('visite-initiale.m4a', vocals));
    const pieces = Array.from({ length: Math.ceil(bytes.length / 700) }, (_, i) => bytes.subarray(i * 700, (i + 1) * 700));
    const sniffed = await sniffAudio(Readable.from(pieces, { objectMode: false }), 'audio/x-m4a');
    expect((await drain(sniffed.body)).sha256).toBe(sha256(bytes));
    expect(Math.abs((await sniffed.durationSeconds)! - 21.292)).toBeLessThanOrEqual(0.5);
  });

  it('streams a 30-minute WAV and reads its duration', async () => {
    const sniffed = await sniffAudio(wavStream(1800), 'audio/wav');
    expect(sniffed.mimeType).toBe('audio/wav');
    expect((await drain(sniffed.body)).bytes).toBe(44 + 1800 * 8000 * 2);
    expect(Math.abs((await sniffed.durationSeconds)! - 1800)).toBeLessThanOrEqual(1);
  });

  it('keeps the parser up with a body that flows without I/O: an m4a with 24 MiB before its moov', async () => {
    // A top-level `free` atom between mdat and moov; ffprobe reads the same 21.292 s.
    const bytes = readFileSync(new URL('visite-initiale.m4a', vocals));
    const moov = bytes.indexOf('moov') - 4;
    const padding = 24 * 1024 * 1024;
    const free = Buffer.alloc(8);
    free.writeUInt32BE(8 + padding, 0);
    free.write('free', 4, 'latin1');
    const source = Readable.from(
      (function* () {
        yield bytes.subarray(0, moov);
        yield free;
        for (let left = padding; left > 0; left -= 64 * 1024) yield Buffer.alloc(Math.min(64 * 1024, left));
        yield bytes.subarray(moov);
      })(),
      { objectMode: false },
    );
    const sniffed = await sniffAudio(source, 'audio/mp4');
    expect((await drain(sniffed.body)).bytes).toBe(bytes.length + 8 + padding);
    expect(Math.abs((await sniffed.durationSeconds)! - 21.292)).toBeLessThanOrEqual(0.5);
  });

  it('refuses what is not audio (415)', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const error = await expectAppError(sniffAudio(Readable.from([pdf]), 'audio/mpeg'), 'UNSUPPORTED_MEDIA_TYPE', 'AUDIO_TYPE_NOT_ACCEPTED');
    expect(error.details).toMatchObject({ detected: 'application/pdf' });
    await expectAppError(
      sniffAudio(Readable.from([Buffer.from('just some words, not a recording')]), undefined),
      'UNSUPPORTED_MEDIA_TYPE',
      'AUDIO_TYPE_NOT_ACCEPTED',
    );
  });

  it('refuses a declared type the bytes contradict (415)', async () => {
    const error = await expectAppError(
      sniffAudio(createReadStream(new URL('visite-suivi.ogg', vocals)), 'audio/mpeg'),
      'UNSUPPORTED_MEDIA_TYPE',
      'MIME_TYPE_MISMATCH',
    );
    expect(error.details).toMatchObject({ declared: 'audio/mpeg', detected: 'audio/ogg' });
    await expectAppError(
      sniffAudio(createReadStream(new URL('visite-suivi.wav', vocals)), 'application/pdf'),
      'UNSUPPORTED_MEDIA_TYPE',
      'MIME_TYPE_MISMATCH',
    );
  });

  it.each([
    ['visite-initiale.m4a', ['audio/mp4', 'AUDIO/MP4', 'audio/x-m4a', 'audio/m4a', 'audio/mp4a-latm', 'video/mp4']],
    ['compte-rendu-client.mp3', ['audio/mpeg', 'audio/mp3', 'audio/x-mp3', 'audio/mpeg3']],
    ['visite-suivi.ogg', ['audio/ogg', 'audio/ogg; codecs=opus', 'audio/opus', 'application/ogg']],
    ['visite-suivi.wav', ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave']],
    ['compte-rendu-client.webm', ['audio/webm', 'audio/webm;codecs=opus', 'video/webm']],
  ])('accepts the names clients give %s', async (name, declared) => {
    const file = new URL(name, vocals);
    for (const type of [...declared, undefined, '', 'application/octet-stream']) {
      const sniffed = await sniffAudio(createReadStream(file), type);
      expect(sniffed.mimeType).toBe(FIXTURES.find((f) => f.file.href === file.href)?.mimeType);
      await drain(sniffed.body);
      await sniffed.durationSeconds;
    }
  });

  it('refuses an empty file (400)', async () => {
    await expectAppError(sniffAudio(Readable.from([], { objectMode: false }), 'audio/mp4'), 'BAD_REQUEST', 'EMPTY_FILE');
  });

  it('settles the duration when the consumer destroys the body midway, and leaves the source to its owner', async () => {
    const watch = watchUnhandled();
    const source = wavStream(1800);
    const sniffed = await sniffAudio(source, undefined);
    let seen = 0;
    sniffed.body.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      // As a store refusing a body past its size limit.
      if (seen > 5 * 1024 * 1024) sniffed.body.destroy();
    });
    await new Promise((resolve) => sniffed.body.once('close', resolve));
    expect(seen).toBeLessThan(6 * 1024 * 1024);
    const seconds = await sniffed.durationSeconds;
    expect(seconds === null || typeof seconds === 'number').toBe(true);
    expect(source.destroyed).toBe(false);
    source.destroy();
    await watch.stop();
    expect(watch.seen).toEqual([]);
  });

  it('settles the duration when the consumer unpipes the body midway without destroying it, as storage does on a refusal', async () => {
    const watch = watchUnhandled();
    const source = wavStream(1800);
    const sniffed = await sniffAudio(source, undefined);
    let seen = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        callback(seen > 5 * 1024 * 1024 ? new Error('too large') : null);
      },
    });
    sink.on('error', () => sniffed.body.unpipe(sink));
    sniffed.body.pipe(sink);
    expect(await sniffed.durationSeconds).toBeNull();
    expect(sniffed.body.destroyed).toBe(false);
    sniffed.body.destroy();
    source.destroy();
    await watch.stop();
    expect(watch.seen).toEqual([]);
  });

  it('settles the duration when the body is destroyed while the source is silent', async () => {
    const watch = watchUnhandled();
    const source = new PassThrough();
    source.write(readFileSync(new URL('visite-initiale.m4a', vocals)).subarray(0, 20_000));
    const sniffed = await sniffAudio(source, 'audio/mp4');
    sniffed.body.resume();
    // The source never says another word: destroy must not wait for it.
    await new Promise((resolve) => setImmediate(resolve));
    sniffed.body.destroy();
    expect(await sniffed.durationSeconds).toBeNull();
    source.destroy();
    await watch.stop();
    expect(watch.seen).toEqual([]);
  });

  it('passes a source error on to the body and still settles the duration', async () => {
    const source = new PassThrough();
    source.write(readFileSync(new URL('visite-suivi.wav', vocals)).subarray(0, 10_000));
    const sniffed = await sniffAudio(source, undefined);
    const drained = drain(sniffed.body);
    source.destroy(new Error('connection reset'));
    await expect(drained).rejects.toThrow('connection reset');
    expect(await sniffed.durationSeconds).toBeNull();
  });

  // Made with ffmpeg: `-c copy -brand isom` of the m4a above, and a small H.264 + AAC clip.
  it('takes an audio-only MP4 whatever its brand: the generic isom, declared audio/mp4', async () => {
    const bytes = readFileSync(new URL('visite-isom.m4a', audio));
    expect(bytes.toString('latin1', 8, 12)).toBe('isom');
    const sniffed = await sniffAudio(Readable.from([bytes]), 'audio/mp4');
    expect(sniffed.mimeType).toBe('audio/mp4');
    expect((await drain(sniffed.body)).sha256).toBe(sha256(bytes));
    await expect(sniffed.checked).resolves.toBeUndefined();
  });

  it('refuses an MP4 with a video track, however it is declared (415)', async () => {
    for (const declared of ['audio/mp4', 'video/mp4', undefined]) {
      const sniffed = await sniffAudio(createReadStream(new URL('visite-video.mp4', audio)), declared);
      await drain(sniffed.body);
      await expectAppError(sniffed.checked, 'UNSUPPORTED_MEDIA_TYPE', 'VIDEO_NOT_ACCEPTED');
    }
  });

  it('refuses a truncated m4a as unreadable (422), whichever end its moov is at', async () => {
    for (const file of [new URL('visite-initiale.m4a', vocals), new URL('visite-initiale-faststart.m4a', audio)]) {
      const bytes = readFileSync(file);
      const sniffed = await sniffAudio(Readable.from([bytes.subarray(0, Math.floor(bytes.length * 0.7))]), 'audio/mp4');
      await drain(sniffed.body);
      await expectAppError(sniffed.checked, 'INVALID_STATE', 'AUDIO_UNREADABLE');
    }
  });
});
