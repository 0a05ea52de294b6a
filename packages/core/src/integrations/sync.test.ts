import { calendarEvents, files, messages, vocals } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  allMessages,
  agency,
  connectGoogle,
  connectWhatsApp,
  integrationHarness,
  integrationRow,
  mandates,
  type IntegrationHarness,
} from '../../test/integrations.ts';

let h: IntegrationHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const filesOf = (harness: IntegrationHarness, orgId: string, source: 'GMAIL' | 'WHATSAPP') =>
  harness.database.db
    .select()
    .from(files)
    .where(and(eq(files.orgId, orgId), eq(files.source, source)));

describe('Gmail sync', () => {
  it('imports the mailbox with its attachments, queues triage and classification, then imports nothing twice', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    const props = await mandates(h, actor);

    const connected = await h.services.integrations.connect(actor, { provider: 'gmail', code: '4/0consent-gmail' });
    expect(connected).toMatchObject({
      provider: 'GMAIL',
      status: 'SYNC_QUEUED',
      accountLabel: 'direction@vieuxport-immobilier.fr',
      failureCount: 0,
      lastError: null,
    });
    expect(connected.connectedAt).toEqual(expect.any(String));
    await h.queue.idle();

    const gmail = (await h.services.integrations.list(actor)).items.find((i) => i.provider === 'GMAIL')!;
    expect(gmail).toMatchObject({ status: 'CONNECTED', failureCount: 0, lastError: null });
    expect(gmail.lastSyncedAt).toEqual(expect.any(String));

    const inbox = await allMessages(h, actor, 'GMAIL');
    expect(inbox).toHaveLength(7);
    const bySubject = (part: string) => inbox.find((m) => m.subject?.includes(part))!;
    // A Latin-1 e-mail, decoded; an HTML-only one, read as text.
    expect(bySubject('Seconde visite')).toMatchObject({
      fromName: 'Nathalie Girard',
      fromAddress: 'nathalie.girard@gmail.com',
      subject: 'Seconde visite du T3 rue Sainte : samedi à 10 h ?',
    });
    const htmlOnly = await h.services.messages.get(actor, bySubject('Disponibilités').id);
    expect(htmlOnly.body).toContain('Je serai absent du 2 au 9 décembre ; la gardienne, Mme Nguyen, pourra ouvrir le studio');
    expect(htmlOnly.body).not.toContain('<p>');

    const notary = await h.services.messages.get(actor, bySubject('Villa de Cassis').id);
    expect(notary.attachments.map((f) => f.fileName)).toEqual([
      'Projet de compromis - villa Cassis.pdf',
      'Annexes au compromis (ERP, diagnostics).pdf',
      'Décompte prévisionnel des frais.pdf',
    ]);
    expect(notary.externalId).toEqual(expect.any(String));

    const imported = await filesOf(h, actor.orgId, 'GMAIL');
    expect(imported).toHaveLength(6);
    expect(new Set(imported.map((f) => f.externalId))).toHaveProperty('size', 6);
    expect(imported.every((f) => f.mimeType === 'application/pdf' && f.messageId)).toBe(true);
    const dpe = imported.find((f) => f.fileName === 'DPE - 14 rue Sainte.pdf')!;
    expect(dpe).toMatchObject({ status: 'CLASSIFIED', typeDocument: 'DPE', externalId: `${dpe.externalId!.split(':')[0]}:0` });
    expect(imported.find((f) => f.fileName === 'Mandat de vente MV-2026-021 signé.pdf')).toMatchObject({
      status: 'CLASSIFIED',
      typeDocument: 'MANDAT_VENTE_SIGNE',
    });

    // Triage ran: the owner's DPE mail joins its property, and its document follows.
    const dpeMail = bySubject('DPE');
    expect(await h.services.messages.get(actor, dpeMail.id)).toMatchObject({ aiStatus: 'PROCESSED', propertyId: props.sainte.id });
    expect((await h.services.files.get(actor, dpe.id)).propertyId).toBe(props.sainte.id);
    expect(inbox.every((m) => m.aiStatus !== 'PENDING')).toBe(true);

    // A second sync: incremental from the stored cursor, nothing new.
    const again = await h.services.integrations.sync(actor, 'gmail');
    expect(again).toEqual({ jobId: expect.any(String), status: 'QUEUED' });
    await h.queue.idle();
    expect(await allMessages(h, actor, 'GMAIL')).toHaveLength(7);
    expect(await filesOf(h, actor.orgId, 'GMAIL')).toHaveLength(6);

    // A new e-mail: exactly that one.
    const { id } = await h.runtime.addEmail({
      from: { name: 'Maître Hélène Castellane', address: 'h.castellane@notaires-marseille.fr' },
      to: [{ name: 'Sophie Marchand', address: 'direction@vieuxport-immobilier.fr' }],
      subject: 'Date de signature confirmée – villa Cassis',
      date: new Date(),
      text: 'La signature de l’acte authentique est confirmée pour jeudi à 11 h.',
    });
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    const after = await allMessages(h, actor, 'GMAIL');
    expect(after).toHaveLength(8);
    const [added] = await h.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.orgId, actor.orgId), eq(messages.externalId, id)));
    expect(added).toMatchObject({
      channel: 'GMAIL',
      subject: 'Date de signature confirmée – villa Cassis',
      fromAddress: 'h.castellane@notaires-marseille.fr',
    });
  });

  it('skips attachments of a type or size the product refuses, and keeps the message', async () => {
    h = await integrationHarness({ MAX_UPLOAD_BYTES: '4000' });
    const actor = await agency(h);
    await connectGoogle(h, actor, 'gmail');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(6000, 0x20)]);
    const { id } = await h.runtime.addEmail({
      from: { name: 'Jean-Pierre Fabre', address: 'jp.fabre@orange.fr' },
      to: [{ name: 'Sophie Marchand', address: 'direction@vieuxport-immobilier.fr' }],
      subject: 'Documents divers',
      date: new Date(),
      text: 'Voici mes notes, le plan scanné et le diagnostic.',
      attachments: [
        { fileName: 'notes.txt', mimeType: 'text/plain', content: Buffer.from('Penser à relancer le syndic.') },
        { fileName: 'plan-scanné.pdf', mimeType: 'application/pdf', content: big },
        { fileName: 'diagnostic.pdf', mimeType: 'application/octet-stream', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
      ],
    });
    await h.services.integrations.sync(actor, 'gmail');
    await h.queue.idle();
    const [message] = await h.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.orgId, actor.orgId), eq(messages.externalId, id)));
    const attached = await h.services.messages.get(actor, message!.id);
    // The text file (415) and the over-sized scan (413) are left out; the PDF sent as octet-stream is sniffed.
    expect(attached.attachments.map((f) => [f.fileName, f.mimeType])).toEqual([['diagnostic.pdf', 'application/pdf']]);
    const skipped = h.lines.filter((l) => l.msg.startsWith('attachment of a type or size the product refuses'));
    expect(skipped.map((l) => l.reason).sort()).toEqual(['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']);
    expect((await integrationRow(h, actor.orgId, 'GMAIL')).status).toBe('CONNECTED');
  });
});

