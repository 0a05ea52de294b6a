// Benchmarks of the API against bare node:http servers doing the same work
// (bench/baseline-server.mjs):
//   issue 3: the host's overhead on an authenticated read, `GET /me`;
//   issue 4: with 10,000 properties in the agency (bench/seed-properties.mjs), the properties
//   list, detail and ranked search, and the API's memory during 200 MiB streaming uploads
//   (bench/upload-memory.mjs);
//   issue 5: message triage through the queue, `POST /api/v1/messages` → Redis → worker → DB
//   with the mock AI, against BullMQ no-op jobs on the same Redis (bench/triage-throughput.mjs);
//   issue 6: the API's memory during 200 MiB voice notes streamed to POST /api/v1/vocals/upload
//   (bench/vocal-upload-memory.mjs), and voice notes through the whole pipeline, upload → Redis →
//   worker (5 stages) → DB with the mock AI, against BullMQ no-op jobs chained 5 per item on the
//   same Redis (bench/vocal-pipeline-throughput.mjs);
//   the reads (`/me` REST and tRPC, the list, the detail) against the limit, a bare server over
//   better-sqlite3 with kept statements (bench/sqlite-baseline-server.mjs), and the API's RSS
//   under a long list load (bench/list-memory.mjs).
//
//   pnpm bench                       (builds, then runs this file)
//   node bench/run.mjs               (uses the existing apps/api/dist build)
//
// Env knobs: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 3), BENCH_CONNECTIONS (50),
// BENCH_ROUNDS (default 3: every target once per round, rounds interleaved, median reported),
// BENCH_TARGETS (comma list of target names: baseline, rest, trpc, rest-warn, trpc-warn,
// baseline-list, list, detail, search, upload-raw, upload-multipart, bullmq-noop, triage,
// vocal-upload-raw, vocal-upload-multipart, vocal-noop, vocal-pipeline, baseline-detail,
// sqlite-me, sqlite-list, sqlite-detail, list-memory, and the opt-in baseline-list-sql; default
// all but the opt-in one), BENCH_CPU_PROF=DIR (run the API
// and worker children with --cpu-prof into DIR), BENCH_NO_WRITE=1 (print only, leave RESULTS.md alone),
// BENCH_API_MAIN=FILE (another build of the API, to compare two builds; it needs its
// migrations/ folder beside it and apps/api/node_modules above it), BENCH_WORKER_MAIN=FILE (the
// same for the worker; apps/worker/node_modules above it), BENCH_PROPERTIES (size of
// the data set, default 10000), BENCH_SEARCH_Q (the search target's words, default `eglise`),
// BENCH_UPLOAD_MIB (size of the measured uploads, default 200); issue 5: BENCH_REDIS_URL
// (default redis://127.0.0.1:6379), BENCH_QUEUE_CONCURRENCY (of the one worker process, no-op and
// triage alike, default 20), BENCH_TRIAGE_MESSAGES (jobs and messages measured per round, default
// 5000), BENCH_TRIAGE_WARMUP (untimed batch first, default 250), BENCH_TRIAGE_IN_FLIGHT (POSTs in
// flight, default 32), BENCH_TRIAGE_PROPERTIES (the agency's properties, default 150); issue 6:
// BENCH_VOCALS (voice notes measured per round, default 300), BENCH_VOCAL_WARMUP (untimed first,
// default 20), BENCH_VOCAL_IN_FLIGHT (uploads in flight, default 8), BENCH_VOCAL_PROPERTIES (default
// 50), BENCH_VOCAL_NOOP_ITEMS (no-op items of 5 jobs per round, default 2000, after 200 untimed);
// BENCH_REDIS_URL and BENCH_QUEUE_CONCURRENCY as for issue 5; the reads: BENCH_SOAK_SECONDS (list-memory's
// load, default 300), BENCH_SOAK_EVERY (its RSS samples, s, default 10), BENCH_HEAP_SNAPSHOTS=DIR
// (a heap snapshot idle and one after the load, for bench/heap-summary.mjs; not a measuring run);
// BENCH_API_NODE_ARGS (Node flags for every API child, e.g. `--max-old-space-size=256`).
//
// Each target runs in its own child process, one at a time, on 127.0.0.1, against one temp
// SQLite file; the API's logs go to /dev/null (still serialised and written, as in production).
// The upload targets run once each, after the rounds. The queue targets (issues 5 and 6) run in
// the rounds too, with their own database and their own Redis key prefix, removed at the end.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { cpuSeconds, freePort, registerBenchUser, stop } from './processes.mjs';
import { seedProperties, ftsMatches } from './seed-properties.mjs';
import { queueBench } from './triage-throughput.mjs';
import { measureListMemory } from './list-memory.mjs';
import { measureUpload } from './upload-memory.mjs';
import { PIPELINE_STAGES, vocalBench } from './vocal-pipeline-throughput.mjs';
import { WAV_UPLOAD } from './vocal-upload-memory.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_MAIN = process.env.BENCH_API_MAIN ?? join(ROOT, 'apps/api/dist/main.js');
const WORKER_MAIN = process.env.BENCH_WORKER_MAIN ?? join(ROOT, 'apps/worker/dist/main.js');
const BASELINE = join(ROOT, 'bench/baseline-server.mjs');
const SQLITE_BASELINE = join(ROOT, 'bench/sqlite-baseline-server.mjs');
const RESULTS = join(ROOT, 'bench/RESULTS.md');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const TARGETS_WANTED = process.env.BENCH_TARGETS?.split(',').map((s) => s.trim());
const PROPERTIES = Number(process.env.BENCH_PROPERTIES ?? 10_000);
const SEARCH_Q = process.env.BENCH_SEARCH_Q ?? 'eglise';
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const SOAK_EVERY = Number(process.env.BENCH_SOAK_EVERY ?? 10);
const HEAP_SNAPSHOTS = process.env.BENCH_HEAP_SNAPSHOTS;
/** Node flags for the API children (GC settings to compare, say), split on spaces. */
const API_NODE_ARGS = process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const MiB = 1024 * 1024;
const UPLOAD_BYTES = Number(process.env.BENCH_UPLOAD_MIB ?? 200) * MiB;
// The issues' goals: per target, a floor on req/s as a fraction of its group's baseline and a
// p99 ceiling; for uploads, a ceiling on the API's RSS growth.
const GOALS = {
  rest: { ratio: 0.35, p99Ms: 20 },
  trpc: { ratio: 0.25, p99Ms: 20 },
  list: { ratio: 0.6, p99Ms: 25 },
  detail: { p99Ms: 25 },
  search: { p99Ms: 25 },
  'upload-raw': { growthMiB: 64 },
  'upload-multipart': { growthMiB: 64 },
  triage: { ratio: 0.3 },
  'vocal-upload-raw': { growthMiB: 64 },
  'vocal-upload-multipart': { growthMiB: 64 },
};
/**
 * The reads' goals against the bare better-sqlite3 server in the same run (its target in `limit`,
 * the libsql bare server's in `libsql`), and the reference system's ratio (Bun + bun:sqlite
 * against the same kind of bare server, measured elsewhere): req/s 1,540 / 2,117, 3,154 / 7,344,
 * 5,038 / 8,976.
 */
