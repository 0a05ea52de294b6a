import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../test/harness.ts';
import { DEMO_LOGIN, seedDemo } from './seed.ts';

let h: CoreHarness;
beforeAll(async () => {
  h = await createCoreHarness();
});
afterAll(() => h.close());

describe('seedDemo', () => {
  it('creates a demo agency with each staff role and French contacts, and the printed login works', async () => {
    expect((await seedDemo(h.services, h.database)).created).toBe(18);
    await h.queue.idle();
    const session = await h.services.auth.login(DEMO_LOGIN, requestInfo());
    expect(session.organization.name).toBe('Vieux-Port Immobilier');
    const actor = await h.services.auth.authenticate(session.accessToken);
    const everyone = await h.services.users.list(actor, { limit: 100 });
    expect(new Set(everyone.items.map((u) => u.role).filter(Boolean))).toEqual(new Set(['ADMIN', 'MANAGER', 'AGENT']));
    expect(everyone.items.filter((u) => u.accountType === 'NOTAIRE').map((u) => u.lastName)).toEqual(['Castellane']);

    const pipeline = await h.services.properties.pipeline(actor);
    expect(pipeline.total).toBe(5);
    const [villa] = (await h.services.properties.list(actor, { limit: 5, q: 'villa cassis' })).items;
    const detail = await h.services.properties.get(actor, villa!.id);
    expect(detail.status).toBe('COMPROMIS');
    expect(detail.timeline.map((e) => e.toStatus)).toEqual([
      'PROSPECTION',
      'MANDAT_SIGNE',
      'EN_DIFFUSION',
      'VISITES',
      'OFFRES',
      'COMPROMIS',
    ]);
    expect(detail.participants.map((p) => p.role).sort()).toEqual(['ACHETEUR', 'NOTAIRE', 'VENDEUR']);
    expect(detail.documentCounts).toMatchObject({ DIAGNOSTICS: 1, MARKETING: 1 });
    const files = await h.services.files.list(actor, { limit: 20 });
    expect(files.items).toHaveLength(9);
    expect(new Set(files.items.map((f) => f.mimeType))).toEqual(new Set(['application/pdf', 'image/jpeg']));

    // triage: the owners' and buyers' messages are attached, the notary's (several files) and the stranger's wait
    const inbox = (await h.services.messages.list(actor, { limit: 20 })).items;
    const byFrom = (name: string) => inbox.find((m) => m.fromName === name)!;
    expect(byFrom('Jean-Pierre Fabre')).toMatchObject({ aiStatus: 'PROCESSED', propertyId: expect.any(String) });
    expect(byFrom('Karim Benali')).toMatchObject({ aiStatus: 'PROCESSED' });
    expect(byFrom('Élise Château')).toMatchObject({ aiStatus: 'PROCESSED', attachmentCount: 1 });
    expect(byFrom('Maître Hélène Castellane').aiStatus).toBe('REVIEW_REQUIRED');
    expect(byFrom('Paul Mercier').aiStatus).toBe('REVIEW_REQUIRED');
    // Each keeps the AI's conclusion in words: the demo inbox shows why it was attached or not.
    expect(byFrom('Jean-Pierre Fabre').propertySetBy).toBe('AI');
    const fabre = await h.services.messages.get(actor, byFrom('Jean-Pierre Fabre').id);
    expect(fabre.aiDecision).toMatchObject({ attached: true, reasoning: expect.stringMatching(/^Rattaché à « .+ ».*Indices : /) });
    const mercier = await h.services.messages.get(actor, byFrom('Paul Mercier').id);
    expect(mercier).toMatchObject({ propertySetBy: null, aiDecision: { attached: false, reason: 'MESSAGE_PROPERTY_NOT_FOUND' } });
    const photo = (await h.services.messages.get(actor, byFrom('Élise Château').id)).attachments[0];
    expect(photo).toMatchObject({ typeDocument: 'PHOTOS_HD', status: 'CLASSIFIED', propertyId: byFrom('Élise Château').propertyId });
    const review = await h.services.reviewQueue.list(actor, { limit: 20 });
    expect(review.items.map((i) => i.reason).sort()).toEqual(['MESSAGE_PROPERTY_AMBIGUOUS', 'MESSAGE_PROPERTY_NOT_FOUND']);
  });

  it('is idempotent', async () => {
    expect((await seedDemo(h.services, h.database)).created).toBe(0);
    const session = await h.services.auth.login(DEMO_LOGIN, requestInfo('10.3.3.3'));
    const actor = await h.services.auth.authenticate(session.accessToken);
    // 8 people of the first run, plus the three owners created with their properties
    expect((await h.services.users.list(actor, { limit: 100 })).items).toHaveLength(11);
    expect((await h.services.properties.pipeline(actor)).total).toBe(5);
  });

  it('the sample voice note of a first visit fills the empty property it describes', async () => {
    const session = await h.services.auth.login(DEMO_LOGIN, requestInfo('10.3.3.4'));
    const actor = await h.services.auth.authenticate(session.accessToken);
    const audio = readFileSync(new URL('./seed-assets/visite-initiale-rue-paradis.m4a', import.meta.url));
    const vocal = await h.services.vocals.uploadStream(actor, {
      body: Readable.from([audio]),
      fileName: 'visite rue Paradis.m4a',
      declaredMimeType: 'audio/mp4',
    });
    await h.queue.idle();
    const [paradis] = (await h.services.properties.list(actor, { limit: 5, q: 'rue paradis' })).items;
    expect(await h.services.vocals.get(actor, vocal.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      vocalType: 'VISITE_INITIALE',
      propertyId: paradis!.id,
    });
    const detail = await h.services.properties.get(actor, paradis!.id);
    expect(detail.price).toBe(365_000);
    expect(detail.details).toMatchObject({ surface: 92, rooms: 4, bedrooms: 3, floor: 3, dpeClass: 'C', elevator: true });
  });
});
