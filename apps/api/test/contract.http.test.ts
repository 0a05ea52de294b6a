import { TRPC_MAX_BATCH_SIZE, type AppRouter } from '@monimmo/contract';
import { TRPCClientError } from '@trpc/client';
import { seedAsset } from '@monimmo/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, register, startApi, trpcClient } from './harness.ts';

const asset = seedAsset;
const pdf = asset('mandat.pdf');
const voice = asset('visite-initiale-rue-paradis.m4a');

let api: ApiHarness;
let token: string;
let trpc: ReturnType<typeof trpcClient>;

type Issue = { path: string; code: string; message: string };
type Answer = { status: number; headers: Headers; json: Record<string, unknown> & { id?: string; details?: { issues?: Issue[] } } };

async function call(path: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Answer['json']) : {} };
}
const rest = (path: string, method = 'GET', body?: unknown) => call(`/api/v1${path}`, method, body);

/** The tRPC error of a call that must fail, with our error data. */
async function trpcError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<AppRouter>;
}

let owners = 0;
/** A new property, each with its own new owner. */
function villa() {
  owners += 1;
  return {
    title: 'Appartement T3 Vieux-Port',
    address: '12 quai du Port',
    postalCode: '13002',
    city: 'Marseille',
    price: 385000,
    owner: { firstName: 'Luc', lastName: 'Martin', email: `luc.martin.${owners}@exemple.fr` },
  };
}
const message = { channel: 'GMAIL', fromAddress: 'claire@exemple.fr', body: 'Bonjour, le DPE est en pièce jointe.' };

beforeAll(async () => {
  api = await startApi();
  token = (await register(api)).token;
  trpc = trpcClient(api, { token, batch: false });
});
afterAll(() => api.stop());

describe('date-times with an offset', () => {
  it('REST takes an RFC 3339 offset in a body and answers in UTC', async () => {
    const created = await rest('/messages', 'POST', { ...message, receivedAt: '2025-04-15T08:47:12+02:00' });
    expect(created.status).toBe(201);
    expect(created.json.receivedAt).toBe('2025-04-15T06:47:12.000Z');
    expect((await rest(`/messages/${created.json.id}`)).json.receivedAt).toBe('2025-04-15T06:47:12.000Z');
  });

  it('tRPC takes the same offset', async () => {
    const created = await trpc.messages.create.mutate({
      channel: 'WHATSAPP',
      fromAddress: '06 11 22 33 44',
      body: 'Je passe jeudi',
      receivedAt: '2025-04-15T23:30:00-05:00',
    });
    expect(created.receivedAt).toBe('2025-04-16T04:30:00.000Z');
  });

  it('query parameters take offsets too, and a date-time without zone is still refused', async () => {
    const from = encodeURIComponent('2025-04-15T08:00:00+02:00');
    expect((await rest(`/calendar-events?from=${from}&to=${encodeURIComponent('2025-04-16T00:00:00Z')}`)).status).toBe(200);
    await expect(trpc.integrations.calendarEvents.query({ from: '2025-04-15T08:00:00+02:00' })).resolves.toMatchObject({ items: [] });
    const local = await rest(`/calendar-events?from=2025-04-15T08:00:00`);
    expect(local.status).toBe(400);
    expect(local.json.details?.issues).toEqual([expect.objectContaining({ path: 'from', message: expect.stringContaining('date-time') })]);
  });
});

describe('creations answer 201 on REST', () => {
  it('properties, users, messages, participants, prospects and both JSON uploads', async () => {
    const property = await rest('/properties', 'POST', villa());
    expect(property.status).toBe(201);
    const notary = await rest('/users', 'POST', {
      accountType: 'NOTAIRE',
      firstName: 'Maître',
      lastName: 'Blanc',
      email: 'blanc@notaires.fr',
    });
    expect(notary.status).toBe(201);
    expect((await rest(`/properties/${property.json.id}/participants`, 'POST', { userId: notary.json.id, role: 'NOTAIRE' })).status).toBe(
      201,
    );
    expect(
      (
        await rest(`/properties/${property.json.id}/prospects`, 'POST', {
          contact: { firstName: 'Paul', lastName: 'Acquéreur', phone: '0698989898' },
        })
      ).status,
    ).toBe(201);
    expect((await rest('/messages', 'POST', message)).status).toBe(201);
    const file = await rest('/files/upload', 'POST', {
      fileName: 'mandat.pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
      contentBase64: pdf.toString('base64'),
    });
    expect(file.status).toBe(201);
    const vocal = await rest('/vocals/upload', 'POST', {
      fileName: 'visite.m4a',
      mimeType: 'audio/mp4',
      size: voice.length,
      contentBase64: voice.toString('base64'),
    });
    expect(vocal.status).toBe(201);
    // Not creations: reads, updates and queued work keep 200.
    expect((await rest(`/properties/${property.json.id}`, 'PATCH', { price: 390000 })).status).toBe(200);
    expect((await rest(`/files/${file.json.id}/run-ai`, 'POST')).status).toBe(200);
  });

  it('the streaming uploads answer 201 as well', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const raw = await fetch(`${api.baseUrl}/api/v1/files/upload?fileName=mandat.pdf`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/pdf' },
      body: pdf,
    });
    expect(raw.status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([voice], { type: 'audio/mp4' }), 'visite.m4a');
    const multipart = await fetch(`${api.baseUrl}/api/v1/vocals/upload`, { method: 'POST', headers, body: form });
    expect(multipart.status).toBe(201);
  });
});

