import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@monimmo/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachRequestInfo, compileTrustProxy } from '../src/http/request-info.ts';
import { createTrpcHandler } from '../src/trpc.ts';
import { type ApiHarness, createProperty, register, type Session, startApi } from './harness.ts';

// The API answers GET queries itself; a second server runs the same services through tRPC's own
// adapter alone. Every answer must be the same: status, body and the headers clients read.
let api: ApiHarness;
let adapterOnly: Server;
let adapterUrl: string;
let first: Session;
let second: Session;
let propertyId: string;

beforeAll(async () => {
  api = await startApi();
  const handler = createTrpcHandler(api.services, createLogger('silent'), api.config.BODY_LIMIT_BYTES, { directQueries: false });
  const trust = compileTrustProxy(api.config.TRUST_PROXY);
  adapterOnly = createServer((req, res) => {
    attachRequestInfo(req, trust);
    void handler(req, res);
  });
  await new Promise<void>((resolve) => adapterOnly.listen(0, '127.0.0.1', resolve));
  adapterUrl = `http://127.0.0.1:${(adapterOnly.address() as AddressInfo).port}`;
  first = await register(api);
  second = await register(api);
  propertyId = await createProperty(api, first.token);
});
afterAll(async () => {
  adapterOnly.closeAllConnections();
  await new Promise<void>((resolve) => adapterOnly.close(() => resolve()));
  await api.stop();
});

async function answer(base: string, path: string, headers: Record<string, string>) {
  const res = await fetch(`${base}${path}`, { headers });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    vary: res.headers.get('vary'),
    allow: res.headers.get('allow'),
    body: await res.text(),
    // Only a body written in one piece carries its length: the adapter streams its own.
    direct: res.headers.has('content-length'),
  };
}

const query = (input: unknown) => `input=${encodeURIComponent(JSON.stringify(input))}`;

describe('GET queries answered without the adapter', () => {
  const cases: [string, () => string, () => string | undefined, boolean][] = [
    ['a query', () => '/trpc/auth.me', () => first.token, true],
    ['a query with input', () => `/trpc/properties.list?${query({ limit: 5 })}`, () => first.token, true],
    ['a detail', () => `/trpc/properties.get?${query({ id: propertyId })}`, () => first.token, true],
    ['no token', () => '/trpc/auth.me', () => undefined, true],
    ['a token that is not one', () => '/trpc/auth.me', () => 'not-a-token', true],
    ['input the schema refuses', () => `/trpc/properties.list?${query({ limit: 'many' })}`, () => first.token, true],
    ["another agency's property", () => `/trpc/properties.get?${query({ id: propertyId })}`, () => second.token, true],
    ['a batch', () => `/trpc/auth.me,properties.list?batch=1&${query({ 1: { limit: 2 } })}`, () => first.token, true],
    ['a batch with a refusal', () => `/trpc/auth.me,properties.get?batch=1&${query({ 1: { id: 'nope' } })}`, () => first.token, true],
    ['a batch whose input is not an object', () => `/trpc/auth.me?batch=1&${query(3)}`, () => first.token, false],
    ['input that is not JSON', () => '/trpc/properties.list?input=%7Bnope', () => first.token, false],
    ['an unknown procedure', () => '/trpc/auth.nothing', () => first.token, false],
    ['a mutation by GET', () => '/trpc/auth.logout', () => first.token, false],
    ['a procedure path with a comma, unbatched', () => '/trpc/auth.me,auth.me', () => first.token, false],
  ];

  it.each(cases)('%s: the same answer as the adapter', async (_name, path, token, direct) => {
    const headers: Record<string, string> = token() ? { authorization: `Bearer ${token()}` } : {};
    const [ours, theirs] = await Promise.all([answer(api.baseUrl, path(), headers), answer(adapterUrl, path(), headers)]);
    expect({ ...ours, direct: undefined }).toEqual({ ...theirs, direct: undefined });
    expect(ours.direct).toBe(direct);
    expect(theirs.direct).toBe(false);
  });

  it('leaves streaming requests to the adapter', async () => {
    const path = `/trpc/auth.me?batch=1&${query({})}`;
    const headers = { authorization: `Bearer ${first.token}`, 'trpc-accept': 'application/jsonl' };
    const [ours, theirs] = await Promise.all([answer(api.baseUrl, path, headers), answer(adapterUrl, path, headers)]);
    expect(ours.direct).toBe(false);
    expect(ours.status).toBe(theirs.status);
  });

  it('answers a batch with one refusal as 207 with both results', async () => {
    const res = await answer(api.baseUrl, `/trpc/auth.me,properties.get?batch=1&${query({ 1: { id: 'nope' } })}`, {
      authorization: `Bearer ${first.token}`,
    });
    expect(res.status).toBe(207);
    const [me, refused] = JSON.parse(res.body) as [{ result: { data: { user: { id: string } } } }, { error: { data: { code: string } } }];
    expect(me.result.data.user.id).toBe(first.userId);
    expect(refused.error.data.code).toBe('BAD_REQUEST');
  });
});