const READ_GOALS = [
  { name: 'list', limit: 'sqlite-list', libsql: 'baseline-list', ratio: 0.87, reference: 1540 / 2117 },
  { name: 'detail', limit: 'sqlite-detail', libsql: 'baseline-detail', ratio: 0.43, reference: 3154 / 7344 },
  { name: 'rest', limit: 'sqlite-me', libsql: 'baseline', ratio: 0.67, reference: 5038 / 8976 },
  { name: 'trpc', limit: 'sqlite-me', libsql: 'baseline', ratio: 0.5, reference: 5038 / 8976 },
];
const READ_P99_MS = 50;
/** The API's RSS after SOAK_SECONDS of list load must stay under this multiple of its idle RSS. */
const SOAK_GROWTH = 2;

const tmp = mkdtempSync(join(tmpdir(), 'monimmo-bench-'));
const DB_FILE = join(tmp, 'bench.db');
const sharedEnv = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  DATABASE_URL: DB_FILE,
  JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnop',
  JWT_ISSUER: 'monimmo',
  JWT_AUDIENCE: 'monimmo-api',
  // Long enough that the token outlives the whole run.
  ACCESS_TOKEN_TTL_SECONDS: '3600',
  STORAGE_SIGNING_SECRET: 'bench-storage-secret-0123456789-abcdefghij',
  INTEGRATION_TOKEN_SECRET: 'bench-integration-secret-0123456789-abcdefgh',
  LOCAL_STORAGE_DIR: join(tmp, 'storage'),
  // Above the uploads measured, so the limit is not what is measured.
  MAX_UPLOAD_BYTES: String(UPLOAD_BYTES + 50 * MiB),
};
const devNull = openSync('/dev/null', 'w');
const children = new Set();

async function waitUntilUp(url, child) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`child exited with ${child.exitCode} before listening`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer within 20 s`);
}

/** A child node process, stopped by cleanUp; stdout to /dev/null, an IPC channel on request. */
function spawnChild(script, { env = {}, nodeArgs = [], args = [], ipc = false } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd: ROOT,
    env: { ...sharedEnv, ...env },
    stdio: ['ignore', devNull, 'inherit', ...(ipc ? ['ipc'] : [])],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Starts a server child; `probe` is a path it answers (any status) once it listens. */
async function start(script, { env = {}, nodeArgs = [], probe }) {
  const port = await freePort();
  const child = spawnChild(script, { env: { ...env, PORT: String(port) }, nodeArgs });
  const base = `http://127.0.0.1:${port}`;
  await waitUntilUp(base + probe, child);
  return { base, child };
}

/**
 * CPU time (user + system) the child has used, from /proc: CPU per request is far steadier
 * than req/s when other work shares the machine.
 */

function cannon(url, headers, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function getJson(url, token) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

const apiTarget = (name, label, path, logLevel, { group = 3, kind = 'http', unwrap = (b) => b } = {}) => ({
  name,
  label,
  group,
  kind,
  script: API_MAIN,
  path,
  env: { LOG_LEVEL: logLevel },
  nodeArgs: [...API_NODE_ARGS, ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, `--cpu-prof-name=${name}.cpuprofile`] : [])],
  probe: '/health',
  unwrap,
});
const baselineTarget = (name, label, path, group, script = BASELINE) => ({
  name,
  label,
  group,
  kind: 'http',
  script,
  path,
  env: {},
  // The detail's document families come from the contract's TypeScript source.
  nodeArgs: ['--import', 'tsx'],
  probe: '/',
  unwrap: (b) => b,
});

// `path` is a string, or a function of the fixture (ids known once the data set exists);
// `expect` names the reference answer in the fixture that the target must return exactly.
const TARGETS = [
  { ...baselineTarget('baseline', 'baseline: node:http + jose + @libsql/client', '/me', 3), expect: 'me' },
  { ...apiTarget('rest', 'REST `GET /api/v1/me`', '/api/v1/me', 'info'), expect: 'me' },
  { ...apiTarget('trpc', 'tRPC `GET /trpc/auth.me`', '/trpc/auth.me', 'info', { unwrap: (b) => b.result.data }), expect: 'me' },
  { ...apiTarget('rest-warn', 'REST, LOG_LEVEL=warn', '/api/v1/me', 'warn'), expect: 'me' },
  { ...apiTarget('trpc-warn', 'tRPC, LOG_LEVEL=warn', '/trpc/auth.me', 'warn', { unwrap: (b) => b.result.data }), expect: 'me' },
  {
    ...baselineTarget(
      'baseline-list',
      'baseline: node:http + jose + @libsql/client, 20 newest properties, then their owners',
      '/properties?limit=20',
      4,
    ),
    expect: 'list',
  },
  // Opt-in (BENCH_TARGETS only): the baseline running the API's own single statement.
  {
    ...baselineTarget(
      'baseline-list-sql',
      "baseline running the API's single statement (rows and owners together)",
      '/properties?limit=20&owners=subquery',
      4,
    ),
    expect: 'list',
    optIn: true,
  },
  {
    ...baselineTarget(
      'baseline-detail',
      'baseline: node:http + jose + @libsql/client, the detail',
      (f) => `/properties/${f.richId}`,
      'reads',
    ),
    expect: 'detail',
  },
  { ...baselineTarget('sqlite-me', 'limit: node:http + jose + better-sqlite3, `/me`', '/me', 'reads', SQLITE_BASELINE), expect: 'me' },
  {
    ...baselineTarget(
      'sqlite-list',
      'limit: node:http + jose + better-sqlite3, the list',
      '/properties?limit=20',
      'reads',
      SQLITE_BASELINE,
    ),
    expect: 'list',
  },
  {
    ...baselineTarget(
      'sqlite-detail',
      'limit: node:http + jose + better-sqlite3, the detail',
      (f) => `/properties/${f.richId}`,
      'reads',
      SQLITE_BASELINE,
    ),
    expect: 'detail',
  },
  { ...apiTarget('list', 'REST `GET /api/v1/properties?limit=20`', '/api/v1/properties?limit=20', 'info', { group: 4 }), expect: 'list' },
  {
    ...apiTarget('detail', 'REST `GET /api/v1/properties/{id}`', (f) => `/api/v1/properties/${f.richId}`, 'info', { group: 4 }),
    expect: 'detail',
  },
  {
    ...apiTarget(
      'search',
      `REST \`GET /api/v1/properties?q=${SEARCH_Q}&limit=20\``,
      `/api/v1/properties?q=${encodeURIComponent(SEARCH_Q)}&limit=20`,
      'info',
      { group: 4 },
    ),
    expect: 'search',
  },
  // Upload targets: `multipart` or raw, and `file`, what is uploaded where (a PDF to /files/upload unless said).
  {
    ...apiTarget('upload-raw', 'raw body (`Content-Type: application/pdf`)', '/api/v1/files/upload', 'info', { group: 4, kind: 'upload' }),
    multipart: false,
  },
  {
    ...apiTarget('upload-multipart', 'multipart/form-data, one `file` part', '/api/v1/files/upload', 'info', { group: 4, kind: 'upload' }),
    multipart: true,
  },
  {
    ...apiTarget('list-memory', 'REST `GET /api/v1/properties?limit=20` under load', '/api/v1/properties?limit=20', 'info', {
      group: 'reads',
      kind: 'soak',
    }),
    nodeArgs: [...API_NODE_ARGS, ...(HEAP_SNAPSHOTS ? [`--heapsnapshot-signal=SIGUSR2`, `--diagnostic-dir=${HEAP_SNAPSHOTS}`] : [])],
  },
  { name: 'bullmq-noop', label: 'BullMQ no-op jobs: `addBulk`, one worker process', group: 5, kind: 'queue' },
  { name: 'triage', label: 'triage: `POST /api/v1/messages` → Redis → worker → DB (mock AI)', group: 5, kind: 'queue' },
  {
    ...apiTarget('vocal-upload-raw', 'voice note, raw body (`Content-Type: audio/wav`)', '/api/v1/vocals/upload', 'info', {
      group: 6,
      kind: 'upload',
    }),
    multipart: false,
    file: WAV_UPLOAD,
  },
  {
    ...apiTarget('vocal-upload-multipart', 'voice note, multipart/form-data, one `file` part', '/api/v1/vocals/upload', 'info', {
      group: 6,
      kind: 'upload',
    }),
    multipart: true,
    file: WAV_UPLOAD,
  },
  {
    name: 'vocal-noop',
    label: `BullMQ no-op jobs, ${PIPELINE_STAGES} chained per item (\`addBulk\` of the first, each job adds the next), one worker process`,
    group: 6,
    kind: 'queue',
  },
  {
    name: 'vocal-pipeline',
    label: 'voice notes: `POST /api/v1/vocals/upload` → Redis → worker, 5 stages → DB (mock AI)',
    group: 6,
    kind: 'queue',
  },
].filter((t) => (TARGETS_WANTED ? TARGETS_WANTED.includes(t.name) : !t.optIn));
const HTTP_TARGETS = TARGETS.filter((t) => t.kind === 'http');
const UPLOAD_TARGETS = TARGETS.filter((t) => t.kind === 'upload');
const SOAK_TARGETS = TARGETS.filter((t) => t.kind === 'soak');
const QUEUE_TARGETS = TARGETS.filter((t) => t.kind === 'queue');
const ROUND_TARGETS = [...HTTP_TARGETS, ...QUEUE_TARGETS];
const queueTargetsOf = (group) => QUEUE_TARGETS.filter((t) => t.group === group);
const triageBench =
  queueTargetsOf(5).length > 0
    ? queueBench(
        { start, stop, spawnChild, cpuSeconds, register: setUp, apiMain: API_MAIN, workerMain: WORKER_MAIN, tmp, cpuProf: CPU_PROF },
        {
          redisUrl: process.env.BENCH_REDIS_URL,
          concurrency: numberOr(process.env.BENCH_QUEUE_CONCURRENCY, 20),
          messages: numberOr(process.env.BENCH_TRIAGE_MESSAGES, 5000),
          warmup: numberOr(process.env.BENCH_TRIAGE_WARMUP, 250),
          inFlight: numberOr(process.env.BENCH_TRIAGE_IN_FLIGHT, 32),
          properties: numberOr(process.env.BENCH_TRIAGE_PROPERTIES, 150),
        },
      )
    : null;
