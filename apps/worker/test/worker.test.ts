import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { vocalFixture } from '@monimmo/ai/testing';
import { seedAsset } from '@monimmo/core/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register, rest as restOn, startApi, type ApiHarness } from '@monimmo/api/testing';

const workerDir = fileURLToPath(new URL('..', import.meta.url));
const pdf = seedAsset('dpe.pdf');
const audio = vocalFixture;
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

const rest = async (path: string, method = 'GET', body?: unknown) =>
  (await restOn<Record<string, unknown> & { id: string }>(api, path, { token, method, body })).json;

// Short locks and recovery delays, so a killed worker's work comes back within the test.
const env = {
  ENABLE_QUEUE: 'true',
  REDIS_URL,
  QUEUE_PREFIX,
  JOB_BACKOFF_DELAY_MS: '50',
  JOB_LOCK_DURATION_MS: '2000',
  RECOVERY_STALE_AFTER_MS: '1500',
  RECOVERY_INTERVAL_MS: '1000',
};

async function startWorker(): Promise<void> {
  const started = output.length;
  worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: workerDir,
    env: {
      PATH: process.env.PATH,
      ...env,
      LOG_LEVEL: 'info',
      DATABASE_URL: api.config.DATABASE_URL,
      LOCAL_STORAGE_DIR: api.config.LOCAL_STORAGE_DIR,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  worker.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await eventually(
    async () => output.slice(started),
    (o) => o.includes('consuming jobs'),
  );
}

async function uploadVocal(name: string, mimeType: string, propertyId?: string) {
  const query = new URLSearchParams({ fileName: name, ...(propertyId ? { propertyId } : {}) });
  const res = await fetch(`${api.baseUrl}/api/v1/vocals/upload?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': mimeType },
    body: audio(name),
  });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as { id: string; status: string };
}

beforeAll(async () => {
  api = await startApi(env);
  await startWorker();
  token = (await register(api)).token;
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
      async () =>
        (await (await fetch(`${api.baseUrl}/health`)).json()) as {
          status: string;
          checks: { queue: { driver: string; redis: string; workers: number } };
        },
      (h) => h.checks.queue.workers > 0,
    );
    expect(health).toMatchObject({ status: 'ok', checks: { queue: { driver: 'bullmq', redis: 'ok', workers: 1 } } });
  });

  it('triages a message and classifies a document that the API queued', async () => {
    const property = await rest('/properties', 'POST', {
      title: 'T3 Prado',
      address: '101 avenue du Prado',
      postalCode: '13008',
      city: 'Marseille',
      owner: { firstName: 'Chantal', lastName: 'Roux', email: 'chantal.roux@exemple.fr' },
    });
    const message = await rest('/messages', 'POST', {
      channel: 'GMAIL',
      fromAddress: 'chantal.roux@exemple.fr',
      subject: 'Visite',
      body: 'Bonjour, la visite de samedi me convient.',
    });
    const upload = await fetch(`${api.baseUrl}/api/v1/files/upload?fileName=scan.pdf&propertyId=${property.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      body: pdf,
    });
    const file = (await upload.json()) as { id: string };

    const triaged = await eventually(
      () => rest(`/messages/${message.id}`),
      (m) => m.aiStatus !== 'PENDING',
    );
    expect(triaged).toMatchObject({ aiStatus: 'PROCESSED', propertyId: property.id });
    const classified = await eventually(
      () => rest(`/files/${file.id}`),
      (f) => f.status !== 'UPLOADED',
    );
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

  it('runs the voice-note pipeline from upload to INSIGHTS_READY, for each type', async () => {
    const lices = await rest('/properties', 'POST', {
      title: 'Appartement rue des Lices',
      address: '12 rue des Lices',
      postalCode: '49100',
      city: 'Angers',
      owner: { firstName: 'Martine', lastName: 'Garnier', email: 'martine.garnier@exemple.fr' },
    });
    const roux = await rest('/properties', 'POST', {
      title: 'Maison Jean Jaurès',
      address: '8 avenue Jean Jaurès',
      postalCode: '49000',
      city: 'Angers',
      price: 310000,
      owner: { firstName: 'Paul', lastName: 'Roux', email: 'paul.roux@exemple.fr' },
    });
    const initial = await uploadVocal('visite-initiale.m4a', 'audio/mp4', lices.id);
    const report = await uploadVocal('compte-rendu-client.mp3', 'audio/mpeg');
    const followUp = await uploadVocal('visite-suivi.ogg', 'audio/ogg');
    expect(initial.status).toBe('UPLOADED');
    const done = (id: string) =>
      eventually(
        () => rest(`/vocals/${id}`),
        (v) => v.status === 'INSIGHTS_READY' || v.status === 'REVIEW_REQUIRED',
      );
    expect(await done(initial.id)).toMatchObject({ status: 'INSIGHTS_READY', vocalType: 'VISITE_INITIALE', propertyId: lices.id });
    expect(await done(report.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      vocalType: 'COMPTE_RENDU_VISITE_CLIENT',
      propertyId: lices.id,
      insights: { budget: 178000 },
    });
    expect(await done(followUp.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      vocalType: 'VISITE_SUIVI',
      propertyId: roux.id,
      insights: { newPrice: 295000 },
    });
    expect(await rest(`/properties/${lices.id}`)).toMatchObject({ price: 320000, details: { surface: 75, rooms: 3 } });
  });

  it('a worker killed mid-pipeline: the next one resumes, nothing done twice', async () => {
    const property = await rest('/properties', 'POST', {
      title: 'Appartement Lices bis',
      address: '40 rue des Lices',
      postalCode: '49100',
      city: 'Angers',
      owner: { firstName: 'Anne', lastName: 'Lefort', email: 'anne.lefort@exemple.fr' },
    });
    const vocal = await uploadVocal('visite-initiale.m4a', 'audio/mp4', property.id);
    // Killed as soon as the pipeline has started: a stage may be running, its lock then expires.
    await eventually(
      () => rest(`/vocals/${vocal.id}`),
      (v) => v.status !== 'UPLOADED',
      400,
    );
    worker.kill('SIGKILL');
    await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    await startWorker();
    const done = await eventually(
      () => rest(`/vocals/${vocal.id}`),
      (v) => v.status === 'INSIGHTS_READY',
      400,
    );
    expect(done).toMatchObject({ status: 'INSIGHTS_READY', vocalType: 'VISITE_INITIALE' });
    // The note names another street number than the property card: one conflict item, however many runs.
    const review = (await rest('/review-queue?itemType=VOCAL&limit=100')) as unknown as { items: { itemId: string; reason: string }[] };
    expect(review.items.filter((i) => i.itemId === vocal.id).map((i) => i.reason)).toEqual(['VOCAL_EXTRACTION_CONFLICT']);
    expect(await rest(`/properties/${property.id}`)).toMatchObject({ price: 320000, details: { surface: 75, rooms: 3, bedrooms: 2 } });
  });

  it('a note whose job was lost with its worker is found by the periodic recovery pass', async () => {
    worker.kill('SIGSTOP');
    const vocal = await uploadVocal('visite-suivi.ogg', 'audio/ogg');
    // The queue loses the waiting job (a Redis flush, a crash before it was written).
    const ai = new Queue('ai', { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
    await ai.drain();
    await ai.close();
    worker.kill('SIGCONT');
    const recovered = await eventually(
      () => rest(`/vocals/${vocal.id}`),
      (v) => v.status === 'INSIGHTS_READY',
      400,
    );
    expect(recovered).toMatchObject({ status: 'INSIGHTS_READY', vocalType: 'VISITE_SUIVI', attempts: 1 });
    expect(output).toContain('"msg":"recovery pass"');
  });

  it('stops on SIGTERM after finishing its jobs, exiting 0', async () => {
    worker.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => worker.on('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  });
});
