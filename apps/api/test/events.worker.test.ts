import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listen, type Listening } from './events-client.ts';
import { type ApiHarness, register, rest, startApi } from './harness.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const workerDir = fileURLToPath(new URL('../../worker', import.meta.url));
const prefix = `t-events-worker-${process.pid}-${Date.now()}`;

let api: ApiHarness;
let stream: Listening | undefined;
let stopWorker: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  // Jobs go to Redis: the API runs none of them, the worker process does.
  api = await startApi({ ENABLE_QUEUE: 'true', REDIS_URL, QUEUE_PREFIX: prefix });
  await api.events.ready();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: workerDir,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ENABLE_QUEUE: 'true',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATABASE_URL: api.config.DATABASE_URL,
      LOCAL_STORAGE_DIR: api.config.LOCAL_STORAGE_DIR,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  stopWorker = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    process.off('exit', orphan);
  };
  // expect.poll is for tests only: wait for the worker's start line by hand.
  for (let i = 0; !output.includes('Monimmo worker consuming jobs'); i++) {
    if (i > 600 || child.exitCode !== null) throw new Error(`the worker did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}, 60_000);
afterAll(async () => {
  stream?.stop();
  await stopWorker();
  await api?.stop();
});

it("an event a worker publishes reaches a client of the API's stream", async () => {
  const agency = await register(api);
  stream = listen(api, agency.token);
  await stream.started;
  const message = await rest<{ id: string }>(api, '/messages', {
    method: 'POST',
    token: agency.token,
    body: { channel: 'GMAIL', fromAddress: 'acheteur@example.org', subject: 'Visite', body: 'Bonjour, je souhaite visiter.' },
  });
  expect(message.status).toBe(201);
  // message.received comes from the API; message.triaged only from the worker's triage job.
  await expect
    .poll(() => stream!.events.map((e) => [e.type, e.itemId]), { timeout: 30_000 })
    .toEqual(
      expect.arrayContaining([
        ['message.received', message.json.id],
        ['message.triaged', message.json.id],
      ]),
    );
  const triaged = stream.events.find((e) => e.type === 'message.triaged')!;
  expect(triaged).toMatchObject({ orgId: agency.orgId, to: 'REVIEW_REQUIRED' });
  // The review item the worker opened is announced too.
  expect(stream.events.map((e) => e.type)).toContain('review.opened');
}, 60_000);