const vocalsBench =
  queueTargetsOf(6).length > 0
    ? vocalBench(
        { start, stop, spawnChild, cpuSeconds, register: setUp, apiMain: API_MAIN, workerMain: WORKER_MAIN, tmp, cpuProf: CPU_PROF },
        {
          redisUrl: process.env.BENCH_REDIS_URL,
          concurrency: numberOr(process.env.BENCH_QUEUE_CONCURRENCY, 20),
          vocals: numberOr(process.env.BENCH_VOCALS, 300),
          warmup: numberOr(process.env.BENCH_VOCAL_WARMUP, 20),
          inFlight: numberOr(process.env.BENCH_VOCAL_IN_FLIGHT, 8),
          properties: numberOr(process.env.BENCH_VOCAL_PROPERTIES, 50),
          noopItems: numberOr(process.env.BENCH_VOCAL_NOOP_ITEMS, 2000),
        },
      )
    : null;
const benchOf = (target) => (target.group === 6 ? vocalsBench : triageBench);

function numberOr(value, fallback) {
  return value === undefined || value === '' ? fallback : Number(value);
}

/** A first API process applies the migrations and registers the user the runs read. */
async function setUp(dbFile = DB_FILE) {
  const { base, child } = await start(API_MAIN, { env: { LOG_LEVEL: 'warn', DATABASE_URL: dbFile }, probe: '/health' });
  try {
    const session = await registerBenchUser(base);
    return { token: session.accessToken, me: { user: session.user, organization: session.organization } };
  } finally {
    await stop(child);
  }
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Issue 4's data set, written into the file with the API stopped, then read once through the
 * API: the reference answers of the list, detail and search targets, checked for sense.
 */
async function seed(fixture) {
  const seeded = await seedProperties(DB_FILE, { orgId: fixture.me.organization.id, agentId: fixture.me.user.id, count: PROPERTIES });
  const searchHits = await ftsMatches(DB_FILE, SEARCH_Q);
  const { base, child } = await start(API_MAIN, { env: { LOG_LEVEL: 'warn' }, probe: '/health' });
  try {
    const list = await getJson(`${base}/api/v1/properties?limit=20`, fixture.token);
    const detail = await getJson(`${base}/api/v1/properties/${seeded.richId}`, fixture.token);
    const search = await getJson(`${base}/api/v1/properties?q=${encodeURIComponent(SEARCH_Q)}&limit=20`, fixture.token);
    const newest = list.items.map((p) => p.createdAt);
    if (
      list.items.length !== 20 ||
      !list.nextCursor ||
      newest.some((t, i) => i > 0 && t > newest[i - 1]) ||
      list.items.some((p) => p.owners.length === 0)
    ) {
      throw new Error(`unexpected list: ${JSON.stringify(list).slice(0, 500)}`);
    }
    if (
      detail.participants.length < 4 ||
      detail.timeline.length < 6 ||
      detail.prospectCount !== 12 ||
      detail.recentProspects.length !== 10
    ) {
      throw new Error(`unexpected detail: ${JSON.stringify(detail).slice(0, 500)}`);
    }
    const words = fold(SEARCH_Q).split(/\s+/);
    const matches = (p) =>
      words.every((w) =>
        fold([p.title, p.address, p.city, p.postalCode, ...p.owners.map((o) => `${o.firstName} ${o.lastName}`)].join(' ')).includes(w),
      );
    if (search.items.length !== Math.min(20, searchHits) || !search.items.every(matches))
      throw new Error(`unexpected search answer: ${JSON.stringify(search).slice(0, 500)}`);
    return { ...seeded, searchHits, list, detail, search };
  } finally {
    await stop(child);
  }
}

async function measure(target, fixture) {
  const { base, child } = await start(target.script, target);
  try {
    const url = base + (typeof target.path === 'function' ? target.path(fixture) : target.path);
    // Same answer as the others, or the comparison means nothing.
    const body = target.unwrap(await getJson(url, fixture.token));
    if (!isDeepStrictEqual(body, fixture[target.expect]))
      throw new Error(`${target.name}: unexpected body ${JSON.stringify(body).slice(0, 1000)}`);
    const headers = { authorization: `Bearer ${fixture.token}` };
    await cannon(url, headers, WARMUP);
    const cpuBefore = cpuSeconds(child.pid);
    const r = await cannon(url, headers, DURATION);
    const cpu = cpuSeconds(child.pid) - cpuBefore;
    const failed = r.errors + r.timeouts + r.non2xx;
    if (failed > 0) throw new Error(`${target.name}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
    return {
      reqPerSec: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      total: r.requests.total,
      cpuUs: (cpu * 1e6) / r.requests.total,
    };
  } finally {
    await stop(child);
  }
}

/** In its own API process: one streaming upload, the process's RSS watched before and during. */
async function measureUploadTarget(target, fixture) {
  const { base, child } = await start(target.script, target);
  try {
    const { multipart, file } = target;
    return await measureUpload({
      base,
      pid: child.pid,
      token: fixture.token,
      multipart,
      file,
      size: UPLOAD_BYTES,
      cpuSeconds: () => cpuSeconds(child.pid),
    });
  } finally {
    await stop(child);
  }
}

/** In its own API process: RSS idle, then under SOAK_SECONDS of list load (bench/list-memory.mjs). */
async function measureSoak(target, fixture) {
  const { base, child } = await start(target.script, target);
  try {
    const snapshot = HEAP_SNAPSHOTS
      ? async (stage) => {
          child.kill('SIGUSR2');
          // Writing the snapshot blocks the process: the next answer comes once it is written.
          await getJson(`${base}${target.path}`, fixture.token);
          console.log(`heap snapshot (${stage}) written to ${HEAP_SNAPSHOTS}`);
        }
      : null;
    return await measureListMemory({
      url: base + target.path,
      pid: child.pid,
      token: fixture.token,
      seconds: SOAK_SECONDS,
      every: SOAK_EVERY,
      connections: CONNECTIONS,
      snapshot,
    });
  } finally {
    await stop(child);
  }
}

/** Per target, the round with the median req/s (its own latencies and CPU), and the spread. */
function medians(runs, targets) {
  return targets.map((t) => {
    const mine = runs.filter((r) => r.name === t.name).sort((a, b) => a.reqPerSec - b.reqPerSec);
    const mid = mine[(mine.length - 1) >> 1];
    return { ...mid, min: mine[0].reqPerSec, max: mine.at(-1).reqPerSec };
  });
}

/** The table of one group's HTTP targets; req/s ratios against the group's baseline. */
function report(rows, baselineName) {
  const base = rows.find((r) => r.name === baselineName);
  const lines = [
    `| target | req/s (median of ${ROUNDS}) | req/s range | p50 (ms) | p99 (ms) | server CPU/req (µs) | req/s vs baseline | goal |`,
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  const verdicts = [];
  const verdict = (ok) => (verdicts.push(ok), ok ? '**met**' : '**missed**');
  for (const r of rows) {
    const ratio = base ? r.reqPerSec / base.reqPerSec : NaN;
    const goal = GOALS[r.name];
    const goals = [];
    if (goal?.ratio !== undefined && base) goals.push(`req/s >= ${goal.ratio * 100}%: ${verdict(ratio >= goal.ratio)}`);
    if (goal?.p99Ms !== undefined) goals.push(`p99 < ${goal.p99Ms} ms: ${verdict(r.p99 < goal.p99Ms)}`);
    lines.push(
      `| ${r.label} | ${Math.round(r.reqPerSec)} | ${Math.round(r.min)}–${Math.round(r.max)} | ${r.p50} | ${r.p99} | ${Math.round(r.cpuUs)} | ${base ? `${(ratio * 100).toFixed(0)}%` : ''} | ${goals.join('; ')} |`,
    );
  }
  return { table: lines.join('\n'), allMet: verdicts.every(Boolean) };
}

/**
 * The reads against the bare better-sqlite3 server of the same run (and the libsql one as a second
 * line): one row per read the run measured with its limit, then the bare servers, then the memory.
 */
function readsReport(runs, soak) {
  const measured = (name) => (runs.some((r) => r.name === name) ? medians(runs, [{ name }])[0] : null);
  const lines = [
    `| read | API req/s (median of ${ROUNDS}) | API CPU µs/req | p50 / p99 (ms) | better-sqlite3 req/s, CPU µs/req | ratio to better-sqlite3 | ratio to libsql bare | reference system's ratio | goal | met? |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  const verdicts = [];
  for (const goal of READ_GOALS) {
    const api = measured(goal.name);
    const limit = measured(goal.limit);
    if (!api || !limit) continue;
    const libsql = measured(goal.libsql);
    const ratio = api.reqPerSec / limit.reqPerSec;
    const ok = ratio >= goal.ratio && api.p99 < READ_P99_MS;
    verdicts.push(ok);
    lines.push(
      `| ${api.label} | ${Math.round(api.reqPerSec)} | ${Math.round(api.cpuUs)} | ${api.p50} / ${api.p99} | ${Math.round(limit.reqPerSec)}, ${Math.round(limit.cpuUs)} | ` +
        `${ratio.toFixed(2)}x | ${libsql ? `${(api.reqPerSec / libsql.reqPerSec).toFixed(2)}x` : 'not run'} | ${goal.reference.toFixed(2)}x | ` +
        `>= ${goal.ratio}x, p99 < ${READ_P99_MS} ms | **${ok ? 'met' : 'missed'}** |`,
    );
  }
  if (verdicts.length === 0 && !soak) return null;
  // A memory-only run: no reads table.
  if (verdicts.length === 0) lines.length = 0;
  const bare = [...new Set(READ_GOALS.flatMap((g) => [g.limit, g.libsql]))].map(measured).filter(Boolean);
  if (bare.length > 0) {
    lines.push(
      '',
      `| bare server | req/s (median of ${ROUNDS}) | req/s range | p50 / p99 (ms) | CPU µs/req |`,
      '|---|---:|---:|---:|---:|',
    );
    for (const r of bare)
      lines.push(
        `| ${r.label} | ${Math.round(r.reqPerSec)} | ${Math.round(r.min)}–${Math.round(r.max)} | ${r.p50} / ${r.p99} | ${Math.round(r.cpuUs)} |`,
      );
  }
  if (soak) {
    const ok = soak.peak < SOAK_GROWTH * soak.idle;
    verdicts.push(ok);
    if (lines.length > 0) lines.push('');
    lines.push(
      `Memory: the API's RSS (VmRSS of \`/proc/<pid>/status\`) idle after one answer and 2 s of rest, then every ${SOAK_EVERY} s of ` +
        `${SOAK_SECONDS} s of list load at ${CONNECTIONS} connections (${soak.requests} requests, ${Math.round(soak.reqPerSec)} req/s, p99 ${soak.p99} ms), ` +
        `then 10 s after the load.`,
      '',
      '| idle (MiB) | peak under load (MiB) | peak / idle | 10 s after (MiB) | kernel peak, VmHWM (MiB) | goal | met? |',
      '|---:|---:|---:|---:|---:|---|---|',
      `| ${soak.idle.toFixed(0)} | ${soak.peak.toFixed(0)} | ${(soak.peak / soak.idle).toFixed(2)}x | ${soak.after.toFixed(0)} | ${soak.hwm.toFixed(0)} | ` +
        `< ${SOAK_GROWTH}x idle | **${ok ? 'met' : 'missed'}** |`,
      '',
      `Samples (s: MiB): ${soak.samples.map((x) => `${x.s}: ${x.rss.toFixed(0)}`).join(', ')}`,
    );
  }
  return { table: lines.join('\n'), allMet: verdicts.every(Boolean) };
}

function writeReads(fixture, reads, loads, rev) {
  const lines = [`- date: ${new Date().toISOString()}; code: ${rev}`, runLine(), loadLine(loads), `- command: \`${cmd()}\``];
  if (fixture.counts) {
    const c = fixture.counts;
    lines.push(
      `- data set: ${c.properties} properties in one agency, ${c.users} contacts, ${c.property_participants} participants; the detail reads a property with ` +
        `${fixture.detail.participants.length} participants, ${fixture.detail.timeline.length} timeline events, ${fixture.detail.prospectCount} prospects`,
    );
  }
  lines.push('', reads.table);
  writeSection('bench-reads', '# Benchmark: the reads against a bare better-sqlite3 server, and memory under load\n\n## Latest run', lines);
}

function uploadReport(rows) {
  const lines = [
    '| upload | size (MiB) | time (s) | MiB/s | server CPU (s) | RSS before (MiB) | RSS peak, sampled / kernel (MiB) | RSS growth (MiB) | goal |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  let allMet = true;
  for (const r of rows) {
    const ceiling = GOALS[r.name].growthMiB;
    const ok = r.growth < ceiling;
    allMet &&= ok;
    const peaks = `${r.sampledPeak.toFixed(0)} / ${r.kernelPeak === null ? 'n/a' : r.kernelPeak.toFixed(0)}`;
    lines.push(
      `| ${r.label} | ${r.sizeMiB} | ${r.seconds.toFixed(2)} | ${r.mibPerSec.toFixed(0)} | ${r.cpuSeconds.toFixed(2)} | ${r.before.toFixed(0)} | ${peaks} | ${r.growth.toFixed(1)} | growth < ${ceiling} MiB: **${ok ? 'met' : 'missed'}** |`,
    );
  }
  return { table: lines.join('\n'), allMet };
}

const perItemUs = (seconds, items) => (seconds * 1e6) / items;

function queueLine(r) {
  if (r.name === 'vocal-noop' || r.name === 'vocal-pipeline') return vocalLine(r);
  const cpu = `worker ${Math.round(perItemUs(r.workerCpu, r.items))} µs CPU/item (${((100 * r.workerCpu) / r.seconds).toFixed(0)}% of a core)`;
  if (r.name !== 'triage')
    return `${Math.round(r.rate)} jobs/s (${r.items} in ${r.seconds.toFixed(2)} s, addBulk ${Math.round(r.addMs)} ms), ${cpu}`;
  const { split, agreed } = r.outcome;
  return (
    `${Math.round(r.rate)} messages/s (${r.items} in ${r.seconds.toFixed(2)} s; POSTs answered in ${r.postSeconds.toFixed(2)} s, p50 ${r.postP50.toFixed(1)} ms, ` +
    `p99 ${r.postP99.toFixed(1)} ms), ${cpu}, API ${Math.round(perItemUs(r.apiCpu, r.items))} µs/message; PROCESSED ${split.PROCESSED}, ` +
    `REVIEW_REQUIRED ${split.REVIEW_REQUIRED}, as intended ${agreed}`
  );
}

/** Per queue target of `group`, the round with the median rate, and the spread. */
function medianRounds(runs, group) {
  return queueTargetsOf(group).map((t) => {
    const mine = runs.filter((r) => r.name === t.name).sort((a, b) => a.rate - b.rate);
    return { ...mine[(mine.length - 1) >> 1], min: mine[0].rate, max: mine.at(-1).rate };
  });
}

/** Issue 5's table: per queue target, the round with the median rate; triage against the no-op baseline. */
function queueReport(runs) {
  const rows = medianRounds(runs, 5);
  const base = rows.find((r) => r.name === 'bullmq-noop');
  const lines = [
    `| target | items/s (median of ${ROUNDS}) | range | time (s) | worker CPU/item (µs) | worker CPU use | API CPU/message (µs) | Redis CPU/item (µs, whole server) | vs no-op | goal |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  let allMet = true;
  for (const r of rows) {
    const ratio = base ? r.rate / base.rate : NaN;
    const goal = GOALS[r.name];
    let verdict = '';
    if (goal?.ratio !== undefined && base) {
      allMet &&= ratio >= goal.ratio;
      verdict = `>= ${goal.ratio * 100}% of the no-op rate: **${ratio >= goal.ratio ? 'met' : 'missed'}**`;
    }
    lines.push(
      `| ${r.label} | ${Math.round(r.rate)} | ${Math.round(r.min)}–${Math.round(r.max)} | ${r.seconds.toFixed(2)} | ${Math.round(perItemUs(r.workerCpu, r.items))} | ` +
        `${((100 * r.workerCpu) / r.seconds).toFixed(0)}% | ${r.apiCpu === undefined ? '' : Math.round(perItemUs(r.apiCpu, r.items))} | ` +
        `${Math.round(perItemUs(r.redisCpu, r.items))} | ${base ? `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%` : ''} | ${verdict} |`,
    );
  }
  return { table: lines.join('\n'), rows, allMet };
}

const perMinute = (r) => (60 * r.items) / r.seconds;
const ms = (seconds, items) => ((seconds * 1000) / items).toFixed(2);

/** One round of an issue 6 queue target, as printed while the run goes. */
function vocalLine(r) {
  const cpu = `worker ${ms(r.workerCpu, r.items)} ms CPU/item (${((100 * r.workerCpu) / r.seconds).toFixed(0)}% of a core)`;
  if (r.name === 'vocal-noop') {
    return `${Math.round(perMinute(r))} items/min (${r.items} items of ${PIPELINE_STAGES} jobs in ${r.seconds.toFixed(2)} s, ${Math.round(r.jobs / r.seconds)} jobs/s, addBulk ${Math.round(r.addMs)} ms), ${cpu}`;
  }
  const { split, agreed } = r.outcome;
  return (
    `${Math.round(perMinute(r))} vocals/min (${r.items} in ${r.seconds.toFixed(2)} s; uploads answered in ${r.postSeconds.toFixed(2)} s, p50 ${r.postP50.toFixed(1)} ms, ` +
    `p99 ${r.postP99.toFixed(1)} ms), ${cpu}, API ${ms(r.apiCpu, r.items)} ms/vocal; INSIGHTS_READY ${split.INSIGHTS_READY}, REVIEW_REQUIRED ${split.REVIEW_REQUIRED}, as meant ${agreed}`
  );
}

/** Issue 6's throughput table: per queue target, the round with the median rate; the pipeline against the chained no-op baseline. */
function vocalReport(runs) {
  const rows = medianRounds(runs, 6);
  const base = rows.find((r) => r.name === 'vocal-noop');
  const lines = [
    `| target | items/min (median of ${ROUNDS}) | range | time (s) | stage jobs/item | jobs/s | worker CPU/item (ms) | worker CPU use | API CPU/item (ms) | Redis CPU/item (ms, whole server) | vs no-op |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ratio = base ? r.rate / base.rate : NaN;
    const jobsPerItem = r.jobs / r.items;
    lines.push(
      `| ${r.label} | ${Math.round(perMinute(r))} | ${Math.round(60 * r.min)}–${Math.round(60 * r.max)} | ${r.seconds.toFixed(2)} | ` +
        `${jobsPerItem.toFixed(jobsPerItem % 1 ? 2 : 0)}${r.outcome && !r.outcome.stageJobsExact ? ' (notes as meant)' : ''} | ${Math.round(r.jobs / r.seconds)} | ` +
        `${ms(r.workerCpu, r.items)} | ${((100 * r.workerCpu) / r.seconds).toFixed(0)}% | ${r.apiCpu === undefined ? '' : ms(r.apiCpu, r.items)} | ${ms(r.redisCpu, r.items)} | ` +
        `${base ? `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%` : ''} |`,
    );
  }
  return { table: lines.join('\n'), rows };
}

const cmd = () =>
  `pnpm bench  (BENCH_DURATION=${DURATION} BENCH_WARMUP=${WARMUP} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_ROUNDS=${ROUNDS}` +
  `${TARGETS_WANTED ? ` BENCH_TARGETS=${TARGETS_WANTED.join(',')}` : ''}${process.env.BENCH_API_MAIN ? ` BENCH_API_MAIN=${process.env.BENCH_API_MAIN}` : ''}` +
  `${process.env.BENCH_WORKER_MAIN ? ` BENCH_WORKER_MAIN=${process.env.BENCH_WORKER_MAIN}` : ''}` +
  ['BENCH_PROPERTIES', 'BENCH_SOAK_SECONDS', 'BENCH_SOAK_EVERY', 'BENCH_API_NODE_ARGS']
    .filter((knob) => process.env[knob])
    .map((knob) => ` ${knob}=${process.env[knob]}`)
    .join('') +
  ')';
/** Issue 5's command: the knobs that apply to the queue targets (autocannon's do not). */
const queueCmd = () =>
  `pnpm bench  (BENCH_ROUNDS=${ROUNDS}${TARGETS_WANTED ? ` BENCH_TARGETS=${TARGETS_WANTED.join(',')}` : ''}` +
  [
    'BENCH_REDIS_URL',
    'BENCH_QUEUE_CONCURRENCY',
    'BENCH_TRIAGE_MESSAGES',
    'BENCH_TRIAGE_WARMUP',
    'BENCH_TRIAGE_IN_FLIGHT',
    'BENCH_TRIAGE_PROPERTIES',
    'BENCH_API_MAIN',
    'BENCH_WORKER_MAIN',
  ]
    .filter((knob) => process.env[knob])
    .map((knob) => ` ${knob}=${process.env[knob]}`)
    .join('') +
  ')';
/** The commit measured, and whether tracked files differed from it (other work in progress). */
function revision() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT }).toString().trim() !== '';
    return `${head}${dirty ? ' plus uncommitted changes in the working tree' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
const runLine = () =>
  `- node: ${process.version}; nproc: ${execFileSync('nproc').toString().trim()}; autocannon ${CONNECTIONS} connections, ${WARMUP} s warm-up then ${DURATION} s per target, one target process at a time, ${ROUNDS} interleaved rounds`;
const loadLine = (loads) =>
  `- 1-minute load average before / after the run: ${loads.map((l) => l.toFixed(2)).join(' / ')} (other work on the machine skews req/s and p99; CPU/req much less)`;

/** Rewrites the text between a section's markers, adding the section at the end if it has none. */
function writeSection(marker, heading, lines) {
  const start = `<!-- ${marker}:start (written by bench/run.mjs; the text outside these markers is kept) -->`;
  const section = [start, ...lines, `<!-- ${marker}:end -->`].join('\n');
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const pattern = new RegExp(`<!-- ${marker}:start[\\s\\S]*?<!-- ${marker}:end -->`);
  const next = pattern.test(current) ? current.replace(pattern, () => section) : `${current.trimEnd()}\n\n${heading}\n\n${section}\n`;
  writeFileSync(RESULTS, next);
}

function writeIssue3(table, loads) {
  writeSection('bench', '# Benchmark: the API host against a bare server (issue 3)\n\n## Latest run', [
    `- date: ${new Date().toISOString()}`,
    runLine(),
    loadLine(loads),
    `- command: \`${cmd()}\``,
    '',
    table,
  ]);
}

