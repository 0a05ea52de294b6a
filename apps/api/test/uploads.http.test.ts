import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgency, startApi, type ApiHarness } from './harness.ts';

const pdf = readFileSync(new URL('../../../packages/core/src/seed-assets/mandat.pdf', import.meta.url));
const m4a = readFileSync(new URL('../../../packages/ai/test/fixtures/vocals/visite-initiale.m4a', import.meta.url));

let api: ApiHarness;
let token: string;
let otherToken: string;

async function register(): Promise<string> {
  const res = await fetch(`${api.baseUrl}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(newAgency()) });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function createProperty(as: string): Promise<string> {
  const res = await fetch(`${api.baseUrl}/api/v1/properties`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Appartement T3',
      address: '12 rue Sainte',
      postalCode: '13001',
      city: 'Marseille',
      price: 240000,
      details: { surface: 64, rooms: 3 },
      owner: { firstName: 'Anne', lastName: 'Vendeuse', phone: '0612121212' },
    }),
  });
  expect(res.status).toBeLessThan(300);
  return ((await res.json()) as { id: string }).id;
}

type Part = [name: string, value: string] | [name: 'file', bytes: Buffer, fileName: string, type: string];

/** Parts in exactly the order given (FormData would keep it too, but this says so). */
function form(parts: Part[]): FormData {
  const data = new FormData();
  for (const part of parts) {
    if (part.length === 2) data.append(part[0], part[1]);
    else data.append(part[0], new Blob([part[1]], { type: part[3] }), part[2]);
  }
  return data;
}

async function post(path: string, body: FormData, as = token) {
  const res = await fetch(`${api.baseUrl}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${as}` }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { details?: Record<string, unknown> } };
}

function storedObjects(): number {
  const root = join(api.dir, 'storage');
  return existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
}

beforeAll(async () => {
  api = await startApi();
  token = await register();
  otherToken = await register();
});
afterAll(() => api?.stop());

describe('multipart fields after the file part', () => {
  it('are applied to a document, whatever their order', async () => {
    const propertyId = await createProperty(token);
    const answer = await post('/files/upload', form([['file', pdf, 'mandat.pdf', 'application/pdf'], ['propertyId', propertyId], ['typeDocument', 'MANDAT_VENTE_SIGNE']]));
    expect(answer.status).toBeLessThan(300);
    expect(answer.json).toMatchObject({ propertyId, typeDocument: 'MANDAT_VENTE_SIGNE', status: 'CLASSIFIED' });
  });

  it('are applied to a voice note, and a late fileName wins over the part name', async () => {
    const propertyId = await createProperty(token);
    const answer = await post('/vocals/upload', form([['file', m4a, 'part.m4a', 'audio/mp4'], ['propertyId', propertyId], ['fileName', 'visite Sainte.m4a']]));
    expect(answer.status).toBeLessThan(300);
    expect(answer.json).toMatchObject({ propertyId, fileName: 'visite Sainte.m4a' });
  });

  it('are validated like early ones: an unknown or foreign property is 404 and nothing is kept', async () => {
    const before = storedObjects();
    const foreign = await createProperty(otherToken);
    const answer = await post('/files/upload', form([['file', pdf, 'mandat.pdf', 'application/pdf'], ['propertyId', foreign]]));
    expect(answer.status).toBe(404);
    const bad = await post('/vocals/upload', form([['file', m4a, 'a.m4a', 'audio/mp4'], ['propertyId', 'not an id']]));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.details)).toContain('propertyId');
    expect(storedObjects()).toBe(before);
  });

  it('refuse a field given twice with two values, and a second file part, with 400', async () => {
    const propertyId = await createProperty(token);
    const other = await createProperty(token);
    const twice = await post('/files/upload', form([['propertyId', propertyId], ['file', pdf, 'mandat.pdf', 'application/pdf'], ['propertyId', other]]));
    expect(twice.status).toBe(400);
    expect(twice.json.details).toMatchObject({ reason: 'DUPLICATE_FIELD', field: 'propertyId' });
    const two = await post('/files/upload', form([['file', pdf, 'a.pdf', 'application/pdf'], ['file', pdf, 'b.pdf', 'application/pdf']]));
    expect(two.status).toBe(400);
    expect(two.json.details).toMatchObject({ reason: 'TOO_MANY_FILES' });
  });
});
