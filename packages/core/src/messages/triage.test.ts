import type { Actor } from '@monimmo/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../../test/harness.ts';

let h: CoreHarness;
let n = 0;
beforeAll(async () => {
  h = await createCoreHarness();
});
afterAll(() => h.close());

async function agency(): Promise<Actor> {
  n += 1;
  const s = await h.services.auth.register(
    { organizationName: `Agence Tri ${n}`, firstName: 'Léa', lastName: 'Roy', email: `lea-${n}@tri.fr`, password: 'mot-de-passe-lea' },
    requestInfo(),
  );
  return h.services.auth.authenticate(s.accessToken);
}

async function triaged(actor: Actor, input: { fromAddress: string; body: string; subject?: string }) {
  const message = await h.services.messages.create(actor, { channel: 'GMAIL', ...input });
  await h.queue.idle();
  const after = await h.services.messages.get(actor, message.id);
  const review = (await h.services.reviewQueue.list(actor, { limit: 50 })).items.find((i) => i.itemId === message.id);
  return { after, review };
}

describe('triage', () => {
  it('sends a message to review when the agency has no property', async () => {
    const actor = await agency();
    const { after, review } = await triaged(actor, { fromAddress: 'x@exemple.fr', body: 'Bonjour' });
    expect(after.aiStatus).toBe('REVIEW_REQUIRED');
    expect(review).toMatchObject({
      reason: 'MESSAGE_NO_PROPERTY_CANDIDATE',
      payload: { reasoning: expect.stringContaining('aucun bien') },
    });
  });

  it('never guesses between two plausible properties', async () => {
    const actor = await agency();
    const owner = await h.services.users.create(actor, {
      accountType: 'CLIENT',
      firstName: 'Paul',
      lastName: 'Double',
      email: 'paul.double@exemple.fr',
    });
    const a = await h.services.properties.create(actor, {
      title: 'Studio',
      address: '2 rue Longue',
      postalCode: '13001',
      city: 'Marseille',
      ownerUserId: owner.id,
    });
    const b = await h.services.properties.create(actor, {
      title: 'Garage',
      address: '9 rue Courte',
      postalCode: '13001',
      city: 'Marseille',
      ownerUserId: owner.id,
    });
    const { after, review } = await triaged(actor, {
      fromAddress: 'paul.double@exemple.fr',
      subject: 'Nouvelles',
      body: 'Bonjour, où en êtes-vous ?',
    });
    expect(after).toMatchObject({ aiStatus: 'REVIEW_REQUIRED', propertyId: null });
    expect(review?.reason).toBe('MESSAGE_PROPERTY_AMBIGUOUS');
    const proposed = (review?.payload.candidates as { propertyId: string }[]).map((c) => c.propertyId).sort();
    expect(proposed).toEqual([a.id, b.id].sort());
    // The message itself tells why: the candidates with their evidence and the reasoning.
    expect(after.triage).toMatchObject({ reason: 'MESSAGE_PROPERTY_AMBIGUOUS', status: 'OPEN', resolvedBy: null });
    expect(after.triage?.candidates.map((c) => c.propertyId).sort()).toEqual([a.id, b.id].sort());
    expect(after.triage?.reasoning).toEqual(expect.any(String));
    const filed = await h.services.messages.update(actor, { id: after.id, propertyId: a.id });
    expect(filed.triage).toMatchObject({ status: 'RESOLVED', resolvedBy: { id: actor.userId } });
  });

  it('attaches by address in the text, and leaves alone a message a person has filed', async () => {
    const actor = await agency();
    const p = await h.services.properties.create(actor, {
      title: 'T4 familial',
      address: '12 boulevard Baille',
      postalCode: '13005',
      city: 'Marseille',
      owner: { firstName: 'Marc', lastName: 'Olive', phone: '0622334455' },
    });
    const { after } = await triaged(actor, {
      fromAddress: 'acheteur@exemple.fr',
      body: "Bonjour, je suis intéressé par l'appartement du 12 bd Baille à Marseille, est-il encore disponible ?",
    });
    expect(after).toMatchObject({ aiStatus: 'PROCESSED', propertyId: p.id });
    const other = await h.services.properties.create(actor, {
      title: 'Autre',
      address: '1 rue Autre',
      postalCode: '13005',
      city: 'Marseille',
      owner: { firstName: 'Z', lastName: 'Z', phone: '0699999999' },
    });
    await h.services.messages.update(actor, { id: after.id, propertyId: other.id });
    await h.services.messages.runAi(actor, after.id);
    await h.queue.idle();
    expect((await h.services.messages.get(actor, after.id)).propertyId).toBe(other.id);
  });
});
