import { readFileSync } from 'node:fs';
import type { Actor } from '@monimmo/contract';
import { files, messages, reviewItems } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../../test/harness.ts';
import { requeueLostAiJobs } from './lost-jobs.ts';

const pdf = readFileSync(new URL('../seed-assets/dpe.pdf', import.meta.url));
const LONG_AGO = '2026-01-01T00:00:00.000Z';

let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function agency(harness: CoreHarness): Promise<Actor> {
  const s = await harness.services.auth.register(
    {
      organizationName: 'Agence Reprise',
      firstName: 'Noé',
      lastName: 'Martin',
      email: `noe-${Date.now()}@reprise.fr`,
      password: 'mot-de-passe-noe',
    },
    requestInfo(),
  );
  return harness.services.auth.authenticate(s.accessToken);
}

describe('messages and documents whose AI job was lost', () => {
  it('are queued again; recent ones, and documents a person looked at, are left alone', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const property = await h.services.properties.create(actor, {
      title: 'T2 Castellane',
      address: '40 rue de Rome',
      postalCode: '13006',
      city: 'Marseille',
      owner: { firstName: 'Anne', lastName: 'Vidal', email: 'anne.vidal@exemple.fr' },
    });
    const lost = await h.services.messages.create(actor, {
      channel: 'GMAIL',
      fromAddress: 'anne.vidal@exemple.fr',
      subject: 'Visite',
      body: 'Bonjour, samedi me convient.',
    });
    const recent = await h.services.messages.create(actor, {
      channel: 'GMAIL',
      fromAddress: 'anne.vidal@exemple.fr',
      subject: 'Clés',
      body: 'Je dépose les clés.',
    });
    const lostFile = await h.services.files.uploadBase64(actor, {
      fileName: 'document.pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
      contentBase64: pdf.toString('base64'),
    });
    const looked = await h.services.files.uploadBase64(actor, {
      fileName: 'autre.pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
      contentBase64: pdf.toString('base64'),
    });
    await h.queue.idle();
    // As a process dying with its in-memory queue leaves them: never triaged, never classified.
    const { db } = h.database;
    await db.update(messages).set({ aiStatus: 'PENDING', propertyId: null, createdAt: LONG_AGO }).where(eq(messages.id, lost.id));
    await db.update(messages).set({ aiStatus: 'PENDING', propertyId: null }).where(eq(messages.id, recent.id));
    for (const id of [lostFile.id, looked.id])
      await db.update(files).set({ status: 'UPLOADED', typeDocument: null, createdAt: LONG_AGO }).where(eq(files.id, id));
    await db.insert(reviewItems).values({
      orgId: actor.orgId,
      itemType: 'FILE',
      itemId: looked.id,
      reason: 'FILE_CLASSIFICATION_REVIEW_REQUIRED',
      status: 'RESOLVED',
      resolution: { decision: 'DISMISS' },
    });

    const queued: string[] = [];
    const outcome = await requeueLostAiJobs(
      {
        database: h.database,
        triage: (orgId, messageId) => (
          queued.push(messageId), h!.queue.enqueue(h!.services.jobs.triage, { orgId, messageId }, { key: `triage-message:${messageId}` })
        ),
        classify: (orgId, fileId) => (
          queued.push(fileId), h!.queue.enqueue(h!.services.jobs.classify, { orgId, fileId }, { key: `classify-file:${fileId}` })
        ),
      },
      { staleAfterMs: 5 * 60_000, batchSize: 100 },
    );
    expect(outcome).toEqual({ messages: 1, files: 1 });
    expect(queued.sort()).toEqual([lost.id, lostFile.id].sort());
    await h.queue.idle();
    expect(await h.services.messages.get(actor, lost.id)).toMatchObject({ aiStatus: 'PROCESSED', propertyId: property.id });
    expect(await h.services.messages.get(actor, recent.id)).toMatchObject({ aiStatus: 'PENDING' });
    expect(await h.services.files.get(actor, lostFile.id)).toMatchObject({ status: 'CLASSIFIED', typeDocument: 'DPE' });
    expect(await h.services.files.get(actor, looked.id)).toMatchObject({ status: 'UPLOADED', typeDocument: null });
  });

  it('run by the periodic recovery job', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const message = await h.services.messages.create(actor, {
      channel: 'WHATSAPP',
      fromAddress: '+33 6 12 34 56 78',
      body: 'Bonjour, le bien est-il toujours disponible ?',
    });
    await h.queue.idle();
    await h.database.db.update(messages).set({ aiStatus: 'PENDING', createdAt: LONG_AGO }).where(eq(messages.id, message.id));
    await h.queue.enqueue(h.services.jobs.recovery, {}, { key: 'recovery-test' });
    await h.queue.idle();
    // No property in this agency: triaged into review rather than left pending.
    expect(await h.services.messages.get(actor, message.id)).toMatchObject({ aiStatus: 'REVIEW_REQUIRED' });
  });
});