function writeIssue4(fixture, httpTable, uploadTable, loads, rev) {
  const lines = [`- date: ${new Date().toISOString()}; code: ${rev}`, runLine(), loadLine(loads), `- command: \`${cmd()}\``];
  if (fixture.counts) {
    const c = fixture.counts;
    lines.push(
      `- data set: ${c.properties} properties in one agency, ${c.users} contacts, ${c.property_participants} participants ` +
        `(owners: VENDEUR), ${c.property_events} timeline events, ${c.property_prospects} prospects, written in ${(fixture.ms / 1000).toFixed(1)} s; ` +
        `\`q=${SEARCH_Q}\` matches ${fixture.searchHits} properties; the detail target reads a property with ${fixture.detail.participants.length} ` +
        `participants, ${fixture.detail.timeline.length} timeline events, ${fixture.detail.prospectCount} prospects`,
    );
  }
  if (httpTable) lines.push('', httpTable);
  if (uploadTable) {
    lines.push(
      '',
      `Uploads: one of each, ${UPLOAD_BYTES / MiB} MiB, each in a fresh API process after a 1 MiB warm-up upload; RSS of the API process from ` +
        '`/proc/<pid>/status` (VmRSS every 50 ms, and VmHWM reset just before the upload), watched until 1 s after the answer.',
      '',
      uploadTable,
    );
  }
  writeSection('bench-issue4', '# Benchmark: properties with 10,000 rows, and upload memory (issue 4)\n\n## Latest run', lines);
}

