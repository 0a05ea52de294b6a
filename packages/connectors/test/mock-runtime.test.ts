import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createConnectors } from '../src/connectors.ts';
import type { GmailMessage, MailboxPage } from '../src/gmail.ts';
import { minimalPdf } from '../src/mock-data/files.ts';
import { voiceNoteOgg } from '../src/mock-data/voice-note.ts';
import { createMockRuntime, type MockRuntime } from '../src/mock-runtime.ts';
import { GOOGLE_SCOPES } from '../src/oauth.ts';
import type { WhatsAppInboundMessage } from '../src/whatsapp.ts';

const NOW = new Date('2026-11-25T09:00:00Z');

async function connect(runtime: MockRuntime) {
  const tokens = await runtime.oauth().exchangeCode('mock-consent-code', 'http://localhost:3000/integrations/google/callback');
  const onTokens = vi.fn();
  const auth = { tokens, refresh: (rt: string) => runtime.oauth().refresh(rt), onTokens };
  return { tokens, auth, onTokens };
}

async function syncMail(
  runtime: MockRuntime,
  auth: Awaited<ReturnType<typeof connect>>['auth'],
  cursor: string | null,
): Promise<MailboxPage[]> {
  const pages: MailboxPage[] = [];
  for await (const page of runtime.gmail(auth).syncMailbox({ cursor })) pages.push(page);
  return pages;
}

function pullAllWhatsApp(runtime: MockRuntime, cursor: string | null) {
  const pages: WhatsAppInboundMessage[][] = [];
  let next = cursor;
  for (;;) {
    const page = runtime.pullWhatsApp({ cursor: next });
    pages.push(page.messages);
    next = page.nextCursor;
    if (!page.hasMore) return { pages, cursor: next };
  }
}

const bySubject = (messages: GmailMessage[], start: string) => messages.find((m) => m.subject.startsWith(start)) as GmailMessage;

