import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@monimmo/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachRequestInfo, compileTrustProxy } from '../src/http/request-info.ts';
import { startApi, type ApiHarness } from './harness.ts';

/** A server that answers the client address it settled on, with TRUST_PROXY as given. */
async function echoAddress(trustProxy: string): Promise<{ ipFor(forwardedFor?: string): Promise<string>; close(): Promise<void> }> {
  const trust = compileTrustProxy(loadConfig({ TRUST_PROXY: trustProxy }).TRUST_PROXY);
  const server: Server = createServer((req, res) => res.end(attachRequestInfo(req, trust).ip));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ipFor: (forwardedFor) =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
        req.end();
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the client address behind proxies', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY says so', async () => {
    const echo = await echoAddress('false');
    expect(await echo.ipFor('203.0.113.9')).toBe('127.0.0.1');
    await echo.close();
  });

  it('with a number of hops, takes the entry that many proxies from the socket, not the left-most the client wrote', async () => {
    const oneHop = await echoAddress('true');
    // The client wrote the first entry; our one proxy (the socket peer) appended the real address.
    expect(await oneHop.ipFor('6.6.6.6, 198.51.100.20')).toBe('198.51.100.20');
    expect(await oneHop.ipFor('198.51.100.20')).toBe('198.51.100.20');
    await oneHop.close();
    const twoHops = await echoAddress('2');
    expect(await twoHops.ipFor('6.6.6.6, 198.51.100.20, 10.0.0.2')).toBe('198.51.100.20');
    await twoHops.close();
  });

  it('with a list of trusted proxies, walks back past them only', async () => {
    const echo = await echoAddress('loopback, 10.0.0.0/8');
    expect(await echo.ipFor('6.6.6.6, 198.51.100.20, 10.1.2.3')).toBe('198.51.100.20');
    // An untrusted hop stops the walk: what it claims is not believed.
    expect(await echo.ipFor('6.6.6.6, 198.51.100.20, 192.0.2.44')).toBe('192.0.2.44');
    await echo.close();
  });
});

describe('login throttling behind a proxy', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ TRUST_PROXY: '1', LOGIN_MAX_ATTEMPTS_PER_IP: '5' });
  });
  afterAll(() => api.stop());

  it('a client spoofing X-Forwarded-For is still counted under its real address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const res = await fetch(`${api.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        // A fresh left-most entry and e-mail each time: only the address the proxy saw stays the same.
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `6.6.6.${i}, 198.51.100.77` },
        body: JSON.stringify({ email: `inconnu-${i}@exemple.fr`, password: 'mauvais-mot-de-passe' }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });
});
