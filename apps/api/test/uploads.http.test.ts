import { existsSync, readdirSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { vocalFixture } from '@monimmo/ai/testing';
import { audioFixture, seedAsset } from '@monimmo/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeGracefully } from '../src/shutdown.ts';
import { type ApiHarness, createProperty as createPropertyOn, register, startApi } from './harness.ts';

const pdf = seedAsset('mandat.pdf');
const m4a = vocalFixture('visite-initiale.m4a');

let api: ApiHarness;
let token: string;
let otherToken: string;

const createProperty = (as: string) => createPropertyOn(api, as);

type Part = [name: string, value: string] | [name: 'file', bytes: Buffer, fileName: string, type: string];

/** Parts in exactly the order given (FormData would keep it too, but this says so). */
function form(parts: Part[]): FormData {
  const data = new FormData();
  for (const part of parts) {
    if (part.length === 2) data.append(part[0], part[1]);
    else data.append(part[0], new Blob([part[1]], { type: part[3] }), part[2]);
  }
  return data;
}

async function post(path: string, body: FormData, as = token) {
  const res = await fetch(`${api.baseUrl}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${as}` }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { details?: Record<string, unknown> } };
}

function storedObjects(on = api): number {
  const root = join(on.dir, 'storage');
  return existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
}

interface Sent {
  status: number;
  headers: IncomingHttpHeaders;
  json: Record<string, unknown> & { details?: Record<string, unknown> };
}

/**
 * A client sending `chunks` with a pause before each one; with `hang`, it then sends nothing more
 * and never ends its body. Settles on the answer, whenever it comes.
 */
function trickle(
  on: ApiHarness,
  path: string,
  chunks: Buffer[],
  { gapMs = 0, hang = false, headers = {} as Record<string, string> } = {},
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request(`${on.baseUrl}${path}`, { method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          json: JSON.parse(Buffer.concat(parts).toString('utf8')) as Sent['json'],
        });
      });
    });
    // Writing may fail once the server has answered and closed: the answer settles the promise.
    req.on('error', reject);
    void (async () => {
      for (const chunk of chunks) {
        if (gapMs) await sleep(gapMs);
        if (req.destroyed) return;
        req.write(chunk);
      }
      if (!hang) req.end();
    })();
  });
}

const pieces = (bytes: Buffer, count: number) =>
  Array.from({ length: count }, (_, i) =>
    bytes.subarray(Math.floor((i * bytes.length) / count), Math.floor(((i + 1) * bytes.length) / count)),
  );
const tempParts = (on: ApiHarness) => {
  const tmp = join(on.dir, 'storage', '.tmp');
  return existsSync(tmp) ? readdirSync(tmp).length : 0;
};

beforeAll(async () => {
  api = await startApi();
  token = (await register(api)).token;
  otherToken = (await register(api)).token;
});
afterAll(() => api?.stop());

describe('multipart fields after the file part', () => {
  it('are applied to a document, whatever their order', async () => {
    const propertyId = await createProperty(token);
    const answer = await post(
      '/files/upload',
      form([
        ['file', pdf, 'mandat.pdf', 'application/pdf'],
        ['propertyId', propertyId],
        ['typeDocument', 'MANDAT_VENTE_SIGNE'],
      ]),
    );
    expect(answer.status).toBeLessThan(300);
    expect(answer.json).toMatchObject({ propertyId, typeDocument: 'MANDAT_VENTE_SIGNE', status: 'CLASSIFIED' });
  });

  it('are applied to a voice note, and a late fileName wins over the part name', async () => {
    const propertyId = await createProperty(token);
    const answer = await post(
      '/vocals/upload',
      form([
        ['file', m4a, 'part.m4a', 'audio/mp4'],
        ['propertyId', propertyId],
        ['fileName', 'visite Sainte.m4a'],
      ]),
    );
    expect(answer.status).toBeLessThan(300);
    expect(answer.json).toMatchObject({ propertyId, fileName: 'visite Sainte.m4a' });
  });

  it('are validated like early ones: an unknown or foreign property is 404 and nothing is kept', async () => {
    const before = storedObjects();
    const foreign = await createProperty(otherToken);
    const answer = await post(
      '/files/upload',
      form([
        ['file', pdf, 'mandat.pdf', 'application/pdf'],
        ['propertyId', foreign],
      ]),
    );
    expect(answer.status).toBe(404);
    const bad = await post(
      '/vocals/upload',
      form([
        ['file', m4a, 'a.m4a', 'audio/mp4'],
        ['propertyId', 'not an id'],
      ]),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.details)).toContain('propertyId');
    expect(storedObjects()).toBe(before);
  });

  it('refuse a field given twice with two values, and a second file part, with 400', async () => {
    const propertyId = await createProperty(token);
    const other = await createProperty(token);
    const twice = await post(
      '/files/upload',
      form([
        ['propertyId', propertyId],
        ['file', pdf, 'mandat.pdf', 'application/pdf'],
        ['propertyId', other],
      ]),
    );
    expect(twice.status).toBe(400);
    expect(twice.json.details).toMatchObject({ reason: 'DUPLICATE_FIELD', field: 'propertyId' });
    const two = await post(
      '/files/upload',
      form([
        ['file', pdf, 'a.pdf', 'application/pdf'],
        ['file', pdf, 'b.pdf', 'application/pdf'],
      ]),
    );
    expect(two.status).toBe(400);
    expect(two.json.details).toMatchObject({ reason: 'TOO_MANY_FILES' });
  });
});

