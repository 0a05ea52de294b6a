import { splitEmail } from '@monimmo/ai';
import { ConnectorError, signPayload } from '@monimmo/connectors';
import { files, integrations, messages } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectAppError } from '../../test/harness.ts';
import { createCredentialsBox } from './credentials.ts';
import { fromGmail, fromWhatsApp, htmlToText } from './ingest.ts';
import {
  agency,
  connectWhatsApp,
  integrationHarness,
  integrationRow,
  memoryLogger,
  type IntegrationHarness,
} from '../../test/integrations.ts';

let h: IntegrationHarness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
});

const whatsappRows = (harness: IntegrationHarness, orgId: string) =>
  harness.database.db
    .select()
    .from(messages)
    .where(and(eq(messages.orgId, orgId), eq(messages.channel, 'WHATSAPP')));

/** A delivery as Meta would POST it, signed with `appSecret`. */
function delivery(phoneNumberId: string, appSecret: string, message: Record<string, unknown>, object = 'whatsapp_business_account') {
  const rawBody = Buffer.from(
    JSON.stringify({
      object,
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '33491543210', phone_number_id: phoneNumberId },
                contacts: [{ profile: { name: 'Karim Benali' }, wa_id: '33698765432' }],
                messages: [message],
              },
            },
          ],
        },
      ],
    }),
  );
  return { rawBody, signature: signPayload(rawBody, appSecret) };
}

/** An agency with WhatsApp connected, the mock's own deliveries already pulled. */
async function connected() {
  h = await integrationHarness();
  const actor = await agency(h);
  await connectWhatsApp(h, actor);
  return { harness: h, actor, settings: h.runtime.settings.whatsapp };
}

