import { readFileSync } from 'node:fs';
import { MockAIProvider, type AIProvider } from '@monimmo/ai';
import type { Actor } from '@monimmo/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../test/harness.ts';

const pdf = readFileSync(new URL('./seed-assets/dpe.pdf', import.meta.url));
let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function agency(harness: CoreHarness): Promise<Actor> {
  const s = await harness.services.auth.register(
    {
      organizationName: 'Agence Jobs',
      firstName: 'Léo',
      lastName: 'Blanc',
      email: `leo-${Date.now()}@jobs.fr`,
      password: 'mot-de-passe-leo',
    },
    requestInfo(),
  );
  return harness.services.auth.authenticate(s.accessToken);
}

describe('AI jobs (in-process driver)', () => {
  it('triages on arrival, classifies after upload, and a rerun of the same work is one job', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const property = await h.services.properties.create(actor, {
      title: 'T2 Castellane',
      address: '40 rue de Rome',
      postalCode: '13006',
      city: 'Marseille',
      mandateNumber: 'MV-2026-099',
      owner: { firstName: 'Anne', lastName: 'Vidal', email: 'anne.vidal@exemple.fr' },
    });
    const message = await h.services.messages.create(actor, {
      channel: 'GMAIL',
      fromAddress: 'anne.vidal@exemple.fr',
      subject: 'Mandat MV-2026-099',
      body: 'Bonjour, voici mes disponibilités pour les visites.',
    });
    const [first, second] = await Promise.all([h.services.messages.runAi(actor, message.id), h.services.messages.runAi(actor, message.id)]);
    expect(first).toEqual(second);
    expect(first.status).toBe('QUEUED');
    const file = await h.services.files.uploadBase64(actor, {
      fileName: 'document.pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
      contentBase64: pdf.toString('base64'),
      propertyId: property.id,
    });
    await h.queue.idle();
    expect(await h.services.messages.get(actor, message.id)).toMatchObject({ aiStatus: 'PROCESSED', propertyId: property.id });
    expect(await h.services.files.get(actor, file.id)).toMatchObject({ typeDocument: 'DPE', status: 'CLASSIFIED' });
    // once finished, the same work can run again (a person asks for it), with the same outcome
    const again = await h.services.files.runAi(actor, file.id);
    expect(again.jobId).not.toBe(first.jobId);
    await h.queue.idle();
    expect(await h.services.files.get(actor, file.id)).toMatchObject({ typeDocument: 'DPE', status: 'CLASSIFIED' });
  });

  it('retries a failing job, then leaves the item for a person with a readable error', async () => {
    let calls = 0;
    const failing: AIProvider = new (class extends MockAIProvider {
      override matchProperty(): never {
        calls += 1;
        throw new Error('service IA indisponible');
      }
      override classifyDocument() {
        return Promise.reject(new Error('service IA indisponible'));
      }
    })();
    h = await createCoreHarness({ JOB_ATTEMPTS: '3', JOB_BACKOFF_DELAY_MS: '5' }, { ai: failing });
    const actor = await agency(h);
    await h.services.properties.create(actor, {
      title: 'T1',
      address: '1 rue A',
      postalCode: '13001',
      city: 'Marseille',
      owner: { firstName: 'A', lastName: 'B', phone: '0600000000' },
    });
    const message = await h.services.messages.create(actor, { channel: 'WHATSAPP', fromAddress: '0611111111', body: 'Bonjour' });
    const file = await h.services.files.uploadBase64(actor, {
      fileName: 'scan.pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
      contentBase64: pdf.toString('base64'),
    });
    await h.queue.idle();
    expect(calls).toBe(3);
    expect((await h.services.messages.get(actor, message.id)).aiStatus).toBe('REVIEW_REQUIRED');
    expect((await h.services.files.get(actor, file.id)).status).toBe('REVIEW_REQUIRED');
    const items = (await h.services.reviewQueue.list(actor, { limit: 10 })).items;
    expect(items.map((i) => i.reason).sort()).toEqual(['FILE_PROCESSING_ERROR', 'MESSAGE_PROCESSING_ERROR']);
    // The provider's own words stay in the logs: an agent reads French only.
    expect(items[0]?.payload.error).toBe(
      'Le traitement automatique a échoué après 3 tentatives : le service est momentanément indisponible ou n’a pas répondu.',
    );
  });

  it('refuses run-ai on another agency’s items', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const other = await agency(h);
    const message = await h.services.messages.create(actor, { channel: 'WHATSAPP', fromAddress: '0611111111', body: 'Bonjour' });
    await expect(h.services.messages.runAi(other, message.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.services.files.runAi(other, message.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await h.queue.idle();
  });
});

describe('the job catalogue', () => {
  // The worker and Redis keys depend on these names and queues: a rename strands the jobs already queued.
  it('keeps every job name on its queue', async () => {
    h = await createCoreHarness();
    const catalogue = h.services.jobs.all.map((job) => `${job.queue}:${job.name}`);
    expect(catalogue).toEqual([
      'ai:triage-message',
      'ai:classify-file',
      'ai:vocal-transcribe',
      'ai:vocal-match',
      'ai:vocal-detect-type',
      'ai:vocal-extract-initial-visit',
      'ai:vocal-extract-insights',
      'ai:recovery-pass',
      'ai:storage-sweep',
      'ingest:integration-sync',
      'ingest:whatsapp-ingest',
      'ai:calendar-event-match',
    ]);
    expect(h.services.jobs.recovery.name).toBe('recovery-pass');
    expect(h.services.jobs.storageSweep.name).toBe('storage-sweep');
  });
});
