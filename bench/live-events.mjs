// The live event stream, end to end, and what idle streams cost:
//   1. latency from a message's triage commit to the inbox (/boite-de-reception) showing its
//      triaged state in headless chromium, over BENCH_LIVE_MESSAGES messages POSTed one at a time
//      (the next once the previous has rendered, after a pause), twice: embedded (in-process
//      events, jobs in the API) and ENABLE_QUEUE=true (a worker process, Redis pub/sub);
//   2. the floor in the same run: a bare node:http server relaying a Redis channel over SSE to a
//      bare EventSource page that writes one DOM node per event (bench/sse-baseline-server.mjs);
//   3. the RSS of the API (embedded) and of the bare server idle, with BENCH_LIVE_CONNECTIONS
//      idle signed-in SSE streams, after BENCH_LIVE_IDLE_SECONDS, and after closing them; /health
//      answered meanwhile.
//
//   pnpm bench:live              (builds, then runs this file)
//   node bench/live-events.mjs   (uses the existing builds)
//
// Commit time is the event's own `at`: stamped by the publishing process right after the
// transaction commits (packages/core/src/events), read from a node SSE client of the same stream.
// Render time is Date.now() in the page, from a MutationObserver, when the row's badge shows a
// triaged state (the DOM change, a frame before the paint). Same machine, same clock.
//
// Knobs: BENCH_LIVE_MESSAGES (200), BENCH_LIVE_WARMUP (10, not measured), BENCH_LIVE_PAUSE_MS
// (150), BENCH_LIVE_PROPERTIES (60), BENCH_LIVE_CONNECTIONS (1000), BENCH_LIVE_IDLE_SECONDS (30),
// BENCH_REDIS_URL (redis://127.0.0.1:6379), BENCH_NO_WRITE=1 (print only). Needs Debian's chromium
// (CHROMIUM_PATH) and Redis. Every child, temp file and Redis key is removed at the end.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { freePort, stop } from './processes.mjs';
import { benchRedis, copyDb, percentile, sleep, uuidv7, waitForWorker } from './queue-common.mjs';
import { seedProperties } from './seed-properties.mjs';
import { buildMessages, readDataSet } from './triage-throughput.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench/RESULTS.md');
const API_MAIN = join(ROOT, 'apps/api/dist/main.js');
const WORKER_MAIN = join(ROOT, 'apps/worker/dist/main.js');
const BASELINE = join(ROOT, 'bench/sse-baseline-server.mjs');

const numberOr = (value, fallback) => (value === undefined || value === '' ? fallback : Number(value));
const MESSAGES = numberOr(process.env.BENCH_LIVE_MESSAGES, 200);
const WARMUP = numberOr(process.env.BENCH_LIVE_WARMUP, 10);
const PAUSE_MS = numberOr(process.env.BENCH_LIVE_PAUSE_MS, 150);
const PROPERTIES = numberOr(process.env.BENCH_LIVE_PROPERTIES, 60);
const CONNECTIONS = numberOr(process.env.BENCH_LIVE_CONNECTIONS, 1000);
const IDLE_SECONDS = numberOr(process.env.BENCH_LIVE_IDLE_SECONDS, 30);
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
// The API limits nothing per user; a few sessions spread the streams anyway.
const TOKENS = 4;
const RENDER_TIMEOUT_MS = 20_000;
const CREDENTIALS = { email: 'bench-live@example.com', password: 'bench-password-123' };
const TRIAGED_LABELS = ['Rattaché auto', 'Rattaché', 'Traité, non rattaché', 'À vérifier'];

for (const file of [API_MAIN, WORKER_MAIN, join(ROOT, 'apps/web/dist/index.html')]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing. Build first: pnpm build (or pnpm bench:live, which does).`);
    process.exit(1);
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'monimmo-bench-live-'));
const TEMPLATE_DB = join(tmp, 'template.db');
const JWT_SECRET = 'bench-live-secret-0123456789-abcdefghijkl';
const redis = benchRedis(REDIS_URL, 'live');
const children = new Set();
const logs = [];
let browser;

const apiEnv = (dbFile, extra = {}) => ({
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: dbFile,
  JWT_SECRET,
  // Outlives the run: the bench's own streams and the browser's keep one token.
  ACCESS_TOKEN_TTL_SECONDS: '3600',
  STORAGE_SIGNING_SECRET: 'bench-live-storage-0123456789-abcdefghijk',
  INTEGRATION_TOKEN_SECRET: 'bench-live-integration-0123456789-abcdefg',
  LOCAL_STORAGE_DIR: join(tmp, 'storage'),
  ...extra,
});

/** A node child whose output goes to a log file in the temp dir, printed if the run fails. */
function spawnNode(script, env) {
  const log = join(tmp, `${basename(script, '.js')}-${logs.length + 1}.log`);
  const fd = openSync(log, 'w');
  const child = spawn(process.execPath, [script], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  logs.push(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A server child on a free port, once `probe` answers 200. */
async function startServer(script, env, probe) {
  const port = await freePort();
  const child = spawnNode(script, { ...env, HOST: '127.0.0.1', PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode} before listening`);
    if (
      await fetch(base + probe).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { base, child };
    await sleep(100);
  }
  throw new Error(`${script} did not answer ${probe} within 30 s`);
}