function writeIssue5({ table, rows }, loads, rev) {
  const lines = [`- date: ${new Date().toISOString()}; code: ${rev}`, loadLine(loads), `- command: \`${queueCmd()}\``];
  lines.push(
    `- ${triageBench.count} jobs or messages per round after ${triageBench.warmup} untimed, ${ROUNDS} interleaved rounds, median round; one worker process, ` +
      `concurrency ${triageBench.concurrency} for both; triage POSTs ${triageBench.inFlight} in flight; node ${process.version}, nproc ${execFileSync('nproc').toString().trim()}`,
  );
  const noop = rows.find((r) => r.name === 'bullmq-noop');
  if (noop) lines.push(`- no-op, median round: the addBulk took ${Math.round(noop.addMs)} ms of the ${Math.round(noop.seconds * 1000)} ms`);
  const triage = rows.find((r) => r.name === 'triage');
  if (triage) {
    const f = triageBench.fixture;
    const { split, agreed, reviewReasons } = triage.outcome;
    const pct = (n) => `${((100 * n) / triage.items).toFixed(0)}%`;
    lines.push(
      `- data set: ${f.counts.properties} properties (${f.live} not archived, so all of them are the AI's candidates), ${f.counts.users} contacts, ` +
        `${f.counts.property_participants} participants, ${f.counts.property_prospects} prospects`,
      `- triage, median round: POSTs answered in ${triage.postSeconds.toFixed(2)} s (${Math.round(triage.items / triage.postSeconds)}/s, ` +
        `p50 ${triage.postP50.toFixed(1)} ms, p99 ${triage.postP99.toFixed(1)} ms), the last message out of PENDING ${(triage.seconds - triage.postSeconds).toFixed(2)} s later`,
      `- outcome (median round): PROCESSED ${split.PROCESSED} (${pct(split.PROCESSED)}), REVIEW_REQUIRED ${split.REVIEW_REQUIRED} (${pct(split.REVIEW_REQUIRED)}: ` +
        `${Object.entries(reviewReasons)
          .map(([reason, n]) => `${reason} ${n}`)
          .join(', ')}); as the generator intended (attached to the property meant, or left for review): ${agreed} (${pct(agreed)})`,
    );
  }
  lines.push('', table);
  writeSection('bench-issue5', '# Benchmark: message triage through the queue against BullMQ no-op jobs (issue 5)\n\n## Latest run', lines);
}

