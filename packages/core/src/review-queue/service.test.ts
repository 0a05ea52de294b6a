import { readFileSync } from 'node:fs';
import type { Actor } from '@monimmo/contract';
import { reviewItems } from '@monimmo/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, expectAppError, registerActor, type CoreHarness } from '../../test/harness.ts';
import { openReviewItem } from './service.ts';

const pdf = readFileSync(new URL('../seed-assets/dpe.pdf', import.meta.url));

let h: CoreHarness;
let agent: Actor;
let rival: Actor;
let propertyId: string;

const email = (overrides: Record<string, unknown> = {}) => ({
  channel: 'GMAIL' as const,
  fromName: 'Jean-Pierre Fabre',
  fromAddress: 'jp.fabre@orange.fr',
  subject: 'Diagnostics de mon appartement',
  body: "Bonjour,\n\nVeuillez trouver ci-joint le DPE de l'appartement de la rue Sainte.\n\nCordialement,\nJean-Pierre Fabre",
  ...overrides,
});

/** Nothing in it points at a property: triage leaves it for a person. */
let strangers = 0;
/** A sender the agency never heard from: a new address each time, as one a person filed is learned. */
const unknownSender = () => ({
  channel: 'GMAIL' as const,
  fromAddress: `curieux-${++strangers}@exemple.fr`,
  subject: 'Une question',
  body: 'Bonjour, je cherche un bien à acheter. Merci.',
});

const review = (orgId: string, itemType: 'MESSAGE' | 'FILE', itemId: string, reason: string, payload: Record<string, unknown> = {}) =>
  h.database.tx((tx) => openReviewItem(tx, { orgId, itemType, itemId, reason, payload }));

beforeAll(async () => {
  h = await createCoreHarness();
  agent = await registerActor(h, 'Agence Saint-Victor', 'ines@saint-victor.fr');
  rival = await registerActor(h, 'Agence Rivale', 'ines@rivale.fr');
  propertyId = (
    await h.services.properties.create(agent, {
      title: 'T3 rue Sainte',
      address: '14 rue Sainte',
      postalCode: '13001',
      city: 'Marseille',
      owner: { firstName: 'Jean-Pierre', lastName: 'Fabre', email: 'jp.fabre@orange.fr' },
    })
  ).id;
});
afterAll(() => h.close());