describe('mock runtime', () => {
  it('carries the voice note fixture byte for byte', () => {
    const file = readFileSync(new URL('../src/mock-data/visite-suivi.ogg', import.meta.url));
    expect(voiceNoteOgg()).toEqual(file);
    expect(file).toEqual(readFileSync(new URL('../../ai/test/fixtures/vocals/visite-suivi.ogg', import.meta.url)));
  });

  it('pages through the sample mailbox with the real Gmail client, then finds new mail incrementally', async () => {
    const runtime = createMockRuntime({ now: NOW });
    const { auth } = await connect(runtime);
    const pages = await syncMail(runtime, auth, null);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.map((p) => p.messages.length)).toEqual([3, 3, 1]);
    const messages = pages.flatMap((p) => p.messages);
    expect(new Set(messages.map((m) => m.from?.address))).toEqual(
      new Set([
        'jp.fabre@orange.fr',
        'elise.chateau@free.fr',
        'h.castellane@notaires-marseille.fr',
        'nathalie.girard@gmail.com',
        'thomas.lenoir@gmail.com',
        'mathieu.ollivier@laposte.net',
        'bernard.roux49@orange.fr',
      ]),
    );

    const dpe = bySubject(messages, 'DPE');
    expect(dpe.attachments.map((a) => [a.fileName, a.mimeType])).toEqual([['DPE - 14 rue Sainte.pdf', 'application/pdf']]);
    expect(dpe.attachments[0]?.content.subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(dpe.attachments[0]?.content.toString('latin1')).toContain('Classe énergie : D');
    const mandate = bySubject(messages, 'Mandat de vente signé');
    expect(mandate.attachments[0]?.fileName).toBe('Mandat de vente MV-2026-021 signé.pdf');
    expect(mandate.from?.name).toBe('Élise Château');
    const notary = bySubject(messages, 'Villa de Cassis');
    expect(notary.attachments.map((a) => a.fileName)).toEqual([
      'Projet de compromis - villa Cassis.pdf',
      'Annexes au compromis (ERP, diagnostics).pdf',
      'Décompte prévisionnel des frais.pdf',
    ]);
    expect(notary.cc).toEqual([{ name: 'Claire Daumas', address: 'claire.daumas@wanadoo.fr' }]);
    const latin1 = bySubject(messages, 'Seconde visite');
    expect(latin1.subject).toBe('Seconde visite du T3 rue Sainte : samedi à 10 h ?');
    expect(latin1.text).toContain("vérifier l'état des fenêtres et l'exposition du séjour");
    expect(bySubject(messages, 'Disponibilités').html).toContain('Je serai absent du 2 au 9 décembre');

    const { id } = await runtime.addEmail({
      from: { name: 'Maître Hélène Castellane', address: 'h.castellane@notaires-marseille.fr' },
      to: [{ name: 'Sophie Marchand', address: 'direction@vieuxport-immobilier.fr' }],
      subject: 'Date de signature confirmée – villa Cassis',
      date: NOW,
      text: 'La signature de l’acte authentique est confirmée.',
    });
    const incremental = await syncMail(runtime, auth, pages.at(-1)?.nextCursor as string);
    expect(incremental.flatMap((p) => p.messages).map((m) => [m.id, m.subject])).toEqual([
      [id, 'Date de signature confirmée – villa Cassis'],
    ]);
    expect(incremental.at(-1)?.nextCursor).toBe(runtime.google.gmail.historyId);
  });

  it('pages through the sample calendar and sees changes through the sync token', async () => {
    const runtime = createMockRuntime({ now: NOW });
    const { auth } = await connect(runtime);
    const pages = [];
    for await (const page of runtime.calendar(auth).syncEvents({ cursor: null, timeMin: new Date(NOW.getTime() - 30 * 86_400_000) }))
      pages.push(page);
    expect(pages.map((p) => p.events.length)).toEqual([3, 3, 1]);
    const events = pages.flatMap((p) => p.events);
    expect(events.map((e) => e.summary)).toContain('Signature de l’acte authentique – villa Cassis');
    expect(events.some((e) => e.allDay)).toBe(true);
    expect(events.filter((e) => e.summary?.startsWith('Visite'))).toHaveLength(3);

    const added = runtime.addEvent({
      summary: 'Estimation – maison à Allauch',
      start: new Date(NOW.getTime() + 86_400_000),
      end: new Date(NOW.getTime() + 90_000_000),
    });
    runtime.cancelEvent(events[0]?.id as string);
    const changes = [];
    for await (const page of runtime.calendar(auth).syncEvents({ cursor: pages.at(-1)?.nextCursor as string }))
      changes.push(...page.events);
    expect(changes.map((e) => [e.id, e.status])).toEqual([
      [added, 'confirmed'],
      [events[0]?.id, 'cancelled'],
    ]);
  });

  it('pages through the WhatsApp deliveries, downloads the voice note and the photo, then receives more', async () => {
    const runtime = createMockRuntime({ now: NOW });
    const { pages, cursor } = pullAllWhatsApp(runtime, null);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const messages = pages.flat();
    expect(messages.map((m) => m.type)).toEqual(['text', 'image', 'voice', 'document', 'text', 'text']);
    expect(messages[0]).toMatchObject({
      from: '+33698765432',
      fromName: 'Karim Benali',
      phoneNumberId: runtime.settings.whatsapp.phoneNumberId,
    });

    const client = runtime.whatsappClient();
    const voice = messages.find((m) => m.type === 'voice') as WhatsAppInboundMessage;
    const audio = await client.readMedia(voice.media?.id as string);
    expect(audio.content).toEqual(voiceNoteOgg());
    expect(audio.mimeType).toBe('audio/ogg; codecs=opus');
    const url = (await client.getMediaUrl(voice.media?.id as string)).url;
    expect(url.startsWith('https://lookaside.fbsbx.com/whatsapp_business/attachments/')).toBe(true);
    const photo = await client.readMedia(messages[1]?.media?.id as string);
    expect(photo.content.subarray(1, 4).toString()).toBe('PNG');
    const doc = messages[3] as WhatsAppInboundMessage;
    expect(doc.media?.fileName).toBe('Taxe foncière 2026 - studio.pdf');

    expect(pullAllWhatsApp(runtime, cursor).pages.flat()).toEqual([]);
    const { id } = runtime.receiveWhatsApp({ phone: '33698765432', name: 'Karim Benali', at: NOW, text: 'Samedi 11 h, ça vous irait ?' });
    expect(runtime.pullWhatsApp({ cursor, limit: 10 }).messages.map((m) => [m.id, m.text])).toEqual([[id, 'Samedi 11 h, ça vous irait ?']]);
  });

  it('keeps tokens working across a refresh and serves no other host', async () => {
    const runtime = createMockRuntime({ now: NOW, pageSize: 10 });
    const { auth, onTokens } = await connect(runtime);
    runtime.google.oauth.expireAccessTokens();
    expect((await runtime.gmail(auth).getProfile()).emailAddress).toBe('direction@vieuxport-immobilier.fr');
    expect(onTokens).toHaveBeenCalledTimes(1);
    await expect(runtime.fetch('https://example.com/')).rejects.toThrow(/mock runtime does not serve example\.com/);
    const aborted = new AbortController();
    aborted.abort();
    await expect(runtime.fetch('https://gmail.googleapis.com/gmail/v1/users/me/profile', { signal: aborted.signal })).rejects.toThrow();
    await runtime.ready;
  });

  it('writes PDFs whose cross-reference table points at their objects', () => {
    const pdf = minimalPdf(['Mandat de vente n° MV-2026-014', 'Prix : 285 000 € – honoraires inclus', 'Œuvre (copie) \\ fin']).toString(
      'latin1',
    );
    const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(6);
    offsets.forEach((offset, index) => expect(pdf.slice(offset)).toMatch(new RegExp(`^${index + 1} 0 obj`)));
    expect(Number(/startxref\n(\d+)/.exec(pdf)?.[1])).toBe(pdf.indexOf('xref\n'));
    expect(pdf).toContain('(Prix : 285 000 \x80 - honoraires inclus)');
    expect(pdf).toContain('\\(copie\\) \\\\ fin');
  });
});