describe('WhatsApp webhook: deliveries', () => {
  it('accepts a signed delivery and imports it once, however often it is replayed', async () => {
    const { harness, actor } = await connected();
    const { id, delivery: sent } = harness.runtime.whatsapp.receive({
      phone: '33698765432',
      name: 'Karim Benali',
      at: new Date(),
      text: 'Je confirme samedi 11 h.',
    });
    const enqueue = vi.spyOn(harness.queue, 'enqueue');
    expect(await harness.services.whatsappWebhook.receive(sent.rawBody, sent.signature)).toEqual({ accepted: 1 });
    // Replayed before the import ran: the same job.
    expect(await harness.services.whatsappWebhook.receive(sent.rawBody, sent.signature)).toEqual({ accepted: 1 });
    const imports = enqueue.mock.calls.filter(([job]) => job.name === 'whatsapp-ingest');
    expect(imports.map(([, , options]) => options.key)).toEqual([imports[0]![2].key, imports[0]![2].key]);
    expect(imports[0]![1]).toMatchObject({
      orgId: actor.orgId,
      messages: [{ id, text: 'Je confirme samedi 11 h.', from: '+33698765432' }],
    });
    await harness.queue.idle();
    // Replayed after: nothing queued, nothing imported.
    expect(await harness.services.whatsappWebhook.receive(sent.rawBody, sent.signature)).toEqual({ accepted: 0 });
    await harness.queue.idle();
    const rows = (await whatsappRows(harness, actor.orgId)).filter((m) => m.externalId === id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ body: 'Je confirme samedi 11 h.', fromName: 'Karim Benali', fromAddress: '+33698765432' });
    // The periodic pull of the mock runtime meets the same wamid: still one.
    await harness.services.integrations.sync(actor, 'whatsapp');
    await harness.queue.idle();
    expect((await whatsappRows(harness, actor.orgId)).filter((m) => m.externalId === id)).toHaveLength(1);
    const row = await integrationRow(harness, actor.orgId, 'WHATSAPP');
    expect(row).toMatchObject({ failureCount: 0, lastError: null });
  });

  it('refuses a forged, missing or foreign signature, an unknown number and unreadable bodies, storing nothing', async () => {
    const { harness, actor, settings } = await connected();
    const before = (await whatsappRows(harness, actor.orgId)).length;
    const enqueue = vi.spyOn(harness.queue, 'enqueue');
    const text = {
      from: '33698765432',
      id: 'wamid.FORGED0001',
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'text',
      text: { body: 'Virement à faire sur ce RIB' },
    };
    const genuine = delivery(settings.phoneNumberId, settings.appSecret, text);
    const receive = (raw: Buffer, signature: string | undefined) =>
      expectAppError(harness.services.whatsappWebhook.receive(raw, signature), 'UNAUTHORIZED');

    await receive(genuine.rawBody, undefined);
    await receive(genuine.rawBody, signPayload(genuine.rawBody, 'not-the-app-secret'));
    await receive(Buffer.from(genuine.rawBody.toString().replace('RIB', 'IBAN')), genuine.signature);
    await receive(genuine.rawBody, 'sha256=zz');
    const foreign = delivery('999999999999999', settings.appSecret, text);
    await receive(foreign.rawBody, foreign.signature);
    await receive(Buffer.from('pas du JSON'), 'sha256=' + '0'.repeat(64));
    const nothing = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [] }));
    await receive(nothing, signPayload(nothing, settings.appSecret));

    expect(enqueue.mock.calls.filter(([job]) => job.name === 'whatsapp-ingest')).toEqual([]);
    await harness.queue.idle();
    expect(await whatsappRows(harness, actor.orgId)).toHaveLength(before);
  });

  it('answers 400 to a signed body that is not a WhatsApp payload, and accepts receipts as nothing to import', async () => {
    const { harness, settings } = await connected();
    const odd = delivery(settings.phoneNumberId, settings.appSecret, {}, 'page');
    await expectAppError(harness.services.whatsappWebhook.receive(odd.rawBody, odd.signature), 'BAD_REQUEST');
    const receipt = harness.runtime.whatsapp.receiveStatus('wamid.OUT123', '33698765432', 'delivered', new Date());
    expect(await harness.services.whatsappWebhook.receive(receipt.rawBody, receipt.signature)).toEqual({ accepted: 0 });
  });

  it('queues a delivery of more messages than one import job carries in several jobs, never a 500', async () => {
    const { harness, actor, settings } = await connected();
    const before = (await whatsappRows(harness, actor.orgId)).length;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const many = Array.from({ length: 1201 }, (_, i) => ({
      from: '33698765432',
      id: `wamid.BULK${i}`,
      timestamp,
      type: 'text',
      text: { body: `Message ${i}` },
    }));
    const rawBody = Buffer.from(
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ changes: [{ field: 'messages', value: { metadata: { phone_number_id: settings.phoneNumberId }, messages: many } }] }],
      }),
    );
    expect(await harness.services.whatsappWebhook.receive(rawBody, signPayload(rawBody, settings.appSecret))).toEqual({ accepted: 1201 });
    await harness.queue.idle();
    expect(await whatsappRows(harness, actor.orgId)).toHaveLength(before + 1201);
  });

  it('imports a message whose media expired without its attachment', async () => {
    const { harness, actor, settings } = await connected();
    const image = {
      from: '33680442109',
      id: 'wamid.MEDIAGONE0001',
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'image',
      image: { id: '1999999999999999', mime_type: 'image/jpeg', sha256: 'AAAA', caption: 'La cuisine refaite' },
    };
    const sent = delivery(settings.phoneNumberId, settings.appSecret, image);
    expect(await harness.services.whatsappWebhook.receive(sent.rawBody, sent.signature)).toEqual({ accepted: 1 });
    await harness.queue.idle();
    const [row] = (await whatsappRows(harness, actor.orgId)).filter((m) => m.externalId === 'wamid.MEDIAGONE0001');
    expect(row).toMatchObject({ body: 'La cuisine refaite' });
    expect(await harness.database.db.select().from(files).where(eq(files.messageId, row!.id))).toEqual([]);
    expect(harness.lines.find((l) => l.msg.startsWith('attachment no longer available'))).toMatchObject({
      externalId: 'wamid.MEDIAGONE0001:0',
    });
  });

  it('imports a message whose media the provider refuses to serve (a 400) without its attachment, instead of losing the delivery', async () => {
    const { harness, actor, settings } = await connected();
    const refused = new ConnectorError({
      kind: 'INVALID_REQUEST',
      provider: 'WHATSAPP',
      status: 400,
      message: 'WHATSAPP answered 400 (100): Invalid parameter',
    });
    vi.spyOn(harness.runtime, 'whatsappClient').mockReturnValue({ readMedia: () => Promise.reject(refused) } as unknown as ReturnType<
      typeof harness.runtime.whatsappClient
    >);
    const image = {
      from: '33680442109',
      id: 'wamid.MEDIAREFUSED01',
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'image',
      image: { id: '1888888888888888', mime_type: 'image/jpeg', caption: 'Le salon' },
    };
    const sent = delivery(settings.phoneNumberId, settings.appSecret, image);
    expect(await harness.services.whatsappWebhook.receive(sent.rawBody, sent.signature)).toEqual({ accepted: 1 });
    await harness.queue.idle();
    const [row] = (await whatsappRows(harness, actor.orgId)).filter((m) => m.externalId === 'wamid.MEDIAREFUSED01');
    expect(row).toMatchObject({ body: 'Le salon' });
    expect(await harness.database.db.select().from(files).where(eq(files.messageId, row!.id))).toEqual([]);
    expect(await integrationRow(harness, actor.orgId, 'WHATSAPP')).toMatchObject({ lastError: null, failureCount: 0 });
  });

  it('a media that keeps failing is retried, then its message is imported without it on the last try rather than lost', async () => {
    const { harness, actor, settings } = await connected();
    let reads = 0;
    const down = new ConnectorError({ kind: 'TEMPORARY', provider: 'WHATSAPP', status: 503, message: 'WHATSAPP answered 503' });
    vi.spyOn(harness.runtime, 'whatsappClient').mockReturnValue({
      readMedia: () => {
        reads += 1;
        return Promise.reject(down);
      },
    } as unknown as ReturnType<typeof harness.runtime.whatsappClient>);
    const photo = {
      from: '33680442109',
      id: 'wamid.MEDIADOWN01',
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'image',
      image: { id: '1777777777777777', mime_type: 'image/jpeg', caption: 'La cuisine' },
    };
    const sent = delivery(settings.phoneNumberId, settings.appSecret, photo);
    expect(await harness.services.whatsappWebhook.receive(sent.rawBody, sent.signature)).toEqual({ accepted: 1 });
    await harness.queue.idle();
    // Pushed deliveries are not sent again: after JOB_ATTEMPTS tries the message is kept, its media is not.
    expect(reads).toBe(harness.config.JOB_ATTEMPTS);
    const [row] = (await whatsappRows(harness, actor.orgId)).filter((m) => m.externalId === 'wamid.MEDIADOWN01');
    expect(row).toMatchObject({ body: 'La cuisine' });
    expect(await harness.database.db.select().from(files).where(eq(files.messageId, row!.id))).toEqual([]);
  });

  it('refuses deliveries for an integration whose credentials no longer open, and drops imports of a disconnected one', async () => {
    const { harness, actor } = await connected();
    const row = await integrationRow(harness, actor.orgId, 'WHATSAPP');
    const { delivery: sent } = harness.runtime.whatsapp.receive({
      phone: '33698765432',
      name: 'Karim Benali',
      at: new Date(),
      text: 'Toujours disponible ?',
    });
    const rotated = createCredentialsBox('another-operator-secret-of-at-least-32-chars');
    const sealed = row.encryptedCredentials;
    await harness.database.db
      .update(integrations)
      .set({
        encryptedCredentials: rotated.seal(
          { kind: 'whatsapp', phoneNumberId: row.externalAccountId!, accessToken: 'x', appSecret: 'y', verifyToken: 'z' },
          row,
        ),
      })
      .where(eq(integrations.id, row.id));
    await expectAppError(harness.services.whatsappWebhook.receive(sent.rawBody, sent.signature), 'UNAUTHORIZED');
    expect(harness.lines.find((l) => l.msg.startsWith('webhook refused: the WhatsApp credentials cannot be decrypted'))).toMatchObject({
      integrationId: row.id,
    });
    // Live WhatsApp has no periodic sync to find out: the refused delivery tells the agency.
    expect((await harness.services.integrations.list(actor)).items.find((i) => i.provider === 'WHATSAPP')).toMatchObject({
      status: 'NEEDS_RECONNECT',
      lastError:
        'Les identifiants enregistrés ne peuvent plus être déchiffrés (la clé de chiffrement du serveur a changé) : reconnectez WhatsApp.',
    });
    await harness.database.db
      .update(integrations)
      .set({ encryptedCredentials: sealed, status: 'CONNECTED' })
      .where(eq(integrations.id, row.id));

    await harness.services.integrations.disconnect(actor, 'whatsapp');
    await expectAppError(harness.services.whatsappWebhook.receive(sent.rawBody, sent.signature), 'UNAUTHORIZED');
    const { logger } = memoryLogger();
    await harness.services.jobs.whatsappIngest.handler(
      {
        orgId: actor.orgId,
        integrationId: row.id,
        retries: 0,
        messages: [
          {
            id: 'wamid.LATE',
            from: '+33698765432',
            fromName: null,
            timestamp: new Date().toISOString(),
            type: 'text',
            text: 'Trop tard',
            media: null,
            phoneNumberId: row.externalAccountId!,
          },
        ],
      },
      { jobId: 'late', attempt: 1, log: logger },
    );
    expect((await whatsappRows(harness, actor.orgId)).map((m) => m.externalId)).not.toContain('wamid.LATE');
  });
});

