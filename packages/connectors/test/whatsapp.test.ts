import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { graphError } from '../src/fake/http.ts';
import { facadePng, minimalPdf } from '../src/mock-data/files.ts';
import { parseWebhook, signPayload, verifySignature, verifyWebhookHandshake, WhatsAppClient } from '../src/whatsapp.ts';
import { startFakeWhatsApp, type FakeWhatsAppServer } from './fake-whatsapp.ts';

const voiceNote = readFileSync(new URL('../src/mock-data/visite-suivi.ogg', import.meta.url));
const AT = new Date('2026-11-25T09:30:00Z');

let whatsapp: FakeWhatsAppServer;
beforeEach(async () => {
  whatsapp = await startFakeWhatsApp();
});
afterEach(() => whatsapp.close());

const catchError = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('should have failed'),
    (error: unknown) => error as Error & Record<string, unknown>,
  );
async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('webhook handshake', () => {
  it('echoes the challenge only for subscribe with our verify token', () => {
    const query = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': 'jeton-agence', 'hub.challenge': '1158201444' });
    expect(verifyWebhookHandshake(query, 'jeton-agence')).toBe('1158201444');
    expect(verifyWebhookHandshake(query, 'autre-jeton')).toBeNull();
    expect(
      verifyWebhookHandshake({ 'hub.mode': ['subscribe'], 'hub.verify_token': ['jeton-agence'], 'hub.challenge': ['42'] }, 'jeton-agence'),
    ).toBe('42');
    expect(
      verifyWebhookHandshake({ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'jeton-agence', 'hub.challenge': '42' }, 'jeton-agence'),
    ).toBeNull();
    expect(verifyWebhookHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'jeton-agence' }, 'jeton-agence')).toBeNull();
    expect(verifyWebhookHandshake({ 'hub.mode': 'subscribe', 'hub.challenge': '42' }, 'jeton-agence')).toBeNull();
    expect(verifyWebhookHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '42' }, '')).toBeNull();
  });
});

describe('webhook signature', () => {
  const secret = 'app-secret-de-test';
  const body = Buffer.from(
    '{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"text":{"body":"Bientôt à Marseille"}}]}}]}]}',
  );

  it('accepts the HMAC-SHA256 of the exact bytes', () => {
    const header = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(signPayload(body, secret)).toBe(header);
    expect(verifySignature(body, header, secret)).toBe(true);
    expect(verifySignature(body, header.toUpperCase().replace('SHA256=', 'sha256='), secret)).toBe(true);
  });

  it('rejects forged, altered, re-serialised, missing and malformed signatures', () => {
    const good = signPayload(body, secret);
    expect(verifySignature(body, signPayload(body, 'secret-de-l-attaquant'), secret)).toBe(false);
    const altered = Buffer.from(body);
    altered[altered.length - 5] = 0x21;
    expect(verifySignature(altered, good, secret)).toBe(false);
    // Parsing then re-serialising changes the bytes (escapes): only the raw body may be checked.
    expect(verifySignature(Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)), good, secret)).toBe(false);
    expect(verifySignature(body, undefined, secret)).toBe(false);
    expect(verifySignature(body, 'sha1=abcdef', secret)).toBe(false);
    expect(verifySignature(body, good.slice(0, -2), secret)).toBe(false);
    expect(verifySignature(body, good, '')).toBe(false);
  });
});