/** Issue 6's commands: only the knobs that apply to uploads, or to the pipeline targets. */
const knobsCmd = (knobs) =>
  `pnpm bench  (${knobs
    .filter((knob) => process.env[knob])
    .map((knob) => `${knob}=${process.env[knob]}`)
    .join(' ')})`;
const uploadCmd = () => knobsCmd(['BENCH_TARGETS', 'BENCH_UPLOAD_MIB', 'BENCH_API_MAIN']);
const vocalCmd = () =>
  knobsCmd([
    'BENCH_ROUNDS',
    'BENCH_TARGETS',
    'BENCH_REDIS_URL',
    'BENCH_QUEUE_CONCURRENCY',
    'BENCH_VOCALS',
    'BENCH_VOCAL_WARMUP',
    'BENCH_VOCAL_IN_FLIGHT',
    'BENCH_VOCAL_PROPERTIES',
    'BENCH_VOCAL_NOOP_ITEMS',
    'BENCH_API_MAIN',
    'BENCH_WORKER_MAIN',
  ]);

/**
 * Issue 6's section holds two parts, each between markers of its own inside the section's: the
 * pipeline throughput and the upload memory. A run rewrites the parts it measured and keeps the other.
 */
const ISSUE6_PARTS = {
  pipeline: '_Not run yet: `BENCH_TARGETS=vocal-noop,vocal-pipeline node bench/run.mjs`._',
  uploads: '_Not run yet: `BENCH_TARGETS=vocal-upload-raw,vocal-upload-multipart node bench/run.mjs`._',
};
function writeIssue6Part(part, lines) {
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const section = /<!-- bench-issue6:start[^\n]*\n([\s\S]*?)<!-- bench-issue6:end -->/.exec(current)?.[1] ?? '';
  const body = Object.entries(ISSUE6_PARTS).flatMap(([name, placeholder], i) => {
    const marker = `bench-issue6-${name}`;
    const kept = new RegExp(`<!-- ${marker}:start -->\\n([\\s\\S]*?)\\n<!-- ${marker}:end -->`).exec(section)?.[1];
    return [
      ...(i > 0 ? [''] : []),
      `<!-- ${marker}:start -->`,
      name === part ? lines.join('\n') : (kept ?? placeholder),
      `<!-- ${marker}:end -->`,
    ];
  });
  writeSection('bench-issue6', '# Benchmark: voice notes, pipeline throughput and upload memory (issue 6)\n\n## Latest run', body);
}

