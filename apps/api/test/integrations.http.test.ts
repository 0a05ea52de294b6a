import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The connectors' own webhook signing and mock credentials: what Meta and the mock runtime use.
import { createMockRuntime, signPayload } from '@monimmo/connectors';
import { type ApiHarness, register, rest, startApi, trpcClient } from './harness.ts';

const BODY_LIMIT = 64 * 1024;
const WEBHOOK = '/api/v1/integrations/whatsapp/webhook';
const whatsapp = createMockRuntime().settings.whatsapp;
const DAY = 86_400_000;

let api: ApiHarness;
const logs: string[] = [];
let admin: string;
let manager: string;
let agent: string;
let stranger: string;

interface Answer<T = Record<string, unknown>> {
  status: number;
  text: string;
  json: T;
}

const call = <T = Record<string, unknown>>(path: string, token: string | undefined, method = 'GET', body?: unknown): Promise<Answer<T>> =>
  rest<T>(api, path, { token, method, body });

let staffCounter = 0;
async function staff(role: 'AGENT' | 'MANAGER'): Promise<string> {
  staffCounter += 1;
  const email = `${role.toLowerCase()}-${process.pid}-${Date.now()}-${staffCounter}@agence-test.fr`;
  const created = await call('/users', admin, 'POST', {
    accountType: 'AGENT',
    role,
    firstName: 'Inès',
    lastName: 'Moreau',
    email,
    password: 'mot-de-passe-agent',
  });
  expect(created.status).toBe(201);
  return (await call<{ accessToken: string }>('/auth/login', undefined, 'POST', { email, password: 'mot-de-passe-agent' })).json
    .accessToken;
}

type Integration = { provider: string; status: string; connectedAt: string | null; lastSyncedAt: string | null; lastError: string | null };
type MessageSummary = {
  id: string;
  channel: string;
  fromName: string | null;
  fromAddress: string;
  subject: string | null;
  preview: string;
  attachmentCount: number;
};
type FileView = { id: string; fileName: string; source: string; status: string; typeDocument: string | null };
type VocalView = { id: string; source: string; mimeType: string };
type CalendarEvent = { title: string; startAt: string; endAt: string };
type Page<T> = { items: T[]; nextCursor: string | null };

/** Every item of a list, following the cursor. */
async function all<T>(path: string, token: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Answer<Page<T>> = await call<Page<T>>(
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      token,
    );
    expect(page.status, path).toBe(200);
    items.push(...page.json.items);
    cursor = page.json.nextCursor;
  } while (cursor);
  return items;
}

async function counts(token: string) {
  const range = `from=${new Date(Date.now() - 60 * DAY).toISOString()}&to=${new Date(Date.now() + 60 * DAY).toISOString()}`;
  return {
    messages: (await all<MessageSummary>('/messages', token)).length,
    files: (await all<FileView>('/files', token)).length,
    vocals: (await all<VocalView>('/vocals', token)).length,
    events: (await all<CalendarEvent>(`/calendar-events?${range}`, token)).length,
  };
}

/**
 * A delivery as Meta sends it to the agency's number: indented, non-ASCII escaped (`\u00e9`), so
 * a host that re-serialised the JSON before checking the signature would fail.
 */
