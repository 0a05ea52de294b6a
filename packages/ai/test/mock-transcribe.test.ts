import { readFileSync } from 'node:fs';
import { buildWav } from '@monimmo/ai/testing';
import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { AudioTooLargeError, AudioUnreadableError, MAX_AUDIO_BYTES, MockAIProvider, TRANSCRIPT_FLOOR } from '../src/index.ts';
import { liveWebmHead } from '../src/mock/live-webm.ts';
import { repairMojibake } from '../src/mock/transcribe.ts';
import { fixtureTranscript } from './fixtures/transcripts.ts';

const ai = new MockAIProvider();
const fixture = (name: string) => readFileSync(new URL(`./fixtures/vocals/${name}`, import.meta.url));
const wav = (comment?: string, seconds?: number) => ({
  audio: buildWav({ comment, seconds }),
  fileName: 'vocal.wav',
  mimeType: 'audio/wav',
});

describe('mock AI: transcription from the sidecar transcript', () => {
  it.each([
    ['visite-initiale.m4a', 'audio/mp4', 'initiale', 21.356],
    ['compte-rendu-client.mp3', 'audio/mpeg', 'client', 18.54],
    ['compte-rendu-client.webm', 'audio/webm', 'client', 18.47],
    ['visite-suivi.ogg', 'audio/ogg', 'suivi', 15.724],
    ['visite-suivi.wav', 'audio/wav', 'suivi', 15.724],
  ] as const)('reads %s (%s)', async (fileName, mimeType, transcript, seconds) => {
    const result = await ai.transcribeAudio({ audio: fixture(fileName), fileName, mimeType });
    expect(result).toEqual({
      text: fixtureTranscript(transcript),
      confidence: 0.92,
      language: 'fr',
      durationSeconds: expect.closeTo(seconds, 2),
    });
  });

  it("reads a recording made live by Chromium's MediaRecorder (no tags, no duration) as audio with nothing said", async () => {
    const audio = fixture('enregistrement-chromium.webm');
    // What makes it live: Segment and Clusters of unknown size, which music-metadata cannot skip.
    await expect(parseBuffer(audio, { mimeType: 'audio/webm', size: audio.length })).rejects.toThrow(RangeError);
    expect(await ai.transcribeAudio({ audio, fileName: 'Note vocale.webm', mimeType: 'audio/webm' })).toEqual({
      text: '',
      confidence: 0,
      language: 'fr',
      durationSeconds: null,
    });
  });

  it('repairs the UTF-8 of a WAV INFO comment read as latin-1, and leaves real latin-1 and plain text alone', async () => {
    expect((await ai.transcribeAudio(wav('Deuxième passage : 295 000 € — cœur'))).text).toBe('Deuxième passage : 295 000 € — cœur');
    expect(repairMojibake('DeuxiÃ¨me')).toBe('Deuxième');
    expect(repairMojibake('café')).toBe('café');
    expect(repairMojibake('plain text')).toBe('plain text');
    expect(repairMojibake('cœur Ã')).toBe('cœur Ã');
  });

  it('lowers the confidence with each [inaudible], below the floor from three', async () => {
    const confidences = [];
    for (const comment of [
      'Visite du trois pièces rue Sainte.',
      'Visite du [inaudible] trois pièces rue Sainte.',
      'Visite du [inaudible] trois pièces [INAUDIBLE 3s] rue Sainte.',
      'Visite du [inaudible] trois [Inaudible] pièces [inaudible 2s] rue Sainte.',
      '[inaudible] [inaudible] [inaudible] [inaudible] [inaudible] [inaudible] [inaudible] [inaudible] rue Sainte.',
    ]) {
      confidences.push((await ai.transcribeAudio(wav(comment))).confidence);
    }
    expect(confidences).toEqual([0.92, 0.8, 0.68, 0.56, 0.1]);
    expect(confidences[2]).toBeGreaterThanOrEqual(TRANSCRIPT_FLOOR);
    expect(confidences[3]).toBeLessThan(TRANSCRIPT_FLOOR);
  });

  it('gives an empty transcript with confidence 0 when nothing was said, and a very low one for markers alone', async () => {
    expect(await ai.transcribeAudio(wav(undefined, 2))).toEqual({ text: '', confidence: 0, language: 'fr', durationSeconds: 2 });
    expect(await ai.transcribeAudio(wav('   \n  '))).toMatchObject({ text: '', confidence: 0 });
    expect(await ai.transcribeAudio(wav('[inaudible] [inaudible 4s]'))).toMatchObject({
      text: '[inaudible] [inaudible 4s]',
      confidence: 0.1,
    });
  });

  it('turns newlines and runs of spaces into single spaces', async () => {
    expect((await ai.transcribeAudio(wav('  Premier rendez-vous.\nTrois pièces,\n\n  75 m².  '))).text).toBe(
      'Premier rendez-vous. Trois pièces, 75 m².',
    );
  });

  it("refuses audio it cannot read with a final error in French only (the decoder's words in its cause)", async () => {
    const cases = [
      { audio: Buffer.from('not audio at all'), fileName: 'note.mp3', mimeType: 'audio/mpeg' },
      { audio: Buffer.from('not audio at all'), fileName: 'note.bin', mimeType: 'application/octet-stream' },
      { audio: fixture('visite-initiale.m4a').subarray(0, 1000), fileName: 'cut.m4a', mimeType: 'audio/mp4' },
      // A live WebM cut inside its header: no track to speak of.
      { audio: fixture('enregistrement-chromium.webm').subarray(0, 100), fileName: 'cut.webm', mimeType: 'audio/webm' },
      // A live WebM whose Tracks are zeroed (its header unreadable too), or renamed (no audio track).
      { audio: withTracks('zeroed'), fileName: 'zeroed.webm', mimeType: 'audio/webm' },
      { audio: withTracks('renamed'), fileName: 'renamed.webm', mimeType: 'audio/webm' },
    ];
    for (const input of cases) {
      const error = await ai.transcribeAudio(input).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AudioUnreadableError);
      expect((error as Error).message).toBe(
        `Enregistrement audio illisible (${input.fileName}) : le fichier est incomplet, endommagé ou d’un format non reconnu. Déposez à nouveau l’enregistrement d’origine.`,
      );
    }
  });

  it('refuses a recording over its size limit before reading it', async () => {
    expect(ai.maxAudioBytes).toBe(25 * 1024 * 1024);
    expect(MAX_AUDIO_BYTES).toBe(26_214_400);
    const small = new MockAIProvider({ maxAudioBytes: 10_000 });
    const input = wav('Trop long.', 1);
    const error = await small.transcribeAudio(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioTooLargeError);
    expect(error).toMatchObject({ name: 'AudioTooLargeError', bytes: input.audio.length, maxBytes: 10_000 });
    expect((error as Error).message).toBe('Enregistrement trop volumineux pour la transcription : 16 Ko, pour 10 Ko au plus.');
    // At the limit exactly, it is read.
    expect((await new MockAIProvider({ maxAudioBytes: input.audio.length }).transcribeAudio(input)).text).toBe('Trop long.');
    expect(new AudioTooLargeError(30 * 1024 * 1024 + 300_000, MAX_AUDIO_BYTES).message).toBe(
      'Enregistrement trop volumineux pour la transcription : 30,3 Mo, pour 25 Mo au plus.',
    );
  });
});