describe('the inbox', () => {
  it('records messages with attachments, refuses a second import, lists, searches and previews', async () => {
    const file = await h.services.files.uploadBase64(agent, {
      fileName: 'DPE.pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
      contentBase64: pdf.toString('base64'),
    });
    const message = await h.services.messages.create(agent, email({ externalId: 'gmail-1', attachmentIds: [file.id] }));
    expect(message).toMatchObject({ aiStatus: 'PENDING', propertyId: null, attachments: [expect.objectContaining({ id: file.id })] });
    // the owner wrote: triage attaches the message, and its document follows
    await h.queue.idle();
    expect(await h.services.messages.get(agent, message.id)).toMatchObject({
      aiStatus: 'PROCESSED',
      propertyId,
      attachments: [expect.objectContaining({ propertyId })],
    });
    await expectAppError(h.services.messages.create(agent, email({ externalId: 'gmail-1' })), 'CONFLICT', 'MESSAGE_ALREADY_RECORDED');
    // an attachment already on a message, or another agency's, is not taken
    await expectAppError(h.services.messages.create(agent, email({ attachmentIds: [file.id] })), 'NOT_FOUND');
    await expectAppError(h.services.messages.create(rival, email({ attachmentIds: [file.id] })), 'NOT_FOUND');

    await h.services.messages.create(agent, {
      channel: 'WHATSAPP',
      fromAddress: '+33 6 12 34 56 78',
      body: 'Bonjour, le bien à Cassis est-il toujours disponible ?',
    });
    const page = await h.services.messages.list(agent, { limit: 10 });
    expect(page.items.map((m) => m.channel)).toEqual(['WHATSAPP', 'GMAIL']);
    expect(page.items[1]).toMatchObject({ attachmentCount: 1, preview: expect.stringContaining('Veuillez trouver ci-joint le DPE') });
    expect((await h.services.messages.list(agent, { limit: 10, q: 'diagnostics fabre' })).items.map((m) => m.id)).toEqual([message.id]);
    expect((await h.services.messages.list(agent, { limit: 10, channel: 'WHATSAPP' })).items).toHaveLength(1);
    expect((await h.services.messages.list(rival, { limit: 10 })).items).toEqual([]);
    await expectAppError(h.services.messages.get(rival, message.id), 'NOT_FOUND');
  });

  it('attaching by hand settles the message, moves its documents and closes its review items', async () => {
    const file = await h.services.files.uploadBase64(agent, {
      fileName: 'DPE 2.pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
      contentBase64: pdf.toString('base64'),
    });
    const message = await h.services.messages.create(agent, { ...unknownSender(), attachmentIds: [file.id] });
    await h.queue.idle();
    expect((await h.services.reviewQueue.list(agent, { limit: 50 })).items.map((i) => i.itemId)).toContain(message.id);
    const attached = await h.services.messages.update(agent, { id: message.id, propertyId });
    expect(attached).toMatchObject({ propertyId, aiStatus: 'PROCESSED', attachments: [expect.objectContaining({ propertyId })] });
    expect((await h.services.reviewQueue.list(agent, { limit: 50 })).items.map((i) => i.itemId)).not.toContain(message.id);
    const detached = await h.services.messages.update(agent, { id: message.id, propertyId: null });
    expect(detached.propertyId).toBeNull();
    await expectAppError(h.services.messages.update(rival, { id: message.id, propertyId: null }), 'NOT_FOUND');
    await expectAppError(
      h.services.messages.update(agent, { id: message.id, propertyId: '01938a6e-0000-7000-8000-000000000000' }),
      'NOT_FOUND',
    );
  });
});

