import { Readable } from 'node:stream';
import { MockAIProvider, type ExtractInsightsInput, type InitialVisitExtraction, type VocalInsightsResult } from '@monimmo/ai';
import { buildWav, vocalFixture } from '@monimmo/ai/testing';
import type { Actor, ReviewItemView, VocalView } from '@monimmo/contract';
import { reviewItems, vocals } from '@monimmo/db';
import { newStorageKey } from '@monimmo/storage';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreHarness, expectAppError, requestInfo, type CoreHarness } from '../../test/harness.ts';

const fixture = vocalFixture;

let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function agency(harness: CoreHarness): Promise<Actor> {
  const s = await harness.services.auth.register(
    {
      organizationName: 'Agence des Lices',
      firstName: 'Claire',
      lastName: 'Bernard',
      email: `claire-${Date.now()}-${Math.random()}@lices.fr`,
      password: 'mot-de-passe-claire',
    },
    requestInfo(),
  );
  return harness.services.auth.authenticate(s.accessToken);
}

/** The agency's two properties: the flat of the initial visit (nothing known yet) and Mr Roux's house. */
async function properties(harness: CoreHarness, actor: Actor) {
  const lices = await harness.services.properties.create(actor, {
    title: 'Appartement rue des Lices',
    address: '12 rue des Lices',
    postalCode: '49100',
    city: 'Angers',
    owner: { firstName: 'Martine', lastName: 'Garnier', email: 'martine.garnier@exemple.fr' },
  });
  const roux = await harness.services.properties.create(actor, {
    title: 'Maison avenue Jean Jaurès',
    address: '8 avenue Jean Jaurès',
    postalCode: '49000',
    city: 'Angers',
    price: 310_000,
    owner: { firstName: 'Paul', lastName: 'Roux', email: 'paul.roux@exemple.fr' },
  });
  return { lices, roux };
}

async function upload(
  harness: CoreHarness,
  actor: Actor,
  bytes: Buffer,
  fileName: string,
  mimeType: string,
  propertyId?: string,
): Promise<VocalView> {
  return harness.services.vocals.uploadBase64(actor, {
    fileName,
    mimeType,
    size: bytes.length,
    contentBase64: bytes.toString('base64'),
    ...(propertyId ? { propertyId } : {}),
  });
}

const wav = (comment: string) => buildWav({ comment, seconds: 1 });

async function settled(harness: CoreHarness, actor: Actor, id: string): Promise<VocalView> {
  await harness.queue.idle();
  return harness.services.vocals.get(actor, id);
}

async function openItems(harness: CoreHarness, actor: Actor, vocalId: string): Promise<ReviewItemView[]> {
  const { items } = await harness.services.reviewQueue.list(actor, { itemType: 'VOCAL', limit: 100 });
  return items.filter((i) => i.itemId === vocalId);
}

async function onlyItem(harness: CoreHarness, actor: Actor, vocalId: string, reason: string): Promise<ReviewItemView> {
  const items = await openItems(harness, actor, vocalId);
  expect(items.map((i) => i.reason)).toEqual([reason]);
  return items[0]!;
}

