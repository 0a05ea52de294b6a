import { MockAIProvider, type ExtractInsightsInput, type VocalInsightsResult } from '@monimmo/ai';
import { buildWav } from '@monimmo/ai/testing';
import type { Actor, ReviewItemView, VocalView } from '@monimmo/contract';
import { vocals } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreHarness, expectAppError, requestInfo, type CoreHarness } from '../../test/harness.ts';
import { giveUpVocal } from './pipeline.ts';

let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function agency(harness: CoreHarness): Promise<Actor> {
  const s = await harness.services.auth.register(
    {
      organizationName: 'Agence du Ronceray',
      firstName: 'Léa',
      lastName: 'Martin',
      email: `lea-${Date.now()}-${Math.random()}@ronceray.fr`,
      password: 'mot-de-passe-lea',
    },
    requestInfo(),
  );
  return harness.services.auth.authenticate(s.accessToken);
}

const roux = (harness: CoreHarness, actor: Actor) =>
  harness.services.properties.create(actor, {
    title: 'Maison avenue Jean Jaurès',
    address: '8 avenue Jean Jaurès',
    postalCode: '49000',
    city: 'Angers',
    price: 310_000,
    owner: { firstName: 'Paul', lastName: 'Roux', email: 'paul.roux@exemple.fr' },
  });

async function upload(harness: CoreHarness, actor: Actor, bytes: Buffer, propertyId?: string): Promise<VocalView> {
  return harness.services.vocals.uploadBase64(actor, {
    fileName: 'note.wav',
    mimeType: 'audio/wav',
    size: bytes.length,
    contentBase64: bytes.toString('base64'),
    ...(propertyId ? { propertyId } : {}),
  });
}

async function settled(harness: CoreHarness, actor: Actor, id: string): Promise<VocalView> {
  await harness.queue.idle();
  return harness.services.vocals.get(actor, id);
}

async function openReasons(harness: CoreHarness, actor: Actor, vocalId: string): Promise<ReviewItemView[]> {
  const { items } = await harness.services.reviewQueue.list(actor, { itemType: 'VOCAL', limit: 100 });
  return items.filter((i) => i.itemId === vocalId);
}

const NO_TYPE = 'Petit message pour moi-même, rien de particulier à signaler aujourd’hui.';
const REPORT =
  'Compte rendu de la visite avec les acquéreurs Dupont : ils ont adoré le jardin, trouvent le salon sombre, budget de trois cent mille euros, ils vont faire une offre.';

describe('a restart never runs a step without what it needs', () => {
  it('RETRY on a type review detects the type again instead of failing on insights without a type', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const property = await roux(h, actor);
    const uploaded = await upload(h, actor, buildWav({ comment: NO_TYPE, seconds: 1 }), property.id);
    await settled(h, actor, uploaded.id);
    const [item] = await openReasons(h, actor, uploaded.id);
    expect(item?.reason).toBe('VOCAL_TYPE_REVIEW_REQUIRED');
    await h.services.reviewQueue.resolve(actor, { id: item!.id, decision: 'RETRY' });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED', vocalType: null, processingError: null });
    expect((await openReasons(h, actor, uploaded.id)).map((i) => i.reason)).toEqual(['VOCAL_TYPE_REVIEW_REQUIRED']);
  });

  it('a given-up note whose type a person had chosen, given a property, detects its type again', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const property = await roux(h, actor);
    const uploaded = await upload(h, actor, buildWav({ comment: REPORT, seconds: 1 }));
    await settled(h, actor, uploaded.id);
    await h.services.vocals.update(actor, { id: uploaded.id, vocalType: 'COMPTE_RENDU_VISITE_CLIENT' });
    await h.queue.idle();
    await h.database.tx(async (tx) => {
      const [row] = await tx.select().from(vocals).where(eq(vocals.id, uploaded.id));
      await giveUpVocal(tx, row!, 'Le service de transcription ne répond pas.', 3);
    });
    const patched = await h.services.vocals.update(actor, { id: uploaded.id, propertyId: property.id });
    expect(patched.vocalType).toBeNull();
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      vocalType: 'COMPTE_RENDU_VISITE_CLIENT',
      propertyId: property.id,
      processingError: null,
    });
  });

  it('a property attached to a note with an empty transcript transcribes again instead of failing', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const property = await roux(h, actor);
    const uploaded = await upload(h, actor, buildWav({ seconds: 1 }));
    await settled(h, actor, uploaded.id);
    const [item] = await openReasons(h, actor, uploaded.id);
    expect(item?.reason).toBe('VOCAL_EMPTY_TRANSCRIPT');
    await h.services.reviewQueue.resolve(actor, { id: item!.id, decision: 'ATTACH_PROPERTY', propertyId: property.id });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'REVIEW_REQUIRED',
      propertyId: property.id,
      vocalType: null,
      processingError: null,
    });
    expect((await openReasons(h, actor, uploaded.id)).map((i) => i.reason)).toEqual(['VOCAL_EMPTY_TRANSCRIPT']);
  });
});

