import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { setRequestDeadline } from './timeouts.ts';

const LIMIT_MS = 100;
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server whose handler answers only once `answerAfter` resolves, under a 100 ms deadline. */
async function start(answerAfter: () => Promise<unknown>, { read = true } = {}): Promise<number> {
  server = createServer((req, res) => {
    setRequestDeadline(req, res, LIMIT_MS);
    // A handler may answer without reading a body (a GET has none to read): no 'end' then.
    if (read) req.resume();
    void answerAfter().then(() => {
      if (!res.headersSent) res.end('done');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function send(port: number, method: string, chunks: string[], gapMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const length = chunks.join('').length;
    const req = request(
      { port, host: '127.0.0.1', method, path: '/', headers: length ? { 'content-length': String(length) } : {} },
      (res) => {
        let body = '';
        res.on('data', (part: Buffer) => (body += part.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    void (async () => {
      for (const chunk of chunks) {
        await sleep(gapMs);
        if (req.destroyed) return;
        req.write(chunk);
      }
      req.end();
    })();
  });
}

describe('setRequestDeadline', () => {
  it('answers 408 to a request whose body is still arriving at the deadline', async () => {
    let release!: () => void;
    const port = await start(() => new Promise<void>((resolve) => (release = resolve)));
    const answer = await send(port, 'POST', ['{"a":', '1', '}'], 80);
    release();
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'REQUEST_TIMEOUT', details: { reason: 'REQUEST_TIMEOUT', limitMs: LIMIT_MS } });
  });

  it('never cuts a request that arrived in full, however long its answer takes', async () => {
    const port = await start(() => sleep(3 * LIMIT_MS), { read: false });
    expect(await send(port, 'GET', [], 0)).toEqual({ status: 200, body: 'done' });
    expect(await send(port, 'POST', ['{}'], 0)).toEqual({ status: 200, body: 'done' });
  });
});