describe('createConnectors', () => {
  it('wires the mock runtime or the live clients behind one shape', async () => {
    const mock = createConnectors({ runtime: 'mock', mock: { now: NOW } });
    expect(mock.runtime).toBe('mock');
    expect(mock.mock).not.toBeNull();
    const tokens = await mock.oauth.exchangeCode('code', 'http://localhost/callback');
    expect((await mock.gmail({ tokens }).getProfile()).historyId).toBe(mock.mock?.google.gmail.historyId);
    expect((await mock.calendar({ tokens }).listEvents()).events).toHaveLength(3);
    expect(mock.whatsapp?.verifyToken).toBe('monimmo-mock-verify-token');
    // Google's consent screen, accepted at once, inside the process.
    const back = new URL(
      await mock.mock!.consent(
        mock.oauth.consentUrl({ scope: GOOGLE_SCOPES.GOOGLE_CALENDAR, redirectUri: 'http://localhost/cb', state: 's1' }),
      ),
    );
    expect(back.searchParams.get('state')).toBe('s1');
    expect((await mock.oauth.exchangeCode(back.searchParams.get('code')!, 'http://localhost/cb')).scope).toBe(
      GOOGLE_SCOPES.GOOGLE_CALENDAR,
    );
    await expect(mock.mock!.consent('https://accounts.google.com/o/oauth2/v2/auth?client_id=other')).rejects.toThrow(/refused: 401/);

    const live = createConnectors({
      runtime: 'live',
      google: { clientId: 'id', clientSecret: 'secret' },
      whatsapp: { accessToken: 'EAA', appSecret: 's', verifyToken: 'v', baseUrl: 'https://graph.facebook.com/v22.0' },
      timeoutMs: 5000,
    });
    expect(live).toMatchObject({ runtime: 'live', mock: null });
    expect(live.oauth.tokenUrl).toBe('https://oauth2.googleapis.com/token');
    expect(live.gmail({ tokens })).toBeDefined();
    expect(live.calendar({ tokens })).toBeDefined();
    expect(live.whatsapp?.appSecret).toBe('s');
    expect(createConnectors({ runtime: 'live', google: { clientId: 'id', clientSecret: 'secret' } }).whatsapp).toBeNull();
  });
});
