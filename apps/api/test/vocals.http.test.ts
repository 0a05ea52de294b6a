import { vocalFixture } from '@monimmo/ai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, register, rest, startApi } from './harness.ts';

const fixture = vocalFixture;

let api: ApiHarness;
let token: string;
let otherToken: string;

const call = (path: string, { method = 'GET', body, as = token }: { method?: string; body?: unknown; as?: string } = {}) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field with toMatchObject
  rest<Record<string, any>>(api, path, { token: as, method, body });

beforeAll(async () => {
  api = await startApi();
  token = (await register(api)).token;
  otherToken = (await register(api)).token;
});
afterAll(() => api.stop());

describe('voice notes over REST', () => {
  it('upload (base64 JSON), read, correct by hand, rerun, and resolve a review item', async () => {
    const property = await call('/properties', {
      method: 'POST',
      body: {
        title: 'Maison avenue Jean Jaurès',
        address: '8 avenue Jean Jaurès',
        postalCode: '49000',
        city: 'Angers',
        owner: { firstName: 'Paul', lastName: 'Roux', email: 'paul.roux@exemple.fr' },
      },
    });
    const bytes = fixture('visite-suivi.wav');
    const uploaded = await call('/vocals/upload', {
      method: 'POST',
      body: { fileName: 'suivi.wav', mimeType: 'audio/wav', size: bytes.length, contentBase64: bytes.toString('base64') },
    });
    expect(uploaded.status).toBe(201);
    expect(uploaded.json).toMatchObject({
      status: 'UPLOADED',
      mimeType: 'audio/wav',
      audioUrl: { url: expect.stringContaining('/storage/') },
    });
    await api.queue.idle();

    const vocal = await call(`/vocals/${uploaded.json.id}`);
    expect(vocal.json).toMatchObject({
      status: 'INSIGHTS_READY',
      vocalType: 'VISITE_SUIVI',
      propertyId: property.json.id,
      insights: { newPrice: 295000 },
    });
    // The signed URL (on PUBLIC_API_URL) serves the recording itself.
    const signed = new URL(vocal.json.audioUrl.url);
    const audio = await fetch(`${api.baseUrl}${signed.pathname}${signed.search}`);
    expect(Buffer.from(await audio.arrayBuffer()).equals(bytes)).toBe(true);

    const list = await call(`/vocals?vocalType=VISITE_SUIVI&propertyId=${property.json.id}&limit=5`);
    expect(list.json.items.map((v: { id: string }) => v.id)).toEqual([uploaded.json.id]);
    expect(list.json.items[0]).not.toHaveProperty('transcript');
    expect((await call('/vocals?status=NOPE')).status).toBe(400);

    expect(await call(`/vocals/${uploaded.json.id}/extract-insights`, { method: 'POST' })).toMatchObject({
      status: 200,
      json: { status: 'QUEUED' },
    });
    expect(await call(`/vocals/${uploaded.json.id}/transcribe`, { method: 'POST' })).toMatchObject({
      status: 200,
      json: { status: 'QUEUED' },
    });
    await api.queue.idle();

    const patched = await call(`/vocals/${uploaded.json.id}`, {
      method: 'PATCH',
      body: { vocalType: 'COMPTE_RENDU_VISITE_CLIENT', summary: 'Résumé relu.' },
    });
    expect(patched.json).toMatchObject({ vocalType: 'COMPTE_RENDU_VISITE_CLIENT', typeSetBy: 'USER', summary: 'Résumé relu.' });
    expect((await call(`/vocals/${uploaded.json.id}`, { method: 'PATCH', body: {} })).status).toBe(400);
    await api.queue.idle();
    expect((await call(`/vocals/${uploaded.json.id}`)).json).toMatchObject({
      status: 'INSIGHTS_READY',
      vocalType: 'COMPTE_RENDU_VISITE_CLIENT',
    });
  });

  it('a note that needs a person: the review item carries the note, and a decision needs its value', async () => {
    const bytes = fixture('compte-rendu-client.mp3');
    const uploaded = await call('/vocals/upload', {
      method: 'POST',
      body: { fileName: 'cr.mp3', mimeType: 'audio/mpeg', size: bytes.length, contentBase64: bytes.toString('base64') },
    });
    await api.queue.idle();
    // Nothing at 12 rue des Lices in this agency: the buyer report waits for its property.
    const review = await call('/review-queue?itemType=VOCAL&reason=VOCAL_PROPERTY_NOT_FOUND');
    const item = review.json.items.find((i: { itemId: string }) => i.itemId === uploaded.json.id);
    expect(item).toMatchObject({ vocal: { id: uploaded.json.id, status: 'REVIEW_REQUIRED' }, message: null, file: null });
    const missing = await call(`/review-queue/${item.id}/resolve`, { method: 'POST', body: { decision: 'SET_VOCAL_TYPE' } });
    expect(missing).toMatchObject({ status: 400, json: { code: 'BAD_REQUEST' } });
    const wrong = await call(`/review-queue/${item.id}/resolve`, {
      method: 'POST',
      body: { decision: 'SET_TYPE_DOCUMENT', typeDocument: 'DPE' },
    });
    expect(wrong).toMatchObject({ status: 422, json: { code: 'INVALID_STATE', details: { reason: 'DECISION_NOT_APPLICABLE' } } });
    const property = await call('/properties', {
      method: 'POST',
      body: {
        title: 'Appartement rue des Lices',
        address: '12 rue des Lices',
        postalCode: '49100',
        city: 'Angers',
        owner: { firstName: 'Martine', lastName: 'Garnier', email: 'martine.garnier@exemple.fr' },
      },
    });
    const resolved = await call(`/review-queue/${item.id}/resolve`, {
      method: 'POST',
      body: { decision: 'ATTACH_PROPERTY', propertyId: property.json.id },
    });
    expect(resolved).toMatchObject({ status: 200, json: { status: 'RESOLVED' } });
    await api.queue.idle();
    expect((await call(`/vocals/${uploaded.json.id}`)).json).toMatchObject({
      status: 'INSIGHTS_READY',
      propertyId: property.json.id,
      insights: { budget: 178000 },
    });
    const extract = await call(`/vocals/${uploaded.json.id}/extract-insights`, { method: 'POST' });
    expect(extract.status).toBe(200);
  });

  it("another agency's voice note is a 404 everywhere, and a note without a type cannot give insights", async () => {
    const bytes = fixture('visite-suivi.ogg');
    const uploaded = await call('/vocals/upload', {
      method: 'POST',
      body: { fileName: 's.ogg', mimeType: 'audio/ogg', size: bytes.length, contentBase64: bytes.toString('base64') },
    });
    const id = uploaded.json.id as string;
    for (const [path, method, body] of [
      [`/vocals/${id}`, 'GET', undefined],
      [`/vocals/${id}`, 'PATCH', { summary: 'x' }],
      [`/vocals/${id}/transcribe`, 'POST', undefined],
      [`/vocals/${id}/extract-insights`, 'POST', undefined],
    ] as const) {
      expect(await call(path, { method, body, as: otherToken })).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });
    }
    expect((await call('/vocals', { as: otherToken })).json.items).toEqual([]);
    await api.queue.idle();

    const silent = vocalFixture('visite-suivi.wav').subarray(0, 44);
    const empty = await call('/vocals/upload', {
      method: 'POST',
      body: { fileName: 'vide.wav', mimeType: 'audio/wav', size: silent.length, contentBase64: silent.toString('base64') },
    });
    expect(empty.status).toBe(201);
    await api.queue.idle();
    const notReady = await call(`/vocals/${empty.json.id}/extract-insights`, { method: 'POST' });
    expect(notReady).toMatchObject({ status: 422, json: { code: 'INVALID_STATE', details: { reason: 'VOCAL_NOT_READY' } } });
  });
});