describe('voice-note pipeline, from upload to insights', () => {
  it('an initial visit fills the empty fields of its property', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { lices } = await properties(h, actor);
    const uploaded = await upload(h, actor, fixture('visite-initiale.m4a'), 'visite.m4a', 'audio/x-m4a', lices.id);
    expect(uploaded).toMatchObject({ status: 'UPLOADED', mimeType: 'audio/mp4', propertyId: lices.id, vocalType: null });
    expect(uploaded.durationSeconds).toBeGreaterThan(20);
    expect(uploaded.audioUrl.url).toContain('/storage/');

    const vocal = await settled(h, actor, uploaded.id);
    expect(vocal).toMatchObject({
      status: 'INSIGHTS_READY',
      vocalType: 'VISITE_INITIALE',
      typeSetBy: 'AI',
      propertySetBy: 'USER',
      transcriptSetBy: 'AI',
      processingError: null,
    });
    expect(vocal.transcript).toContain('trois pièces de 75 m²');
    expect(vocal.extraction?.applied).toEqual(expect.arrayContaining(['price', 'surface', 'rooms', 'bedrooms', 'floor', 'dpeClass']));
    expect(vocal.extraction?.conflicts).toEqual({});
    const property = await h.services.properties.get(actor, lices.id);
    expect(property.price).toBe(320_000);
    expect(property.details).toMatchObject({ surface: 75, rooms: 3, bedrooms: 2, floor: 2, dpeClass: 'D', elevator: true });
    expect(vocal.summary).toBeTruthy();
    expect(vocal.insights?.nextSteps.join(' ')).toMatch(/mandat/);
    expect(await openItems(h, actor, vocal.id)).toEqual([]);
  });

  it('a buyer visit report finds its property and reads the reactions, budget and next steps', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { lices } = await properties(h, actor);
    const uploaded = await upload(h, actor, fixture('compte-rendu-client.mp3'), 'cr.mp3', 'audio/mpeg');
    const vocal = await settled(h, actor, uploaded.id);
    expect(vocal).toMatchObject({
      status: 'INSIGHTS_READY',
      vocalType: 'COMPTE_RENDU_VISITE_CLIENT',
      propertyId: lices.id,
      propertySetBy: 'AI',
    });
    expect(vocal.insights).toMatchObject({ budget: 178_000 });
    expect(vocal.insights?.objections.join(' ')).toMatch(/cuisine/);
    expect(vocal.insights?.highlights.join(' ')).toMatch(/luminosit/);
  });

  it('a follow-up visit (ogg/opus from WhatsApp) says what changed', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { roux } = await properties(h, actor);
    const uploaded = await upload(h, actor, fixture('visite-suivi.ogg'), 'suivi.ogg', 'audio/ogg');
    const vocal = await settled(h, actor, uploaded.id);
    expect(vocal).toMatchObject({ status: 'INSIGHTS_READY', vocalType: 'VISITE_SUIVI', propertyId: roux.id, mimeType: 'audio/ogg' });
    expect(vocal.insights).toMatchObject({ newPrice: 295_000 });
    expect(vocal.insights?.changes.join(' ')).toMatch(/toiture/);
    // A follow-up never writes into the property: the new price is an insight, not a field.
    expect((await h.services.properties.get(actor, roux.id)).price).toBe(310_000);
  });

  it('lists by status, type and property, and another agency sees none of it', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { lices, roux } = await properties(h, actor);
    const a = await upload(h, actor, fixture('visite-initiale.m4a'), 'a.m4a', 'audio/mp4', lices.id);
    const b = await upload(h, actor, fixture('visite-suivi.wav'), 'b.wav', 'audio/wav');
    await h.queue.idle();
    expect((await h.services.vocals.list(actor, { limit: 20 })).items.map((v) => v.id)).toEqual([b.id, a.id]);
    expect((await h.services.vocals.list(actor, { vocalType: 'VISITE_SUIVI', limit: 20 })).items.map((v) => v.id)).toEqual([b.id]);
    expect((await h.services.vocals.list(actor, { propertyId: roux.id, limit: 20 })).items.map((v) => v.id)).toEqual([b.id]);
    expect((await h.services.vocals.list(actor, { status: 'UPLOADED', limit: 20 })).items).toEqual([]);
    const page = await h.services.vocals.list(actor, { limit: 1 });
    expect(page.nextCursor).toBeTruthy();
    expect((await h.services.vocals.list(actor, { limit: 1, cursor: page.nextCursor! })).items.map((v) => v.id)).toEqual([a.id]);

    const other = await agency(h);
    expect((await h.services.vocals.list(other, { limit: 20 })).items).toEqual([]);
    await expectAppError(h.services.vocals.get(other, a.id), 'NOT_FOUND');
    await expectAppError(h.services.vocals.update(other, { id: a.id, summary: 'Piraté' }), 'NOT_FOUND');
    await expectAppError(h.services.vocals.transcribe(other, a.id), 'NOT_FOUND');
    await expectAppError(upload(h, other, wav('Bonjour'), 'x.wav', 'audio/wav', lices.id), 'NOT_FOUND');
  });
});