describe('WhatsApp sync (mock runtime: the sync pulls the deliveries)', () => {
  it('imports texts, photo and document as files, the voice note as a vocal that runs its pipeline, and nothing twice', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    const props = await mandates(h, actor);
    const view = await connectWhatsApp(h, actor);
    expect(view).toMatchObject({ provider: 'WHATSAPP', status: 'SYNC_QUEUED', accountLabel: null });

    const inbox = await allMessages(h, actor, 'WHATSAPP');
    // Six messages; the read receipt is not one.
    expect(inbox).toHaveLength(6);
    expect(inbox.find((m) => m.fromName === 'Karim Benali')).toMatchObject({ fromAddress: '+33698765432', subject: null });
    const photo = inbox.find((m) => m.fromName === 'Claire Daumas')!;
    expect(photo.preview).toBe("La terrasse de la villa après les travaux, pour l'annonce.");
    expect(await h.services.messages.get(actor, photo.id)).toMatchObject({ propertyId: props.cassis.id, aiStatus: 'PROCESSED' });

    const imported = await filesOf(h, actor.orgId, 'WHATSAPP');
    expect(imported.map((f) => [f.mimeType, f.fileName]).sort()).toEqual([
      ['application/pdf', 'Taxe foncière 2026 - studio.pdf'],
      ['image/png', expect.stringMatching(/^Photo WhatsApp de Claire Daumas \(\d{4}-\d{2}-\d{2}\)\.png$/)],
    ]);
    expect(imported.every((f) => f.externalId?.endsWith(':0') && f.messageId)).toBe(true);

    const [vocal] = await h.database.db.select().from(vocals).where(eq(vocals.orgId, actor.orgId));
    expect(vocal).toMatchObject({ source: 'WHATSAPP', mimeType: 'audio/ogg', createdByUserId: null });
    expect(vocal!.messageId).toEqual(expect.any(String));
    // Through the vocals pipeline to an end: insights, or the review queue.
    expect(['INSIGHTS_READY', 'REVIEW_REQUIRED']).toContain(vocal!.status);
    expect(vocal!.transcript).toBeTruthy();
    const voiceMessage = inbox.find((m) => m.id === vocal!.messageId)!;
    expect(voiceMessage).toMatchObject({ fromName: 'Julien Roussel', preview: 'Note vocale WhatsApp', aiStatus: 'PROCESSED' });
    expect((await h.services.vocals.get(actor, vocal!.id)).audioUrl.url).toEqual(expect.any(String));

    await h.services.integrations.sync(actor, 'whatsapp');
    await h.queue.idle();
    expect(await allMessages(h, actor, 'WHATSAPP')).toHaveLength(6);
    expect(await h.database.db.select().from(vocals).where(eq(vocals.orgId, actor.orgId))).toHaveLength(1);

    h.runtime.receiveWhatsApp({ phone: '33698765432', name: 'Karim Benali', at: new Date(), text: 'Samedi 11 h, ça vous irait ?' });
    await h.services.integrations.sync(actor, 'whatsapp');
    await h.queue.idle();
    const after = await allMessages(h, actor, 'WHATSAPP');
    expect(after).toHaveLength(7);
    expect(after.filter((m) => m.preview === 'Samedi 11 h, ça vous irait ?')).toHaveLength(1);
  });
});

