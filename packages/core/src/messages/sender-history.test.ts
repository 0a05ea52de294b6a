import { MockAIProvider, type MatchPropertyInput, type PropertyMatch } from '@monimmo/ai';
import type { Actor, MessageChannel } from '@monimmo/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../../test/harness.ts';

/**
 * The real mock AI, keeping what triage asked it (the sender history must reach the provider); a
 * text given an answer in `answers` gets that one instead, for confidences the rules rarely give.
 */
class RecordingAI extends MockAIProvider {
  readonly asked = new Map<string, MatchPropertyInput>();
  readonly answers = new Map<string, (input: MatchPropertyInput) => PropertyMatch>();
  override async matchProperty(input: MatchPropertyInput): Promise<PropertyMatch> {
    this.asked.set(input.text, input);
    return this.answers.get(input.text)?.(input) ?? super.matchProperty(input);
  }
}

const ai = new RecordingAI();
let h: CoreHarness;
let n = 0;
beforeAll(async () => {
  h = await createCoreHarness({}, { ai });
});
afterAll(() => h.close());

async function agency(firstName = 'Claire'): Promise<Actor> {
  n += 1;
  const s = await h.services.auth.register(
    {
      organizationName: `Agence Mémoire ${n}`,
      firstName,
      lastName: 'Roy',
      email: `agent-${n}@memoire.fr`,
      password: 'mot-de-passe-claire',
    },
    requestInfo(),
  );
  return h.services.auth.authenticate(s.accessToken);
}

/** Two flats far apart, each with its own owner: a vague message names neither. */
async function twoFlats(actor: Actor) {
  const make = (street: string, owner: string) =>
    h.services.properties.create(actor, {
      title: 'Appartement',
      address: street,
      postalCode: '31000',
      city: 'Toulouse',
      owner: { firstName: owner, lastName: `Proprio${n}`, email: `${owner.toLowerCase()}-${n}@proprio.fr` },
    });
  return { a: await make('4 rue des Filatiers', 'Anne'), b: await make('17 allée Jean Jaurès', 'Bruno') };
}

let sent = 0;
/**
 * A message received (a vague one unless `body` is given), triaged by the job; answers what triage
 * asked the AI and where the message ended.
 */
async function receive(
  actor: Actor,
  fromAddress: string,
  receivedAt: string,
  { channel = 'GMAIL', body = `Bonjour, avez-vous du nouveau pour moi ? (${++sent})` }: { channel?: MessageChannel; body?: string } = {},
) {
  const created = await h.services.messages.create(actor, { channel, fromAddress, body, receivedAt });
  await h.queue.idle();
  const message = await h.services.messages.get(actor, created.id);
  const review = (await h.services.reviewQueue.list(actor, { limit: 100 })).items.find((i) => i.itemId === created.id);
  return { message, review, asked: ai.asked.get(body) };
}

/** A person settles the review item of a message by attaching it to a property. */
async function attachByReview(actor: Actor, reviewId: string | undefined, propertyId: string) {
  expect(reviewId).toBeDefined();
  await h.services.reviewQueue.resolve(actor, { id: reviewId!, decision: 'ATTACH_PROPERTY', propertyId });
}

