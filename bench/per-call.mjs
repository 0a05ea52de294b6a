// Per-call cost of the API's reads, in CPU microseconds of the API process per request: a fixed
// number of requests over a few keep-alive connections, the child's user + system time read
// from /proc before and after. Steadier than req/s on a shared machine, and what a change to
// the host's own work moves.
//
//   node bench/per-call.mjs                 (uses apps/api/dist; build first)
//
// Env: PER_CALL_N (timed requests per target, default 4000), PER_CALL_WARMUP (default 1000),
// PER_CALL_IN_FLIGHT (default 4), PER_CALL_PROPERTIES (default 10000), PER_CALL_ROUNDS (default 3,
// median reported), PER_CALL_TARGETS (comma list: rest, trpc, list, list100, detail),
// BENCH_API_MAIN (another build), BENCH_CPU_PROF=DIR (the API child runs with --cpu-prof).
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, freePort, registerBenchUser, stop } from './processes.mjs';
import { seedProperties } from './seed-properties.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_MAIN = process.env.BENCH_API_MAIN ?? join(ROOT, 'apps/api/dist/main.js');
const N = Number(process.env.PER_CALL_N ?? 4000);
const WARMUP = Number(process.env.PER_CALL_WARMUP ?? 1000);
const IN_FLIGHT = Number(process.env.PER_CALL_IN_FLIGHT ?? 4);
const PROPERTIES = Number(process.env.PER_CALL_PROPERTIES ?? 10_000);
const ROUNDS = Number(process.env.PER_CALL_ROUNDS ?? 3);
const CPU_PROF = process.env.BENCH_CPU_PROF;

const tmp = mkdtempSync(join(tmpdir(), 'monimmo-per-call-'));
const DB_FILE = join(tmp, 'bench.db');
const env = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  DATABASE_URL: DB_FILE,
  JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnop',
  ACCESS_TOKEN_TTL_SECONDS: '3600',
  STORAGE_SIGNING_SECRET: 'bench-storage-secret-0123456789-abcdefghij',
  INTEGRATION_TOKEN_SECRET: 'bench-integration-secret-0123456789-abcdefgh',
  LOCAL_STORAGE_DIR: join(tmp, 'storage'),
};
const devNull = openSync('/dev/null', 'w');

async function startApi(name) {
  const port = await freePort();
  const nodeArgs = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...nodeArgs, API_MAIN], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', devNull, 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    try {
      await fetch(`${base}/health`);
      return { base, port, child };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('API did not start');
}

/** `count` GETs, `IN_FLIGHT` at a time over keep-alive connections; each must answer 200. */
async function hammer(port, path, token, count) {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  let next = 0;
  const one = () =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path} answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  const lane = async () => {
    while (next++ < count) await one();
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  agent.destroy();
}

async function main() {
  let { child, base } = await startApi('setup');
  const session = await registerBenchUser(base);
  await stop(child);
  const { richId } = await seedProperties(DB_FILE, { orgId: session.organization.id, agentId: session.user.id, count: PROPERTIES });
  const targets = {
    rest: '/api/v1/me',
    trpc: '/trpc/auth.me',
    list: '/api/v1/properties?limit=20',
    list100: '/api/v1/properties?limit=100',
    detail: `/api/v1/properties/${richId}`,
  };
  const wanted = process.env.PER_CALL_TARGETS?.split(',') ?? Object.keys(targets);
  const results = Object.fromEntries(wanted.map((t) => [t, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of wanted) {
      const api = await startApi(name);
      try {
        await hammer(api.port, targets[name], session.accessToken, WARMUP);
        const before = cpuSeconds(api.child.pid);
        await hammer(api.port, targets[name], session.accessToken, N);
        results[name].push(((cpuSeconds(api.child.pid) - before) * 1e6) / N);
      } finally {
        await stop(api.child);
      }
    }
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${N} calls, ${IN_FLIGHT} in flight, median of ${ROUNDS}`,
  );
  for (const [name, runs] of Object.entries(results)) {
    const sorted = [...runs].sort((a, b) => a - b);
    console.log(
      `${name.padEnd(8)} ${sorted[Math.floor(sorted.length / 2)].toFixed(0).padStart(6)} µs CPU/call   (${runs.map((r) => r.toFixed(0)).join(', ')})`,
    );
  }
}

try {
  await main();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
