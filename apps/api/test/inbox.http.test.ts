import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReviewItem } from '../../../packages/core/src/review-queue/service.ts';
import { newAgency, startApi, type ApiHarness } from './harness.ts';

let api: ApiHarness;
let ours: { token: string; orgId: string };
let theirs: { token: string; orgId: string };

async function register() {
  const res = await fetch(`${api.baseUrl}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(newAgency()) });
  const body = (await res.json()) as { accessToken: string; organization: { id: string } };
  return { token: body.accessToken, orgId: body.organization.id };
}

async function rest(path: string, token: string, method = 'GET', body?: unknown) {
  const res = await fetch(`${api.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { id?: string } };
}

beforeAll(async () => {
  api = await startApi();
  ours = await register();
  theirs = await register();
});
afterAll(() => api.stop());

describe('inbox and review queue over REST', () => {
  it('records, lists, attaches and resolves, and keeps agencies apart', async () => {
    const { json: property } = await rest('/properties', ours.token, 'POST', { title: 'T2 Vauban', address: '5 rue Vauban', postalCode: '13006', city: 'Marseille', owner: { firstName: 'Luc', lastName: 'Martin', phone: '0611111111' } });
    const message = await rest('/messages', ours.token, 'POST', { channel: 'WHATSAPP', fromAddress: '06 11 11 11 11', body: 'Bonjour, je peux passer signer le mandat jeudi ?' });
    expect(message).toMatchObject({ status: 200, json: { aiStatus: 'PENDING', attachments: [] } });
    const list = await rest('/messages?aiStatus=PENDING&q=mandat', ours.token);
    expect((list.json.items as { id: string }[]).map((m) => m.id)).toEqual([message.json.id]);

    await api.database.tx((tx) => openReviewItem(tx, { orgId: ours.orgId, itemType: 'MESSAGE', itemId: message.json.id!, reason: 'MESSAGE_PROPERTY_NOT_FOUND', payload: { confidence: 0.1 } }));
    const queue = await rest('/review-queue?itemType=MESSAGE', ours.token);
    const [item] = queue.json.items as { id: string; message: { id: string } }[];
    expect(item?.message.id).toBe(message.json.id);

    for (const [path, method, body] of [
      [`/messages/${message.json.id}`, 'GET'],
      [`/messages/${message.json.id}`, 'PATCH', { propertyId: null }],
      [`/review-queue/${item!.id}/resolve`, 'POST', { decision: 'DISMISS' }],
    ] as [string, string, unknown?][]) {
      expect((await rest(path, theirs.token, method, body)).status, `${method} ${path}`).toBe(404);
    }
    expect((await rest('/review-queue', theirs.token)).json.items).toEqual([]);

    const resolved = await rest(`/review-queue/${item!.id}/resolve`, ours.token, 'POST', { decision: 'ATTACH_PROPERTY', propertyId: property.id });
    expect(resolved).toMatchObject({ status: 200, json: { status: 'RESOLVED' } });
    expect((await rest(`/messages/${message.json.id}`, ours.token)).json).toMatchObject({ propertyId: property.id, aiStatus: 'PROCESSED' });
    expect((await rest(`/review-queue/${item!.id}/resolve`, ours.token, 'POST', { decision: 'DISMISS' })).status).toBe(409);
    expect((await rest(`/review-queue/${item!.id}/resolve`, ours.token, 'POST', { decision: 'ATTACH_PROPERTY' })).status).toBe(400);
  });
});