async function postJson(url, body, token) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

const login = async (base) => (await postJson(`${base}/api/v1/auth/login`, CREDENTIALS)).accessToken;
const productStreamUrl = (base, token) => `${base}/trpc/events.stream?connectionParams=${encodeURIComponent(JSON.stringify({ token }))}`;
const baselineStreamUrl = (base, token) => `${base}/events?token=${encodeURIComponent(token)}`;

/** Values that arrive by key, awaited by key: whichever comes first, the value or the wait. */
function arrivals(what) {
  const values = new Map();
  const waiters = new Map();
  return {
    set(key, value) {
      if (values.has(key)) return;
      values.set(key, value);
      waiters.get(key)?.(value);
      waiters.delete(key);
    },
    wait(key) {
      if (values.has(key)) return Promise.resolve(values.get(key));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(key);
          reject(new Error(`${what} of ${key} did not come within ${RENDER_TIMEOUT_MS} ms`));
        }, RENDER_TIMEOUT_MS);
        waiters.set(key, (value) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    },
  };
}

/** One SSE stream opened with node's http client; `onEvent` gets each data frame, parsed. */
function openStream(url, onEvent) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.resume();
        return reject(new Error(`${url.split('?')[0]} answered ${res.statusCode} ${res.headers['content-type']}`));
      }
      const stream = { req, res, closedEarly: false, closing: false };
      res.on('error', () => {});
      res.once('close', () => (stream.closedEarly = !stream.closing));
      if (!onEvent) {
        res.resume();
        return resolve(stream);
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = frame.split('\n');
          if (lines.some((l) => l.startsWith('event:'))) continue;
          const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim());
          if (data.length) onEvent(JSON.parse(data.join('\n')));
        }
      });
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}

function closeStream(stream) {
  stream.closing = true;
  stream.req.destroy();
}

/** The stream seen from node: when each item's `message.triaged` was stamped, and when it arrived here. */
async function tapTriaged(url) {
  const triaged = arrivals('the triage event');
  const stream = await openStream(url, (event) => {
    if (event.type === 'message.triaged') triaged.set(event.itemId, { at: Date.parse(event.at), heardAt: Date.now() });
  });
  return { triaged, close: () => closeStream(stream) };
}

/**
 * Runs in the page: reports (Date.now(), item id) the first time a row shows a triaged badge in
 * the inbox, or the first time the bare page adds an event's node.
 */
function observeRows({ kind, labels }) {
  const { document, MutationObserver } = globalThis;
  const triaged = new Set(labels);
  const reported = new Set();
  const report = (id, now) => {
    if (!id || reported.has(id)) return;
    reported.add(id);
    globalThis.__benchRendered(id, now);
  };
  const scan = (records) => {
    const now = Date.now();
    if (kind === 'baseline') {
      for (const record of records) for (const node of record.addedNodes) report(node.dataset?.id, now);
      return;
    }
    for (const row of document.querySelectorAll('ul[aria-label="Messages"] > li')) {
      const link = row.querySelector('a[href*="message="]');
      const id = link && new URL(link.href).searchParams.get('message');
      if (id && !reported.has(id) && [...row.querySelectorAll('span.rounded-full')].some((b) => triaged.has(b.textContent)))
        report(id, now);
    }
  };
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, characterData: true });
  scan([]);
}

/** A fresh browser context whose page reports rendered rows to `rendered`. */
async function newPage(rendered) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  page.setDefaultTimeout(RENDER_TIMEOUT_MS);
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.exposeFunction('__benchRendered', (id, now) => rendered.set(id, now));
  return { context, page, problems };
}

