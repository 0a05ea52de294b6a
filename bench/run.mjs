// Benchmark of issue 3: the API host's overhead on an authenticated read, against a bare
// node:http server doing the same work (bench/baseline-server.mjs).
//
//   pnpm bench                       (builds, then runs this file)
//   node bench/run.mjs               (uses the existing apps/api/dist build)
//
// Env knobs: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 3), BENCH_CONNECTIONS (50),
// BENCH_ROUNDS (default 3: every target once per round, rounds interleaved, median reported),
// BENCH_TARGETS (comma list of target names, default all), BENCH_CPU_PROF=DIR (run the API
// children with --cpu-prof into DIR), BENCH_NO_WRITE=1 (print only, leave RESULTS.md alone),
// BENCH_API_MAIN=FILE (another build of the API, to compare two builds; it needs its
// migrations/ folder beside it and apps/api/node_modules above it).
//
// Each target runs in its own child process, one at a time, on 127.0.0.1, against one temp
// SQLite file; the API's logs go to /dev/null (still serialised and written, as in production).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_MAIN = process.env.BENCH_API_MAIN ?? join(ROOT, 'apps/api/dist/main.js');
const BASELINE = join(ROOT, 'bench/baseline-server.mjs');
const RESULTS = join(ROOT, 'bench/RESULTS.md');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const TARGETS_WANTED = process.env.BENCH_TARGETS?.split(',').map((s) => s.trim());
// Issue 3's goals, as fractions of the baseline's req/s, and the latency ceiling.
const GOAL = { rest: 0.35, trpc: 0.25, p99Ms: 20 };

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
};
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString());
const devNull = openSync('/dev/null', 'w');
const children = new Set();

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

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

/** Starts a server child; `probe` is a path it answers (any status) once it listens. */
async function start(script, { env = {}, nodeArgs = [], probe }) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: ROOT,
    env: { ...sharedEnv, ...env, PORT: String(port) },
    stdio: ['ignore', devNull, 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const base = `http://127.0.0.1:${port}`;
  await waitUntilUp(base + probe, child);
  return { base, child };
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * CPU time (user + system) the child has used, from /proc: CPU per request is far steadier
 * than req/s when other work shares the machine.
 */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

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

const apiTarget = (name, label, path, logLevel, unwrap) => ({
  name,
  label,
  script: API_MAIN,
  path,
  env: { LOG_LEVEL: logLevel },
  nodeArgs: CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, `--cpu-prof-name=${name}.cpuprofile`] : [],
  probe: '/health',
  unwrap,
});

const TARGETS = [
  { name: 'baseline', label: 'baseline: node:http + jose + @libsql/client', script: BASELINE, path: '/me', env: {}, nodeArgs: [], probe: '/', unwrap: (b) => b },
  apiTarget('rest', 'REST `GET /api/v1/me`', '/api/v1/me', 'info', (b) => b),
  apiTarget('trpc', 'tRPC `GET /trpc/auth.me`', '/trpc/auth.me', 'info', (b) => b.result.data),
  apiTarget('rest-warn', 'REST, LOG_LEVEL=warn', '/api/v1/me', 'warn', (b) => b),
  apiTarget('trpc-warn', 'tRPC, LOG_LEVEL=warn', '/trpc/auth.me', 'warn', (b) => b.result.data),
].filter((t) => !TARGETS_WANTED || TARGETS_WANTED.includes(t.name));

/** A first API process applies the migrations and registers the user the runs read. */
async function setUp() {
  const { base, child } = await start(API_MAIN, { env: { LOG_LEVEL: 'warn' }, probe: '/health' });
  try {
    const res = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        organizationName: 'Agence du Banc',
        firstName: 'Camille',
        lastName: 'Mesure',
        email: 'bench@example.com',
        password: 'bench-password-123',
      }),
    });
    if (res.status !== 200) throw new Error(`register answered ${res.status}: ${await res.text()}`);
    const session = await res.json();
    return { token: session.accessToken, expected: { user: session.user, organization: session.organization } };
  } finally {
    await stop(child);
  }
}

