import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding } from '../src/http/accept-encoding.ts';
import { defaultWebAppDir } from '../src/web-app.ts';
import { startApi, type ApiHarness } from './harness.ts';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

const INDEX = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Monimmo</title>
<script type="module" crossorigin src="/assets/index-B1a2c3d4.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-D5e6f7g8.css"></head>
<body><div id="root"></div></body></html>
`;
// Large and repetitive, as a real bundle: worth compressing.
const SCRIPT = `console.log("Monimmo");\n${'export const libellé = "Estimation gratuite de votre bien";\n'.repeat(200)}`;
const STYLE = `${'.carte { color: rgb(20 30 40); margin: 0 auto; }\n'.repeat(100)}`;
const SECRET = 'ne-doit-jamais-sortir-du-dossier';

let tmp: string;
let api: ApiHarness;
let unbuiltDir: string;
let unbuilt: ApiHarness;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'monimmo-web-'));
  // A file beside the build, that no request may reach.
  writeFileSync(join(tmp, 'secret.txt'), SECRET);
  const dist = join(tmp, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, 'assets', 'index-B1a2c3d4.js'), SCRIPT);
  writeFileSync(join(dist, 'assets', 'index-D5e6f7g8.css'), STYLE);
  writeFileSync(join(dist, 'assets', 'logo-H9i0j1k2.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  api = await startApi({ WEB_APP_DIR: dist });
  unbuiltDir = join(tmp, 'not-built');
  mkdirSync(unbuiltDir);
  unbuilt = await startApi({ WEB_APP_DIR: unbuiltDir });
});

afterAll(async () => {
  await api.stop();
  await unbuilt.stop();
  rmSync(tmp, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with its path sent byte for byte (fetch would resolve `..` before sending). */
function raw(on: ApiHarness, path: string, { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {}) {
  const { hostname, port } = new URL(on.baseUrl);
  return new Promise<Raw>((resolvePromise, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

function expectSecurityHeaders(res: Raw) {
  expect(res.headers['content-security-policy']).toBe(CSP);
  expect(res.headers['referrer-policy']).toBe('same-origin');
  expect(res.headers['x-frame-options']).toBe('DENY');
}

describe('the web app at /', () => {
  it('serves index.html at / with no-cache, an ETag and the strict CSP', async () => {
    const res = await raw(api, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(res);
    expect(res.body.toString()).toBe(INDEX);
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);

    const again = await raw(api, '/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it("answers the app's own routes with index.html when a browser asks for a page", async () => {
    for (const path of ['/biens', '/biens/0193a0b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b', '/boite-de-reception?filtre=non-lus', '/index.html']) {
      const res = await raw(api, path, { headers: BROWSER });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.body.toString()).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
      expectSecurityHeaders(res);
    }
    // Not asked for a page (fetch, curl, an image): the API's JSON 404 as before.
    const notPage = await raw(api, '/biens', { headers: { accept: '*/*' } });
    expect(notPage.status).toBe(404);
    expect(JSON.parse(notPage.body.toString())).toMatchObject({ code: 'NOT_FOUND' });
    expect((await raw(api, '/biens', { headers: { accept: 'text/html;q=0, */*' } })).status).toBe(404);
  });

  it('serves hashed assets as immutable, with their type, compressed when the client allows', async () => {
    const plain = await raw(api, '/assets/index-B1a2c3d4.js');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.vary).toBe('accept-encoding');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    expectSecurityHeaders(plain);

    const gz = await raw(api, '/assets/index-B1a2c3d4.js', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.body.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 5);
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);

    const br = await raw(api, '/assets/index-B1a2c3d4.js', { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);

    const refused = await raw(api, '/assets/index-B1a2c3d4.js', { headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString()).toBe(SCRIPT);

    const css = await raw(api, '/assets/index-D5e6f7g8.css', { headers: { 'accept-encoding': 'gzip' } });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(gunzipSync(css.body).toString()).toBe(STYLE);

    // Images are compressed already: sent as they are, whatever the client accepts.
    const png = await raw(api, '/assets/logo-H9i0j1k2.png', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const head = await raw(api, '/assets/index-B1a2c3d4.js', { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(gz.headers['content-length']);
    expect(head.body.length).toBe(0);
  });

  it('serves the files at the root of the build (favicon) revalidated, not immutable', async () => {
    const res = await raw(api, '/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers 404, not index.html, for a missing asset', async () => {
    for (const headers of [BROWSER, { accept: '*/*' }]) {
      const res = await raw(api, '/assets/missing.js', { headers });
      expect(res.status).toBe(404);
      expect(res.body.toString()).not.toContain('<div id="root">');
    }
  });

  it("leaves the API's paths as they were, even for a browser asking for a page", async () => {
    const unknownRest = await raw(api, '/api/v1/nulle-part', { headers: BROWSER });
    expect(unknownRest.status).toBe(404);
    expect(unknownRest.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(unknownRest.body.toString())).toMatchObject({ code: 'NOT_FOUND' });

    const otherVersion = await raw(api, '/api/v2/biens', { headers: BROWSER });
    expect(otherVersion.status).toBe(404);
    expect(otherVersion.headers['content-type']).toBe('application/json; charset=utf-8');

    const trpc = await raw(api, '/trpc/auth.me', { headers: BROWSER });
    expect(trpc.status).toBe(401);
    expect(JSON.parse(trpc.body.toString()).error.data.code).toBe('UNAUTHORIZED');

    const docs = await raw(api, '/docs', { headers: BROWSER });
    expect(docs.status).toBe(200);
    expect(docs.body.toString()).toContain('swagger-ui');
    expect((await raw(api, '/docs/inconnu', { headers: BROWSER })).status).toBe(404);

    const health = await raw(api, '/health', { headers: BROWSER });
    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toMatch(/^application\/json/);

    const openapi = await raw(api, '/openapi.json', { headers: BROWSER });
    expect(JSON.parse(openapi.body.toString())).toHaveProperty('openapi');

    const storage = await raw(api, '/storage/inconnu', { headers: BROWSER });
    expect(storage.body.toString()).not.toContain('<div id="root">');

    // Other methods are not the web app's.
    const post = await raw(api, '/', { method: 'POST', headers: BROWSER });
    expect(post.status).toBe(404);
    expect(post.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('never serves a file from outside its folder, however the path is spelled', async () => {
    const attempts = [
      '/assets/../../secret.txt',
      '/assets/../../../etc/passwd',
      '/../secret.txt',
      '/../../etc/passwd',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/%252e%252e/%252e%252e/secret.txt',
      '/assets/..\\..\\secret.txt',
      '/assets/%5c..%5c..%5csecret.txt',
      '/assets/%00../../secret.txt',
      '/assets/%E0%A4%A',
      '//etc/passwd',
      `/${resolve(tmp, 'secret.txt')}`,
      `/assets/${resolve(tmp, 'secret.txt')}`,
    ];
    for (const path of attempts) {
      for (const headers of [BROWSER, { accept: '*/*' }]) {
        const res = await raw(api, path, { headers });
        const body = res.body.toString();
        expect({ path, leaked: body.includes(SECRET) || body.includes('root:x:0:0') }).toEqual({ path, leaked: false });
        // Under /assets/ a miss is a 404; elsewhere at most the app's own index.html.
        if (path.startsWith('/assets/')) expect({ path, status: res.status }).toEqual({ path, status: 404 });
        else expect([200, 404]).toContain(res.status);
      }
    }
  });
});

describe('the web app before it is built', () => {
  it('answers / with 503 and a French page saying how to build it; the API works as usual', async () => {
    const res = await raw(unbuilt, '/');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expectSecurityHeaders(res);
    const page = res.body.toString();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('L’application web n’est pas encore construite');
    expect(page).toContain('pnpm --filter @monimmo/web build');
    expect(page).not.toMatch(/<script|style=/);

    expect((await raw(unbuilt, '/biens', { headers: BROWSER })).status).toBe(503);
    expect((await raw(unbuilt, '/assets/index-B1a2c3d4.js')).status).toBe(404);
    expect((await raw(unbuilt, '/health')).status).toBe(200);
    const unknownRest = await raw(unbuilt, '/api/v1/nulle-part', { headers: BROWSER });
    expect(unknownRest.status).toBe(404);
    expect(JSON.parse(unknownRest.body.toString())).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('serves the build made after the API started, and each new build, without a restart', async () => {
    const dir = join(tmp, 'built-later');
    mkdirSync(dir);
    const later = await startApi({ WEB_APP_DIR: dir });
    try {
      expect((await raw(later, '/')).status).toBe(503);
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'assets', 'index-B1a2c3d4.js'), SCRIPT);
      writeFileSync(join(dir, 'index.html'), INDEX);
      const res = await raw(later, '/');
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(INDEX);
      expect((await raw(later, '/assets/index-B1a2c3d4.js')).status).toBe(200);

      // A new build replaces the files (new hashed names, a new index.html): served as it is.
      rmSync(join(dir, 'assets'), { recursive: true });
      rmSync(join(dir, 'index.html'));
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'assets', 'index-Z9y8x7w6.js'), SCRIPT);
      const rebuilt = INDEX.replace('index-B1a2c3d4.js', 'index-Z9y8x7w6.js');
      writeFileSync(join(dir, 'index.html'), rebuilt);
      expect((await raw(later, '/')).body.toString()).toBe(rebuilt);
      expect((await raw(later, '/assets/index-Z9y8x7w6.js')).status).toBe(200);
      expect((await raw(later, '/assets/index-B1a2c3d4.js')).status).toBe(404);
    } finally {
      await later.stop();
    }
  });

  it('looks for the build in apps/web/dist by default', () => {
    expect(resolve(defaultWebAppDir())).toBe(resolve(import.meta.dirname, '../../web/dist'));
  });
});

describe('Accept-Encoding', () => {
  it('picks the best coding the client allows, brotli first at equal weight', () => {
    const both = ['br', 'gzip'] as const;
    expect(pickEncoding('gzip, deflate, br', both)).toBe('br');
    expect(pickEncoding('gzip', both)).toBe('gzip');
    expect(pickEncoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(pickEncoding('*', both)).toBe('br');
    expect(pickEncoding('*;q=0, gzip', both)).toBe('gzip');
    expect(pickEncoding('identity', both)).toBeNull();
    expect(pickEncoding(undefined, both)).toBeNull();
    expect(pickEncoding('gzip', [])).toBeNull();
    expect(pickEncoding('GZIP;Q=1', ['gzip'])).toBe('gzip');
  });
});