describe('parseWebhook', () => {
  it('normalises text, image, voice note and document messages, and ignores statuses', () => {
    const { fake } = whatsapp;
    const text = fake.receive({
      phone: '33698765432',
      name: 'Karim Benali',
      at: AT,
      text: 'Le T3 rue Sainte est-il toujours disponible ?',
    });
    const photo = fake.receive({
      phone: '33680442109',
      name: 'Claire Daumas',
      at: AT,
      media: { type: 'image', content: facadePng(), mimeType: 'image/png', caption: 'La terrasse refaite' },
    });
    const voice = fake.receive({
      phone: '33621436587',
      name: 'Julien Roussel',
      at: AT,
      media: { type: 'audio', content: voiceNote, mimeType: 'audio/ogg; codecs=opus', voice: true },
    });
    const song = fake.receive({
      phone: '33621436587',
      name: 'Julien Roussel',
      at: AT,
      media: { type: 'audio', content: Buffer.from('ID3'), mimeType: 'audio/mpeg' },
    });
    const doc = fake.receive({
      phone: '33647128530',
      name: 'Mathieu Ollivier',
      at: AT,
      media: { type: 'document', content: minimalPdf(['Taxe foncière']), mimeType: 'application/pdf', fileName: 'Taxe foncière 2026.pdf' },
    });
    const status = fake.receiveStatus(text.id, '33698765432', 'read', AT);

    const parse = (raw: Buffer) => parseWebhook(JSON.parse(raw.toString('utf8')));
    expect(parse(text.delivery.rawBody)).toEqual([
      {
        id: text.id,
        from: '+33698765432',
        fromName: 'Karim Benali',
        timestamp: AT.toISOString(),
        type: 'text',
        text: 'Le T3 rue Sainte est-il toujours disponible ?',
        media: null,
        phoneNumberId: fake.phoneNumberId,
      },
    ]);
    expect(parse(photo.delivery.rawBody)[0]).toMatchObject({
      type: 'image',
      text: 'La terrasse refaite',
      media: { id: photo.mediaId, mimeType: 'image/png', voice: false, fileName: null },
    });
    expect(parse(voice.delivery.rawBody)[0]).toMatchObject({
      type: 'voice',
      text: null,
      fromName: 'Julien Roussel',
      media: {
        id: voice.mediaId,
        mimeType: 'audio/ogg; codecs=opus',
        voice: true,
        sha256: createHash('sha256').update(voiceNote).digest('base64'),
      },
    });
    expect(parse(song.delivery.rawBody)[0]).toMatchObject({ type: 'audio', media: { voice: false } });
    expect(parse(doc.delivery.rawBody)[0]).toMatchObject({
      type: 'document',
      media: { fileName: 'Taxe foncière 2026.pdf', mimeType: 'application/pdf' },
    });
    expect(parse(status.rawBody)).toEqual([]);
    for (const delivery of [text.delivery, photo.delivery, voice.delivery, status])
      expect(verifySignature(delivery.rawBody, delivery.signature, fake.appSecret)).toBe(true);
  });

  it('keeps unknown types, the older voice type, and skips what it cannot read', () => {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            { field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } },
            { field: 'messages', value: { no: 'metadata' } },
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: '106540352242922' },
                contacts: [{ wa_id: '33611111111', profile: { name: 'Autre' } }],
                messages: [
                  {
                    from: '+33622222222',
                    id: 'wamid.1',
                    timestamp: '1764063000',
                    type: 'location',
                    location: { latitude: 43.29, longitude: 5.37 },
                  },
                  {
                    from: '33622222222',
                    id: 'wamid.2',
                    timestamp: '1764063000',
                    type: 'voice',
                    voice: { id: '99', mime_type: 'audio/ogg' },
                  },
                  { from: '33622222222', id: 'wamid.3', timestamp: '1764063000', type: 'button', button: { text: 'Oui, je confirme' } },
                  { from: '33622222222', id: 'wamid.4', timestamp: '1764063000', type: 'sticker', sticker: { id: '77' } },
                  { id: 'wamid.broken' },
                ],
              },
            },
            { field: 'messages', value: { metadata: { phone_number_id: '1' } } },
          ],
        },
      ],
    };
    const messages = parseWebhook(payload);
    expect(messages.map((m) => [m.id, m.type, m.from, m.fromName, m.text])).toEqual([
      ['wamid.1', 'location', '+33622222222', 'Autre', null],
      ['wamid.2', 'voice', '+33622222222', 'Autre', null],
      ['wamid.3', 'button', '+33622222222', 'Autre', 'Oui, je confirme'],
      ['wamid.4', 'sticker', '+33622222222', 'Autre', null],
    ]);
    expect(messages[1]?.media).toEqual({ id: '99', mimeType: 'audio/ogg', sha256: null, fileName: null, voice: true });
    expect(messages[3]?.media?.mimeType).toBe('application/octet-stream');
    expect(messages[0]?.timestamp).toBe('2025-11-25T09:30:00.000Z');
  });

  it('skips a message with an unreadable timestamp, an empty id or sender, rather than throwing', () => {
    const value = (messages: unknown[]) => ({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'messages', value: { metadata: { phone_number_id: '1' }, messages } }] }],
    });
    const good = { from: '33622222222', id: 'wamid.ok', timestamp: '1764063000', type: 'text', text: { body: 'Bonjour' } };
    const odd = [
      { ...good, id: 'wamid.t1', timestamp: 'demain' },
      { ...good, id: 'wamid.t2', timestamp: '99999999999999999999' },
      { ...good, id: 'wamid.t3', timestamp: '' },
      { ...good, id: '' },
      { ...good, id: 'wamid.f', from: '' },
    ];
    expect(parseWebhook(value([...odd, good])).map((m) => m.id)).toEqual(['wamid.ok']);
  });

  it('refuses what is not a WhatsApp Business payload', () => {
    expect(() => parseWebhook({ object: 'page', entry: [] })).toThrow(expect.objectContaining({ kind: 'INVALID_REQUEST' }));
    expect(() => parseWebhook('nope')).toThrow(expect.objectContaining({ kind: 'INVALID_REQUEST' }));
  });
});

