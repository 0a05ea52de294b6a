import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, register, rest as restOn, startApi, trpcClient } from './harness.ts';

let api: ApiHarness;
let ours: string;
let theirs: string;

const rest = (path: string, token: string, method = 'GET', body?: unknown) => restOn(api, path, { token, method, body });

const villa = {
  title: 'Villa provençale, électricité refaite',
  address: '8 avenue des Platanes',
  postalCode: '13090',
  city: 'Aix-en-Provence',
  price: 720000,
  details: { surface: 160, rooms: 6, dpeClass: 'B' },
  owner: { firstName: 'Étienne', lastName: 'Giraud', email: 'etienne.giraud@exemple.fr' },
};

beforeAll(async () => {
  api = await startApi();
  ours = (await register(api)).token;
  theirs = (await register(api)).token;
});
afterAll(() => api.stop());

describe('properties over REST', () => {
  it('creates, searches, moves through the pipeline and shows the timeline', async () => {
    const created = await rest('/properties', ours, 'POST', villa);
    expect(created.status).toBe(201);
    const id = created.json.id!;

    const pipeline = await rest('/properties/pipeline', ours);
    expect(pipeline).toMatchObject({ status: 200, json: { total: 1 } });

    const found = await rest('/properties?q=electricite%20etienne&limit=5', ours);
    expect((found.json.items as { id: string }[]).map((p) => p.id)).toEqual([id]);

    for (const status of ['MANDAT_SIGNE', 'EN_DIFFUSION', 'VISITES', 'OFFRES', 'COMPROMIS', 'VENDU', 'ARCHIVE']) {
      const moved = await rest(`/properties/${id}/status`, ours, 'PATCH', { status });
      expect(moved.json.status).toBe(status);
    }
    const detail = await rest(`/properties/${id}`, ours);
    expect((detail.json.timeline as unknown[]).length).toBe(8);
    expect(await rest(`/properties/${id}/status`, ours, 'PATCH', { status: 'PERDU' })).toMatchObject({
      status: 400,
      json: { code: 'BAD_REQUEST' },
    });
  });

  it('manages participants and prospects', async () => {
    const { json: p } = await rest('/properties', ours, 'POST', {
      ...villa,
      owner: { firstName: 'Anne', lastName: 'Vendeuse', phone: '0612121212' },
    });
    const notary = await rest('/users', ours, 'POST', {
      accountType: 'NOTAIRE',
      firstName: 'Maître',
      lastName: 'Blanc',
      email: 'blanc@notaires.fr',
    });
    const link = await rest(`/properties/${p.id}/participants`, ours, 'POST', { userId: notary.json.id, role: 'NOTAIRE' });
    expect(link).toMatchObject({ status: 201, json: { role: 'NOTAIRE' } });
    const linkId = link.json.id!;
    expect((await rest(`/properties/${p.id}/participants/${linkId}`, ours, 'PATCH', { role: 'AUTRE' })).json.role).toBe('AUTRE');
    expect(await rest(`/properties/${p.id}/participants/${linkId}`, ours, 'DELETE')).toMatchObject({ status: 200, json: { ok: true } });

    const prospect = await rest(`/properties/${p.id}/prospects`, ours, 'POST', {
      contact: { firstName: 'Paul', lastName: 'Acquéreur', phone: '0698989898' },
      note: 'Visite samedi',
    });
    expect(prospect).toMatchObject({ status: 201, json: { note: 'Visite samedi' } });
    const prospects = await rest(`/properties/${p.id}/prospects?limit=10`, ours);
    expect(prospects.json).toMatchObject({ items: [{ contact: { lastName: 'Acquéreur' } }], nextCursor: null });
    const both = await rest(`/properties/${p.id}/prospects`, ours, 'POST', {
      userId: notary.json.id,
      contact: { firstName: 'X', lastName: 'Y', phone: '0600000000' },
    });
    expect(both.status).toBe(400);
  });

  it("answers 404 on every route for another agency's property, participant or contact", async () => {
    const { json: p } = await rest('/properties', theirs, 'POST', villa);
    const theirOwnerLink = (p.participants as { id: string }[])[0]!.id;
    const { json: mine } = await rest('/properties', ours, 'POST', {
      ...villa,
      owner: { firstName: 'B', lastName: 'C', phone: '0655555555' },
    });
    const theirContact = (p.owners as { id: string }[])[0]!.id;
    const attempts: [string, string, unknown?][] = [
      [`/properties/${p.id}`, 'GET'],
      [`/properties/${p.id}`, 'PATCH', { title: 'x' }],
      [`/properties/${p.id}/status`, 'PATCH', { status: 'VENDU' }],
      [`/properties/${p.id}/participants`, 'POST', { userId: theirContact, role: 'AUTRE' }],
      [`/properties/${mine.id}/participants`, 'POST', { userId: theirContact, role: 'AUTRE' }],
      [`/properties/${p.id}/participants/${theirOwnerLink}`, 'PATCH', { role: 'AUTRE' }],
      [`/properties/${mine.id}/participants/${theirOwnerLink}`, 'DELETE'],
      [`/properties/${p.id}/prospects`, 'GET'],
      [`/properties/${mine.id}/prospects`, 'POST', { userId: theirContact }],
      [`/users/${theirContact}`, 'GET'],
      ['/properties', 'POST', { ...villa, owner: undefined, ownerUserId: theirContact }],
    ];
    for (const [path, method, body] of attempts) {
      const res = await rest(path, ours, method, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json.code).toBe('NOT_FOUND');
    }
    const list = await rest('/properties?limit=100', ours);
    expect((list.json.items as { id: string }[]).map((x) => x.id)).not.toContain(p.id);
  });
});

describe('properties over tRPC', () => {
  it('lists with the typed client', async () => {
    const client = trpcClient(api, { token: ours });
    const [page, pipeline] = await Promise.all([
      client.properties.list.query({ limit: 2, status: 'ARCHIVE' }),
      client.properties.pipeline.query(),
    ]);
    expect(page.items.every((p) => p.status === 'ARCHIVE')).toBe(true);
    expect(pipeline.columns).toHaveLength(8);
  });
});
