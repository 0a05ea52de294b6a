import type { Actor } from '@monimmo/contract';
import { messages } from '@monimmo/db';
import { eq } from 'drizzle-orm';
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
    // The conclusion stays on the message itself; nobody set a property.
    expect(after).toMatchObject({
      aiDecision: {
        attached: false,
        reason: 'MESSAGE_NO_PROPERTY_CANDIDATE',
        propertyId: null,
        confidence: 0,
        candidates: [],
        reasoning: expect.stringContaining('aucun bien'),
        decidedAt: expect.any(String),
      },
      propertySetBy: null,
      propertySetByUser: null,
      propertySetAt: null,
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
    expect(after.aiDecision).toMatchObject({ attached: false, reason: 'MESSAGE_PROPERTY_AMBIGUOUS', propertyId: null });
    expect(after.aiDecision?.candidates.map((c) => c.propertyId).sort()).toEqual([a.id, b.id].sort());
    expect(after.aiDecision?.reasoning).toContain('Plusieurs biens correspondent');
    const filed = await h.services.messages.update(actor, { id: after.id, propertyId: a.id });
    expect(filed.triage).toMatchObject({ status: 'RESOLVED', resolvedBy: { id: actor.userId } });
    // The person is recorded; what the AI concluded is still there to read.
    expect(filed).toMatchObject({
      propertyId: a.id,
      propertySetBy: 'USER',
      propertySetByUser: { id: actor.userId, firstName: 'Léa', lastName: 'Roy' },
      propertySetAt: expect.any(String),
      aiDecision: after.aiDecision,
    });
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
    expect(after).toMatchObject({
      aiStatus: 'PROCESSED',
      propertyId: p.id,
      propertySetBy: 'AI',
      propertySetByUser: null,
      propertySetAt: expect.any(String),
      triage: null,
      aiDecision: {
        attached: true,
        reason: null,
        propertyId: p.id,
        confidence: expect.any(Number),
        reasoning: expect.stringMatching(
          /^Rattaché à « T4 familial » \(12 boulevard Baille, Marseille\), confiance \d+\s%\. Indices : adresse exacte/,
        ),
      },
    });
    expect(after.aiDecision?.confidence).toBeGreaterThanOrEqual(0.6);
    expect(after.aiDecision?.candidates[0]).toMatchObject({
      propertyId: p.id,
      evidence: expect.arrayContaining(['Adresse exacte citée : 12 boulevard Baille']),
    });
    const listed = await h.services.messages.list(actor, { limit: 10 });
    expect(listed.items.find((m) => m.id === after.id)?.propertySetBy).toBe('AI');
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
    expect(await h.services.messages.get(actor, after.id)).toMatchObject({
      propertyId: other.id,
      propertySetBy: 'USER',
      propertySetByUser: { id: actor.userId },
    });
  });

  it('records the AI again when a re-run attaches what a person had left without a property', async () => {
    const actor = await agency();
    await h.services.properties.create(actor, {
      title: 'Loft',
      address: '3 rue Loubon',
      postalCode: '13003',
      city: 'Marseille',
      owner: { firstName: 'Inès', lastName: 'Loubon', phone: '0611223344' },
    });
    const { after, review } = await triaged(actor, {
      fromAddress: 'curieux@exemple.fr',
      body: 'Bonjour, avez-vous la maison du 8 traverse du Moulin à Marseille ?',
    });
    expect(after).toMatchObject({ aiStatus: 'REVIEW_REQUIRED', aiDecision: { attached: false, reason: 'MESSAGE_PROPERTY_NOT_FOUND' } });
    // A person looks and finds nothing to attach: they are recorded, with no property.
    await h.services.reviewQueue.resolve(actor, { id: review!.id, decision: 'DISMISS' });
    const dismissed = await h.services.messages.get(actor, after.id);
    expect(dismissed).toMatchObject({
      aiStatus: 'PROCESSED',
      propertyId: null,
      propertySetBy: 'USER',
      propertySetByUser: { id: actor.userId },
    });

    // The property it asks about is entered, then « Relancer l’analyse »: the AI attaches it, and says so.
    const house = await h.services.properties.create(actor, {
      title: 'Maison de ville',
      address: '8 traverse du Moulin',
      postalCode: '13012',
      city: 'Marseille',
      owner: { firstName: 'Rémi', lastName: 'Moulin', phone: '0655667788' },
    });
    await h.services.messages.runAi(actor, after.id);
    await h.queue.idle();
    const rerun = await h.services.messages.get(actor, after.id);
    expect(rerun).toMatchObject({
      propertyId: house.id,
      propertySetBy: 'AI',
      propertySetByUser: null,
      aiDecision: { attached: true, reason: null, propertyId: house.id },
    });
    expect(rerun.aiDecision!.decidedAt > after.aiDecision!.decidedAt).toBe(true);
    expect(rerun.propertySetAt! > dismissed.propertySetAt!).toBe(true);
  });

  it('records the person who files a message by hand, at creation or by taking it off its property', async () => {
    const actor = await agency();
    const p = await h.services.properties.create(actor, {
      title: 'Studio',
      address: '5 rue Fine',
      postalCode: '13001',
      city: 'Marseille',
      owner: { firstName: 'Yves', lastName: 'Fine', phone: '0600112233' },
    });
    const filed = await h.services.messages.create(actor, {
      channel: 'GMAIL',
      fromAddress: 'x@exemple.fr',
      body: 'Bonjour',
      propertyId: p.id,
    });
    expect(filed).toMatchObject({ propertySetBy: 'USER', propertySetByUser: { id: actor.userId }, aiDecision: null });
    const detached = await h.services.messages.update(actor, { id: filed.id, propertyId: null });
    expect(detached).toMatchObject({ propertyId: null, propertySetBy: 'USER', propertySetByUser: { id: actor.userId } });
  });
});

describe('the stored conclusion', () => {
  it('reads a shape it no longer knows as unknown rather than failing', async () => {
    const actor = await agency();
    const message = await h.services.messages.create(actor, { channel: 'GMAIL', fromAddress: 'x@exemple.fr', body: 'Bonjour' });
    await h.queue.idle();
    await h.database.db
      .update(messages)
      .set({ aiDecision: { attached: 'oui' } as never })
      .where(eq(messages.id, message.id));
    expect((await h.services.messages.get(actor, message.id)).aiDecision).toBeNull();
  });
});
