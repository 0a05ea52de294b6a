#!/usr/bin/env node
// Starts the built API and a worker on Node 24, the production runtime, with the Redis queue, and
// runs a short smoke: health, sign-in, an upload, a message triaged by the worker. The test suite
// runs on whatever Node the machine has; this proves the shipped code also runs on the LTS line.
// Node 24 comes from npm (node-<platform>-<arch>@24) into .cache/node24, installed once.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAJOR = 24;
const STEP_TIMEOUT_MS = 60_000;

const log = (message) => console.log(`smoke (Node ${MAJOR}): ${message}`);

/** The Node 24 binary, installed from npm into the cache folder the first time. */
function node24() {
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const prefix = join(root, '.cache', `node${MAJOR}`);
  const binary = join(prefix, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  const version = () => execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  if (!existsSync(binary) || !version().startsWith(`v${MAJOR}.`)) {
    log(`installing ${pkg}@${MAJOR} into ${prefix}`);
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${MAJOR}`], {
      stdio: 'inherit',
    });
  }
  return { binary, version: version() };
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` until it returns a value, or fails with `what` after the step timeout or when a process died. */
async function until(what, check) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last;
  while (Date.now() < deadline) {
    const dead = processes.find((p) => p.exit);
    if (dead) throw new Error(`the ${dead.name} exited (${JSON.stringify(dead.exit)}) while waiting for ${what}`);
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

const processes = [];
function start(name, binary, entry, env) {
  const child = spawn(binary, [entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const entryState = { name, child, output: '' };
  child.stdout.on('data', (d) => (entryState.output += d));
  child.stderr.on('data', (d) => (entryState.output += d));
  child.on('exit', (code, signal) => (entryState.exit = { code, signal }));
  processes.push(entryState);
  return entryState;
}

async function stopAll() {
  await Promise.all(
    processes.map(async ({ child, exit }) => {
      if (exit || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** A connection that gives up at once (the queue package's ioredis, so nothing is added to the root). */
async function connectRedis(redisUrl) {
  const { Redis } = createRequire(join(root, 'packages/queue/package.json'))('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => {}); // connect() rejects with the same error
  await redis.connect();
  return redis;
}

/** Removes every Redis key of this run. */
async function dropKeys(redisUrl, prefix) {
  const redis = await connectRedis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function api(base, path, { token, method = 'GET', body, headers = {} } = {}) {
  const json = body !== undefined && !(body instanceof Uint8Array);
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: json ? JSON.stringify(body) : body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function smoke(base, workerCount) {
  const health = await until('a healthy API with a live worker', async () => {
    const h = await api(base, '/health');
    return h.status === 'ok' && h.checks?.queue?.workers >= workerCount ? h : null;
  });
  log(`health ok (queue ${health.checks.queue.driver}, ${health.checks.queue.workers} worker)`);

  const credentials = { email: `smoke-${process.pid}@agence-smoke.fr`, password: 'mot-de-passe-smoke' };
  await api(base, '/api/v1/auth/register', {
    method: 'POST',
    body: { organizationName: 'Agence Fumée', firstName: 'Léa', lastName: 'Fumel', ...credentials },
  });
  const { accessToken: token } = await api(base, '/api/v1/auth/login', { method: 'POST', body: credentials });
  log('signed in');

  const property = await api(base, '/api/v1/properties', {
    method: 'POST',
    token,
    body: {
      title: 'T2 quai de Rive-Neuve',
      address: '12 quai de Rive-Neuve',
      postalCode: '13007',
      city: 'Marseille',
      owner: { firstName: 'Hugo', lastName: 'Brun', email: 'hugo.brun@exemple.fr' },
    },
  });
  const pdf = readFileSync(join(root, 'packages/core/src/seed-assets/dpe.pdf'));
  const file = await api(base, `/api/v1/files/upload?fileName=DPE.pdf&propertyId=${property.id}`, {
    method: 'POST',
    token,
    body: new Uint8Array(pdf),
    headers: { 'content-type': 'application/pdf' },
  });
  const { url } = await api(base, `/api/v1/files/${file.id}/download-url`, { token });
  const download = await fetch(url);
  if (!download.ok || Buffer.from(await download.arrayBuffer()).length !== pdf.length)
    throw new Error(`the signed download answered ${download.status}`);
  log('uploaded a document and read it back through its signed URL');

  const message = await api(base, '/api/v1/messages', {
    method: 'POST',
    token,
    body: {
      channel: 'GMAIL',
      fromName: 'Hugo Brun',
      fromAddress: 'hugo.brun@exemple.fr',
      subject: 'Le T2 du quai de Rive-Neuve',
      body: 'Bonjour, les clés du 12 quai de Rive-Neuve sont à l’agence.',
      receivedAt: new Date().toISOString(),
    },
  });
  const triaged = await until('the worker to triage the message', async () => {
    const m = await api(base, `/api/v1/messages/${message.id}`, { token });
    return m.aiStatus === 'PENDING' ? null : m;
  });
  if (triaged.aiStatus !== 'PROCESSED' || triaged.propertyId !== property.id)
    throw new Error(`triage gave ${triaged.aiStatus} / ${triaged.propertyId}`);
  log('the worker triaged the message to its property');
}

const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = `smoke-${process.pid}-${Date.now()}`;
const dir = mkdtempSync(join(tmpdir(), 'monimmo-smoke-'));
let failed = false;
try {
  for (const entry of ['apps/api/dist/main.js', 'apps/worker/dist/main.js']) {
    if (!existsSync(join(root, entry))) throw new Error(`${entry} is missing: run the build first`);
  }
  await connectRedis(redisUrl)
    .then((redis) => redis.quit())
    .catch((error) => {
      throw new Error(`no Redis at ${redisUrl} (${error.message}): start one, or set REDIS_URL`);
    });
  const { binary, version } = node24();
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: join(dir, 'app.db'),
    LOCAL_STORAGE_DIR: join(dir, 'storage'),
    ENABLE_QUEUE: 'true',
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
  };
  log(`${version}, API on port ${port}, queue prefix ${prefix}`);
  const apiProcess = start('api', binary, 'apps/api/dist/main.js', env);
  // The worker does not migrate: it starts once the API has made the schema.
  await until('the API to listen', () => /Monimmo API listening/.test(apiProcess.output));
  start('worker', binary, 'apps/worker/dist/main.js', env);
  await smoke(`http://127.0.0.1:${port}`, 1);
  log('passed');
} catch (error) {
  failed = true;
  console.error(`smoke (Node ${MAJOR}) FAILED: ${error.message}`);
  for (const { name, output } of processes) console.error(`--- ${name} output ---\n${output.slice(-6000)}`);
} finally {
  await stopAll();
  // Nothing to remove when Redis was never reached.
  await dropKeys(redisUrl, prefix).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
