// Baseline for bench/live-events.mjs: the transport floor of the live events. A bare node:http
// server relays a Redis pub/sub channel (envelopes as the API's Redis driver writes them,
// `{ origin, event }`) to Server-Sent Events clients of the event's agency, and serves a bare page
// whose EventSource writes one DOM node per event. No framework, no tRPC, no refetch: what is left
// is Redis → node → SSE → browser → DOM. Clients sign in as the API's do: a HS256 access token
// (jose, same secret, issuer, audience), here in the query string (`?token=`), as an EventSource
// sends no headers; no session lookup.
// Env: PORT, REDIS_URL, EVENTS_CHANNEL, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url);
const fromCore = createRequire(new URL('packages/core/package.json', root));
const { jwtVerify } = await import(pathToFileURL(fromCore.resolve('jose')).href);
const { Redis } = fromCore('ioredis');

const { PORT = '0', REDIS_URL, EVENTS_CHANNEL, JWT_SECRET, JWT_ISSUER = 'monimmo', JWT_AUDIENCE = 'monimmo-api' } = process.env;
if (!REDIS_URL || !EVENTS_CHANNEL || !JWT_SECRET) throw new Error('REDIS_URL, EVENTS_CHANNEL and JWT_SECRET are required');
const key = new TextEncoder().encode(JWT_SECRET);
const verifyOptions = { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
// As the API's streams: a comment every 15 s keeps a quiet stream alive.
const PING_MS = 15_000;

const PAGE = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Événements</title></head><body>
<ul id="events"></ul>
<script>
  const list = document.getElementById('events');
  const source = new EventSource('/events' + location.search);
  source.onopen = () => { window.__benchOpen = true; };
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    const row = document.createElement('li');
    row.dataset.id = event.itemId;
    row.textContent = event.type + ' ' + event.itemId;
    list.prepend(row);
  };
</script></body></html>`;

/** Open streams, with the agency each may hear. */
const clients = new Map();

async function orgOf(token) {
  try {
    const { payload } = await jwtVerify(token ?? '', key, verifyOptions);
    return typeof payload.org === 'string' ? payload.org : null;
  } catch {
    return null;
  }
}

const subscriber = new Redis(REDIS_URL);
await subscriber.subscribe(EVENTS_CHANNEL);
subscriber.on('message', (_channel, text) => {
  let event;
  try {
    ({ event } = JSON.parse(text));
  } catch {
    return;
  }
  const frame = `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
  for (const [res, orgId] of clients) if (orgId === event.orgId) res.write(frame);
});
setInterval(() => {
  for (const res of clients.keys()) res.write(': ping\n\n');
}, PING_MS).unref();

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://local');
  if (req.method !== 'GET') return void res.writeHead(405).end();
  if (url.pathname === '/health') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  if (url.pathname === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  if (url.pathname !== '/events') return void res.writeHead(404).end();
  void orgOf(url.searchParams.get('token')).then((orgId) => {
    if (!orgId) return void res.writeHead(401).end();
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' });
    res.write(': connected\n\n');
    clients.set(res, orgId);
    res.once('close', () => clients.delete(res));
  });
});

server.listen(Number(PORT), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => {
      subscriber.disconnect();
      process.exit(0);
    });
  });
}