/** Signed in through the screens, on the inbox, rows watched. */
async function inboxPage(base, rendered) {
  const opened = await newPage(rendered);
  const { page } = opened;
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse e-mail').fill(CREDENTIALS.email);
  await page.getByLabel('Mot de passe').fill(CREDENTIALS.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();
  await page.goto(`${base}/boite-de-reception`);
  await page.getByRole('heading', { name: 'Boîte de réception', exact: true }).waitFor();
  await page.evaluate(observeRows, { kind: 'product', labels: TRIAGED_LABELS });
  return opened;
}

/**
 * Sends `items` one at a time: `send(item)` answers the item's id; waits until the page shows
 * it and the node tap heard it, then pauses. Answers commit → DOM and commit → node, in ms.
 */
async function sequence(items, send, rendered, tap) {
  const toDom = [];
  const toNode = [];
  for (const [index, item] of items.entries()) {
    const id = await send(item);
    const [renderedAt, { at, heardAt }] = await Promise.all([rendered.wait(id), tap.triaged.wait(id)]);
    if (index >= WARMUP) {
      toDom.push(renderedAt - at);
      toNode.push(heardAt - at);
    }
    await sleep(PAUSE_MS);
  }
  return { toDom, toNode };
}

/** The agency (one staff user), its properties and people: copied for each API run. */
async function prepareTemplate() {
  const api = await startServer(API_MAIN, apiEnv(TEMPLATE_DB), '/health');
  const session = await postJson(`${api.base}/api/v1/auth/register`, {
    organizationName: 'Agence du Direct',
    firstName: 'Camille',
    lastName: 'Mesure',
    ...CREDENTIALS,
  });
  await stop(api.child);
  const orgId = session.organization.id;
  await seedProperties(TEMPLATE_DB, { orgId, agentId: session.user.id, count: PROPERTIES, seed: 11 });
  return { orgId, people: await readDataSet(TEMPLATE_DB, orgId) };
}

async function measureProduct(mode, template) {
  const dbFile = join(tmp, `${mode}.db`);
  copyDb(TEMPLATE_DB, dbFile);
  const queueEnv = mode === 'queue' ? { ENABLE_QUEUE: 'true', REDIS_URL, QUEUE_PREFIX: `${redis.prefix}.${mode}` } : {};
  const env = apiEnv(dbFile, queueEnv);
  const api = await startServer(API_MAIN, env, '/health');
  let worker;
  let tap;
  let opened;
  try {
    if (mode === 'queue') {
      worker = spawnNode(WORKER_MAIN, env);
      await waitForWorker(api.base, worker);
    }
    const token = await login(api.base);
    tap = await tapTriaged(productStreamUrl(api.base, token));
    const rendered = arrivals('the render');
    opened = await inboxPage(api.base, rendered);
    const messages = buildMessages(template.people, WARMUP + MESSAGES, mode === 'queue' ? 3 : 2, `live-${mode}`);
    const send = async ({ input }) => (await postJson(`${api.base}/api/v1/messages`, input, token)).id;
    const result = await sequence(messages, send, rendered, tap);
    if (opened.problems.length) throw new Error(`the page failed: ${opened.problems.join('; ')}`);
    return result;
  } finally {
    tap?.close();
    await opened?.context.close();
    if (worker) await stop(worker);
    await stop(api.child);
  }
}

/** The bench publishes envelopes as the API's Redis driver does; the bare server relays them. */
async function measureBaseline(template, token) {
  const channel = `${redis.prefix}.baseline:events`;
  const server = await startServer(BASELINE, { PATH: process.env.PATH, REDIS_URL, EVENTS_CHANNEL: channel, JWT_SECRET }, '/health');
  let tap;
  let opened;
  try {
    tap = await tapTriaged(baselineStreamUrl(server.base, token));
    const rendered = arrivals('the render');
    opened = await newPage(rendered);
    await opened.page.goto(`${server.base}/?token=${encodeURIComponent(token)}`);
    await opened.page.waitForFunction(() => globalThis.__benchOpen === true);
    await opened.page.evaluate(observeRows, { kind: 'baseline', labels: [] });
    const publisher = redis.connection();
    const send = async () => {
      const event = { id: uuidv7(), orgId: template.orgId, type: 'message.triaged', itemId: uuidv7(), to: 'PROCESSED' };
      await publisher.publish(channel, JSON.stringify({ origin: 'bench', event: { ...event, at: new Date().toISOString() } }));
      return event.itemId;
    };
    const result = await sequence(Array.from({ length: WARMUP + MESSAGES }), send, rendered, tap);
    if (opened.problems.length) throw new Error(`the page failed: ${opened.problems.join('; ')}`);
    return result;
  } finally {
    tap?.close();
    await opened?.context.close();
    await stop(server.child);
  }
}

const rssMiB = (pid) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** /health, `count` times one after the other: median and max in ms. */
async function healthTimes(base, count = 20) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(`${base}/health`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`/health answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return { median: percentile(times, 0.5), max: Math.max(...times) };
}

/** RSS idle, with CONNECTIONS idle streams, after IDLE_SECONDS, and after closing them. */
async function measureMemory({ base, child }, streamUrl) {
  await sleep(3000);
  const idle = rssMiB(child.pid);
  const healthIdle = await healthTimes(base);
  const streams = [];
  const openAll = async () => {
    let next = 0;
    const lane = async () => {
      while (next < CONNECTIONS) streams.push(await openStream(streamUrl(next++)));
    };
    await Promise.all(Array.from({ length: 50 }, lane));
  };
  try {
    await openAll();
    const open = rssMiB(child.pid);
    await sleep(IDLE_SECONDS * 1000);
    const afterIdle = rssMiB(child.pid);
    const healthOpen = await healthTimes(base);
    const dropped = streams.filter((s) => s.closedEarly).length;
    if (dropped) throw new Error(`${dropped} of ${CONNECTIONS} streams were closed by the server while idle`);
    for (const stream of streams) closeStream(stream);
    await sleep(5000);
    const closed5 = rssMiB(child.pid);
    await sleep(10_000);
    const closed15 = rssMiB(child.pid);
    // A second cycle: memory the first left behind and the second reuses is kept, not leaked.
    streams.length = 0;
    await openAll();
    await sleep(2000);
    for (const stream of streams) closeStream(stream);
    await sleep(5000);
    const secondCycle = rssMiB(child.pid);
    const perStreamKiB = ((afterIdle - idle) * 1024) / CONNECTIONS;
    return { idle, open, afterIdle, closed5, closed15, secondCycle, healthIdle, healthOpen, perStreamKiB };
  } finally {
    for (const stream of streams) closeStream(stream);
  }
}

async function memoryOfProduct() {
  const dbFile = join(tmp, 'memory.db');
  copyDb(TEMPLATE_DB, dbFile);
  const api = await startServer(API_MAIN, apiEnv(dbFile), '/health');
  try {
    const tokens = [];
    for (let i = 0; i < TOKENS; i++) tokens.push(await login(api.base));
    return await measureMemory(api, (i) => productStreamUrl(api.base, tokens[i % TOKENS]));
  } finally {
    await stop(api.child);
  }
}

async function memoryOfBaseline(token) {
  const env = { PATH: process.env.PATH, REDIS_URL, EVENTS_CHANNEL: `${redis.prefix}.memory:events`, JWT_SECRET };
  const server = await startServer(BASELINE, env, '/health');
  try {
    return await measureMemory(server, () => baselineStreamUrl(server.base, token));
  } finally {
    await stop(server.child);
  }
}

const stats = (values) => ({ median: percentile(values, 0.5), p99: percentile(values, 0.99), max: Math.max(...values) });
const ms = (value) => `${Math.round(value)} ms`;
const mib = (value) => `${value.toFixed(1)} MiB`;
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(1)}x` : 'n/a');

function latencyTable(runs) {
  const floor = stats(runs.baseline.toDom);
  const rows = [
    ['baseline', 'baseline: Redis pub/sub → bare node:http SSE → EventSource → one DOM node'],
    ['embedded', 'embedded: in-process events, triage in the API → tRPC SSE → refetch → inbox row'],
    ['queue', 'ENABLE_QUEUE=true: triage in the worker → Redis pub/sub → API → tRPC SSE → refetch → inbox row'],
  ].map(([key, label]) => {
    const dom = stats(runs[key].toDom);
    const node = stats(runs[key].toNode);
    return `| ${label} | ${ms(dom.median)} | ${ms(dom.p99)} | ${ms(dom.max)} | ${ratio(dom.median, floor.median)} / ${ratio(dom.p99, floor.p99)} | ${ms(node.median)} / ${ms(node.p99)} |`;
  });
  return [
    `| path (${MESSAGES} events each, one at a time) | commit → DOM, median | p99 | max | vs baseline (median / p99) | commit → a node SSE client (median / p99) |`,
    '|---|---|---|---|---|---|',
    ...rows,
  ];
}

function memoryTable(product, baseline) {
  const row = (label, m) =>
    `| ${label} | ${mib(m.idle)} | ${mib(m.open)} | ${mib(m.afterIdle)} | ${m.perStreamKiB.toFixed(1)} KiB | ${ms(m.healthIdle.median)} | ${ms(m.healthOpen.median)} / ${ms(m.healthOpen.max)} | ${mib(m.closed5)} / ${mib(m.closed15)} | ${mib(m.secondCycle)} |`;
  return [
    `| server | RSS idle | ${CONNECTIONS} streams just opened | after ${IDLE_SECONDS} s idle | per stream | /health idle (median of 20) | /health with them open (median / max of 20) | RSS 5 s / 15 s after closing | after a second open/close cycle |`,
    '|---|---|---|---|---|---|---|---|---|',
    row('API, embedded (`events.stream`, tRPC SSE)', product),
    row('baseline: bare node:http SSE', baseline),
  ];
}

function writeSection(lines) {
  const marker = 'live';
  const start = `<!-- ${marker}:start (written by bench/live-events.mjs; the text outside these markers is kept) -->`;
  const section = [start, ...lines, `<!-- ${marker}:end -->`].join('\n');
  const current = readFileSync(RESULTS, 'utf8');
  const pattern = new RegExp(`<!-- ${marker}:start[\\s\\S]*?<!-- ${marker}:end -->`);
  const heading = '# Benchmark: live events, triage commit → SSE → inbox, and idle SSE memory (bench/live-events.mjs)';
  writeFileSync(
    RESULTS,
    pattern.test(current) ? current.replace(pattern, () => section) : `${current.trimEnd()}\n\n${heading}\n\n${section}\n`,
  );
}

async function main() {
  const loadBefore = loadavg()[0];
  // Fails fast when Redis is away, and lets the clean-up remove the run's keys whatever happens.
  await redis.connection().ping();
  const template = await prepareTemplate();
  console.log(`data set: ${template.people.properties.length} properties; ${MESSAGES} messages per path (+${WARMUP} warm-up)`);
  browser = await launchChromium();
  // A token for the bare server's clients: same secret, issuer and audience as the API's.
  const api = await startServer(API_MAIN, apiEnv(TEMPLATE_DB), '/health');
  const token = await login(api.base).finally(() => stop(api.child));

  const runs = {};
  for (const key of ['baseline', 'embedded', 'queue']) {
    process.stdout.write(`${key}: `);
    runs[key] = key === 'baseline' ? await measureBaseline(template, token) : await measureProduct(key, template);
    const dom = stats(runs[key].toDom);
    console.log(`commit → DOM median ${dom.median} ms, p99 ${dom.p99} ms, max ${dom.max} ms`);
  }
  await browser.close();
  browser = undefined;
  process.stdout.write(`memory, API with ${CONNECTIONS} streams: `);
  const productMemory = await memoryOfProduct();
  console.log(`${productMemory.perStreamKiB.toFixed(1)} KiB per stream`);
  process.stdout.write(`memory, bare server with ${CONNECTIONS} streams: `);
  const baselineMemory = await memoryOfBaseline(token);
  console.log(`${baselineMemory.perStreamKiB.toFixed(1)} KiB per stream`);

  const report = [
    `- date: ${new Date().toISOString()}; node ${process.version}; nproc ${execFileSync('nproc').toString().trim()} (shared with other work); load ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}; headless chromium`,
    `- command: \`npx -y pnpm@10.34.8 bench:live\` (BENCH_LIVE_MESSAGES=${MESSAGES}, BENCH_LIVE_WARMUP=${WARMUP}, BENCH_LIVE_PAUSE_MS=${PAUSE_MS}, BENCH_LIVE_PROPERTIES=${PROPERTIES}, BENCH_LIVE_CONNECTIONS=${CONNECTIONS}, BENCH_LIVE_IDLE_SECONDS=${IDLE_SECONDS})`,
    '',
    ...latencyTable(runs),
    '',
    ...memoryTable(productMemory, baselineMemory),
  ];
  console.log(`\n${report.join('\n')}`);
  if (!process.env.BENCH_NO_WRITE) {
    writeSection(report);
    console.log(`\nwritten to ${RESULTS}`);
  }
}

async function cleanUp() {
  await browser?.close().catch(() => {});
  await Promise.all([...children].map(stop));
  await redis.cleanUp().catch((err) => console.error(`Redis keys under ${redis.prefix}.* not removed: ${err.message}`));
  rmSync(tmp, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanUp().then(() => process.exit(130)));
}

try {
  await main();
} catch (error) {
  for (const log of logs)
    console.error(`--- ${basename(log)}, last lines:\n${readFileSync(log, 'utf8').split('\n').slice(-20).join('\n')}`);
  throw error;
} finally {
  await cleanUp();
}