describe('a change by hand while a step runs', () => {
  it('a summary edited while insights are being extracted is not overwritten by that run', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    class Slow extends MockAIProvider {
      override async extractInsights(input: ExtractInsightsInput): Promise<VocalInsightsResult> {
        const result = await super.extractInsights(input);
        if (calls++ === 0) {
          entered();
          await gate;
        }
        return result;
      }
    }
    h = await createCoreHarness({}, { ai: new Slow() });
    const actor = await agency(h);
    const property = await roux(h, actor);
    const uploaded = await upload(h, actor, buildWav({ comment: REPORT, seconds: 1 }), property.id);
    await inside;
    await h.services.vocals.update(actor, { id: uploaded.id, summary: 'Résumé écrit par Léa.' });
    release();
    expect(await settled(h, actor, uploaded.id)).toMatchObject({
      status: 'INSIGHTS_READY',
      summary: 'Résumé écrit par Léa.',
      summarySetBy: 'USER',
      insights: expect.any(Object),
    });
  });
});

describe('extract-insights and the review queue', () => {
  it('a note waiting for its property refuses extract-insights rather than closing the review and guessing', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const uploaded = await upload(h, actor, buildWav({ comment: REPORT, seconds: 1 }));
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED', propertyId: null });
    await expectAppError(h.services.vocals.extractInsights(actor, uploaded.id), 'INVALID_STATE', 'VOCAL_IN_REVIEW');
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED', insights: null });
    expect((await openReasons(h, actor, uploaded.id)).map((i) => i.reason)).toEqual(['VOCAL_PROPERTY_NOT_FOUND']);
  });
});

describe('what a person reads', () => {
  it('a step that cannot run gives up with its reason in French', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const uploaded = await upload(h, actor, buildWav({ comment: REPORT, seconds: 1 }));
    await settled(h, actor, uploaded.id);
    // As a lost queue and a manual database edit may leave it: at matching with no transcript.
    const [row] = await h.database.db
      .update(vocals)
      .set({ stage: 'MATCH', status: 'TRANSCRIBED', transcript: null, vocalType: null })
      .where(eq(vocals.id, uploaded.id))
      .returning();
    await h.services.jobs.enqueue.stage('MATCH', { orgId: actor.orgId, vocalId: uploaded.id, revision: row!.revision });
    const failed = await settled(h, actor, uploaded.id);
    expect(failed).toMatchObject({ status: 'REVIEW_REQUIRED', vocalType: 'ERREUR_TRAITEMENT' });
    expect(failed.processingError).toMatch(/transcription/);
    expect(failed.processingError).not.toMatch(/voice note/);
  });
});

describe('a decision that changes the property', () => {
  it('attaching another property to a note whose insights are under review extracts them again for that property', async () => {
    let insightsRuns = 0;
    class Unsure extends MockAIProvider {
      override async extractInsights(input: ExtractInsightsInput): Promise<VocalInsightsResult> {
        insightsRuns++;
        return { ...(await super.extractInsights(input)), confidence: 0.2 };
      }
    }
    h = await createCoreHarness({}, { ai: new Unsure() });
    const actor = await agency(h);
    const first = await roux(h, actor);
    const second = await h.services.properties.create(actor, {
      title: 'Studio rue Plantagenêt',
      address: '3 rue Plantagenêt',
      postalCode: '49100',
      city: 'Angers',
      owner: { firstName: 'Anne', lastName: 'Blanc', email: 'anne.blanc@exemple.fr' },
    });
    const uploaded = await upload(h, actor, buildWav({ comment: REPORT, seconds: 1 }), first.id);
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED', vocalType: 'COMPTE_RENDU_VISITE_CLIENT' });
    const [item] = await openReasons(h, actor, uploaded.id);
    expect(item?.payload).toMatchObject({ step: 'INSIGHTS' });
    await h.services.reviewQueue.resolve(actor, { id: item!.id, decision: 'ATTACH_PROPERTY', propertyId: second.id });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'REVIEW_REQUIRED', propertyId: second.id });
    expect(insightsRuns).toBe(2);
    const [again] = await openReasons(h, actor, uploaded.id);
    expect(again).toMatchObject({ reason: 'VOCAL_LOW_CONFIDENCE', payload: { step: 'INSIGHTS' } });
  });
  it('accepting insights under review together with another property extracts them again for that property', async () => {
    let insightsRuns = 0;
    class Unsure extends MockAIProvider {
      override async extractInsights(input: ExtractInsightsInput): Promise<VocalInsightsResult> {
        insightsRuns++;
        return { ...(await super.extractInsights(input)), confidence: insightsRuns === 1 ? 0.2 : 0.9 };
      }
    }
    h = await createCoreHarness({}, { ai: new Unsure() });
    const actor = await agency(h);
    const first = await roux(h, actor);
    const second = await h.services.properties.create(actor, {
      title: 'Studio rue Plantagenêt',
      address: '3 rue Plantagenêt',
      postalCode: '49100',
      city: 'Angers',
      owner: { firstName: 'Anne', lastName: 'Blanc', email: 'anne.blanc@exemple.fr' },
    });
    const uploaded = await upload(h, actor, buildWav({ comment: REPORT, seconds: 1 }), first.id);
    await settled(h, actor, uploaded.id);
    const [item] = await openReasons(h, actor, uploaded.id);
    await h.services.reviewQueue.resolve(actor, { id: item!.id, decision: 'ACCEPT_PROPOSAL', propertyId: second.id });
    expect(await settled(h, actor, uploaded.id)).toMatchObject({ status: 'INSIGHTS_READY', propertyId: second.id });
    expect(insightsRuns).toBe(2);
  });
});
