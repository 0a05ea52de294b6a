import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { vocalFixture } from '@monimmo/ai/testing';
import { seedAsset } from '@monimmo/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createProperty as createPropertyOn, register, startApi } from './harness.ts';

const m4a = vocalFixture('visite-initiale.m4a');
const ogg = vocalFixture('visite-suivi.ogg');
/** What Chromium's MediaRecorder hands the web app: a live WebM, no duration, no words the mock can read. */
const recorded = vocalFixture('enregistrement-chromium.webm');
const pdf = seedAsset('mandat.pdf');
/** The small instance's MAX_UPLOAD_BYTES. */
const LIMIT = 200_000;

interface Answer {
  status: number;
  json: Record<string, unknown> & { details?: Record<string, unknown> };
}

let api: ApiHarness;
let small: ApiHarness;
let token: string;
let otherToken: string;
let smallToken: string;

async function upload(
  body: Buffer | FormData | string,
  headers: Record<string, string> = {},
  query = '',
  { on = api, as = token } = {},
): Promise<Answer> {
  const res = await fetch(`${on.baseUrl}/api/v1/vocals/upload${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as}`, ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as Answer['json'] };
}

/**
 * A raw body sent chunk by chunk (chunked encoding, no length announced). The server may answer
 * and close before it has all of it: the answer is what counts then.
 */