describe('a method the path does not support', () => {
  it('answers 405 with Allow, from the operations the path has', async () => {
    const wrong = await rest('/properties', 'DELETE');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expect(wrong.json).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      message: 'DELETE is not allowed on /api/v1/properties: use GET or POST',
    });

    const put = await rest('/properties/019ab3c2-5e1f-7a2b-9c3d-4e5f6a7b8c9d', 'PUT', { title: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, PATCH');
    expect((await rest('/auth/login', 'GET')).headers.get('allow')).toBe('POST');
    // A path no operation has stays 404.
    expect((await rest('/nowhere', 'DELETE')).status).toBe(404);
  });

  it('tRPC says the same of a query called as a mutation', async () => {
    const res = await call('/trpc/auth.me', 'POST', '{}');
    expect(res.status).toBe(405);
    expect((res.json.error as { data: unknown }).data).toMatchObject({ code: 'METHOD_NOT_ALLOWED', httpStatus: 405 });
  });
});

describe('JSON bodies are validated as documented', () => {
  it('REST refuses a number given as a string and a boolean given as a string', async () => {
    const asString = await rest('/properties', 'POST', { ...villa(), price: '100000' });
    expect(asString.status).toBe(400);
    expect(asString.json.details?.issues).toEqual([{ path: 'price', code: 'invalid_type', message: 'must be an integer, not a string' }]);
    const { json: user } = await rest('/users', 'POST', {
      accountType: 'AGENT',
      role: 'AGENT',
      firstName: 'Inès',
      lastName: 'Roux',
      email: 'ines.roux@exemple.fr',
      password: 'un-mot-de-passe-solide',
    });
    const flag = await rest(`/users/${user.id}`, 'PATCH', { active: 'false' });
    expect(flag.status).toBe(400);
    expect(flag.json.details?.issues).toEqual([{ path: 'active', code: 'invalid_type', message: 'must be true or false, not a string' }]);
    expect((await rest(`/users/${user.id}`)).json.active).toBe(true);
  });

  it('tRPC refuses them too, even after REST has parsed the same schema', async () => {
    const e = await trpcError(trpc.properties.create.mutate({ ...villa(), price: '100000' as unknown as number }));
    expect(e.data).toMatchObject({
      code: 'BAD_REQUEST',
      details: { issues: [{ path: 'price', message: 'must be an integer, not a string' }] },
    });
  });

  it('a body that is not a JSON object answers 400', async () => {
    for (const body of ['[{"title":"x"}]', '"x"', '12', 'null']) {
      const res = await call('/api/v1/properties', 'POST', body);
      expect(res.status, body).toBe(400);
      expect(res.json, body).toMatchObject({
        code: 'BAD_REQUEST',
        message: 'Request body must be a JSON object',
        details: { reason: 'NOT_AN_OBJECT' },
      });
    }
  });

  it('query parameters are still read from their text', async () => {
    expect((await rest('/properties?minPrice=100000&maxPrice=900000&limit=5')).status).toBe(200);
  });

  it('an unknown field in a PATCH answers 400 naming it, on both transports, and changes nothing', async () => {
    const { json: property } = await rest('/properties', 'POST', villa());
    const patched = await rest(`/properties/${property.id}`, 'PATCH', { status: 'VENDU', price: 1 });
    expect(patched.status).toBe(400);
    expect(patched.json.message).toBe('Invalid input: status: unknown field');
    expect(patched.json.details?.issues).toEqual([{ path: 'status', code: 'unrecognized_keys', message: 'unknown field' }]);
    expect((await rest(`/properties/${property.id}`)).json).toMatchObject({ status: 'PROSPECTION', price: 385000 });

    const e = await trpcError(trpc.properties.update.mutate({ id: property.id!, statut: 'VENDU' } as never));
    expect(e.data?.details).toEqual({ issues: [{ path: 'statut', code: 'unrecognized_keys', message: 'unknown field' }] });
  });
});