describe('review reasons, each reachable and resolvable', () => {
  it('VOCAL_EMPTY_TRANSCRIPT: a person types what was said, and the pipeline goes on', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { lices } = await properties(h, actor);
    const uploaded = await upload(h, actor, buildWav({ seconds: 1 }), 'silence.wav', 'audio/wav');
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED', transcript: '' });
    const item = await onlyItem(h, actor, uploaded.id, 'VOCAL_EMPTY_TRANSCRIPT');
    expect(item.vocal?.id).toBe(uploaded.id);
    await expectAppError(
      h.services.reviewQueue.resolve(actor, { id: item.id, decision: 'ACCEPT_PROPOSAL' }),
      'INVALID_STATE',
      'DECISION_NOT_APPLICABLE',
    );
    await expectAppError(
      h.services.reviewQueue.resolve(actor, { id: item.id, decision: 'SET_TYPE_DOCUMENT', typeDocument: 'DPE' }),
      'INVALID_STATE',
    );
    const text = fixture('transcript-client.txt').toString('utf8').trim();
    const resolved = await h.services.reviewQueue.resolve(actor, {
      id: item.id,
      decision: 'CORRECT_TRANSCRIPT',
      transcript: text,
      note: 'Réécouté',
    });
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolution: { decision: 'CORRECT_TRANSCRIPT', transcriptCorrected: true } });
    const vocal = await settled(h, actor, uploaded.id);
    expect(vocal).toMatchObject({
      status: 'INSIGHTS_READY',
      transcriptSetBy: 'USER',
      propertyId: lices.id,
      vocalType: 'COMPTE_RENDU_VISITE_CLIENT',
    });
  });

  it('VOCAL_LOW_CONFIDENCE on the transcript: accepted as it is, or retried from the audio', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { lices } = await properties(h, actor);
    const text =
      'Compte rendu de la visite [inaudible] rue des Lices avec les acquéreurs [inaudible], ils ont aimé le balcon [inaudible] mais trouvent la cuisine petite.';
    const uploaded = await upload(h, actor, wav(text), 'brouhaha.wav', 'audio/wav', lices.id);
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED' });
    const item = await onlyItem(h, actor, uploaded.id, 'VOCAL_LOW_CONFIDENCE');
    expect(item.payload).toMatchObject({ step: 'TRANSCRIPT', proposal: expect.stringContaining('balcon') });

    await h.services.reviewQueue.resolve(actor, { id: item.id, decision: 'RETRY' });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED' });
    const again = await onlyItem(h, actor, uploaded.id, 'VOCAL_LOW_CONFIDENCE');
    expect(again.id).not.toBe(item.id);

    await h.services.reviewQueue.resolve(actor, { id: again.id, decision: 'ACCEPT_PROPOSAL' });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      vocalType: 'COMPTE_RENDU_VISITE_CLIENT',
      transcriptSetBy: 'AI',
    });
  });

  it('VOCAL_PROPERTY_AMBIGUOUS: two flats on the street, a person picks one', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { lices } = await properties(h, actor);
    const other = await h.services.properties.create(actor, {
      title: 'Studio rue des Lices',
      address: '14 rue des Lices',
      postalCode: '49100',
      city: 'Angers',
      owner: { firstName: 'Hugo', lastName: 'Morel', email: 'hugo.morel@exemple.fr' },
    });
    const text =
      'Compte rendu de la visite rue des Lices à Angers avec les acquéreurs : ils ont aimé la lumière, trouvent le prix élevé, budget de deux cent mille euros.';
    const uploaded = await upload(h, actor, wav(text), 'lices.wav', 'audio/wav');
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED', propertyId: null });
    const item = await onlyItem(h, actor, uploaded.id, 'VOCAL_PROPERTY_AMBIGUOUS');
    const candidateIds = (item.payload.candidates as { propertyId: string }[]).map((c) => c.propertyId);
    expect(candidateIds).toEqual(expect.arrayContaining([lices.id, other.id]));
    await h.services.reviewQueue.resolve(actor, { id: item.id, decision: 'ATTACH_PROPERTY', propertyId: other.id });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      propertyId: other.id,
      propertySetBy: 'USER',
      vocalType: 'COMPTE_RENDU_VISITE_CLIENT',
    });
  });

  it('VOCAL_TYPE_REVIEW_REQUIRED: nothing says what kind of note it is, a person says', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { roux } = await properties(h, actor);
    const uploaded = await upload(
      h,
      actor,
      wav('Petit message pour moi-même, rien de particulier à signaler aujourd’hui.'),
      'note.wav',
      'audio/wav',
      roux.id,
    );
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED', vocalType: null });
    const item = await onlyItem(h, actor, uploaded.id, 'VOCAL_TYPE_REVIEW_REQUIRED');
    await h.services.reviewQueue.resolve(actor, { id: item.id, decision: 'SET_VOCAL_TYPE', vocalType: 'VISITE_SUIVI' });
    // A note that says nothing teaches nothing: its empty insights wait for a person too.
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED', vocalType: 'VISITE_SUIVI', typeSetBy: 'USER' });
    const insights = await onlyItem(h, actor, uploaded.id, 'VOCAL_LOW_CONFIDENCE');
    expect(insights.payload).toMatchObject({ step: 'INSIGHTS' });
    await h.services.reviewQueue.resolve(actor, { id: insights.id, decision: 'DISMISS' });
    expect(await h.services.vocals.get(actor, uploaded.id)).toMatchObject({ status: 'INSIGHTS_READY', vocalType: 'VISITE_SUIVI' });
  });

  it('VOCAL_TYPE_REVIEW_REQUIRED: a maybe first visit keeps its facts as a proposal, written nowhere', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { lices } = await properties(h, actor);
    // A listing and a buyer visit in one note: two types said alike wait for a person.
    const text =
      'Appartement de 70 m², trois pièces, DPE C, ils en demandent 250 000. Les clients de samedi ont aimé le balcon, ils trouvent le prix élevé.';
    const uploaded = await upload(h, actor, wav(text), 'mix.wav', 'audio/wav', lices.id);
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED', vocalType: null });
    const item = await onlyItem(h, actor, uploaded.id, 'VOCAL_TYPE_REVIEW_REQUIRED');
    expect(item.payload.initialVisit).toMatchObject({ fields: { surface: 70, rooms: 3, dpeClass: 'C' } });
    const vocal = await h.services.vocals.get(actor, uploaded.id);
    expect(vocal.extraction).toMatchObject({ fields: { surface: 70, rooms: 3, price: 250_000 }, applied: [] });
    expect((await h.services.properties.get(actor, lices.id)).price).toBeNull();
  });

  it('VOCAL_INITIAL_VISIT_NO_PROPERTY: the property is created, attached, and filled from the note', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    await properties(h, actor);
    const text =
      "Premier rendez-vous avec Monsieur Petit pour l'estimation de sa maison au 5 impasse des Tilleuls à Avrillé, 49240. C'est une maison de cinq pièces de 120 m² avec un terrain de 600 m², quatre chambres, DPE classe C. Il souhaite la mettre en vente autour de 415 000 €.";
    const uploaded = await upload(h, actor, wav(text), 'petit.wav', 'audio/wav');
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'REVIEW_REQUIRED',
      vocalType: 'VISITE_INITIALE',
      propertyId: null,
    });
    const item = await onlyItem(h, actor, uploaded.id, 'VOCAL_INITIAL_VISIT_NO_PROPERTY');
    expect(item.payload.proposal).toMatchObject({
      address: '5 impasse des Tilleuls',
      postalCode: '49240',
      rooms: 5,
      surface: 120,
      landSurface: 600,
      bedrooms: 4,
      dpeClass: 'C',
      price: 415_000,
    });

    const created = await h.services.properties.create(actor, {
      title: 'Maison Avrillé',
      address: '5 impasse des Tilleuls',
      postalCode: '49240',
      city: 'Avrillé',
      owner: { firstName: 'Jean', lastName: 'Petit', email: 'jean.petit@exemple.fr' },
    });
    await h.services.reviewQueue.resolve(actor, { id: item.id, decision: 'ATTACH_PROPERTY', propertyId: created.id });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'INSIGHTS_READY', propertyId: created.id });
    expect((await h.services.properties.get(actor, created.id)).details).toMatchObject({
      rooms: 5,
      surface: 120,
      landSurface: 600,
      dpeClass: 'C',
    });
  });

  it('VOCAL_PROPERTY_NOT_FOUND: a report about a property nobody recognises waits for a person', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { roux } = await properties(h, actor);
    const text =
      'Compte rendu de la visite avec les acquéreurs Dupont : ils ont adoré le jardin, trouvent le salon sombre, budget de trois cent mille euros, ils vont faire une offre.';
    const uploaded = await upload(h, actor, wav(text), 'dupont.wav', 'audio/wav');
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'REVIEW_REQUIRED',
      vocalType: 'COMPTE_RENDU_VISITE_CLIENT',
      propertyId: null,
    });
    const item = await onlyItem(h, actor, uploaded.id, 'VOCAL_PROPERTY_NOT_FOUND');
    await h.services.reviewQueue.resolve(actor, { id: item.id, decision: 'ATTACH_PROPERTY', propertyId: roux.id });
    const vocal = await settled(h, actor, uploaded.id);
    expect(vocal).toMatchObject({ status: 'INSIGHTS_READY', propertyId: roux.id });
    expect(vocal.insights?.budget).toBe(300_000);
  });

  it('VOCAL_EXTRACTION_CONFLICT: a value the property already has is proposed, never overwritten', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { lices } = await properties(h, actor);
    await h.services.properties.update(actor, { id: lices.id, price: 299_000, details: { surface: 72 } });
    const uploaded = await upload(h, actor, fixture('visite-initiale.m4a'), 'visite.m4a', 'audio/mp4', lices.id);
    const vocal = await settled(h, actor, uploaded.id);
    // Not blocking: the note is done, the facts wait for a person.
    expect(vocal.status).toBe('INSIGHTS_READY');
    expect(vocal.extraction?.conflicts).toEqual({ price: { current: 299_000, proposed: 320_000 }, surface: { current: 72, proposed: 75 } });
    let property = await h.services.properties.get(actor, lices.id);
    expect(property).toMatchObject({ price: 299_000, details: { surface: 72, rooms: 3 } });
    const item = await onlyItem(h, actor, uploaded.id, 'VOCAL_EXTRACTION_CONFLICT');
    await h.services.reviewQueue.resolve(actor, { id: item.id, decision: 'ACCEPT_PROPOSAL' });
    property = await h.services.properties.get(actor, lices.id);
    expect(property).toMatchObject({ price: 320_000, details: { surface: 75, rooms: 3 } });
    expect((await h.services.vocals.get(actor, uploaded.id)).extraction?.conflicts).toEqual({});
  });

  it('VOCAL_LOW_CONFIDENCE on the extraction and on the insights: accepted by a person', async () => {
    class Unsure extends MockAIProvider {
      override async extractInitialVisit(input: { transcript: string }): Promise<InitialVisitExtraction> {
        return { ...(await super.extractInitialVisit(input)), confidence: 0.3 };
      }
      override async extractInsights(input: ExtractInsightsInput): Promise<VocalInsightsResult> {
        return { ...(await super.extractInsights(input)), confidence: 0.2 };
      }
    }
    h = await createCoreHarness({}, { ai: new Unsure() });
    const actor = await agency(h);
    const { lices } = await properties(h, actor);
    const uploaded = await upload(h, actor, fixture('visite-initiale.m4a'), 'visite.m4a', 'audio/mp4', lices.id);
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED' });
    const extraction = await onlyItem(h, actor, uploaded.id, 'VOCAL_LOW_CONFIDENCE');
    expect(extraction.payload).toMatchObject({ step: 'INITIAL_VISIT_EXTRACTION', proposal: { surface: 75 } });
    expect((await h.services.properties.get(actor, lices.id)).details).toEqual({});
    await h.services.reviewQueue.resolve(actor, { id: extraction.id, decision: 'ACCEPT_PROPOSAL' });
    expect((await h.services.properties.get(actor, lices.id)).details).toMatchObject({ surface: 75 });

    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED' });
    const insights = await onlyItem(h, actor, uploaded.id, 'VOCAL_LOW_CONFIDENCE');
    expect(insights.payload).toMatchObject({ step: 'INSIGHTS' });
    await h.services.reviewQueue.resolve(actor, { id: insights.id, decision: 'ACCEPT_PROPOSAL' });
    expect(await h.services.vocals.get(actor, uploaded.id)).toMatchObject({ status: 'INSIGHTS_READY', summary: expect.any(String) });
  });

  it('VOCAL_PROCESSING_ERROR: audio over the provider limit is refused with a clear error, then retried', async () => {
    const ai = new MockAIProvider({ maxAudioBytes: 1000 });
    h = await createCoreHarness({}, { ai });
    const actor = await agency(h);
    const { roux } = await properties(h, actor);
    const uploaded = await upload(h, actor, fixture('visite-suivi.ogg'), 'suivi.ogg', 'audio/ogg');
    const failed = await settled(h, actor, uploaded.id);
    expect(failed).toMatchObject({ status: 'REVIEW_REQUIRED', vocalType: 'ERREUR_TRAITEMENT', transcript: null });
    expect(failed.processingError).toMatch(/au-delà des 0 Mo|découpez-le/);
    const item = await onlyItem(h, actor, uploaded.id, 'VOCAL_PROCESSING_ERROR');
    expect(item.payload).toMatchObject({ stage: 'TRANSCRIBE' });

    (ai as unknown as { maxAudioBytes: number }).maxAudioBytes = 25 * 1024 * 1024;
    await h.services.reviewQueue.resolve(actor, { id: item.id, decision: 'RETRY' });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      vocalType: 'VISITE_SUIVI',
      propertyId: roux.id,
      processingError: null,
      attempts: 0,
    });
  });

  it('VOCAL_PROCESSING_ERROR at once: a recording nobody can read is not retried, and the error is in French only', async () => {
    let calls = 0;
    const ai = new (class extends MockAIProvider {
      override transcribeAudio(input: Parameters<MockAIProvider['transcribeAudio']>[0]) {
        calls += 1;
        return super.transcribeAudio(input);
      }
    })();
    h = await createCoreHarness({}, { ai });
    const actor = await agency(h);
    // What an import may bring (the upload itself refuses it): an m4a cut before its moov.
    const bytes = fixture('visite-initiale.m4a').subarray(0, 60_000);
    const key = newStorageKey(actor.orgId, 'vocals');
    const stored = await h.storage.put({ key, body: Readable.from([bytes]), contentType: 'audio/mp4' });
    const [row] = await h.database.db
      .insert(vocals)
      .values({
        orgId: actor.orgId,
        createdByUserId: actor.userId,
        fileName: 'coupe.m4a',
        mimeType: 'audio/mp4',
        size: stored.size,
        sha256: stored.sha256,
        storageKey: key,
      })
      .returning();
    await h.services.jobs.enqueue.stage('TRANSCRIBE', { orgId: actor.orgId, vocalId: row!.id, revision: row!.revision });
    const failed = await settled(h, actor, row!.id);
    expect(calls).toBe(1);
    expect(failed).toMatchObject({ status: 'REVIEW_REQUIRED', vocalType: 'ERREUR_TRAITEMENT', transcript: null });
    expect(failed.processingError).toBe(
      'Enregistrement audio illisible (coupe.m4a) : le fichier est incomplet, endommagé ou d’un format non reconnu. Déposez à nouveau l’enregistrement d’origine.',
    );
    const item = await onlyItem(h, actor, row!.id, 'VOCAL_PROCESSING_ERROR');
    expect(item.payload).toMatchObject({ stage: 'TRANSCRIBE', error: failed.processingError });
  });

  it('a provider that stays down leaves a French processingError, without its English words, and the note for the recovery pass', async () => {
    const ai = new (class extends MockAIProvider {
      override transcribeAudio(): never {
        throw new Error('Connection error.');
      }
    })();
    h = await createCoreHarness({ JOB_BACKOFF_DELAY_MS: '0' }, { ai });
    const actor = await agency(h);
    const uploaded = await upload(h, actor, wav('Bonjour'), 'note.wav', 'audio/wav');
    const failed = await settled(h, actor, uploaded.id);
    expect(failed.status).toBe('UPLOADED');
    expect(failed.processingError).toBe(
      'Le traitement automatique a échoué après 3 tentatives : le service est momentanément indisponible ou n’a pas répondu. Un nouvel essai aura lieu automatiquement.',
    );
    expect(failed.processingError).not.toContain('Connection error');
  });

  it('DISMISS takes the note out of the pipeline', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const uploaded = await upload(h, actor, buildWav({ seconds: 1 }), 'vide.wav', 'audio/wav');
    await settled(h, actor, uploaded.id);
    const item = await onlyItem(h, actor, uploaded.id, 'VOCAL_EMPTY_TRANSCRIPT');
    await h.services.reviewQueue.resolve(actor, { id: item.id, decision: 'DISMISS', note: 'Enregistrement vide' });
    expect(await h.services.vocals.get(actor, uploaded.id)).toMatchObject({ status: 'TRANSCRIBED' });
    expect(await openItems(h, actor, uploaded.id)).toEqual([]);
  });
});