describe('Google Calendar sync', () => {
  it('imports the appointments tied to their property, lists them by date, and follows changes and cancellations', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    const props = await mandates(h, actor);
    const view = await connectGoogle(h, actor, 'google-calendar');
    expect(view).toMatchObject({ provider: 'GOOGLE_CALENDAR', accountLabel: 'Agenda principal' });

    const { items, nextCursor } = await h.services.integrations.listCalendarEvents(actor, { limit: 100 });
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(7);
    const sorted = [...items].sort((a, b) => (a.startAt < b.startAt ? -1 : a.startAt > b.startAt ? 1 : a.id < b.id ? -1 : 1));
    expect(items.map((e) => e.id)).toEqual(sorted.map((e) => e.id));
    const byTitle = (part: string) => items.find((e) => e.title.includes(part))!;
    expect(byTitle('T3 14 rue Sainte')).toMatchObject({
      propertyId: props.sainte.id,
      status: 'confirmed',
      allDay: false,
      location: '14 rue Sainte, 13001 Marseille',
    });
    expect(byTitle('T3 14 rue Sainte').attendees).toContainEqual({ email: 'nathalie.girard@gmail.com', name: 'Nathalie Girard' });
    expect(byTitle('acte authentique').propertyId).toBe(props.cassis.id);
    expect(byTitle('boulevard Longchamp').propertyId).toBe(props.longchamp.id);
    expect(byTitle('Contre-visite studio').status).toBe('tentative');
    // No property at 42 rue Paradis, and a trade fair is about none.
    expect(byTitle('Estimation').propertyId).toBeNull();
    const fair = byTitle('Salon');
    expect(fair).toMatchObject({ allDay: true, propertyId: null });
    expect(fair.startAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Keyset pages of 2, forwards in time: every appointment once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.services.integrations.listCalendarEvents(actor, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(items.map((e) => e.id));

    const forSainte = await h.services.integrations.listCalendarEvents(actor, { limit: 100, propertyId: props.sainte.id });
    expect(forSainte.items.map((e) => e.id)).toEqual([byTitle('T3 14 rue Sainte').id]);
    const visit = byTitle('T3 14 rue Sainte');
    const around = await h.services.integrations.listCalendarEvents(actor, { limit: 100, from: visit.startAt, to: visit.endAt });
    expect(around.items.map((e) => e.id)).toEqual([visit.id]);
    const past = await h.services.integrations.listCalendarEvents(actor, { limit: 100, to: new Date().toISOString() });
    expect(past.items.map((e) => e.title)).toEqual(['Visite de suivi – maison Roux, Angers']);
    expect(past.items[0]!.propertyId).toBe(props.roux.id);

    // Changes since the sync token: a new appointment, a cancellation.
    h.runtime.cancelEvent(visit.externalId);
    const added = h.runtime.addEvent({
      summary: 'Estimation – maison à Allauch',
      location: '12 chemin des Mourgues, 13190 Allauch',
      start: new Date(Date.now() + 86_400_000),
      end: new Date(Date.now() + 90_000_000),
    });
    await h.services.integrations.sync(actor, 'google-calendar');
    await h.queue.idle();
    const now = await h.services.integrations.listCalendarEvents(actor, { limit: 100 });
    expect(now.items.map((e) => e.externalId)).toContain(added);
    expect(now.items.map((e) => e.id)).not.toContain(visit.id);
    const withCancelled = await h.services.integrations.listCalendarEvents(actor, { limit: 100, includeCancelled: true });
    expect(withCancelled.items.find((e) => e.id === visit.id)).toMatchObject({
      status: 'cancelled',
      title: visit.title,
      propertyId: props.sainte.id,
    });
    expect(withCancelled.items).toHaveLength(8);
    const rows = await h.database.db.select().from(calendarEvents).where(eq(calendarEvents.orgId, actor.orgId));
    expect(rows).toHaveLength(8);
  });

  it('refuses a cursor that is not one of its own', async () => {
    h = await integrationHarness();
    const actor = await agency(h);
    await expect(h.services.integrations.listCalendarEvents(actor, { limit: 10, cursor: 'pas-un-curseur' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