function writeIssue6Uploads(uploadTable, loads, rev) {
  writeIssue6Part('uploads', [
    '### Upload memory (`vocal-upload-raw`, `vocal-upload-multipart`)',
    '',
    `- date: ${new Date().toISOString()}; code: ${rev}`,
    `- node: ${process.version}; nproc: ${execFileSync('nproc').toString().trim()}`,
    loadLine(loads),
    `- command: \`${uploadCmd()}\``,
    '',
    `Voice notes: one of each, ${UPLOAD_BYTES / MiB} MiB of WAV (48 kHz stereo 16-bit, header then noise), each in a fresh API process after a 1 MiB ` +
      'warm-up upload of the same kind (its transcription job runs then); RSS of the API process from `/proc/<pid>/status` (VmRSS every 50 ms, ' +
      'and VmHWM reset just before the upload), watched until 1 s after the answer.',
    '',
    uploadTable,
  ]);
}

const KIND_LABELS = {
  VISITE_INITIALE: 'first visits',
  COMPTE_RENDU_VISITE_CLIENT: 'buyer visit reports',
  VISITE_SUIVI: 'follow-up visits',
  INAUDIBLE: 'three "[inaudible]" (meant for review)',
  UNKNOWN_ADDRESS: 'follow-ups at an unknown address (meant for review)',
};

function writeIssue6Pipeline({ table, rows }, loads, rev) {
  const b = vocalsBench;
  const lines = [
    '### Pipeline throughput (`vocal-noop`, `vocal-pipeline`)',
    '',
    `- date: ${new Date().toISOString()}; code: ${rev}`,
    loadLine(loads),
    `- command: \`${vocalCmd()}\``,
    `- ${b.count} voice notes per round after ${b.warmup} untimed; no-op: ${b.noopItems} items of ${PIPELINE_STAGES} chained jobs after ${b.noopWarmup} untimed; ` +
      `${ROUNDS} interleaved rounds, median round; one worker process, concurrency ${b.concurrency} for both; uploads ${b.inFlight} in flight; ` +
      `node ${process.version}, nproc ${execFileSync('nproc').toString().trim()}`,
  ];
  const noop = rows.find((r) => r.name === 'vocal-noop');
  if (noop)
    lines.push(
      `- no-op, median round: ${Math.round(noop.jobs / noop.seconds)} jobs/s; the addBulk of the first jobs took ${Math.round(noop.addMs)} ms of the ${Math.round(noop.seconds * 1000)} ms`,
    );
  const pipeline = rows.find((r) => r.name === 'vocal-pipeline');
  if (pipeline) {
    const f = b.fixture;
    const { split, agreed, reviewReasons, byKind, stageJobs, stageJobsExact } = pipeline.outcome;
    const pct = (n) => `${((100 * n) / pipeline.items).toFixed(0)}%`;
    const kinds = Object.entries(KIND_LABELS)
      .filter(([kind]) => byKind[kind])
      .map(([kind, label]) => {
        const k = byKind[kind];
        return `${label} ${k.notes} (INSIGHTS_READY ${k.INSIGHTS_READY}, REVIEW_REQUIRED ${k.REVIEW_REQUIRED}, as meant ${k.asMeant})`;
      });
    lines.push(
      `- data set: ${f.counts.properties} properties (${f.agency.live.length} neither sold nor archived with an address of their own: the notes' subjects; ` +
        `${f.agency.fresh.length} of them in PROSPECTION or MANDAT_SIGNE, details emptied: the first visits'), ${f.counts.users} contacts, ${f.counts.property_participants} participants`,
      `- pipeline, median round: uploads answered in ${pipeline.postSeconds.toFixed(2)} s (${Math.round(pipeline.items / pipeline.postSeconds)}/s, ` +
        `p50 ${pipeline.postP50.toFixed(1)} ms, p99 ${pipeline.postP99.toFixed(1)} ms), the last note settled ${(pipeline.seconds - pipeline.postSeconds).toFixed(2)} s later; ` +
        `${stageJobs} stage jobs${stageJobsExact ? '' : ' (counted for the notes that ended as meant)'}`,
      `- outcome (median round): INSIGHTS_READY ${split.INSIGHTS_READY} (${pct(split.INSIGHTS_READY)}), REVIEW_REQUIRED ${split.REVIEW_REQUIRED} (${pct(split.REVIEW_REQUIRED)}); ` +
        `by kind: ${kinds.join('; ')}; review items opened: ${
          Object.entries(reviewReasons)
            .map(([reason, n]) => `${reason} ${n}`)
            .join(', ') || 'none'
        }; as the generator meant (status, type and property): ${agreed} (${pct(agreed)})`,
    );
  }
  lines.push('', table);
  writeIssue6Part('pipeline', lines);
}