function uploadStream(chunks: Iterable<Buffer>, contentType: string, query: string, { on = api, as = token } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${on.baseUrl}/api/v1/vocals/upload${query}`,
      { method: 'POST', headers: { authorization: `Bearer ${as}`, 'content-type': contentType } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString('utf8')) as Answer['json'] }),
        );
        res.on('error', reject);
      },
    );
    // Writing may fail once the server has answered and closed: the answer settles the promise.
    req.on('error', reject);
    Readable.from(chunks, { objectMode: false }).on('error', reject).pipe(req);
  });
}

function form(bytes: Buffer, fileName: string, type: string, fields: Record<string, string> = {}) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([bytes], { type }), fileName);
  return data;
}

/** 8 kHz mono 16-bit PCM: a header, then silence made chunk by chunk. */
function* wav(seconds: number): Generator<Buffer> {
  const dataBytes = seconds * 8000 * 2;
  const header = Buffer.alloc(44);
  header.write('RIFFxxxxWAVEfmt ', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  yield header;
  const silence = Buffer.alloc(64 * 1024);
  for (let left = dataBytes; left > 0; left -= silence.length) yield left >= silence.length ? silence : silence.subarray(0, left);
}

/** Files under the local storage folder (which appears with the first upload). */
function storedFiles(on: ApiHarness): number {
  const root = join(on.dir, 'storage');
  return existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
}

async function vocalCount(as: string, on = api) {
  const res = await fetch(`${on.baseUrl}/api/v1/vocals?limit=100`, { headers: { authorization: `Bearer ${as}` } });
  return ((await res.json()) as { items: unknown[] }).items.length;
}

const createProperty = (as: string) => createPropertyOn(api, as);

const near = (expected: number, within: number) =>
  expect.toSatisfy((v: unknown) => typeof v === 'number' && Math.abs(v - expected) <= within);

beforeAll(async () => {
  [api, small] = await Promise.all([startApi(), startApi({ MAX_UPLOAD_BYTES: String(LIMIT), MAX_BASE64_UPLOAD_BYTES: String(LIMIT) })]);
  [token, otherToken, smallToken] = (await Promise.all([register(api), register(api), register(small)])).map((s) => s.token) as [
    string,
    string,
    string,
  ];
});
afterAll(() => Promise.all([api?.stop(), small?.stop()]));

describe('POST /api/v1/vocals/upload', () => {
  it('takes base64 JSON, multipart and raw bytes, and answers at once with the sniffed type, size and duration', async () => {
    const propertyId = await createProperty(token);

    const json = await upload(
      JSON.stringify({ fileName: 'suivi.ogg', mimeType: 'audio/ogg', size: ogg.length, contentBase64: ogg.toString('base64') }),
      { 'content-type': 'application/json' },
    );
    expect(json).toMatchObject({
      status: 201,
      json: {
        status: 'UPLOADED',
        fileName: 'suivi.ogg',
        mimeType: 'audio/ogg',
        size: ogg.length,
        durationSeconds: near(15.73, 0.5),
        propertyId: null,
      },
    });

    const multipart = await upload(form(m4a, 'Visite 12 rue des Lices ✓.m4a', 'audio/x-m4a', { propertyId }));
    expect(multipart).toMatchObject({
      status: 201,
      json: {
        status: 'UPLOADED',
        fileName: 'Visite 12 rue des Lices ✓.m4a',
        mimeType: 'audio/mp4',
        size: m4a.length,
        durationSeconds: near(21.29, 0.5),
        propertyId,
      },
    });

    const raw = await upload(
      m4a,
      { 'content-type': 'audio/mp4' },
      `?fileName=${encodeURIComponent('Visite rue des Lices.m4a')}&propertyId=${propertyId}`,
    );
    expect(raw).toMatchObject({
      status: 201,
      json: {
        status: 'UPLOADED',
        fileName: 'Visite rue des Lices.m4a',
        mimeType: 'audio/mp4',
        size: m4a.length,
        durationSeconds: near(21.29, 0.5),
        propertyId,
      },
    });

    // The recording is stored as sent.
    const { url } = raw.json.audioUrl as { url: string };
    const audio = await fetch(`${api.baseUrl}${new URL(url).pathname}${new URL(url).search}`);
    expect(audio.status).toBe(200);
    expect(Buffer.from(await audio.arrayBuffer()).equals(m4a)).toBe(true);
  });

  it('takes a recording made live in Chromium as the web app sends it, and asks a person for its words', async () => {
    const propertyId = await createProperty(token);
    for (const type of ['audio/webm', 'audio/webm;codecs=opus']) {
      expect(await upload(recorded, { 'content-type': type }, '?fileName=Note%20vocale.webm')).toMatchObject({
        status: 201,
        json: { status: 'UPLOADED', mimeType: 'audio/webm', size: recorded.length, durationSeconds: null },
      });
    }
    const sent = await upload(recorded, { 'content-type': 'audio/webm' }, `?fileName=Note%20vocale.webm&propertyId=${propertyId}`);
    await api.queue.idle();
    const get = (path: string) =>
      fetch(`${api.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } }).then(
        (res) => res.json() as Promise<Record<string, unknown> & { items: Record<string, unknown>[] }>,
      );
    // Readable audio in which nothing was heard: a person types the words, not an error.
    expect(await get(`/vocals/${String(sent.json.id)}`)).toMatchObject({
      status: 'REVIEW_REQUIRED',
      transcript: '',
      processingError: null,
      durationSeconds: null,
    });
    expect(await get(`/vocals/${String(sent.json.id)}`)).not.toMatchObject({ vocalType: 'ERREUR_TRAITEMENT' });
    const review = await get(`/review-queue?itemType=VOCAL&reason=VOCAL_EMPTY_TRANSCRIPT`);
    expect(review.items.filter((item) => item.itemId === sent.json.id)).toHaveLength(1);
  });

  it('streams a 30-minute WAV sent as a raw body, never whole in memory', async () => {
    const res = await uploadStream(wav(1800), 'audio/wav', '?fileName=longue-visite.wav');
    expect(res).toMatchObject({
      status: 201,
      json: { status: 'UPLOADED', mimeType: 'audio/wav', size: 44 + 1800 * 8000 * 2, durationSeconds: near(1800, 1) },
    });
  });

  it('refuses what is not a voice note with 415 and the reason', async () => {
    const answers = [
      await upload(pdf, { 'content-type': 'application/pdf' }, '?fileName=mandat.pdf'),
      await upload(form(pdf, 'mandat.pdf', 'application/pdf')),
      await upload(
        JSON.stringify({ fileName: 'mandat.pdf', mimeType: 'application/pdf', size: pdf.length, contentBase64: pdf.toString('base64') }),
        { 'content-type': 'application/json' },
      ),
    ];
    for (const res of answers) {
      expect(res).toMatchObject({
        status: 415,
        json: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String), details: { reason: 'AUDIO_TYPE_NOT_ACCEPTED' } },
      });
    }
    const lying = await upload(ogg, { 'content-type': 'audio/mpeg' }, '?fileName=suivi.mp3');
    expect(lying).toMatchObject({
      status: 415,
      json: { code: 'UNSUPPORTED_MEDIA_TYPE', details: { reason: 'MIME_TYPE_MISMATCH', declared: 'audio/mpeg', detected: 'audio/ogg' } },
    });
  });

  it('refuses more than MAX_UPLOAD_BYTES with 413 and keeps nothing', async () => {
    const before = storedFiles(small);
    const over = Buffer.concat([...wav(13)]);
    expect(over.length).toBeGreaterThan(LIMIT);
    const answers = [
      await upload(over, { 'content-type': 'audio/wav' }, '?fileName=longue.wav', { on: small, as: smallToken }),
      await upload(form(over, 'longue.wav', 'audio/wav'), {}, '', { on: small, as: smallToken }),
      // No length announced: refused while streaming, once past the limit.
      await uploadStream(wav(60), 'audio/wav', '?fileName=longue.wav', { on: small, as: smallToken }),
    ];
    for (const res of answers)
      expect(res).toMatchObject({ status: 413, json: { code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: LIMIT } } });
    expect(storedFiles(small)).toBe(before);
    expect(await vocalCount(smallToken, small)).toBe(0);
  });

  it("answers 404 for an unknown or another agency's property, and stores nothing", async () => {
    const theirs = await createProperty(otherToken);
    const before = { files: storedFiles(api), vocals: await vocalCount(token) };
    const answers = [
      await upload(m4a, { 'content-type': 'audio/mp4' }, `?fileName=a.m4a&propertyId=${theirs}`),
      await upload(form(m4a, 'a.m4a', 'audio/mp4', { propertyId: theirs })),
      await upload(m4a, { 'content-type': 'audio/mp4' }, '?fileName=a.m4a&propertyId=00000000-0000-4000-8000-000000000000'),
      await upload(
        JSON.stringify({
          fileName: 'a.ogg',
          mimeType: 'audio/ogg',
          size: ogg.length,
          contentBase64: ogg.toString('base64'),
          propertyId: theirs,
        }),
        { 'content-type': 'application/json' },
      ),
    ];
    for (const res of answers) expect(res).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });
    expect({ files: storedFiles(api), vocals: await vocalCount(token) }).toEqual(before);
  });

  it('answers 401 without a valid token', async () => {
    const answers = [
      await upload(m4a, { 'content-type': 'audio/mp4', authorization: '' }, '?fileName=a.m4a'),
      await upload(form(m4a, 'a.m4a', 'audio/mp4'), {}, '', { as: 'not-a-token' }),
      await upload(JSON.stringify({ fileName: 'a.ogg', mimeType: 'audio/ogg', size: ogg.length, contentBase64: ogg.toString('base64') }), {
        'content-type': 'application/json',
        authorization: '',
      }),
    ];
    for (const res of answers) expect(res).toMatchObject({ status: 401, json: { code: 'UNAUTHORIZED' } });
  });
});
