import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { seedAsset } from '@monimmo/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, register, startApi } from './harness.ts';

// A real Redis URL on a port nothing listens on: the queue is down for the whole file.
let api: ApiHarness;
let token: string;
const asset = seedAsset;

async function call(path: string, init: { method?: string; body?: RequestInit['body']; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${api.baseUrl}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...init.headers },
    body: init.body,
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  api = await startApi({ ENABLE_QUEUE: 'true', REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: `t-api-down-${process.pid}` });
  token = (await register(api)).token;
});
afterAll(() => api.stop());

describe('with the job queue unreachable', () => {
  it('records what is created and answers it, leaving the job to the recovery pass', async () => {
    const sent = json({ channel: 'GMAIL', fromAddress: 'acheteur@exemple.fr', body: 'Bonjour, le T3 est-il encore disponible ?' });
    const retried = { ...sent, headers: { ...sent.headers, 'idempotency-key': `down-${process.pid}` } };
    const message = await call('/messages', retried);
    expect(message.status).toBeLessThan(300);
    expect(message.json).toMatchObject({ aiStatus: 'PENDING' });
    // A client retrying anyway, with its key, gets the same answer and no second message.
    const retry = await call('/messages', retried);
    expect(retry).toMatchObject({ status: message.status, json: message.json });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    const form = new FormData();
    form.append('file', new Blob([asset('dpe.pdf')], { type: 'application/pdf' }), 'dpe.pdf');
    const file = await call('/files/upload', { method: 'POST', body: form });
    expect(file.status).toBeLessThan(300);
    expect(file.json).toMatchObject({ status: 'UPLOADED' });

    const vocal = await call('/vocals/upload?fileName=visite.m4a', {
      method: 'POST',
      body: asset('visite-initiale-rue-paradis.m4a'),
      headers: { 'content-type': 'audio/mp4' },
    });
    expect(vocal.status).toBeLessThan(300);
    expect(vocal.json).toMatchObject({ status: 'UPLOADED' });

    const gmail = await call('/integrations/gmail/connect', json({ code: 'code-de-test' }));
    expect(gmail.status).toBeLessThan(300);
    expect(gmail.json).toMatchObject({ status: 'SYNC_QUEUED' });

    // Each once, whatever the queue did.
    expect(((await call('/messages')).json.items as unknown[]).length).toBe(1);
    expect(((await call('/files')).json.items as unknown[]).length).toBe(1);
    expect(((await call('/vocals')).json.items as unknown[]).length).toBe(1);
  });

  it('answers 503 UNAVAILABLE with Retry-After to a request that only queues a job', async () => {
    const message = await call(
      '/messages',
      json({ channel: 'GMAIL', fromAddress: 'vendeur@exemple.fr', body: 'Je souhaite vendre mon appartement.' }),
    );
    const rerun = await call(`/messages/${message.json.id as string}/run-ai`, { method: 'POST' });
    expect(rerun.status).toBe(503);
    expect(rerun.json).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'QUEUE_UNAVAILABLE' } });
    expect(rerun.headers.get('retry-after')).toBe('5');
  });
});

describe('with Redis stopping while the API runs', () => {
  it('keeps answering creations at once, and 503 to what only queues a job', async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let log = '';
    await new Promise<void>((resolve, reject) => {
      redis.stdout.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('Ready to accept connections')) resolve();
      });
      redis.on('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${log}`)));
    });
    redis.stdout.resume();
    const up = await startApi({ ENABLE_QUEUE: 'true', REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_PREFIX: `t-api-stop-${process.pid}` });
    try {
      const own = (await register(up)).token;
      const send = (path: string, body?: unknown) =>
        fetch(`${up.baseUrl}/api/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${own}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const before = await send('/messages', { channel: 'GMAIL', fromAddress: 'avant@exemple.fr', body: 'Redis tourne encore.' });
      expect(before.status).toBeLessThan(300);
      redis.kill('SIGKILL');
      await once(redis, 'exit');
      const after = await send('/messages', { channel: 'GMAIL', fromAddress: 'apres@exemple.fr', body: 'Redis est arrêté.' });
      expect(after.status).toBeLessThan(300);
      const { id } = (await after.json()) as { id: string };
      const rerun = await send(`/messages/${id}/run-ai`);
      expect(rerun.status).toBe(503);
      expect(await rerun.json()).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'QUEUE_UNAVAILABLE' } });
    } finally {
      if (redis.exitCode === null) redis.kill('SIGKILL');
      await up.stop();
    }
  });
});
