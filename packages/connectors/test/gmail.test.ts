import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectorAuth } from '../src/authorized-fetch.ts';
import { composeEmail, type EmailSpec } from '../src/fake/compose.ts';
import { json } from '../src/fake/http.ts';
import { GmailClient, type GmailClientOptions, type MailboxPage } from '../src/gmail.ts';
import { minimalPdf } from '../src/mock-data/files.ts';
import { sampleEmails } from '../src/mock-data/samples.ts';
import type { OAuthTokens } from '../src/oauth.ts';
import { googleFailures, startFakeGoogle, type FakeGoogleServer } from './fake-google.ts';

const NOW = new Date('2026-11-25T09:00:00Z');
const sophie = { name: 'Sophie Marchand', address: 'direction@vieuxport-immobilier.fr' };

let google: FakeGoogleServer;
let tokens: OAuthTokens;
beforeEach(async () => {
  google = await startFakeGoogle({ maxPageSize: 3 });
  tokens = await google.connect();
});
afterEach(() => google.close());

function gmail(options: Partial<GmailClientOptions> & { onTokens?: ConnectorAuth['onTokens']; tokens?: ConnectorAuth['tokens'] } = {}) {
  const { onTokens, tokens: given, ...rest } = options;
  return new GmailClient({
    baseUrl: google.origin,
    auth: { tokens: given ?? tokens, refresh: (rt) => google.oauth.refresh(rt), ...(onTokens ? { onTokens } : {}) },
    ...rest,
  });
}

async function collect(pages: AsyncGenerator<MailboxPage>): Promise<MailboxPage[]> {
  const out: MailboxPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const catchError = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('should have failed'),
    (error: unknown) => error as Error & Record<string, unknown>,
  );

const threeAttachments = {
  mandate: minimalPdf(['Mandat de vente exclusif n° MV-2026-021', 'Mandante : Mme Élise Château']),
  photo: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256)),
  notes: Buffer.from('Relevé des compteurs : eau 1 234 m³, électricité 56 789 kWh — à vérifier.\n', 'utf8'),
};
const accentsSpec = (encoding: 'quoted-printable' | 'base64', charset: 'utf-8' | 'iso-8859-1' = 'utf-8'): EmailSpec => ({
  from: { name: 'Élise Château', address: 'elise.chateau@free.fr' },
  to: [sophie],
  cc: [{ name: 'Maître Hélène Castellane', address: 'h.castellane@notaires-marseille.fr' }],
  subject: 'État des lieux : fenêtres à remplacer, côté séjour',
  date: NOW,
  encoding,
  charset,
  text: 'Bonjour,\r\nLes fenêtres du séjour sont à changer ; prévoir un devis (façade exposée plein sud, garçonnière à l’étage).\r\nÀ bientôt,\r\nÉlise\r\n'.replace(
    '’',
    charset === 'iso-8859-1' ? "'" : '’',
  ),
  html: '<p>Les fenêtres du séjour sont à changer.</p>',
  attachments: [
    { fileName: 'Mandat de vente signé – Château.pdf', mimeType: 'application/pdf', content: threeAttachments.mandate },
    { fileName: 'Photo façade été.jpg', mimeType: 'image/jpeg', content: threeAttachments.photo },
    { fileName: 'relevé-compteurs.txt', mimeType: 'text/plain', content: threeAttachments.notes },
  ],
});