describe('the review queue', () => {
  it('keeps one open item per (item, reason), refreshing its payload', async () => {
    const message = await h.services.messages.create(agent, unknownSender());
    await h.queue.idle();
    // triage found nothing and opened the item itself
    expect((await h.services.messages.get(agent, message.id)).aiStatus).toBe('REVIEW_REQUIRED');
    await review(agent.orgId, 'MESSAGE', message.id, 'MESSAGE_PROPERTY_NOT_FOUND', { confidence: 0.3 });
    const open = (await h.services.reviewQueue.list(agent, { limit: 50, reason: 'MESSAGE_PROPERTY_NOT_FOUND' })).items;
    expect(open.filter((i) => i.itemId === message.id)).toHaveLength(1);
    expect(open.find((i) => i.itemId === message.id)).toMatchObject({
      payload: { confidence: 0.3 },
      message: { id: message.id, subject: 'Une question' },
      file: null,
    });
    // the database itself refuses a second open item
    await expect(
      h.database.tx((tx) =>
        tx
          .insert(reviewItems)
          .values({ orgId: agent.orgId, itemType: 'MESSAGE', itemId: message.id, reason: 'MESSAGE_PROPERTY_NOT_FOUND' }),
      ),
    ).rejects.toThrow();
  });

  it('applies the decision with the closing, once', async () => {
    const message = await h.services.messages.create(agent, unknownSender());
    await h.queue.idle();
    const item = (await h.services.reviewQueue.list(agent, { limit: 50, itemType: 'MESSAGE' })).items.find((i) => i.itemId === message.id);
    await expectAppError(
      h.services.reviewQueue.resolve(agent, { id: item!.id, decision: 'SET_TYPE_DOCUMENT', typeDocument: 'DPE' }),
      'INVALID_STATE',
    );
    const resolved = await h.services.reviewQueue.resolve(agent, {
      id: item!.id,
      decision: 'ATTACH_PROPERTY',
      propertyId,
      note: 'Le vendeur parle de la rue Sainte',
    });
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      resolution: { decision: 'ATTACH_PROPERTY', propertyId },
      note: 'Le vendeur parle de la rue Sainte',
      resolvedBy: { id: agent.userId },
    });
    // The person who chose is kept on the message, beside the AI's own conclusion.
    expect(await h.services.messages.get(agent, message.id)).toMatchObject({
      propertyId,
      propertySetBy: 'USER',
      propertySetByUser: { id: agent.userId },
      aiDecision: { attached: false, reason: item!.reason },
    });
    expect(resolved.message?.propertySetBy).toBe('USER');
    await expectAppError(h.services.reviewQueue.resolve(agent, { id: item!.id, decision: 'DISMISS' }), 'CONFLICT', 'ALREADY_RESOLVED');
    expect((await h.services.reviewQueue.list(agent, { limit: 50, status: 'RESOLVED' })).items.map((i) => i.id)).toContain(item!.id);
  });

  it('sets a document type, attaches or dismisses documents, and isolates agencies', async () => {
    // Typed on upload, so no classification job runs: the review items below are the only ones.
    const upload = () =>
      h.services.files.uploadBase64(agent, {
        fileName: 'scan.pdf',
        mimeType: 'application/pdf',
        size: pdf.length,
        contentBase64: pdf.toString('base64'),
        typeDocument: 'PHOTOS_HD',
      });
    const [a, b, c] = [await upload(), await upload(), await upload()];
    for (const f of [a, b, c])
      await review(agent.orgId, 'FILE', f.id, 'FILE_CLASSIFICATION_REVIEW_REQUIRED', { proposal: 'DPE', confidence: 0.5 });
    const items = (await h.services.reviewQueue.list(agent, { limit: 50, itemType: 'FILE' })).items;
    const itemOf = (id: string) => items.find((i) => i.itemId === id)!;
    expect(itemOf(a.id).file).toMatchObject({ fileName: 'scan.pdf' });

    await expectAppError(h.services.reviewQueue.resolve(rival, { id: itemOf(a.id).id, decision: 'DISMISS' }), 'NOT_FOUND');
    await h.services.reviewQueue.resolve(agent, { id: itemOf(a.id).id, decision: 'SET_TYPE_DOCUMENT', typeDocument: 'DPE', propertyId });
    expect(await h.services.files.get(agent, a.id)).toMatchObject({ typeDocument: 'DPE', status: 'CLASSIFIED', propertyId });
    await h.services.reviewQueue.resolve(agent, { id: itemOf(b.id).id, decision: 'ATTACH_PROPERTY', propertyId });
    expect((await h.services.files.get(agent, b.id)).propertyId).toBe(propertyId);
    await h.services.reviewQueue.resolve(agent, { id: itemOf(c.id).id, decision: 'DISMISS' });
    expect((await h.services.files.get(agent, c.id)).status).toBe('UPLOADED');

    const theirs = await h.services.properties.create(rival, {
      title: 'T2',
      address: '1 rue A',
      postalCode: '13001',
      city: 'Marseille',
      owner: { firstName: 'A', lastName: 'B', phone: '0600000000' },
    });
    const message = await h.services.messages.create(agent, unknownSender());
    await h.queue.idle();
    const open = (await h.services.reviewQueue.list(agent, { limit: 50, itemType: 'MESSAGE' })).items.find((i) => i.itemId === message.id);
    await expectAppError(
      h.services.reviewQueue.resolve(agent, { id: open!.id, decision: 'ATTACH_PROPERTY', propertyId: theirs.id }),
      'NOT_FOUND',
    );
    await h.services.reviewQueue.resolve(agent, { id: open!.id, decision: 'DISMISS' });
    expect((await h.services.messages.get(agent, message.id)).aiStatus).toBe('PROCESSED');
  });

  it('pages through open items', async () => {
    for (let i = 0; i < 3; i += 1) await h.services.messages.create(agent, unknownSender());
    await h.queue.idle();
    const first = await h.services.reviewQueue.list(agent, { limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    const second = await h.services.reviewQueue.list(agent, { limit: 1, cursor: first.nextCursor ?? undefined });
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
  });
});
