import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startApi, type ApiHarness } from './harness.ts';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api?.stop();
});

interface OpenApiDoc {
  openapi: string;
  info: { title: string };
  servers: { url: string }[];
  paths: Record<string, unknown>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
}

async function getJsonDoc(): Promise<OpenApiDoc> {
  const res = await fetch(`${api.baseUrl}/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return JSON.parse(await res.text()) as OpenApiDoc;
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document for the REST prefix, with bearer auth and the Error schema', async () => {
    const doc = await getJsonDoc();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBe('Monimmo API');
    expect(doc.servers[0]?.url).toBe('/api/v1');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error).toBeTypeOf('object');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/auth/register', '/auth/login', '/me', '/users/{id}']));
  });
});

describe('GET /openapi.yaml', () => {
  it('parses to the same document as the JSON', async () => {
    const res = await fetch(`${api.baseUrl}/openapi.yaml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(parse(await res.text())).toEqual(await getJsonDoc());
  });
});

describe('GET /docs', () => {
  async function getPage(): Promise<{ res: Response; html: string; assets: string[] }> {
    const res = await fetch(`${api.baseUrl}/docs`);
    const html = await res.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    return { res, html, assets };
  }

  it('is an HTML page under a strict CSP that references only local assets', async () => {
    const { res, html, assets } = await getPage();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(html).toContain('<div id="swagger-ui"></div>');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>/); // no inline script: the CSP would block it
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const url of assets) expect(url).toMatch(/^\/docs\//);
  });

  it('serves every referenced asset with its content type', async () => {
    const { assets } = await getPage();
    const expected: Record<string, RegExp> = {
      '.css': /^text\/css/,
      '.js': /^text\/javascript/,
      '.png': /^image\/png$/,
    };
    for (const url of assets) {
      const res = await fetch(`${api.baseUrl}${url}`);
      const body = new Uint8Array(await res.arrayBuffer());
      const ext = url.slice(url.lastIndexOf('.'));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toMatch(expected[ext] ?? /^$/);
      expect(body.byteLength, url).toBeGreaterThan(0);
    }
  });

  it('serves the initializer that points Swagger UI at the local document', async () => {
    const res = await fetch(`${api.baseUrl}/docs/init.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await res.text()).toContain("url: '/openapi.json'");
  });

  // `constructor` & co. once reached the file system and crashed the process with an unhandled ENOENT.
  it.each([
    '/docs/assets/nope.js',
    '/docs/assets/index.html',
    '/docs/assets/',
    '/docs/assets/constructor',
    '/docs/assets/toString',
    '/docs/assets/__proto__',
  ])('answers 404 with the JSON error body for %s', async (path) => {
    const res = await fetch(`${api.baseUrl}${path}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as { code: string; message: string };
    expect(body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
    expect(body.message.length).toBeGreaterThan(0);
  });
});
