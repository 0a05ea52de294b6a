// Upload memory of issue 4's benchmark: one large streaming upload to a running API, raw body
// or multipart/form-data, with the API process's resident memory watched before and during.
//
// The file is made on the fly (a real PDF, so the sniffed type is application/pdf, then
// filler up to the size), so the bench process never holds it either. Memory is read two ways:
// VmRSS from /proc/<pid>/status every 50 ms, and the kernel's own peak (VmHWM), reset just
// before the upload through /proc/<pid>/clear_refs, which catches a peak between two samples.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const PDF = readFileSync(new URL('../packages/core/src/seed-assets/dpe.pdf', import.meta.url));
const FILLER = randomBytes(64 * 1024);
const SAMPLE_MS = 50;
const MiB = 1024 * 1024;

/** `head`, then filler up to `size` bytes in all, 64 KiB at a time (the same filler buffer, never modified). */
export function* headThenFiller(head, size) {
  yield head.subarray(0, Math.min(size, head.length));
  for (let sent = head.length; sent < size; sent += FILLER.length) yield FILLER.subarray(0, Math.min(FILLER.length, size - sent));
}

function sha256Of(chunks) {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * What is uploaded where, and how the answer proves it was stored whole. Issue 4's: a document
 * to /files/upload, checked by size, SHA-256 and sniffed type.
 */
export const PDF_UPLOAD = {
  path: '/api/v1/files/upload',
  fileName: 'bench-upload.pdf',
  mimeType: 'application/pdf',
  chunks: (size) => headThenFiller(PDF, size),
  check(answer, size) {
    const sha256 = sha256Of(this.chunks(size));
    if (answer.size !== size || answer.sha256 !== sha256 || answer.mimeType !== this.mimeType) {
      throw new Error(`upload stored ${JSON.stringify(answer)}; expected ${size} bytes, sha256 ${sha256}, ${this.mimeType}`);
    }
  },
};

/** kB figures of /proc/<pid>/status, in MiB. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

function post(url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    pipeline(body, req).catch(reject);
  });
}

/** One upload of `size` bytes; resolves with the stored file once the API has answered 200. */
async function upload(base, token, multipart, size, file) {
  const headers = { authorization: `Bearer ${token}` };
  let body;
  let path = file.path;
  if (multipart) {
    const boundary = `----monimmo-bench-${randomBytes(8).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
    headers['content-length'] = String(head.length + size + tail.length);
    body = Readable.from(
      (function* () {
        yield head;
        yield* file.chunks(size);
        yield tail;
      })(),
    );
  } else {
    path += `?fileName=${encodeURIComponent(file.fileName)}`;
    headers['content-type'] = file.mimeType;
    headers['content-length'] = String(size);
    body = Readable.from(file.chunks(size));
  }
  const res = await post(base + path, headers, body);
  if (res.status !== 201) throw new Error(`upload of ${size} bytes answered ${res.status}: ${res.text.slice(0, 300)}`);
  return JSON.parse(res.text);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Watched after the answer too: work the upload sets off (the classification job) counts. */
const TAIL_MS = 1000;

/**
 * Against an API listening at `base` in process `pid`: a 1 MiB upload of the same kind first
 * (code paths loaded and its classification job done, as in a server that has been up a
 * while), then a second of rest, a second of idle samples, and the measured upload, watched
 * until a second after the answer. Sizes in MiB, times in seconds (the upload's own time and
 * the server CPU it took, from `cpuSeconds()`). `file` says what is uploaded where (PDF_UPLOAD
 * by default).
 */
export async function measureUpload({ base, pid, token, multipart, size, cpuSeconds, file = PDF_UPLOAD }) {
  await upload(base, token, multipart, MiB, file);
  await sleep(1000);
  const idle = [];
  for (let i = 0; i < 20; i++) {
    idle.push(memoryOf(pid).rss);
    await sleep(SAMPLE_MS);
  }
  const before = median(idle);
  let hwmReset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    hwmReset = false;
  }
  const samples = [];
  const timer = setInterval(() => samples.push(memoryOf(pid).rss), SAMPLE_MS);
  const started = performance.now();
  const cpuBefore = cpuSeconds();
  let stored;
  let seconds;
  let cpu;
  try {
    stored = await upload(base, token, multipart, size, file);
    seconds = (performance.now() - started) / 1000;
    cpu = cpuSeconds() - cpuBefore;
    await sleep(TAIL_MS);
  } finally {
    clearInterval(timer);
  }
  const after = memoryOf(pid);
  samples.push(after.rss);
  file.check(stored, size);
  const sampledPeak = Math.max(...samples);
  const peak = hwmReset ? Math.max(sampledPeak, after.hwm) : sampledPeak;
  return {
    sizeMiB: size / MiB,
    seconds,
    mibPerSec: size / MiB / seconds,
    cpuSeconds: cpu,
    before,
    sampledPeak,
    kernelPeak: hwmReset ? after.hwm : null,
    growth: peak - before,
    samples: samples.length,
  };
}
