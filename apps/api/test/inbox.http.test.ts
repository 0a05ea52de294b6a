import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, register, rest as restOn, startApi } from './harness.ts';

let api: ApiHarness;
let ours: { token: string; orgId: string; userId: string };
let theirs: { token: string; orgId: string };

const rest = (path: string, token: string, method = 'GET', body?: unknown) => restOn(api, path, { token, method, body });

beforeAll(async () => {
  api = await startApi();
  ours = await register(api);
  theirs = await register(api);
});
afterAll(() => api.stop());

describe('inbox and review queue over REST', () => {
  it('records, lists, attaches and resolves, and keeps agencies apart', async () => {
    const { json: property } = await rest('/properties', ours.token, 'POST', {
      title: 'T2 Vauban',
      address: '5 rue Vauban',
      postalCode: '13006',
      city: 'Marseille',
      owner: { firstName: 'Luc', lastName: 'Martin', phone: '0611111111' },
    });
    // the owner writes on WhatsApp: triage attaches the message to the property by itself
    const fromOwner = await rest('/messages', ours.token, 'POST', {
      channel: 'WHATSAPP',
      fromAddress: '06 11 11 11 11',
      body: 'Bonjour, je peux passer signer le mandat jeudi ?',
    });
    expect(fromOwner).toMatchObject({ status: 201, json: { aiStatus: 'PENDING', attachments: [] } });
    await api.queue.idle();
    expect((await rest(`/messages/${fromOwner.json.id}`, ours.token)).json).toMatchObject({
      aiStatus: 'PROCESSED',
      propertyId: property.id,
    });
    const list = await rest('/messages?aiStatus=PROCESSED&q=mandat', ours.token);
    expect((list.json.items as { id: string }[]).map((m) => m.id)).toEqual([fromOwner.json.id]);

    // a stranger asks a vague question: it waits in the review queue
    const message = await rest('/messages', ours.token, 'POST', {
      channel: 'GMAIL',
      fromAddress: 'curieux@exemple.fr',
      subject: 'Question',
      body: 'Bonjour, avez-vous des biens à vendre ?',
    });
    await api.queue.idle();
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

    const resolved = await rest(`/review-queue/${item!.id}/resolve`, ours.token, 'POST', {
      decision: 'ATTACH_PROPERTY',
      propertyId: property.id,
    });
    expect(resolved).toMatchObject({ status: 200, json: { status: 'RESOLVED' } });
    expect((await rest(`/messages/${message.json.id}`, ours.token)).json).toMatchObject({ propertyId: property.id, aiStatus: 'PROCESSED' });
    expect((await rest(`/review-queue/${item!.id}/resolve`, ours.token, 'POST', { decision: 'DISMISS' })).status).toBe(409);
    expect((await rest(`/review-queue/${item!.id}/resolve`, ours.token, 'POST', { decision: 'ATTACH_PROPERTY' })).status).toBe(400);

    // run-ai answers at once, with the job doing the work
    const rerun = await fetch(`${api.baseUrl}/api/v1/messages/${message.json.id}/run-ai`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ours.token}` },
    });
    expect(rerun.status).toBe(200);
    expect(await rerun.json()).toMatchObject({ jobId: expect.any(String), status: 'QUEUED' });
    expect(
      (
        await fetch(`${api.baseUrl}/api/v1/messages/${message.json.id}/run-ai`, {
          method: 'POST',
          headers: { authorization: `Bearer ${theirs.token}` },
        })
      ).status,
    ).toBe(404);
    await api.queue.idle();
  });

  it('answers who set the property: the AI with its reasoning, or a person with their name', async () => {
    const { json: property } = await rest('/properties', ours.token, 'POST', {
      title: 'T3 lumineux',
      address: '14 rue Sainte',
      postalCode: '13001',
      city: 'Marseille',
      owner: { firstName: 'Anne', lastName: 'Sainte', email: 'anne.sainte@exemple.fr' },
    });
    const { json: created } = await rest('/messages', ours.token, 'POST', {
      channel: 'GMAIL',
      fromAddress: 'anne.sainte@exemple.fr',
      subject: 'Les clés',
      body: 'Bonjour, je dépose les clés à l’agence demain.',
    });
    await api.queue.idle();
    const byAi = await rest(`/messages/${created.id}`, ours.token);
    expect(byAi).toMatchObject({
      status: 200,
      json: {
        propertyId: property.id,
        propertySetBy: 'AI',
        propertySetByUser: null,
        propertySetAt: expect.stringMatching(/Z$/),
        triage: null,
        aiDecision: {
          attached: true,
          reason: null,
          propertyId: property.id,
          confidence: expect.any(Number),
          candidates: [{ propertyId: property.id, confidence: expect.any(Number), evidence: expect.arrayContaining([expect.any(String)]) }],
          reasoning: expect.stringContaining('Rattaché à « T3 lumineux » (14 rue Sainte, Marseille)'),
          decidedAt: expect.stringMatching(/Z$/),
        },
      },
    });
    const listed = await rest(`/messages?propertyId=${property.id}`, ours.token);
    expect(listed.json.items).toEqual([expect.objectContaining({ id: created.id, propertySetBy: 'AI' })]);

    // Another agency sees none of it.
    expect(await rest(`/messages/${created.id}`, theirs.token)).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });
    expect((await rest(`/messages?propertyId=${property.id}`, theirs.token)).json.items).toEqual([]);

    // A person files it elsewhere: their name and the time, the AI's conclusion still readable.
    const { json: other } = await rest('/properties', ours.token, 'POST', {
      title: 'Studio Vauban',
      address: '8 rue Vauban',
      postalCode: '13006',
      city: 'Marseille',
      owner: { firstName: 'Jo', lastName: 'Vauban', phone: '0612121212' },
    });
    const byHand = await rest(`/messages/${created.id}`, ours.token, 'PATCH', { propertyId: other.id });
    expect(byHand).toMatchObject({
      status: 200,
      json: {
        propertyId: other.id,
        propertySetBy: 'USER',
        propertySetByUser: { id: ours.userId, firstName: 'Élodie', lastName: 'Martin' },
        aiDecision: byAi.json.aiDecision,
      },
    });
    expect(String(byHand.json.propertySetAt) > String(byAi.json.propertySetAt)).toBe(true);
  });
});
