import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeGracefully } from '../src/shutdown.ts';
import { listen, type Listening } from './events-client.ts';
import { type ApiHarness, createProperty, register, rest, type Session, startApi } from './harness.ts';

let api: ApiHarness;
const lines: string[] = [];
const open: Listening[] = [];
let ours: Session;
let theirs: Session;

beforeAll(async () => {
  // A short request deadline: an event stream outlives it.
  api = await startApi({ REQUEST_TIMEOUT_MS: '200' }, { write: (line) => void lines.push(line) });
  ours = await register(api);
  theirs = await register(api);
});
afterAll(async () => {
  for (const l of open) l.stop();
  await api?.stop();
});

const subscribe = async (token: string, lastEventId?: string) => {
  const l = listen(api, token, lastEventId);
  open.push(l);
  await l.started;
  return l;
};
const move = async (token: string, id: string, status: string) => {
  const answer = await rest(api, `/properties/${id}/status`, { method: 'PATCH', token, body: { status } });
  expect(answer.status).toBe(200);
};

describe('events.stream (SSE)', () => {
  it("delivers its agency's property move made over REST, never another agency's", async () => {
    const mine = await subscribe(ours.token);
    const other = await subscribe(theirs.token);
    const id = await createProperty(api, ours.token);
    const elsewhere = await createProperty(api, theirs.token);
    // Past the request deadline: the stream is still open.
    await new Promise((r) => setTimeout(r, 400));
    await move(ours.token, id, 'MANDAT_SIGNE');
    await expect.poll(() => mine.events.map((e) => e.type)).toEqual(['property.created', 'property.status_changed']);
    expect(mine.events[1]).toMatchObject({ orgId: ours.orgId, itemId: id, from: 'PROSPECTION', to: 'MANDAT_SIGNE' });
    expect(Object.keys(mine.events[1]!).sort()).toEqual(['at', 'from', 'id', 'itemId', 'orgId', 'to', 'type']);
    await expect.poll(() => other.events.map((e) => e.itemId)).toEqual([elsewhere]);
    expect(other.events.some((e) => e.orgId !== theirs.orgId)).toBe(false);
  });

  it('resumes after a dropped connection with what was published meanwhile', async () => {
    const id = await createProperty(api, ours.token);
    const first = await subscribe(ours.token);
    await move(ours.token, id, 'MANDAT_SIGNE');
    await expect.poll(() => first.events.length).toBe(1);
    first.stop();
    await move(ours.token, id, 'OFFRES');
    await move(ours.token, id, 'COMPROMIS');
    const again = await subscribe(ours.token, first.events[0]!.id);
    await expect.poll(() => again.events.map((e) => e.to)).toEqual(['OFFRES', 'COMPROMIS']);
    expect(again.resyncs).toBe(0);
    await move(ours.token, id, 'VENDU');
    await expect.poll(() => again.events.map((e) => e.to)).toEqual(['OFFRES', 'COMPROMIS', 'VENDU']);
  });

  it("resumes by itself when the server cuts the connection (EventSource's Last-Event-ID)", async () => {
    const streams: Socket[] = [];
    const track = (req: IncomingMessage) => void (req.url?.startsWith('/trpc/events.stream') && streams.push(req.socket));
    api.server.on('request', track);
    const id = await createProperty(api, ours.token);
    const l = await subscribe(ours.token);
    await move(ours.token, id, 'MANDAT_SIGNE');
    await expect.poll(() => l.events.length).toBe(1);
    // The stream's socket goes; the client reconnects after its retry delay.
    for (const socket of streams.splice(0)) socket.destroy();
    api.server.off('request', track);
    await move(ours.token, id, 'EN_DIFFUSION');
    await move(ours.token, id, 'VISITES');
    await expect.poll(() => l.events.map((e) => e.to), { timeout: 10_000 }).toEqual(['MANDAT_SIGNE', 'EN_DIFFUSION', 'VISITES']);
    expect(l.resyncs).toBe(0);
  });

  it('says resync for an id it does not hold, then carries on live', async () => {
    const stale = await subscribe(ours.token, 'an-id-from-a-previous-process');
    await expect.poll(() => stale.resyncs).toBe(1);
    const id = await createProperty(api, ours.token);
    await expect.poll(() => stale.events.map((e) => e.itemId)).toContain(id);
  });

  it('refuses a stream without a valid token', async () => {
    const refused = listen(api, 'not-a-token');
    open.push(refused);
    await expect(refused.failed).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  });

  it('never writes the token carried in the stream URL to the logs', async () => {
    await subscribe(ours.token);
    const logged = lines.join('\n');
    expect(logged).toContain('/trpc/events.stream');
    expect(logged).not.toContain(ours.token);
    expect(logged).not.toContain('connectionParams');
  });
});

describe('a stopping API', () => {
  it('ends its open streams, so the graceful shutdown does not wait for them', async () => {
    const stopping = await startApi();
    try {
      const session = await register(stopping);
      const l = listen(stopping, session.token);
      await l.started;
      // As main.ts does on SIGTERM: the streams end first, then the server closes (long grace).
      stopping.services.events.close();
      await closeGracefully(stopping.server, 120_000);
    } finally {
      await stopping.stop();
    }
  });
});