describe('WhatsAppClient media', () => {
  it('gets the media URL, then downloads the voice note with the token, checked against its sha256', async () => {
    const { mediaId } = whatsapp.fake.receive({
      phone: '33621436587',
      name: 'Julien Roussel',
      at: AT,
      media: { type: 'audio', content: voiceNote, mimeType: 'audio/ogg; codecs=opus', voice: true },
    });
    const info = await whatsapp.client.getMediaUrl(mediaId as string, { phoneNumberId: whatsapp.fake.phoneNumberId });
    expect(info).toMatchObject({
      id: mediaId,
      mimeType: 'audio/ogg; codecs=opus',
      fileSize: voiceNote.length,
      sha256: createHash('sha256').update(voiceNote).digest('hex'),
    });
    expect(info.url).toMatch(/\/whatsapp_business\/attachments\/\?mid=/);
    expect(await readAll(await whatsapp.client.downloadMedia(info.url, { sha256: info.sha256 }))).toEqual(voiceNote);
    const download = whatsapp.requests.at(-1);
    expect(download?.authorization).toBe(`Bearer ${whatsapp.fake.accessToken}`);
    // The webhook's base64 form of the digest is accepted too, and no digest means no check.
    const base64 = createHash('sha256').update(voiceNote).digest('base64');
    expect(await readAll(await whatsapp.client.downloadMedia(info.url, { sha256: base64 }))).toEqual(voiceNote);
    expect(await readAll(await whatsapp.client.downloadMedia(info.url))).toEqual(voiceNote);
    expect(await whatsapp.client.readMedia(mediaId as string)).toEqual({
      mimeType: 'audio/ogg; codecs=opus',
      sha256: info.sha256,
      content: voiceNote,
    });
  });

  it('fails the stream when the bytes do not match the sha256', async () => {
    const { mediaId } = whatsapp.fake.receive({
      phone: '33680442109',
      name: 'Claire Daumas',
      at: AT,
      media: { type: 'image', content: facadePng(), mimeType: 'image/png' },
    });
    const info = await whatsapp.client.getMediaUrl(mediaId as string);
    const error = await catchError(
      readAll(await whatsapp.client.downloadMedia(info.url, { sha256: createHash('sha256').update('autre chose').digest('hex') })),
    );
    expect(error).toMatchObject({ kind: 'TEMPORARY', provider: 'WHATSAPP', message: 'downloaded media does not match its sha256' });
    const cut = new ReadableStream({
      start: (c) => c.enqueue(new Uint8Array([0x89, 0x50])),
      // Fails once the first bytes are out, so the cut happens mid-body.
      pull: () => new Promise((_, reject) => setTimeout(() => reject(new Error('connection lost')), 50)),
    });
    whatsapp.failNext('/whatsapp_business/', () => new Response(cut, { status: 200 }));
    // Cut before or after the headers: either way a typed, retryable error.
    expect(await catchError(whatsapp.client.downloadMedia(info.url).then(readAll))).toMatchObject({
      kind: 'TEMPORARY',
      provider: 'WHATSAPP',
    });
    whatsapp.failNext('/whatsapp_business/', () => new Response(null, { status: 200 }));
    expect(await catchError(readAll(await whatsapp.client.downloadMedia(info.url, { sha256: info.sha256 })))).toMatchObject({
      kind: 'TEMPORARY',
    });
  });

  it('maps Graph errors: unknown media, throttling, revoked token', async () => {
    expect(await catchError(whatsapp.client.getMediaUrl('1234567890'))).toMatchObject({ kind: 'NOT_FOUND', status: 400 });
    expect(await catchError(whatsapp.client.downloadMedia(`${whatsapp.origin}/whatsapp_business/attachments/?mid=1`))).toMatchObject({
      kind: 'NOT_FOUND',
      status: 404,
    });
    whatsapp.failNext('/v21.0/', () => graphError(400, 130429, 'Rate limit hit'));
    expect(await catchError(whatsapp.client.getMediaUrl('1'))).toMatchObject({ kind: 'RATE_LIMITED', reason: '130429' });
    const stranger = new WhatsAppClient({ baseUrl: `${whatsapp.origin}/v21.0`, accessToken: 'EAAstolenorguessedtoken1234567890' });
    const refused = await catchError(stranger.getMediaUrl('1'));
    expect(refused).toMatchObject({ kind: 'AUTH_REVOKED', status: 401, reason: '190' });
    expect(refused.message).not.toContain('EAAstolen');
    whatsapp.fake.revokeToken();
    expect(await catchError(whatsapp.client.getMediaUrl('1'))).toMatchObject({ kind: 'AUTH_REVOKED' });
  });
});