async function cleanUp() {
  await Promise.all([...children].map(stop));
  // After the workers stopped: none of them writes a heartbeat key again.
  await triageBench?.cleanUp().catch((err) => console.error(`Redis keys under ${triageBench.prefix}.* not removed: ${err.message}`));
  await vocalsBench?.cleanUp().catch((err) => console.error(`Redis keys under ${vocalsBench.prefix}.* not removed: ${err.message}`));
  closeSync(devNull);
  rmSync(tmp, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanUp().then(() => process.exit(130)));
}

try {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`pnpm build\` (or \`pnpm bench\`)`);
  if (TARGETS.length === 0) throw new Error(`BENCH_TARGETS names no target`);
  const loadBefore = loadavg()[0];
  const rev = revision();
  let fixture = HTTP_TARGETS.length + UPLOAD_TARGETS.length + SOAK_TARGETS.length > 0 ? await setUp() : null;
  if (triageBench) {
    const f = await triageBench.setUp();
    console.log(
      `triage data set: ${JSON.stringify(f.counts)}; ${f.live} live properties; ${f.measured.length} messages (+${f.warmup.length} warm-up)`,
    );
  }
  if (vocalsBench) {
    const f = await vocalsBench.setUp();
    const perKind = {};
    for (const note of f.measured) perKind[note.kind] = (perKind[note.kind] ?? 0) + 1;
    const kinds = Object.entries(perKind).map(([kind, n]) => `${kind} ${n}`);
    console.log(
      `voice notes data set: ${JSON.stringify(f.counts)}; ${f.agency.live.length} subjects, ${f.agency.fresh.length} undescribed; ${f.measured.length} notes (${kinds.join(', ')}; +${f.warmup.length} warm-up)`,
    );
  }
  if (TARGETS.some((t) => (t.group === 4 || t.group === 'reads') && (t.kind === 'http' || t.kind === 'soak'))) {
    fixture = { ...fixture, ...(await seed(fixture)) };
    console.log(`data set: ${JSON.stringify(fixture.counts)} in ${Math.round(fixture.ms)} ms; q=${SEARCH_Q} matches ${fixture.searchHits}`);
  }
  const runs = [];
  const queueRuns = [];
  for (let round = 1; round <= ROUNDS && ROUND_TARGETS.length > 0; round++) {
    for (const target of ROUND_TARGETS) {
      process.stdout.write(`round ${round} ${target.name}: `);
      if (target.kind === 'queue') {
        const run = { name: target.name, label: target.label, ...(await benchOf(target).measure(target.name, round)) };
        console.log(queueLine(run));
        queueRuns.push(run);
        continue;
      }
      const run = { name: target.name, label: target.label, ...(await measure(target, fixture)) };
      console.log(
        `${Math.round(run.reqPerSec)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ${Math.round(run.cpuUs)} µs CPU/req (${run.total} requests)`,
      );
      runs.push(run);
    }
  }
  const uploads = [];
  for (const target of UPLOAD_TARGETS) {
    process.stdout.write(`${target.name}: `);
    const run = { name: target.name, label: target.label, group: target.group, ...(await measureUploadTarget(target, fixture)) };
    console.log(
      `${run.seconds.toFixed(2)} s, RSS ${run.before.toFixed(0)} → peak ${Math.max(run.sampledPeak, run.kernelPeak ?? 0).toFixed(0)} MiB (+${run.growth.toFixed(1)})`,
    );
    uploads.push(run);
  }
  let soak = null;
  for (const target of SOAK_TARGETS) {
    process.stdout.write(`${target.name}, ${SOAK_SECONDS} s: `);
    soak = await measureSoak(target, fixture);
    console.log(
      `RSS idle ${soak.idle.toFixed(0)} MiB, peak under load ${soak.peak.toFixed(0)} MiB (${(soak.peak / soak.idle).toFixed(2)}x), ` +
        `${soak.after.toFixed(0)} MiB 10 s after; ${Math.round(soak.reqPerSec)} req/s, p99 ${soak.p99} ms`,
    );
  }
  const loads = [loadBefore, loadavg()[0]];
  const group = (n) => HTTP_TARGETS.filter((t) => t.group === n);
  const issue3 = group(3).length > 0 ? report(medians(runs, group(3)), 'baseline') : null;
  const issue4 = group(4).length > 0 ? report(medians(runs, group(4)), 'baseline-list') : null;
  const uploadsOf = (n) => uploads.filter((r) => r.group === n);
  const upload = uploadsOf(4).length > 0 ? uploadReport(uploadsOf(4)) : null;
  const issue5 = queueTargetsOf(5).length > 0 ? queueReport(queueRuns) : null;
  const issue6 = uploadsOf(6).length > 0 ? uploadReport(uploadsOf(6)) : null;
  const pipeline = queueTargetsOf(6).length > 0 ? vocalReport(queueRuns) : null;
  const reads = readsReport(runs, soak);
  for (const part of [issue3, issue4, upload, issue5, pipeline, issue6, reads]) if (part) console.log(`\n${part.table}`);
  if (!process.env.BENCH_NO_WRITE) {
    if (issue3) writeIssue3(issue3.table, loads);
    // Issue 4's section is about 10,000 properties: a run on another data set leaves it alone.
    if ((issue4 || upload) && PROPERTIES === 10_000) writeIssue4(fixture, issue4?.table, upload?.table, loads, rev);
    else if (issue4 || upload) console.log(`issue 4's section not rewritten: ${PROPERTIES} properties, not 10000`);
    if (issue5) writeIssue5(issue5, loads, rev);
    if (pipeline) writeIssue6Pipeline(pipeline, loads, rev);
    if (issue6) writeIssue6Uploads(issue6.table, loads, rev);
    if (reads) writeReads(fixture, reads, loads, rev);
    console.log(`\nwritten to ${RESULTS}`);
  }
  if (issue3 && !issue3.allMet) console.log('At least one goal of issue 3 is missed (see the table).');
  if ((issue4 && !issue4.allMet) || (upload && !upload.allMet)) console.log('At least one goal of issue 4 is missed (see the tables).');
  if (issue5 && !issue5.allMet) console.log('The goal of issue 5 is missed (see the table).');
  if (issue6 && !issue6.allMet) console.log('The goal of issue 6 is missed (see the table).');
  if (reads && !reads.allMet) console.log('At least one goal of the reads against better-sqlite3 is missed (see the table).');
} finally {
  await cleanUp();
}