describe('GmailClient sync', () => {
  it('first sync: profile historyId, then messages.list paged newest first', async () => {
    for (const email of sampleEmails(NOW)) await google.fake.gmail.addEmail(email);
    const profile = await gmail().getProfile();
    expect(profile).toEqual({ emailAddress: 'direction@vieuxport-immobilier.fr', historyId: google.fake.gmail.historyId });

    const pages = await collect(gmail().syncMailbox({ cursor: null, pageSize: 50 }));
    expect(pages.map((p) => p.messages.length)).toEqual([3, 3, 1]);
    expect(pages.map((p) => p.nextCursor)).toEqual([null, null, profile.historyId]);
    expect(pages.every((p) => p.fullSync && !p.truncated)).toBe(true);
    const subjects = pages.flatMap((p) => p.messages.map((m) => m.subject));
    expect(subjects[0]).toBe('Travaux de toiture terminés – maison avenue Jean Jaurès');
    expect(subjects[6]).toBe("DPE de l'appartement du 14 rue Sainte");
    const listCalls = google.requests.filter((r) => r.path.endsWith('/messages'));
    expect(listCalls.map((r) => r.query.has('pageToken'))).toEqual([false, true, true]);
  });

  it('first sync stops at maxMessages and still hands a cursor', async () => {
    for (const email of sampleEmails(NOW)) await google.fake.gmail.addEmail(email);
    const pages = await collect(gmail().syncMailbox({ cursor: null, maxMessages: 4 }));
    expect(pages.map((p) => p.messages.length)).toEqual([3, 1]);
    expect(pages[1]).toMatchObject({ truncated: true, nextCursor: google.fake.gmail.historyId });
  });

  it('incremental sync: history.list from the stored historyId finds only what arrived since', async () => {
    for (const email of sampleEmails(NOW).slice(0, 2)) await google.fake.gmail.addEmail(email);
    const first = await collect(gmail().syncMailbox({ cursor: null }));
    const cursor = first.at(-1)?.nextCursor as string;

    const late = sampleEmails(NOW).slice(2, 7);
    for (const email of late) await google.fake.gmail.addEmail(email);
    const draft = await google.fake.gmail.addEmail({ ...late[0], subject: 'Brouillon' } as EmailSpec, { labelIds: ['DRAFT'] });
    const deleted = await google.fake.gmail.addEmail({ ...late[1], subject: 'Supprimé aussitôt' } as EmailSpec);
    google.fake.gmail.deleteMessage(deleted.id);
    const spam = await google.fake.gmail.addEmail({ ...late[2], subject: 'Gagnez un iPhone' } as EmailSpec, { labelIds: ['SPAM'] });

    const pages = await collect(gmail().syncMailbox({ cursor }));
    expect(pages.every((p) => !p.fullSync)).toBe(true);
    expect(pages.map((p) => p.nextCursor)).toEqual([null, null, google.fake.gmail.historyId]);
    const imported = pages.flatMap((p) => p.messages);
    expect(imported.map((m) => m.subject)).toEqual(late.map((e) => e.subject));
    expect(imported.map((m) => m.id)).not.toContain(draft.id);
    expect(imported.map((m) => m.id)).not.toContain(spam.id);
    expect(
      google.requests
        .filter((r) => r.path.endsWith('/history'))
        .every((r) => r.query.get('startHistoryId') === cursor && r.query.get('historyTypes') === 'messageAdded'),
    ).toBe(true);

    const again = await collect(gmail().syncMailbox({ cursor: google.fake.gmail.historyId }));
    expect(again).toEqual([{ messages: [], fullSync: false, nextCursor: google.fake.gmail.historyId, truncated: false }]);
  });

  it('incremental sync bounded by maxMessages resumes from the last record it took', async () => {
    const { historyId: cursor } = await gmail().getProfile();
    for (const email of sampleEmails(NOW)) await google.fake.gmail.addEmail(email);
    const first = await collect(gmail().syncMailbox({ cursor, maxMessages: 2, pageSize: 10 }));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ truncated: true });
    expect(first[0]?.messages).toHaveLength(2);
    const rest = await collect(gmail().syncMailbox({ cursor: first[0]?.nextCursor as string }));
    expect(rest.flatMap((p) => p.messages)).toHaveLength(5);
  });

  it('history too old: CURSOR_EXPIRED propagates for the caller to resync', async () => {
    const { historyId } = await gmail().getProfile();
    await google.fake.gmail.addEmail(sampleEmails(NOW)[0] as EmailSpec);
    google.fake.gmail.expireHistory();
    const error = await catchError(collect(gmail().syncMailbox({ cursor: historyId })));
    expect(error).toMatchObject({ kind: 'CURSOR_EXPIRED', status: 404, provider: 'GMAIL' });
  });
});