async function measure(target, token, expected) {
  const { base, child } = await start(target.script, target);
  try {
    const url = base + target.path;
    // Same answer as the others, or the comparison means nothing.
    const body = target.unwrap(await getJson(url, token));
    if (!isDeepStrictEqual(body, expected)) throw new Error(`${target.name}: unexpected body ${JSON.stringify(body)}`);
    const headers = { authorization: `Bearer ${token}` };
    await cannon(url, headers, WARMUP);
    const cpuBefore = cpuSeconds(child.pid);
    const r = await cannon(url, headers, DURATION);
    const cpu = cpuSeconds(child.pid) - cpuBefore;
    const failed = r.errors + r.timeouts + r.non2xx;
    if (failed > 0) throw new Error(`${target.name}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
    return { reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, cpuUs: (cpu * 1e6) / r.requests.total };
  } finally {
    await stop(child);
  }
}

/** Per target, the round with the median req/s (its own latencies and CPU), and the spread. */
function medians(runs) {
  return TARGETS.map((t) => {
    const mine = runs.filter((r) => r.name === t.name).sort((a, b) => a.reqPerSec - b.reqPerSec);
    const mid = mine[(mine.length - 1) >> 1];
    return { ...mid, min: mine[0].reqPerSec, max: mine.at(-1).reqPerSec };
  });
}

function report(rows) {
  const base = rows.find((r) => r.name === 'baseline');
  const lines = [
    `| target | req/s (median of ${ROUNDS}) | req/s range | p50 (ms) | p99 (ms) | server CPU/req (µs) | req/s vs baseline | goal |`,
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  const verdicts = [];
  for (const r of rows) {
    const ratio = base ? r.reqPerSec / base.reqPerSec : NaN;
    const goal = GOAL[r.name];
    let goalText = '';
    if (goal !== undefined) {
      const verdict = (ok) => (verdicts.push(ok), ok ? '**met**' : '**missed**');
      goalText = `req/s >= ${goal * 100}%: ${verdict(ratio >= goal)}; p99 < ${GOAL.p99Ms} ms: ${verdict(r.p99 < GOAL.p99Ms)}`;
    }
    lines.push(`| ${r.label} | ${Math.round(r.reqPerSec)} | ${Math.round(r.min)}–${Math.round(r.max)} | ${r.p50} | ${r.p99} | ${Math.round(r.cpuUs)} | ${base ? `${(ratio * 100).toFixed(0)}%` : ''} | ${goalText} |`);
  }
  return { table: lines.join('\n'), allMet: verdicts.every(Boolean) };
}

function writeResults(table, loads) {
  const cmd = `pnpm bench  (BENCH_DURATION=${DURATION} BENCH_WARMUP=${WARMUP} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_ROUNDS=${ROUNDS})`;
  const section = [
    '<!-- bench:start (written by bench/run.mjs; the text outside these markers is kept) -->',
    `- date: ${new Date().toISOString()}`,
    `- node: ${process.version}; nproc: ${execFileSync('nproc').toString().trim()}; autocannon ${CONNECTIONS} connections, ${WARMUP} s warm-up then ${DURATION} s per target, one target process at a time, ${ROUNDS} interleaved rounds`,
    `- 1-minute load average before / after the run: ${loads.map((l) => l.toFixed(2)).join(' / ')} (other work on the machine skews req/s and p99; CPU/req much less)`,
    `- command: \`${cmd}\``,
    '',
    table,
    '<!-- bench:end -->',
  ].join('\n');
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark: the API host against a bare server (issue 3)\n\n<!-- bench:start --><!-- bench:end -->\n';
  const next = current.replace(/<!-- bench:start[\s\S]*?<!-- bench:end -->/, () => section);
  writeFileSync(RESULTS, next);
}

async function cleanUp() {
  await Promise.all([...children].map(stop));
  closeSync(devNull);
  rmSync(tmp, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanUp().then(() => process.exit(130)));
}

try {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`pnpm build\` (or \`pnpm bench\`)`);
  const loadBefore = loadavg()[0];
  const { token, expected } = await setUp();
  const runs = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const target of TARGETS) {
      process.stdout.write(`round ${round} ${target.name}: `);
      const run = { name: target.name, label: target.label, ...(await measure(target, token, expected)) };
      console.log(`${Math.round(run.reqPerSec)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ${Math.round(run.cpuUs)} µs CPU/req (${run.total} requests)`);
      runs.push(run);
    }
  }
  const { table, allMet } = report(medians(runs));
  console.log(`\n${table}\n`);
  if (!process.env.BENCH_NO_WRITE) {
    writeResults(table, [loadBefore, loadavg()[0]]);
    console.log(`written to ${RESULTS}`);
  }
  if (!allMet) console.log('At least one goal of issue 3 is missed (see the table).');
} finally {
  await cleanUp();
}