describe('validation messages say what is wrong with which field', () => {
  it('a missing field is « required », on REST', async () => {
    const upload = await rest('/files/upload', 'POST', {
      fileName: 'mandat.pdf',
      mimeType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    });
    expect(upload.status).toBe(400);
    expect(upload.json).toMatchObject({ code: 'BAD_REQUEST', message: 'Invalid input: size: required' });
    expect(upload.json.details?.issues).toEqual([{ path: 'size', code: 'invalid_type', message: 'required' }]);
    const noSender = await rest('/messages', 'POST', { channel: 'GMAIL', body: 'Bonjour' });
    expect(noSender.json.details?.issues).toEqual([{ path: 'fromAddress', code: 'invalid_union', message: 'required' }]);
  });

  it('a field only the service can judge reads the same way', async () => {
    const { json: property } = await rest('/properties', 'POST', villa());
    const me = (await rest('/me')).json as { user: { id: string } };
    const staff = await rest(`/properties/${property.id}/participants`, 'POST', { userId: me.user.id, role: 'AUTRE' });
    expect(staff).toMatchObject({
      status: 400,
      json: { message: 'Invalid input: userId: must be a contact (CLIENT or NOTAIRE), not staff' },
    });
  });

  it('and on tRPC, with each problem named', async () => {
    const e = await trpcError(trpc.messages.create.mutate({ channel: 'GMAIL', body: 'Bonjour', fromAddress: 'ni mail ni téléphone' }));
    expect(e.data?.details).toEqual({
      issues: [{ path: 'fromAddress', code: 'invalid_union', message: 'must be an e-mail address or a phone number' }],
    });
    const bad = await trpcError(
      trpc.properties.create.mutate({ ...villa(), price: 1.5, postalCode: '1300', title: '', details: undefined }),
    );
    expect(bad.data?.details?.issues).toEqual([
      { path: 'title', code: 'too_small', message: 'must not be empty' },
      { path: 'postalCode', code: 'invalid_format', message: 'must be a 5-digit French postal code' },
      { path: 'price', code: 'invalid_type', message: 'must be an integer' },
    ]);
    const status = await trpcError(
      trpc.properties.changeStatus.mutate({ id: '019ab3c2-5e1f-7a2b-9c3d-4e5f6a7b8c9d', status: 'PERDU' as never }),
    );
    expect(status.data?.details?.issues).toEqual([
      { path: 'status', code: 'invalid_value', message: expect.stringMatching(/^must be one of PROSPECTION, MANDAT_SIGNE, .*ARCHIVE$/) },
    ]);
  });
});

describe('inputs that used to answer 500', () => {
  it('a PATCH of a user with nothing to change answers 400 on both transports', async () => {
    const { json: contact } = await rest('/users', 'POST', {
      accountType: 'CLIENT',
      firstName: 'Anne',
      lastName: 'Vendeuse',
      phone: '0612121212',
    });
    const empty = await rest(`/users/${contact.id}`, 'PATCH', {});
    expect(empty.status).toBe(400);
    expect(empty.json.details?.issues).toEqual([{ path: '', code: 'custom', message: 'nothing to change: give at least one field' }]);
    const e = await trpcError(trpc.users.update.mutate({ id: contact.id! }));
    expect(e.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
  });

  it('a search cursor holding a number too large answers 400', async () => {
    const cursor = Buffer.from('["r",1e999,"019ab3c2-5e1f-7a2b-9c3d-4e5f6a7b8c9d"]').toString('base64url');
    const page = await rest(`/properties?q=port&cursor=${cursor}`);
    expect(page).toMatchObject({
      status: 400,
      json: { code: 'BAD_REQUEST', message: 'Invalid input: cursor: not a cursor from this search' },
    });
    const e = await trpcError(trpc.properties.list.query({ q: 'port', cursor }));
    expect(e.data).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a JSON body nested too deep answers 400, before any sign-in, on both transports', async () => {
    const deep = `${'['.repeat(2500)}${']'.repeat(2500)}`;
    const nested = `{"email":"a@b.fr","password":${deep}}`;
    for (const path of ['/api/v1/auth/login', '/api/v1/properties', '/trpc/auth.login', '/trpc/properties.create']) {
      const res = await call(path, 'POST', nested);
      expect(res.status, path).toBe(400);
      const code = path.startsWith('/trpc') ? (res.json.error as { data: { code: string } }).data.code : res.json.code;
      expect(code, path).toBe('BAD_REQUEST');
    }
    const login = await call('/api/v1/auth/login', 'POST', nested);
    expect(login.json).toMatchObject({
      message: 'Request body is nested too deeply (more than 64 levels)',
      details: { reason: 'TOO_DEEP', maxDepth: 64 },
    });
    // A tRPC query carries its input in the URL: the same limit applies.
    const query = await call(`/trpc/properties.list?input=${encodeURIComponent(`{"q":${deep}}`)}`);
    expect(query.status).toBe(400);
    // Strings that look like brackets are not nesting.
    expect((await rest('/messages', 'POST', { ...message, body: '['.repeat(3000) })).status).toBe(201);
  });
});

describe('tRPC batches', () => {
  it('take up to 20 calls and refuse more with 400', async () => {
    const batched = (maxItems: number) => trpcClient(api, { token, maxItems });
    expect(TRPC_MAX_BATCH_SIZE).toBe(20);
    const twenty = batched(20);
    await expect(Promise.all(Array.from({ length: 20 }, () => twenty.auth.me.query()))).resolves.toHaveLength(20);

    const res = await call(`/trpc/${Array.from({ length: 21 }, () => 'auth.me').join(',')}?batch=1&input=%7B%7D`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toContain('Batch call exceeds maximum size');

    const tooMany = batched(21);
    const e = await trpcError(Promise.all(Array.from({ length: 21 }, () => tooMany.auth.me.query())));
    expect(e.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
  });
});