describe('GmailClient messages', () => {
  it('decodes a message with three attachments byte for byte, raw and assembled from parts alike', async () => {
    const { id } = await google.fake.gmail.addEmail(accentsSpec('base64'));
    for (const client of [gmail(), gmail({ rawMaxBytes: 0 })]) {
      const message = await client.getMessage(id);
      expect(message.attachments.map((a) => [a.fileName, a.mimeType, a.size, a.inline])).toEqual([
        ['Mandat de vente signé – Château.pdf', 'application/pdf', threeAttachments.mandate.length, false],
        ['Photo façade été.jpg', 'image/jpeg', 3000, false],
        ['relevé-compteurs.txt', 'text/plain', threeAttachments.notes.length, false],
      ]);
      expect(message.attachments.map((a) => a.content)).toEqual([threeAttachments.mandate, threeAttachments.photo, threeAttachments.notes]);
    }
    const formats = google.requests.filter((r) => r.path.endsWith(`/messages/${id}`)).map((r) => r.query.get('format'));
    expect(formats).toEqual(['full', 'raw', 'full']);
    expect(google.requests.filter((r) => r.path.includes('/attachments/'))).toHaveLength(3);
  });

  it.each([
    ['quoted-printable', 'utf-8'],
    ['base64', 'utf-8'],
    ['quoted-printable', 'iso-8859-1'],
    ['base64', 'iso-8859-1'],
  ] as const)('keeps French accents intact in %s %s, raw and from parts', async (encoding, charset) => {
    const spec = accentsSpec(encoding, charset);
    const raw = await composeEmail(spec);
    expect(raw.toString('latin1')).toMatch(
      encoding === 'base64' ? /Content-Transfer-Encoding: base64/ : /Content-Transfer-Encoding: quoted-printable/,
    );
    expect(raw.toString('latin1')).toContain(charset === 'utf-8' ? 'charset=utf-8' : 'charset=iso-8859-1');
    const { id } = await google.fake.gmail.addEmail(raw, { receivedAt: NOW, threadId: 'thread-chateau' });
    for (const client of [gmail(), gmail({ rawMaxBytes: 0 })]) {
      const message = await client.getMessage(id);
      expect(message.subject).toBe('État des lieux : fenêtres à remplacer, côté séjour');
      expect(message.from).toEqual({ name: 'Élise Château', address: 'elise.chateau@free.fr' });
      expect(message.to).toEqual([sophie]);
      expect(message.cc).toEqual([{ name: 'Maître Hélène Castellane', address: 'h.castellane@notaires-marseille.fr' }]);
      expect(message.text?.replace(/\r\n/g, '\n').trim()).toBe(spec.text?.replace(/\r\n/g, '\n').trim());
      expect(message.html).toContain('Les fenêtres du séjour sont à changer.');
      expect(message.attachments[0]?.fileName).toBe('Mandat de vente signé – Château.pdf');
      expect(message).toMatchObject({
        threadId: 'thread-chateau',
        internalDate: NOW.toISOString(),
        date: NOW.toISOString(),
        labelIds: ['INBOX', 'UNREAD', 'CATEGORY_PERSONAL'],
      });
      expect(message.messageId).toMatch(/^<.+@free\.fr>$/);
    }
  });

  it('reads RFC 2047 subjects in Q and B, in UTF-8 and Latin-1', async () => {
    const lines = [
      'Subject: =?UTF-8?Q?Compromis_sign=C3=A9_=E2=80=93_villa_Cassis?=',
      'Subject: =?UTF-8?B?UmVsYW5jZSA6IMOpdGF0IGRhdMOp?=',
      'Subject: =?ISO-8859-1?Q?Pi=E8ces_=E0_fournir_pour_l=27acte?=',
    ];
    const expected = ['Compromis signé – villa Cassis', 'Relance : état daté', "Pièces à fournir pour l'acte"];
    for (const [index, subject] of lines.entries()) {
      const raw = Buffer.from(
        `From: =?ISO-8859-1?Q?Ma=EEtre_H=E9l=E8ne_Castellane?= <h.castellane@notaires-marseille.fr>\r\nTo: direction@vieuxport-immobilier.fr\r\n${subject}\r\nDate: Wed, 25 Nov 2026 09:00:00 +0100\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nDocument ci-joint, Ma\xeetre.\r\n`,
        'latin1',
      );
      const { id } = await google.fake.gmail.addEmail(raw);
      for (const client of [gmail(), gmail({ rawMaxBytes: 0 })]) {
        const message = await client.getMessage(id);
        expect(message.subject).toBe(expected[index]);
        expect(message.from?.name).toBe('Maître Hélène Castellane');
        expect(message.text?.trim()).toBe('Document ci-joint, Maître.');
        expect(message.to).toEqual([{ name: '', address: 'direction@vieuxport-immobilier.fr' }]);
      }
    }
  });

  it('reads windows-1252 mail (Outlook) with its €, ’, œ and dashes', async () => {
    const raw = Buffer.from(
      [
        'From: =?windows-1252?Q?Fran=E7ois_L=92H=F4te?= <f.lhote@outlook.fr>',
        'Subject: =?windows-1252?Q?Offre_=E0_285_000_=80_=96_l=92=9Cil_de_b=9Cuf?=',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="w"',
        '',
        '--w',
        'Content-Type: text/plain; charset="Windows-1252"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Je propose 285 000 =80 =96 c=92est ma derni=E8re offre=85 =AB Sainte =BB',
        '--w',
        'Content-Type: application/pdf; name="=?windows-1252?Q?Offre_sign=E9e_=96_L=92H=F4te.pdf?="',
        'Content-Disposition: attachment',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 offre').toString('base64'),
        '--w--',
        '',
      ].join('\r\n'),
      'latin1',
    );
    const { id } = await google.fake.gmail.addEmail(raw, { receivedAt: NOW });
    for (const client of [gmail(), gmail({ rawMaxBytes: 0 })]) {
      const message = await client.getMessage(id);
      expect(message.subject).toBe('Offre à 285 000 € – l’œil de bœuf');
      expect(message.from?.name).toBe('François L’Hôte');
      expect(message.text?.trim()).toBe('Je propose 285 000 € – c’est ma dernière offre… « Sainte »');
      expect(message.attachments[0]?.fileName).toBe('Offre signée – L’Hôte.pdf');
    }
  });

  it('handles HTML-only mail, unnamed attachments and unknown charsets', async () => {
    const raw = Buffer.from(
      [
        'From: agence@exemple.fr',
        'Subject: Sans texte',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/html; charset=x-unknown-charset',
        '',
        '<p>Caf\xe9</p>',
        '--b1',
        'Content-Type: application/pdf',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 scan').toString('base64'),
        '--b1--',
        '',
      ].join('\r\n'),
      'latin1',
    );
    const { id } = await google.fake.gmail.addEmail(raw);
    const viaParts = await gmail({ rawMaxBytes: 0 }).getMessage(id);
    expect(viaParts).toMatchObject({
      text: null,
      html: '<p>Café</p>',
      from: { name: '', address: 'agence@exemple.fr' },
      date: null,
      messageId: null,
      cc: [],
    });
    expect(viaParts.attachments.map((a) => [a.fileName, a.content.toString()])).toEqual([['piece-jointe-1.pdf', '%PDF-1.4 scan']]);
    const viaRaw = await gmail().getMessage(id);
    expect(viaRaw.html).toContain('Caf');
    expect(viaRaw.attachments.map((a) => a.fileName)).toEqual(['piece-jointe-1.pdf']);
  });

  it('fetches one attachment by id, lists with a search and answers NOT_FOUND for a missing message', async () => {
    const { id } = await google.fake.gmail.addEmail(accentsSpec('quoted-printable'));
    const full = (await (
      await fetch(`${google.origin}/gmail/v1/users/me/messages/${id}?format=full`, {
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      })
    ).json()) as {
      payload: { parts: { body: { attachmentId?: string } }[] };
    };
    const attachmentId = full.payload.parts[1]?.body.attachmentId as string;
    expect(await gmail().getAttachment(id, attachmentId)).toEqual(threeAttachments.mandate);
    expect(await catchError(gmail().getAttachment(id, 'ANGjdJ-nope'))).toMatchObject({ kind: 'NOT_FOUND' });

    const listed = await gmail().listMessages({ q: 'newer_than:30d', maxResults: 10 });
    expect(listed).toMatchObject({ resultSizeEstimate: 1, nextPageToken: null });
    expect((await gmail().listMessages({ q: 'after:2099/01/01' })).messages).toEqual([]);
    expect(await catchError(gmail().listMessages({ q: 'from:fabre' }))).toMatchObject({ kind: 'INVALID_REQUEST' });
    expect(await catchError(gmail().listMessages({ pageToken: '%%%' }))).toMatchObject({ kind: 'INVALID_REQUEST' });
    expect(await catchError(gmail().getMessage('18c2a0f3deadbeef'))).toMatchObject({ kind: 'NOT_FOUND', status: 404 });
  });
});