describe('how long a request may take', () => {
  // A tiny overall limit: an upload sent steadily outlasts it many times over.
  const env = { REQUEST_TIMEOUT_MS: '300', UPLOAD_IDLE_TIMEOUT_MS: '1500' };
  let slow: ApiHarness;
  let slowToken: string;
  beforeAll(async () => {
    slow = await startApi(env);
    slowToken = (await register(slow)).token;
  });
  afterAll(() => slow?.stop());

  it('lets an upload run past the overall limit as long as bytes keep coming', async () => {
    const answer = await trickle(slow, '/api/v1/vocals/upload?fileName=lente.m4a', pieces(m4a, 20), {
      gapMs: 75,
      headers: { authorization: `Bearer ${slowToken}`, 'content-type': 'audio/mp4' },
    });
    expect(answer.status).toBeLessThan(300);
    expect(answer.json).toMatchObject({ size: m4a.length, fileName: 'lente.m4a' });
  });

  it('cuts an upload that stops sending: 408, and no part left in storage', async () => {
    const before = storedObjects(slow);
    const answer = await trickle(slow, '/api/v1/files/upload?fileName=mandat.pdf', [pdf.subarray(0, 8192)], {
      hang: true,
      headers: { authorization: `Bearer ${slowToken}`, 'content-type': 'application/pdf' },
    });
    expect(answer.status).toBe(408);
    expect(answer.json).toMatchObject({ code: 'REQUEST_TIMEOUT', details: { reason: 'UPLOAD_IDLE' } });
    expect(storedObjects(slow)).toBe(before);
    expect(tempParts(slow)).toBe(0);
  });

  it('keeps the overall limit for everything else', async () => {
    const body = Buffer.from(JSON.stringify({ email: 'personne@exemple.fr', password: 'motdepasse-solide' }));
    const answer = await trickle(slow, '/api/v1/auth/login', pieces(body, 10), {
      gapMs: 100,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    });
    expect(answer.status).toBe(408);
    expect(answer.json).toMatchObject({ code: 'REQUEST_TIMEOUT', details: { reason: 'REQUEST_TIMEOUT' } });
  });
});

describe('shutting down during an upload', () => {
  it('answers the upload still arriving with 503 and Retry-After, and drops its bytes', async () => {
    const stopping = await startApi();
    try {
      const as = (await register(stopping)).token;
      const before = storedObjects(stopping);
      const answer = trickle(stopping, '/api/v1/vocals/upload?fileName=coupee.m4a', [m4a.subarray(0, 16_384)], {
        hang: true,
        headers: { authorization: `Bearer ${as}`, 'content-type': 'audio/mp4' },
      });
      // The part is in storage's hands once its temp file exists.
      while (tempParts(stopping) === 0) await sleep(10);
      const closed = closeGracefully(stopping.server, 50, () => stopping.server.cutUploads());
      const sent = await answer;
      expect(sent.status).toBe(503);
      expect(sent.headers['retry-after']).toBeDefined();
      expect(sent.json).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'SHUTTING_DOWN' } });
      await closed;
      expect(tempParts(stopping)).toBe(0);
      expect(storedObjects(stopping)).toBe(before);
    } finally {
      await stopping.stop();
    }
  });
});

describe('what a voice note must be', () => {
  it('takes an audio-only MP4 with the generic isom brand, declared audio/mp4', async () => {
    const answer = await post('/vocals/upload', form([['file', audioFixture('visite-isom.m4a'), 'memo.m4a', 'audio/mp4']]));
    expect(answer.status).toBeLessThan(300);
    expect(answer.json).toMatchObject({ mimeType: 'audio/mp4' });
  });

  it('refuses a video (415) and a truncated recording (422) at once, keeping nothing', async () => {
    const before = storedObjects();
    const video = await post('/vocals/upload', form([['file', audioFixture('visite-video.mp4'), 'visite.mp4', 'audio/mp4']]));
    expect(video.status).toBe(415);
    expect(video.json.details).toMatchObject({ reason: 'VIDEO_NOT_ACCEPTED' });
    const truncated = await post('/vocals/upload', form([['file', m4a.subarray(0, 60_000), 'coupe.m4a', 'audio/mp4']]));
    expect(truncated.status).toBe(422);
    expect(truncated.json.details).toMatchObject({ reason: 'AUDIO_UNREADABLE' });
    expect(storedObjects()).toBe(before);
  });

  it('sends an audio MP4 filed as a document to the voice-note upload (415 saying so)', async () => {
    const answer = await post('/files/upload', form([['file', audioFixture('visite-isom.m4a'), 'memo.m4a', 'audio/mp4']]));
    expect(answer.status).toBe(415);
    expect(answer.json.details).toMatchObject({ reason: 'AUDIO_NOT_A_DOCUMENT' });
  });
});

describe('file names', () => {
  it('refuses a name with a bidi override or a zero-width character (400), and stores an NFC name', async () => {
    const spoofed = await post('/files/upload', form([['file', pdf, 'facture\u202Efdp.exe', 'application/pdf']]));
    expect(spoofed.status).toBe(400);
    expect(JSON.stringify(spoofed.json.details)).toContain('fileName');
    const hidden = await post(
      '/files/upload',
      form([
        ['fileName', 'DPE\u200B.pdf'],
        ['file', pdf, 'x.pdf', 'application/pdf'],
      ]),
    );
    expect(hidden.status).toBe(400);
    const decomposed = await post('/files/upload', form([['file', pdf, 'Cafe\u0301.pdf', 'application/pdf']]));
    expect(decomposed.status).toBeLessThan(300);
    expect(decomposed.json.fileName).toBe('Café.pdf');
  });
});