describe('WhatsApp webhook: handshake', () => {
  it('echoes the challenge for a connected integration’s verify token only', async () => {
    const { harness, actor, settings } = await connected();
    const query = (mode: string, token: string) =>
      new URLSearchParams({ 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': '1158201444' });
    expect(await harness.services.whatsappWebhook.handshake(query('subscribe', settings.verifyToken))).toBe('1158201444');
    expect(await harness.services.whatsappWebhook.handshake(query('subscribe', 'un-autre-jeton'))).toBeNull();
    expect(await harness.services.whatsappWebhook.handshake(query('unsubscribe', settings.verifyToken))).toBeNull();
    expect(await harness.services.whatsappWebhook.handshake(new URLSearchParams())).toBeNull();
    await harness.services.integrations.disconnect(actor, 'whatsapp');
    expect(await harness.services.whatsappWebhook.handshake(query('subscribe', settings.verifyToken))).toBeNull();
  });
});

describe('what an import keeps of a message', () => {
  it('reads HTML as text', () => {
    expect(
      htmlToText(
        '<html><head><style>p{}</style></head><body><p>Bonjour&nbsp;Madame,</p><p>Prix&#160;: 285&#x202F;000 &euro; &amp; frais<br>Cordialement &hellip; &unknown;</p><script>x()</script></body></html>',
      ),
    ).toBe('Bonjour Madame,\n\nPrix : 285\u202f000 € & frais\nCordialement … &unknown;');
  });

  it('reads a French Gmail reply as text the triage splits into the new message and the quoted thread', () => {
    // As Gmail's web client writes it: divs and <br> for lines, the thread in a gmail_quote blockquote.
    const html = [
      '<div dir="ltr"><div>Bonjour Madame,</div><div><br></div>',
      '<div>Suite à notre échange, voici les éléments pour le bien <b>réf.&nbsp;MAN-2026-014</b>&nbsp;:</div>',
      '<ul><li>Surface&nbsp;: 68&nbsp;m²</li><li>Prix&nbsp;: 285&#x202F;000&nbsp;&euro;</li></ul>',
      '<table cellpadding="0" cellspacing="0"><tbody><tr><td>Charges</td><td>120&nbsp;€/mois</td></tr><tr><td>Taxe foncière</td><td>950&nbsp;€</td></tr></tbody></table>',
      '<div>L&rsquo;annonce&nbsp;: <a href="https://www.exemple.fr/annonce/14" target="_blank">voir l&#39;annonce</a> &laquo;&nbsp;T3 lumineux&nbsp;&raquo;</div>',
      '<div><img src="cid:ii_logo" alt="Logo agence" width="120"></div><div><br></div>',
      '<div>Cordialement,</div><div>Jean Dupont<br>06&nbsp;11&nbsp;22&nbsp;33&nbsp;44</div></div><br>',
      '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">Le lun. 3 mars 2026 à 10:12, Agence Vieux-Port &lt;<a href="mailto:contact@vieuxport.fr">contact@vieuxport.fr</a>&gt; a écrit&nbsp;:<br></div>',
      '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">',
      '<div dir="ltr">Bonjour,<div>Le bien du 12 rue Paradis est-il toujours libre&nbsp;?</div></div></blockquote></div>',
    ].join('');
    const text = htmlToText(html);
    expect(text).not.toMatch(/<\/?[a-z]+[\s/>]|&[a-z]+;|\u00a0|\n{3}/i);
    expect(text).toContain('Suite à notre échange, voici les éléments pour le bien réf. MAN-2026-014 :');
    expect(text).toMatch(/^\W*Surface : 68 m²$/m);
    expect(text).toMatch(/^\W*Prix : 285\u202f000 €$/m);
    // Table cells stay apart: "Charges120 €" would be a number nobody wrote.
    expect(text).toMatch(/^Charges\s+120 €\/mois$/m);
    expect(text).toMatch(/^Taxe foncière\s+950 €$/m);
    expect(text).toContain("L’annonce : voir l'annonce « T3 lumineux »");
    expect(text).not.toContain('Logo agence');
    expect(text).toContain('Le lun. 3 mars 2026 à 10:12, Agence Vieux-Port <contact@vieuxport.fr> a écrit :');

    const parts = splitEmail(text);
    expect(parts.newText).toContain('MAN-2026-014');
    expect(parts.newText).not.toContain('rue Paradis');
    expect(parts.signature).toMatch(/^Cordialement,\nJean Dupont\n06 11 22 33 44$/);
    expect(parts.quoted).toMatch(
      /^Le lun\. 3 mars 2026[\s\S]*a écrit :\n+> Bonjour,\n> Le bien du 12 rue Paradis est-il toujours libre \?$/,
    );
  });

  it('leaves out mail the agency sent, stickers and reactions, and names media without a file name', async () => {
    const base = {
      id: 'm1',
      threadId: 't',
      historyId: '1',
      internalDate: '2026-11-25T10:00:00.000Z',
      sizeEstimate: 10,
      messageId: null,
      to: [],
      cc: [],
      date: null,
      html: null,
      text: null,
      subject: '',
      from: null,
    };
    expect(fromGmail({ ...base, labelIds: ['SENT'], attachments: [] })).toBeNull();
    const inbound = fromGmail({
      ...base,
      labelIds: ['INBOX', 'SENT'],
      attachments: [
        { fileName: 'logo.png', mimeType: 'image/png', size: 1, content: Buffer.from('x'), inline: true },
        { fileName: 'plan.pdf', mimeType: 'application/pdf', size: 1, content: Buffer.from('y'), inline: true },
      ],
    });
    expect(inbound).toMatchObject({ fromAddress: '(expéditeur inconnu)', fromName: null, subject: null, body: '' });
    expect(inbound!.attachments.map((a) => a.externalId)).toEqual(['m1:1']);
    expect(await inbound!.attachments[0]!.load()).toEqual(Buffer.from('y'));

    const whatsapp = {
      id: 'wamid.1',
      from: '+33611223344',
      fromName: null,
      timestamp: '2026-11-25T10:00:00.000Z',
      text: null,
      phoneNumberId: '1',
    };
    const media = { id: '42', mimeType: 'application/pdf', sha256: null, fileName: null, voice: false };
    expect(
      fromWhatsApp({ ...whatsapp, type: 'sticker', media: { ...media, mimeType: 'image/webp' } }, async () => Buffer.alloc(0)),
    ).toBeNull();
    expect(fromWhatsApp({ ...whatsapp, type: 'reaction', media: null }, async () => Buffer.alloc(0))).toBeNull();
    const doc = fromWhatsApp({ ...whatsapp, type: 'document', media: { ...media, fileName: 'Bail.pdf' } }, async (id) => Buffer.from(id))!;
    expect(doc).toMatchObject({ body: 'Document envoyé sur WhatsApp : Bail.pdf', voiceNote: null });
    expect(await doc.attachments[0]!.load()).toEqual(Buffer.from('42'));
    const audio = fromWhatsApp({ ...whatsapp, type: 'audio', media: { ...media, mimeType: 'audio/mpeg' } }, async () => Buffer.alloc(0))!;
    expect(audio).toMatchObject({
      body: 'Enregistrement audio envoyé sur WhatsApp',
      attachments: [],
      voiceNote: { label: 'Audio WhatsApp de +33611223344 (2026-11-25)', fileName: null },
    });
    expect(fromWhatsApp({ ...whatsapp, type: 'button', text: 'Oui', media: null }, async () => Buffer.alloc(0))).toMatchObject({
      body: 'Oui',
      attachments: [],
    });
  });
});