describe('GmailClient authorisation and failures', () => {
  it('refreshes the access token on 401, reports it through onTokens and retries', async () => {
    google.fake.oauth.expireAccessTokens();
    const onTokens = vi.fn();
    const client = gmail({ onTokens });
    const profile = await client.getProfile();
    expect(profile.emailAddress).toBe('direction@vieuxport-immobilier.fr');
    expect(onTokens).toHaveBeenCalledTimes(1);
    const persisted = onTokens.mock.calls[0]?.[0] as OAuthTokens;
    expect(persisted.accessToken).not.toBe(tokens.accessToken);
    expect(persisted.refreshToken).toBe(tokens.refreshToken);
    expect(google.requests.slice(-3).map((r) => [r.path, r.authorization])).toEqual([
      ['/gmail/v1/users/me/profile', `Bearer ${tokens.accessToken}`],
      ['/token', null],
      ['/gmail/v1/users/me/profile', `Bearer ${persisted.accessToken}`],
    ]);
    // The refreshed token stays in use.
    await client.getProfile();
    expect(google.requests.filter((r) => r.path === '/token')).toHaveLength(2);
  });

  it('shares one refresh between concurrent refused requests', async () => {
    for (const email of sampleEmails(NOW).slice(0, 4)) await google.fake.gmail.addEmail(email);
    google.fake.oauth.expireAccessTokens();
    const onTokens = vi.fn();
    const pages = await collect(gmail({ onTokens, concurrency: 4 }).syncMailbox({ cursor: null }));
    expect(pages.flatMap((p) => p.messages)).toHaveLength(4);
    expect(onTokens).toHaveBeenCalledTimes(1);
    expect(google.requests.filter((r) => r.path === '/token')).toHaveLength(2);
  });

  it('refreshes ahead of a stored expiry', async () => {
    const onTokens = vi.fn();
    await gmail({ onTokens, tokens: { ...tokens, expiresAt: new Date(Date.now() - 1000) } }).getProfile();
    expect(onTokens).toHaveBeenCalledTimes(1);
    expect(google.requests.slice(-2).map((r) => r.path)).toEqual(['/token', '/gmail/v1/users/me/profile']);
  });

  it('marks a revoked grant AUTH_REVOKED and reports no tokens', async () => {
    google.fake.oauth.revokeRefreshToken(tokens.refreshToken as string);
    const onTokens = vi.fn();
    const error = await catchError(gmail({ onTokens }).getProfile());
    expect(error).toMatchObject({ kind: 'AUTH_REVOKED', reason: 'invalid_grant' });
    expect(onTokens).not.toHaveBeenCalled();
    expect(error.message).not.toContain(tokens.refreshToken);
  });

  it('gives up with AUTH_REVOKED without a refresh token, or when the new token is refused too', async () => {
    google.fake.oauth.expireAccessTokens();
    const bare = new GmailClient({ baseUrl: google.origin, auth: { tokens: { accessToken: tokens.accessToken } } });
    expect(await catchError(bare.getProfile())).toMatchObject({ kind: 'AUTH_REVOKED', status: 401, reason: 'authError' });
    const unauthorized = () => json(401, { error: { code: 401, message: 'Invalid Credentials', errors: [{ reason: 'authError' }] } });
    google.failNext('/gmail/', unauthorized, 2);
    expect(await catchError(gmail().getProfile())).toMatchObject({ kind: 'AUTH_REVOKED', status: 401 });
    const noRefresher = new GmailClient({ baseUrl: google.origin, auth: { tokens: { ...tokens, expiresAt: '2000-01-01T00:00:00Z' } } });
    expect(await catchError(noRefresher.getProfile())).toMatchObject({ kind: 'AUTH_REVOKED' });
  });

  it('reads 429 with Retry-After in seconds or as a date, and Google 403 quota errors, as RATE_LIMITED', async () => {
    google.failNext('/gmail/v1/users/me/messages', googleFailures.rateLimited('7'));
    expect(await catchError(gmail().listMessages())).toMatchObject({ kind: 'RATE_LIMITED', status: 429, retryAfterMs: 7000 });
    const now = Date.parse('2026-11-25T10:00:00Z');
    google.failNext('/gmail/v1/users/me/messages', googleFailures.rateLimited('Wed, 25 Nov 2026 10:02:00 GMT'));
    expect(await catchError(gmail({ now: () => now }).listMessages())).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 120_000 });
    google.failNext('/gmail/v1/users/me/history', googleFailures.userRateLimit());
    expect(await catchError(gmail().listHistory({ startHistoryId: '1' }))).toMatchObject({
      kind: 'RATE_LIMITED',
      status: 403,
      reason: 'userRateLimitExceeded',
    });
  });

  it('reads 5xx, timeouts, refused connections and odd answers as TEMPORARY', async () => {
    google.failNext('/gmail/', googleFailures.backendError());
    expect(await catchError(gmail().getProfile())).toMatchObject({ kind: 'TEMPORARY', status: 500 });
    google.failNext('/gmail/', googleFailures.html502());
    expect(await catchError(gmail().getProfile())).toMatchObject({ kind: 'TEMPORARY', status: 502 });
    google.failNext('/gmail/', googleFailures.unavailable());
    expect(await catchError(gmail().getProfile())).toMatchObject({ kind: 'TEMPORARY', status: 503 });
    google.failNext('/gmail/', () => json(200, { unexpected: true }));
    expect(await catchError(gmail().getProfile())).toMatchObject({
      kind: 'TEMPORARY',
      message: 'GMAIL sent an answer of an unexpected shape',
    });
    google.failNext('/gmail/', () => new Response('{"emailAddress":', { status: 200 }));
    expect(await catchError(gmail().getProfile())).toMatchObject({ kind: 'TEMPORARY' });
    google.failNext(
      '/gmail/',
      () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"emailAddress":')) }), { status: 200 }),
    );
    expect(await catchError(gmail({ timeoutMs: 100 }).getProfile())).toMatchObject({
      kind: 'TEMPORARY',
      message: 'GMAIL did not answer in time',
    });
    google.hang('/gmail/v1/users/me/profile');
    expect(await catchError(gmail({ timeoutMs: 50 }).getProfile())).toMatchObject({
      kind: 'TEMPORARY',
      message: 'GMAIL did not answer in time',
    });
    const closed = new GmailClient({ baseUrl: 'http://127.0.0.1:9', auth: { tokens } });
    expect(await catchError(closed.getProfile())).toMatchObject({ kind: 'TEMPORARY' });
  });

  it('never repeats a token in an error message, even one the provider echoes', async () => {
    google.failNext('/gmail/', googleFailures.tokenEchoingError(tokens.accessToken));
    const error = await catchError(gmail().getProfile());
    expect(error.kind).toBe('INVALID_REQUEST');
    expect(error.message).not.toContain(tokens.accessToken);
    expect(error.message).toContain('[redacted]');
    google.failNext('/gmail/', googleFailures.insufficientScope());
    expect(await catchError(gmail().getProfile())).toMatchObject({ kind: 'AUTH_REVOKED', reason: 'insufficientPermissions' });
  });
});
