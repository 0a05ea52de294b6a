// The API's memory under a long read load: VmRSS idle, then every BENCH_SOAK_EVERY seconds while
// autocannon keeps `connections` busy on one URL for `seconds`, then after the load stops. With
// `snapshots`, the API runs under --heapsnapshot-signal and writes a heap snapshot when idle and
// again at the end of the load (writing one costs memory, so the figures of such a run are not
// the measurement).
import autocannon from 'autocannon';
import { memoryOf } from './upload-memory.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function measureListMemory({ url, pid, token, seconds, every, connections, snapshot }) {
  const headers = { authorization: `Bearer ${token}` };
  // One answer first: what a first request sets up lazily is part of idle.
  const first = await fetch(url, { headers });
  if (first.status !== 200) throw new Error(`${url} answered ${first.status}`);
  await first.arrayBuffer();
  await sleep(2000);
  const idle = memoryOf(pid).rss;
  if (snapshot) await snapshot('idle');
  const samples = [];
  const started = Date.now();
  const timer = setInterval(() => samples.push({ s: Math.round((Date.now() - started) / 1000), rss: memoryOf(pid).rss }), every * 1000);
  let result;
  try {
    result = await new Promise((resolve, reject) => {
      autocannon({ url, headers, connections, duration: seconds }, (error, r) => (error ? reject(error) : resolve(r)));
    });
  } finally {
    clearInterval(timer);
  }
  const loaded = memoryOf(pid).rss;
  samples.push({ s: Math.round((Date.now() - started) / 1000), rss: loaded });
  if (snapshot) await snapshot('loaded');
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`list load: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
  await sleep(10_000);
  const peak = Math.max(...samples.map((x) => x.rss));
  return {
    idle,
    samples,
    peak,
    after: memoryOf(pid).rss,
    hwm: memoryOf(pid).hwm,
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p99: result.latency.p99,
  };
}
