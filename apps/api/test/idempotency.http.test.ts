import type { AppRouter } from '@monimmo/contract';
import { TRPCClientError } from '@trpc/client';
import { seedAsset } from '@monimmo/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, register, startApi, trpcClient } from './harness.ts';

let api: ApiHarness;
let ours: string;
let theirs: string;
let n = 0;
const newKey = () => `cle-${process.pid}-${Date.now()}-${(n += 1)}`;
const pdf = seedAsset('dpe.pdf');
const m4a = seedAsset('visite-initiale-rue-paradis.m4a');

interface Sent {
  key?: string;
  token?: string;
  body?: RequestInit['body'];
  json?: unknown;
  headers?: Record<string, string>;
}
async function post(path: string, { key, token = ours, body, json, headers = {} }: Sent) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key ? { 'idempotency-key': key } : {}),
      ...headers,
    },
    body: json === undefined ? body : JSON.stringify(json),
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), text: await res.text() };
}
const count = async (path: string, token = ours) => {
  const res = await fetch(`${api.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { items: unknown[] }).items.length;
};
const property = (title: string) => ({
  title,
  address: '3 rue Sainte',
  postalCode: '13001',
  city: 'Marseille',
  owner: { firstName: 'Léa', lastName: 'Blanc', phone: '0612345678' },
});

beforeAll(async () => {
  api = await startApi();
  ours = (await register(api)).token;
  theirs = (await register(api)).token;
});
afterAll(() => api.stop());

describe('Idempotency-Key', () => {
  it('replays the answer of a creation retried with the same key, and creates once', async () => {
    const key = newKey();
    const first = await post('/api/v1/properties', { key, json: property('T2 Sainte') });
    expect(first.status).toBeLessThan(300);
    expect(first.replayed).toBeNull();
    const again = await post('/api/v1/properties', { key: `"${key}"`, json: property('T2 Sainte') });
    expect(again).toEqual({ status: first.status, replayed: 'true', text: first.text });
    expect(await count('/properties')).toBe(1);
    // The same key with another request is a client bug: said, never run.
    const other = await post('/api/v1/properties', { key, json: property('T3 Sainte') });
    expect(other.status).toBe(422);
    expect(JSON.parse(other.text)).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'IDEMPOTENCY_KEY_REUSED' } });
    expect((await post('/api/v1/messages', { key, json: { channel: 'GMAIL', fromAddress: 'a@exemple.fr', body: 'Bonjour' } })).status).toBe(
      422,
    );
    // Keys belong to an agency: another one's same key runs its own request.
    const elsewhere = await post('/api/v1/properties', { key, token: theirs, json: property('T2 Sainte') });
    expect(elsewhere.status).toBeLessThan(300);
    expect(elsewhere.replayed).toBeNull();
    expect(await count('/properties', theirs)).toBe(1);
    expect(await count('/properties')).toBe(1);
  });

  it('keeps nothing for a request that failed, so its retry runs', async () => {
    const key = newKey();
    expect((await post('/api/v1/messages', { key, json: { channel: 'GMAIL', body: 'sans expéditeur' } })).status).toBe(400);
    const fixed = await post('/api/v1/messages', { key, json: { channel: 'GMAIL', fromAddress: 'b@exemple.fr', body: 'avec expéditeur' } });
    expect(fixed.status).toBeLessThan(300);
    expect(fixed.replayed).toBeNull();
  });

  it('runs concurrent requests with one key once', async () => {
    const key = newKey();
    const before = await count('/properties');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => post('/api/v1/properties', { key, json: property('T4 concurrent') })),
    );
    const created = answers.filter((a) => a.status < 300 && a.replayed === null);
    expect(created).toHaveLength(1);
    for (const a of answers) {
      if (a.status < 300) expect(a.text).toBe(created[0]!.text);
      else expect(JSON.parse(a.text)).toMatchObject({ code: 'CONFLICT', details: { reason: 'IDEMPOTENCY_KEY_IN_USE' } });
    }
    expect(await count('/properties')).toBe(before + 1);
  });

  it('covers the streaming uploads, raw and multipart, and voice notes', async () => {
    const raw = newKey();
    const sendRaw = () =>
      post('/api/v1/files/upload?fileName=dpe.pdf', { key: raw, body: pdf, headers: { 'content-type': 'application/pdf' } });
    const first = await sendRaw();
    expect(first.status).toBeLessThan(300);
    expect(await sendRaw()).toEqual({ ...first, replayed: 'true' });

    const multipart = newKey();
    const form = () => {
      const f = new FormData();
      f.append('fileName', 'mandat.pdf');
      f.append('file', new Blob([pdf], { type: 'application/pdf' }), 'mandat.pdf');
      return f;
    };
    const once = await post('/api/v1/files/upload', { key: multipart, body: form() });
    expect(once.status).toBeLessThan(300);
    expect((await post('/api/v1/files/upload', { key: multipart, body: form() })).replayed).toBe('true');
    expect(await count('/files')).toBe(2);

    const vocal = newKey();
    const sendVocal = () =>
      post('/api/v1/vocals/upload?fileName=visite.m4a', { key: vocal, body: m4a, headers: { 'content-type': 'audio/mp4' } });
    expect((await sendVocal()).status).toBeLessThan(300);
    expect((await sendVocal()).replayed).toBe('true');
    expect(await count('/vocals')).toBe(1);
  });

  it('works on tRPC too', async () => {
    const key = newKey();
    const before = await count('/messages');
    const message = { channel: 'WHATSAPP' as const, fromAddress: '0611223344', body: 'Je confirme la visite.' };
    const first = await post('/trpc/messages.create', { key, json: message });
    expect(first.status).toBe(200);
    const again = await post('/trpc/messages.create', { key, json: message });
    expect(again).toEqual({ ...first, replayed: 'true' });
    expect(await count('/messages')).toBe(before + 1);
    // Refused in tRPC's own error shape, so its client reads it like any other error.
    const client = trpcClient(api, { token: ours, headers: { 'idempotency-key': key } });
    const refused = await client.messages.create.mutate({ ...message, body: 'Autre chose.' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<AppRouter>).data).toMatchObject({
      code: 'INVALID_STATE',
      httpStatus: 422,
      details: { reason: 'IDEMPOTENCY_KEY_REUSED' },
    });
  });

  it('refuses a malformed key, and ignores the header where there is nothing to repeat', async () => {
    const tooLong = await post('/api/v1/properties', { key: 'x'.repeat(256), json: property('T1') });
    expect(tooLong.status).toBe(400);
    expect(JSON.parse(tooLong.text)).toMatchObject({ code: 'BAD_REQUEST', details: { reason: 'INVALID_IDEMPOTENCY_KEY' } });
    // No credentials: the operation answers 401 as usual.
    expect((await post('/api/v1/properties', { key: newKey(), token: 'nope', json: property('T1') })).status).toBe(401);
  });
});