function delivery(messageId: string, text: string, phoneNumberId = whatsapp.phoneNumberId): Buffer {
  const payload = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '33491543210', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: 'Sandrine Hoarau' }, wa_id: '33622334455' }],
              messages: [
                {
                  from: '33622334455',
                  id: messageId,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  };
  return Buffer.from(
    JSON.stringify(payload, null, 2).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

async function post(body: Buffer | string, headers: Record<string, string>) {
  const res = await fetch(`${api.baseUrl}${WEBHOOK}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
}

const signed = (body: Buffer, secret = whatsapp.appSecret) => ({
  'content-type': 'application/json',
  'x-hub-signature-256': signPayload(body, secret),
});

beforeAll(async () => {
  api = await startApi({ BODY_LIMIT_BYTES: String(BODY_LIMIT) }, { write: (line) => void logs.push(line) });
  admin = (await register(api)).token;
  stranger = (await register(api)).token;
  manager = await staff('MANAGER');
  agent = await staff('AGENT');
});
afterAll(() => api.stop());

describe('integrations over REST', () => {
  it('starts with every provider disconnected', async () => {
    const list = await call<{ items: Integration[] }>('/integrations', agent);
    expect(list.status).toBe(200);
    expect(list.json.items.map((i) => i.provider).sort()).toEqual(['GMAIL', 'GOOGLE_CALENDAR', 'WHATSAPP']);
    for (const item of list.json.items) expect(item).toMatchObject({ status: 'DISCONNECTED', connectedAt: null });
  });

  it('lets managers connect, never agents, and never answers a token', async () => {
    expect(await call('/integrations/gmail/connect', agent, 'POST', { code: 'code-de-test' })).toMatchObject({
      status: 403,
      json: { code: 'FORBIDDEN', message: expect.any(String) },
    });
    expect((await call('/integrations/gmail/connect', manager, 'POST', {})).status).toBe(400);
    expect((await call('/integrations/whatsapp/connect', manager, 'POST', { code: 'code-de-test' })).status).toBe(400);
    expect((await call('/integrations/outlook/connect', manager, 'POST', { code: 'code-de-test' })).status).toBe(400);

    const answers = [
      await call<Integration>('/integrations/gmail/connect', manager, 'POST', { code: 'code-de-test' }),
      await call<Integration>('/integrations/google-calendar/connect', manager, 'POST', { code: 'code-de-test' }),
      await call<Integration>('/integrations/whatsapp/connect', manager, 'POST', whatsapp),
    ];
    expect(answers.map((a) => [a.status, a.json.provider])).toEqual([
      [200, 'GMAIL'],
      [200, 'GOOGLE_CALENDAR'],
      [200, 'WHATSAPP'],
    ]);
    for (const { json, text } of answers) {
      expect(['CONNECTED', 'SYNC_QUEUED', 'SYNCING']).toContain(json.status);
      expect(json.connectedAt).toEqual(expect.any(String));
      expect(Object.keys(json).sort()).toEqual([
        'accountLabel',
        'connectedAt',
        'failureCount',
        'lastError',
        'lastSyncedAt',
        'provider',
        'status',
      ]);
      for (const secret of ['ya29.', '1//', 'code-de-test', whatsapp.accessToken, whatsapp.appSecret, whatsapp.verifyToken])
        expect(text).not.toContain(secret);
    }
    await api.queue.idle();

    const list = await call<{ items: Integration[] }>('/integrations', agent);
    expect(list.json.items).toHaveLength(3);
    for (const item of list.json.items)
      expect(item).toMatchObject({ status: 'CONNECTED', connectedAt: expect.any(String), lastError: null });
    for (const secret of ['ya29.', '1//', whatsapp.accessToken, whatsapp.appSecret, whatsapp.verifyToken])
      expect(list.text).not.toContain(secret);
  });

  it('syncs on demand (agents too) and imports e-mails, WhatsApp messages, documents, the voice note and appointments', async () => {
    for (const provider of ['gmail', 'google-calendar', 'whatsapp']) {
      expect(await call(`/integrations/${provider}/sync`, agent, 'POST')).toMatchObject({
        status: 200,
        json: { jobId: expect.any(String), status: 'QUEUED' },
      });
    }
    await api.queue.idle();

    const emails = await all<MessageSummary>('/messages?channel=GMAIL', agent);
    // the mock mailbox: seven e-mails over three pages
    expect(emails).toHaveLength(7);
    const dpeMail = emails.find((m) => m.subject === "DPE de l'appartement du 14 rue Sainte");
    expect(dpeMail).toMatchObject({ fromAddress: 'jp.fabre@orange.fr', attachmentCount: 1 });
    const dpeMessage = await call<{ attachments: FileView[]; body: string }>(`/messages/${dpeMail!.id}`, agent);
    expect(dpeMessage.json.body).toContain('215 kWh/m²');
    expect(dpeMessage.json.attachments).toEqual([expect.objectContaining({ fileName: 'DPE - 14 rue Sainte.pdf', source: 'GMAIL' })]);

    // six WhatsApp messages (a read receipt among the deliveries is no message)
    const chats = await all<MessageSummary>('/messages?channel=WHATSAPP', agent);
    expect(chats).toHaveLength(6);
    expect(chats.map((m) => m.preview)).toEqual(
      expect.arrayContaining([expect.stringContaining('charges de copropriété et de la taxe foncière')]),
    );
    // the photo and the tax notice come with their message
    expect(
      chats
        .filter((m) => m.attachmentCount > 0)
        .map((m) => m.fromAddress)
        .sort(),
    ).toEqual(['+33647128530', '+33680442109']);

    const files = await all<FileView>('/files', agent);
    expect(files.find((f) => f.fileName === 'DPE - 14 rue Sainte.pdf')).toMatchObject({
      source: 'GMAIL',
      status: 'CLASSIFIED',
      typeDocument: 'DPE',
    });
    expect(files.find((f) => f.fileName === 'Mandat de vente MV-2026-021 signé.pdf')).toMatchObject({
      source: 'GMAIL',
      status: 'CLASSIFIED',
      typeDocument: 'MANDAT_VENTE_SIGNE',
    });
    expect(files.filter((f) => f.source === 'GMAIL')).toHaveLength(6);
    expect(files.filter((f) => f.source === 'WHATSAPP').map((f) => f.fileName)).toEqual(
      expect.arrayContaining(['Taxe foncière 2026 - studio.pdf']),
    );
    expect(files.filter((f) => f.source === 'WHATSAPP')).toHaveLength(2);

    const vocals = await all<VocalView>('/vocals', agent);
    expect(vocals).toEqual([expect.objectContaining({ source: 'WHATSAPP', mimeType: 'audio/ogg' })]);

    const integrations = await call<{ items: Integration[] }>('/integrations', agent);
    for (const item of integrations.json.items)
      expect(item).toMatchObject({ status: 'CONNECTED', lastSyncedAt: expect.any(String), lastError: null });
  });

  it('lists the appointments of a date range', async () => {
    const now = Date.now();
    const wide = await all<CalendarEvent>(
      `/calendar-events?from=${new Date(now - 30 * DAY).toISOString()}&to=${new Date(now + 30 * DAY).toISOString()}`,
      agent,
    );
    expect(wide).toHaveLength(7);
    expect(wide.map((e) => e.startAt)).toEqual(wide.map((e) => e.startAt).sort());
    // the sample appointments sit at set hours on days around now: this range holds exactly those of tomorrow and the day after
    const from = new Date(now - DAY).toISOString();
    const to = new Date(now + 3 * DAY - 6 * 3_600_000).toISOString();
    const narrow = await call<Page<CalendarEvent>>(`/calendar-events?from=${from}&to=${to}`, agent);
    expect(narrow.status).toBe(200);
    expect(narrow.json.items.map((e) => e.title).sort()).toEqual([
      'Estimation – appartement 42 rue Paradis',
      'Visite – T3 14 rue Sainte (Mme Girard)',
    ]);
    for (const event of narrow.json.items) expect(event.endAt > from && event.startAt < to).toBe(true);

    expect(await call(`/calendar-events?from=${to}&to=${from}`, agent)).toMatchObject({
      status: 400,
      json: { code: 'BAD_REQUEST', message: expect.any(String) },
    });
    expect((await call('/calendar-events?from=demain', agent)).status).toBe(400);
    // Compared as instants, not as strings: the precision of either bound does not matter.
    expect((await call('/calendar-events?from=2026-01-01T10:00:00Z&to=2026-01-01T10:00:00.500Z', agent)).status).toBe(200);
    expect((await call('/calendar-events?from=2026-01-01T10:00:00.000Z&to=2026-01-01T10:00:00Z', agent)).status).toBe(400);
  });

  it('imports nothing twice', async () => {
    const before = await counts(agent);
    expect(before).toEqual({ messages: 13, files: 8, vocals: 1, events: 7 });
    for (const provider of ['gmail', 'google-calendar', 'whatsapp'])
      expect((await call(`/integrations/${provider}/sync`, manager, 'POST')).status).toBe(200);
    await api.queue.idle();
    expect(await counts(agent)).toEqual(before);
  });

  it("keeps other agencies out of this agency's imports", async () => {
    expect(await counts(stranger)).toEqual({ messages: 0, files: 0, vocals: 0, events: 0 });
    const theirs = await call<{ items: Integration[] }>('/integrations', stranger);
    expect(theirs.json.items.map((i) => i.status)).toEqual(['DISCONNECTED', 'DISCONNECTED', 'DISCONNECTED']);
    const sync = await call('/integrations/gmail/sync', stranger, 'POST');
    expect([404, 422]).toContain(sync.status);
    expect(sync.json).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('disconnects (managers only): tokens gone, sync refused, imports kept', async () => {
    const before = await counts(agent);
    expect(await call('/integrations/gmail', agent, 'DELETE')).toMatchObject({ status: 403, json: { code: 'FORBIDDEN' } });
    expect(await call('/integrations/gmail', manager, 'DELETE')).toMatchObject({
      status: 200,
      json: { provider: 'GMAIL', status: 'DISCONNECTED' },
    });
    const sync = await call('/integrations/gmail/sync', agent, 'POST');
    expect([404, 422]).toContain(sync.status);
    expect(sync.json).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    await api.queue.idle();
    expect(await counts(agent)).toEqual(before);
    const list = await call<{ items: Integration[] }>('/integrations', agent);
    expect(list.json.items.find((i) => i.provider === 'GMAIL')).toMatchObject({ status: 'DISCONNECTED' });
    expect(list.json.items.find((i) => i.provider === 'WHATSAPP')).toMatchObject({ status: 'CONNECTED' });
  });

  it('answers integrations.list through the typed tRPC client', async () => {
    const client = trpcClient(api, { token: agent });
    const { items } = await client.integrations.list.query({});
    expect(Object.fromEntries(items.map((i) => [i.provider, i.status]))).toEqual({
      GMAIL: 'DISCONNECTED',
      GOOGLE_CALENDAR: 'CONNECTED',
      WHATSAPP: 'CONNECTED',
    });
  });
});

describe("Meta's WhatsApp webhook", () => {
  const handshake = (token: string, mode = 'subscribe') =>
    fetch(`${api.baseUrl}${WEBHOOK}?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`);

  it('echoes the challenge for the verify token of a connected integration, 403 otherwise', async () => {
    const ok = await handshake(whatsapp.verifyToken);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');

    for (const res of [
      await handshake('pas-le-bon-jeton'),
      await handshake(whatsapp.verifyToken, 'unsubscribe'),
      await fetch(`${api.baseUrl}${WEBHOOK}`),
    ]) {
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.any(String) });
    }
  });

  it('accepts a signed delivery once, even when Meta delivers it again', async () => {
    const body = delivery(
      'wamid.WEBHOOK-TEST-0001',
      'Bonjour, la maison du boulevard Longchamp a-t-elle un garage fermé ? Sandrine Hoarau',
    );
    expect(body.toString()).toContain('ferm\\u00e9');
    expect(await post(body, signed(body))).toEqual({ status: 200, json: { received: 1 } });
    // Meta retries what it thinks failed: same bytes, same signature
    expect((await post(body, signed(body))).status).toBe(200);
    await api.queue.idle();
    const found = await all<MessageSummary>('/messages?channel=WHATSAPP&q=garage', agent);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      fromAddress: '+33622334455',
      fromName: 'Sandrine Hoarau',
      preview: expect.stringContaining('garage fermé'),
    });
  });

  it('refuses a missing or forged signature, or an unknown number, and stores nothing', async () => {
    const before = await counts(agent);
    const body = delivery('wamid.WEBHOOK-TEST-0002', 'Message falsifié : virement urgent');
    const unknownNumber = delivery('wamid.WEBHOOK-TEST-0003', 'Message falsifié : virement urgent', '999999999999');
    for (const [payload, headers] of [
      [body, { 'content-type': 'application/json' }],
      [body, signed(body, 'pas-le-secret-de-l-application')],
      [body, { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=deadbeef' }],
      [unknownNumber, signed(unknownNumber)],
    ] as [Buffer, Record<string, string>][]) {
      expect(await post(payload, headers)).toMatchObject({ status: 401, json: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    }
    await api.queue.idle();
    expect(await counts(agent)).toEqual(before);
    expect(await all('/messages?q=falsifie', agent)).toEqual([]);
  });

  it('refuses bodies over the limit (413), not JSON (400) or of another type (415)', async () => {
    const big = Buffer.alloc(BODY_LIMIT + 1, 0x20);
    expect(await post(big, signed(big))).toMatchObject({
      status: 413,
      json: { code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: BODY_LIMIT } },
    });

    // without Content-Length: the limit holds while reading
    const chunks = [Buffer.alloc(BODY_LIMIT / 2, 0x20), Buffer.alloc(BODY_LIMIT / 2, 0x20), Buffer.alloc(1024, 0x20)];
    const streamed = await fetch(`${api.baseUrl}${WEBHOOK}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const garbage = Buffer.from('pas du json');
    expect(await post(garbage, signed(garbage))).toMatchObject({ status: 400, json: { code: 'BAD_REQUEST', message: expect.any(String) } });
    expect((await post(Buffer.alloc(0), signed(Buffer.alloc(0)))).status).toBe(400);
    const body = delivery('wamid.WEBHOOK-TEST-0004', 'Bonjour');
    expect(await post(body, { ...signed(body), 'content-type': 'text/plain' })).toMatchObject({
      status: 415,
      json: { code: 'UNSUPPORTED_MEDIA_TYPE' },
    });
  });

  it('is described in the OpenAPI document, public, under Integrations', async () => {
    const doc = (await (await fetch(`${api.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { tags: string[]; security: unknown[]; responses: Record<string, unknown> }>>;
    };
    const item = doc.paths['/integrations/whatsapp/webhook'];
    expect(item?.get).toMatchObject({ tags: ['Integrations'], security: [] });
    expect(item?.post).toMatchObject({ tags: ['Integrations'], security: [] });
    expect(Object.keys(item?.post?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '413']));
    expect(Object.keys(item?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '403']));
  });

  it('never logs a body, a token or a secret', () => {
    const logged = logs.join('\n');
    expect(logged).toContain(WEBHOOK);
    for (const secret of [
      whatsapp.appSecret,
      whatsapp.verifyToken,
      whatsapp.accessToken,
      'virement urgent',
      'garage',
      'code-de-test',
      'ya29.',
      admin,
      agent,
    ]) {
      expect(logged).not.toContain(secret);
    }
  });
});