describe('corrections by hand', () => {
  it('a corrected transcript re-runs matching, type detection and insights, keeping what a person chose', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { lices, roux } = await properties(h, actor);
    const uploaded = await upload(h, actor, fixture('compte-rendu-client.mp3'), 'cr.mp3', 'audio/mpeg');
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ propertyId: lices.id, vocalType: 'COMPTE_RENDU_VISITE_CLIENT' });

    // The AI's property goes with the old transcript: the new one is about Mr Roux's house.
    const text = fixture('transcript-suivi.txt').toString('utf8').trim();
    const patched = await h.services.vocals.update(actor, { id: uploaded.id, transcript: text });
    expect(patched).toMatchObject({ status: 'TRANSCRIBED', transcriptSetBy: 'USER', propertyId: null, vocalType: null });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      propertyId: roux.id,
      vocalType: 'VISITE_SUIVI',
      transcript: text,
    });

    // A property and a type chosen by hand stay, whatever the transcript says next.
    await h.services.vocals.update(actor, { id: uploaded.id, propertyId: lices.id, vocalType: 'COMPTE_RENDU_VISITE_CLIENT' });
    await h.queue.idle();
    await h.services.vocals.update(actor, { id: uploaded.id, transcript: `${text} Fin du message.` });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      propertyId: lices.id,
      propertySetBy: 'USER',
      vocalType: 'COMPTE_RENDU_VISITE_CLIENT',
      typeSetBy: 'USER',
    });

    // A summary edit changes nothing else, and outlives the next insights run.
    const edited = await h.services.vocals.update(actor, { id: uploaded.id, summary: 'Résumé revu par Claire.' });
    expect(edited).toMatchObject({ summary: 'Résumé revu par Claire.', summarySetBy: 'USER', status: 'INSIGHTS_READY' });
    await h.services.vocals.extractInsights(actor, uploaded.id);
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      summary: 'Résumé revu par Claire.',
      insights: expect.any(Object),
    });
  });

  it('transcribe and extract-insights answer QUEUED and redo their part', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const { roux } = await properties(h, actor);
    const uploaded = await upload(h, actor, fixture('visite-suivi.wav'), 'suivi.wav', 'audio/wav');
    await expectAppError(h.services.vocals.extractInsights(actor, uploaded.id), 'INVALID_STATE', 'VOCAL_NOT_READY');
    await settled(h, actor, uploaded.id);
    const queued = await h.services.vocals.extractInsights(actor, uploaded.id);
    expect(queued).toMatchObject({ status: 'QUEUED', jobId: expect.any(String) });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'INSIGHTS_READY', propertyId: roux.id });
    expect(await h.services.vocals.transcribe(actor, uploaded.id)).toMatchObject({ status: 'QUEUED' });
    const again = await settled(h, actor, uploaded.id);
    expect(again).toMatchObject({ status: 'INSIGHTS_READY', propertyId: roux.id, vocalType: 'VISITE_SUIVI' });
    const [row] = await h.database.db.select().from(vocals).where(eq(vocals.id, uploaded.id));
    expect(row!.revision).toBe(2);
    // Every review item this note ever had is closed.
    const open = await h.database.db.select().from(reviewItems).where(eq(reviewItems.itemId, uploaded.id));
    expect(open.filter((i) => i.status === 'OPEN')).toEqual([]);
  });
});
