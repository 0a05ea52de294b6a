import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgency, startApi, type ApiHarness } from '../../api/test/harness.ts';

const workerDir = fileURLToPath(new URL('..', import.meta.url));
const pdf = readFileSync(new URL('../../../packages/core/src/seed-assets/dpe.pdf', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUEUE_PREFIX = `test-worker-${process.pid}-${Date.now()}`;

let api: ApiHarness;
let worker: ChildProcess;
let output = '';
let token: string;

/** Polls until `check` passes: the work happens in another process. Bounded, never timed. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, tries = 200): Promise<T> {
  for (let i = 0; ; i += 1) {
    const value = await read();
    if (check(value) || i >= tries) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function rest(path: string, method = 'GET', body?: unknown) {
  const res = await fetch(`${api.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown> & { id: string };
}

beforeAll(async () => {
  const env = { ENABLE_QUEUE: 'true', REDIS_URL, QUEUE_PREFIX, BULLMQ_BACKOFF_DELAY_MS: '50' };
  api = await startApi(env);
  worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: workerDir,
    env: { PATH: process.env.PATH, ...env, LOG_LEVEL: 'info', DATABASE_URL: api.config.DATABASE_URL, LOCAL_STORAGE_DIR: api.config.LOCAL_STORAGE_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  worker.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await eventually(async () => output, (o) => o.includes('consuming jobs'));
  const res = await fetch(`${api.baseUrl}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(newAgency()) });
  token = ((await res.json()) as { accessToken: string }).accessToken;
});

afterAll(async () => {
  if (worker.exitCode === null) worker.kill('SIGKILL');
  await api.stop();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${QUEUE_PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('the worker process (BullMQ over Redis)', () => {
  it('is seen alive by the API health check', async () => {
    const health = await eventually(
      async () => (await (await fetch(`${api.baseUrl}/health`)).json()) as { status: string; checks: { queue: { driver: string; redis: string; workers: number } } },
      (h) => h.checks.queue.workers > 0,
    );
    expect(health).toMatchObject({ status: 'ok', checks: { queue: { driver: 'bullmq', redis: 'ok', workers: 1 } } });
  });

  it('triages a message and classifies a document that the API queued', async () => {
    const property = await rest('/properties', 'POST', { title: 'T3 Prado', address: '101 avenue du Prado', postalCode: '13008', city: 'Marseille', owner: { firstName: 'Chantal', lastName: 'Roux', email: 'chantal.roux@exemple.fr' } });
    const message = await rest('/messages', 'POST', { channel: 'GMAIL', fromAddress: 'chantal.roux@exemple.fr', subject: 'Visite', body: 'Bonjour, la visite de samedi me convient.' });
    const upload = await fetch(`${api.baseUrl}/api/v1/files/upload?fileName=scan.pdf&propertyId=${property.id}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: pdf });
    const file = (await upload.json()) as { id: string };

    const triaged = await eventually(() => rest(`/messages/${message.id}`), (m) => m.aiStatus !== 'PENDING');
    expect(triaged).toMatchObject({ aiStatus: 'PROCESSED', propertyId: property.id });
    const classified = await eventually(() => rest(`/files/${file.id}`), (f) => f.status !== 'UPLOADED');
    expect(classified).toMatchObject({ status: 'CLASSIFIED', typeDocument: 'DPE' });

    // the same run-ai twice while the first waits (worker paused): one job, one run
    worker.kill('SIGSTOP');
    const a = await rest(`/messages/${message.id}/run-ai`, 'POST');
    const b = await rest(`/messages/${message.id}/run-ai`, 'POST');
    worker.kill('SIGCONT');
    expect(a).toMatchObject({ status: 'QUEUED', jobId: b.jobId });
    await api.queue.idle();
    const runs = output.split('\n').filter((line) => line.includes(`"jobId":"${a.jobId}"`) && line.includes('"msg":"job finished"'));
    expect(runs).toHaveLength(1);
  });

  it('stops on SIGTERM after finishing its jobs, exiting 0', async () => {
    worker.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => worker.on('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  });
});