describe('learning from what a person attached', () => {
  it('attaches the sender’s next message to the property a person chose, and says why', async () => {
    const actor = await agency('Claire');
    const { a, b } = await twoFlats(actor);
    const first = await receive(actor, 'sophie.durand@exemple.fr', '2025-12-03T09:30:00.000Z');
    expect(first.message.aiStatus).toBe('REVIEW_REQUIRED');
    await attachByReview(actor, first.review?.id, b.id);

    const second = await receive(actor, 'sophie.durand@exemple.fr', '2025-12-10T15:00:00.000Z');
    expect(second.message).toMatchObject({ aiStatus: 'PROCESSED', propertyId: b.id, propertySetBy: 'AI' });
    expect(second.message.aiDecision?.reasoning).toContain('même expéditeur que le message du 3 déc. rattaché par Claire');

    // A contrary cue stronger than habit: the exact address of the other flat.
    const { message: third } = await receive(actor, 'sophie.durand@exemple.fr', '2025-12-12T10:00:00.000Z', {
      body: 'Bonjour, finalement je voudrais visiter le 4 rue des Filatiers à Toulouse.',
    });
    expect(third.propertyId).not.toBe(b.id);
    expect([null, a.id]).toContain(third.propertyId);
  });

  it('passes the property a person attached the sender’s earlier message to', async () => {
    const actor = await agency('Claire');
    const { b } = await twoFlats(actor);
    const first = await receive(actor, 'julie.martin@exemple.fr', '2025-12-03T09:30:00.000Z');
    // Nothing known about her yet: the AI is asked without history, and a person decides.
    expect(first.asked).toBeDefined();
    expect(first.asked?.senderHistory).toBeUndefined();
    expect(first.message.aiStatus).toBe('REVIEW_REQUIRED');
    await attachByReview(actor, first.review?.id, b.id);

    // Same address, written in another case.
    const second = await receive(actor, 'Julie.Martin@Exemple.FR', '2025-12-10T15:00:00.000Z');
    expect(second.asked?.senderHistory).toEqual({ propertyId: b.id, messageReceivedAt: '2025-12-03T09:30:00.000Z', decidedBy: 'Claire' });
  });

  it('learns from a message filed by hand in the inbox as well, the most recent decision first', async () => {
    const actor = await agency('Marc');
    const { a, b } = await twoFlats(actor);
    const older = await receive(actor, 'paul@exemple.fr', '2025-11-02T10:00:00.000Z');
    await h.services.messages.update(actor, { id: older.message.id, propertyId: a.id });
    const newer = await receive(actor, 'paul@exemple.fr', '2025-11-20T10:00:00.000Z');
    expect(newer.asked?.senderHistory).toMatchObject({ propertyId: a.id, decidedBy: 'Marc' });
    await h.services.messages.update(actor, { id: newer.message.id, propertyId: b.id });
    const next = await receive(actor, 'paul@exemple.fr', '2025-12-01T10:00:00.000Z');
    expect(next.asked?.senderHistory).toEqual({ propertyId: b.id, messageReceivedAt: '2025-11-20T10:00:00.000Z', decidedBy: 'Marc' });
  });

  it('recognises a phone number however it is written', async () => {
    const actor = await agency();
    const { a } = await twoFlats(actor);
    // Filed by a person at creation, from the WhatsApp number as a person typed it.
    await h.services.messages.create(actor, {
      channel: 'WHATSAPP',
      fromAddress: '+33 6 71 23 45 67',
      body: 'Voici les clés',
      receivedAt: '2025-10-01T08:00:00.000Z',
      propertyId: a.id,
    });
    for (const form of ['33671234567', '06.71.23.45.67', '0033 6 71 23 45 67']) {
      const later = await receive(actor, form, '2025-10-05T08:00:00.000Z', { channel: 'WHATSAPP' });
      // Each form follows the person's filing, or the confident attachment that followed it.
      expect(later.asked?.senderHistory, form).toMatchObject({ propertyId: a.id });
    }
    // Another number is another person.
    expect(
      (await receive(actor, '06 71 23 45 68', '2025-10-06T08:00:00.000Z', { channel: 'WHATSAPP' })).asked?.senderHistory,
    ).toBeUndefined();
  });

  it('ignores what a person of another agency decided', async () => {
    const other = await agency('Nina');
    const { a: theirs } = await twoFlats(other);
    const there = await receive(other, 'voyageur@exemple.fr', '2025-09-01T08:00:00.000Z');
    await attachByReview(other, there.review?.id, theirs.id);
    expect((await receive(other, 'voyageur@exemple.fr', '2025-09-02T08:00:00.000Z')).asked?.senderHistory).toMatchObject({
      propertyId: theirs.id,
    });

    const actor = await agency();
    await twoFlats(actor);
    const here = await receive(actor, 'voyageur@exemple.fr', '2025-09-03T08:00:00.000Z');
    expect(here.asked).toBeDefined();
    expect(here.asked?.senderHistory).toBeUndefined();
  });

  it('follows what the AI attached on a clear cue, and says it was automatic', async () => {
    const actor = await agency();
    const { a } = await twoFlats(actor);
    const first = await receive(actor, 'curieux@exemple.fr', '2025-08-01T08:00:00.000Z', {
      body: 'Bonjour, le 4 rue des Filatiers à Toulouse est-il toujours à vendre ?',
    });
    expect(first.message).toMatchObject({ propertyId: a.id, propertySetBy: 'AI' });
    const later = await receive(actor, 'curieux@exemple.fr', '2025-08-02T08:00:00.000Z');
    expect(later.asked?.senderHistory).toEqual({ propertyId: a.id, messageReceivedAt: '2025-08-01T08:00:00.000Z', decidedBy: null });
    expect(later.message).toMatchObject({ aiStatus: 'PROCESSED', propertyId: a.id, propertySetBy: 'AI' });
    expect(later.message.aiDecision?.reasoning).toContain('même expéditeur que le message du 1 août rattaché automatiquement');
  });

  it('does not follow an AI attachment made without a clear cue: a guess never breeds more', async () => {
    const actor = await agency();
    const { b } = await twoFlats(actor);
    const body = 'Bonjour, l’appartement lumineux m’intéresse.';
    ai.answers.set(body, () => ({ propertyId: b.id, confidence: 0.7, ambiguous: false, candidates: [], reasoning: 'Décrit.' }));
    const first = await receive(actor, 'hesitant@exemple.fr', '2025-08-01T08:00:00.000Z', { body });
    expect(first.message).toMatchObject({ propertyId: b.id, propertySetBy: 'AI' });
    const later = await receive(actor, 'hesitant@exemple.fr', '2025-08-02T08:00:00.000Z');
    expect(later.asked).toBeDefined();
    expect(later.asked?.senderHistory).toBeUndefined();
  });

  it('ignores what a colleague sent: an agent writes about every property', async () => {
    const actor = await agency('Inès');
    const { a } = await twoFlats(actor);
    const colleague = `AGENT-${n}@memoire.fr`;
    await h.services.messages.create(actor, {
      channel: 'GMAIL',
      fromAddress: colleague,
      body: 'Je te transfère la demande pour le 4 rue des Filatiers.',
      receivedAt: '2025-08-01T08:00:00.000Z',
      propertyId: a.id,
    });
    const later = await receive(actor, colleague, '2025-08-02T08:00:00.000Z');
    expect(later.asked).toBeDefined();
    expect(later.asked?.senderHistory).toBeUndefined();
  });

  it.each(['VENDU', 'ARCHIVE'] as const)('forgets the decision once the property is %s', async (status) => {
    const actor = await agency();
    const { a, b } = await twoFlats(actor);
    const older = await receive(actor, 'acquereur@exemple.fr', '2025-06-01T08:00:00.000Z');
    await attachByReview(actor, older.review?.id, a.id);
    const newer = await receive(actor, 'acquereur@exemple.fr', '2025-06-10T08:00:00.000Z');
    expect(newer.asked?.senderHistory).toMatchObject({ propertyId: a.id });
    // Whatever triage made of it, a person files it under the other flat.
    await h.services.messages.update(actor, { id: newer.message.id, propertyId: b.id });
    await h.services.properties.changeStatus(actor, b.id, 'COMPROMIS');
    expect((await receive(actor, 'acquereur@exemple.fr', '2025-06-20T08:00:00.000Z')).asked?.senderHistory).toMatchObject({
      propertyId: b.id,
    });

    await h.services.properties.changeStatus(actor, b.id, status);
    // The sender's latest business is over: no falling back on the older decision either.
    const after = await receive(actor, 'acquereur@exemple.fr', '2025-07-01T08:00:00.000Z');
    expect(after.asked).toBeDefined();
    expect(after.asked?.senderHistory).toBeUndefined();
  });
});