/** The live WebM with its Tracks element damaged: content zeroed, or under an ID no parser knows. */
function withTracks(damage: 'zeroed' | 'renamed'): Buffer {
  const copy = Buffer.from(fixture('enregistrement-chromium.webm'));
  const tracks = copy.indexOf(Buffer.from('1654ae6b', 'hex'));
  if (damage === 'renamed') copy.writeUInt32BE(0x1ffffffe, tracks);
  // A one-byte size (its first bit set): the content follows at once.
  else copy.fill(0, tracks + 5, tracks + 5 + (copy[tracks + 4]! & 0x7f));
  return copy;
}

describe('liveWebmHead', () => {
  const live = fixture('enregistrement-chromium.webm');

  it('ends a live WebM right before its first Cluster of unknown size', () => {
    const head = liveWebmHead(live)!;
    expect(head.length).toBeLessThan(live.length);
    expect(live.subarray(head.length, head.length + 12)).toEqual(Buffer.from('1f43b67501ffffffffffffff', 'hex'));
    expect(live.indexOf(Buffer.from('1f43b675', 'hex'))).toBe(head.length);
  });

  it('finds nothing in a WebM of known sizes, another format, or bytes that stop short', () => {
    expect(liveWebmHead(fixture('compte-rendu-client.webm'))).toBeNull();
    expect(liveWebmHead(fixture('visite-suivi.ogg'))).toBeNull();
    expect(liveWebmHead(new Uint8Array())).toBeNull();
    expect(liveWebmHead(live.subarray(0, 30))).toBeNull();
    expect(liveWebmHead(live.subarray(0, 100))).toBeNull();
    // A Segment child of unknown size that is not a Cluster cannot be skipped either.
    const unknownTracks = Buffer.from(live);
    unknownTracks.set([0x16, 0x54, 0xae, 0x6b, 0xff], unknownTracks.indexOf(Buffer.from('1654ae6b', 'hex')));
    expect(liveWebmHead(unknownTracks)).toBeNull();
    // An EBML header of unknown size, or a first element that is not a Segment.
    expect(liveWebmHead(Buffer.from('1a45dfa3ff', 'hex'))).toBeNull();
    expect(liveWebmHead(Buffer.from('1a45dfa380ec80', 'hex'))).toBeNull();
  });
});

describe('buildWav (@monimmo/ai/testing)', () => {
  it('makes a PCM 16-bit mono WAV whose comment and duration music-metadata reads back', async () => {
    const audio = buildWav({ comment: 'Visite du 14 rue Sainte', seconds: 2.5 });
    const { format, common } = await parseBuffer(audio, { mimeType: 'audio/wav' }, { duration: true });
    expect(format).toMatchObject({
      container: 'WAVE',
      codec: 'PCM',
      bitsPerSample: 16,
      numberOfChannels: 1,
      sampleRate: 8000,
      duration: 2.5,
    });
    expect(common.comment).toEqual([{ text: 'Visite du 14 rue Sainte' }]);
    expect(audio.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(audio.readUInt32LE(4)).toBe(audio.length - 8);
    expect(audio.length % 2).toBe(0);
  });

  it('pads an odd-length comment and takes another sample rate', async () => {
    for (const comment of ['a', 'ab', 'Deuxième']) {
      const audio = buildWav({ comment, sampleRate: 16_000, seconds: 0.25 });
      const { format } = await parseBuffer(audio, { mimeType: 'audio/wav' }, { duration: true });
      expect(format).toMatchObject({ sampleRate: 16_000, duration: 0.25 });
      expect((await ai.transcribeAudio({ audio, fileName: 'x.wav', mimeType: 'audio/wav' })).text).toBe(comment);
    }
  });

  it('writes no LIST chunk without a comment, and one second of silence by default', async () => {
    const audio = buildWav();
    expect(audio.includes('LIST')).toBe(false);
    expect(audio.length).toBe(44 + 16_000);
    expect(audio.subarray(44).every((b) => b === 0)).toBe(true);
  });
});
