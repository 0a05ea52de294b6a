import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Handler } from '../src/fake/http.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  body: string;
}

export interface ScriptedServer {
  origin: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** The next request matching `path` (a prefix or a test) gets `respond()` instead of the fake's answer. */
  failNext(path: string | RegExp, respond: () => Response, times?: number): void;
  /** Requests matching `path` never get an answer (for timeouts). */
  hang(path: string | RegExp): void;
  close(): Promise<void>;
}

/** A Fetch API handler behind a real socket on 127.0.0.1, with test-only scripting in front of it. */
export async function serve(handler: Handler): Promise<ScriptedServer> {
  const scripts: { path: string | RegExp; respond: (() => Response) | null; times: number }[] = [];
  const requests: RecordedRequest[] = [];
  const matches = (rule: string | RegExp, path: string) => (typeof rule === 'string' ? path.startsWith(rule) : rule.test(path));
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', origin);
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization ?? null,
        body: body.toString('utf8'),
      });
      const script = scripts.find((s) => s.times > 0 && matches(s.path, url.pathname));
      if (script) script.times -= 1;
      if (script && !script.respond) return; // left hanging on purpose
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
      const request = new Request(url, { method: req.method ?? 'GET', headers, ...(body.length && req.method !== 'GET' ? { body } : {}) });
      const response = script?.respond ? script.respond() : await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of response.body) res.write(chunk);
      res.end();
    })().catch((error: unknown) => {
      // An answer that breaks after its headers went out is a connection cut short.
      if (res.headersSent) res.destroy();
      else res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    failNext: (path, respond, times = 1) => scripts.push({ path, respond, times }),
    hang: (path) => scripts.push({ path, respond: null, times: Number.POSITIVE_INFINITY }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
