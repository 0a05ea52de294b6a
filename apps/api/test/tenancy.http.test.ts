import type { AppRouter } from '@monimmo/contract';
import { findCrossAgencyReferences } from '@monimmo/db';
import { TRPCClientError } from '@trpc/client';
import { vocalFixture } from '@monimmo/ai/testing';
import { openReviewItem, seedAsset } from '@monimmo/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, register, rest, startApi, trpcClient } from './harness.ts';

const pdf = seedAsset('mandat.pdf');
const m4a = vocalFixture('visite-initiale.m4a');
/** A well-formed id that names nothing anywhere. */
const NOWHERE = '01938a6e-0000-7000-8000-00000000beef';

interface Agency {
  token: string;
  orgId: string;
}
interface Answer {
  status: number;
  json: Record<string, unknown> & { id?: string };
}

let api: ApiHarness;
/** The attacker. */
let ours: Agency;
/** The victim, whose ids the attacker writes into its own bodies. */
let theirs: Agency;
const their = { property: '', contact: '', file: '', message: '' };
const mine = { property: '', file: '', message: '', vocal: '', fileItem: '', messageItem: '', vocalItem: '' };

/** Status and body only: two answers are compared whole. */
async function call(path: string, who: Agency, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const { status, json } = await rest<Answer['json']>(api, path, { token: who.token, method, body, headers });
  return { status, json };
}

function form(bytes: Buffer, fileName: string, type: string, fields: Record<string, string> = {}) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([bytes], { type }), fileName);
  return data;
}

const property = (title: string) => ({
  title,
  address: '3 rue Paradis',
  postalCode: '13001',
  city: 'Marseille',
  owner: { firstName: 'Odile', lastName: `Vendeuse ${title}`, phone: '0611223344' },
});

beforeAll(async () => {
  api = await startApi();
  ours = await register(api);
  theirs = await register(api);

  const victim = await call('/properties', theirs, 'POST', property('Bien de la victime'));
  their.property = victim.json.id!;
  their.contact = (victim.json.owners as { id: string }[])[0]!.id;
  their.file = (
    await call('/files/upload?fileName=mandat.pdf&typeDocument=MANDAT_VENTE_SIGNE', theirs, 'POST', pdf, {
      'content-type': 'application/pdf',
    })
  ).json.id!;
  their.message = (
    await call('/messages', theirs, 'POST', { channel: 'GMAIL', fromAddress: 'x@exemple.fr', body: 'Bonjour', propertyId: their.property })
  ).json.id!;

  mine.property = (await call('/properties', ours, 'POST', property('Bien de l’attaquant'))).json.id!;
  // A type given at upload: no classification job will touch the document afterwards.
  mine.file = (await call('/files/upload?fileName=scan.pdf&typeDocument=DPE', ours, 'POST', pdf, { 'content-type': 'application/pdf' }))
    .json.id!;
  mine.message = (
    await call('/messages', ours, 'POST', { channel: 'GMAIL', fromAddress: 'y@exemple.fr', body: 'Bonjour', propertyId: mine.property })
  ).json.id!;
  mine.vocal = (await call('/vocals/upload?fileName=visite.m4a', ours, 'POST', m4a, { 'content-type': 'audio/mp4' })).json.id!;
  await api.queue.idle();

  // Items waiting for the attacker's own decision, one per kind.
  const open = async (itemType: 'FILE' | 'MESSAGE' | 'VOCAL', itemId: string, reason: string) => {
    await api.database.tx((tx) => openReviewItem(tx, { orgId: ours.orgId, itemType, itemId, reason, payload: {} }));
    const page = await call(`/review-queue?itemType=${itemType}&limit=100`, ours);
    return (page.json.items as { id: string; itemId: string; reason: string }[]).find((i) => i.itemId === itemId && i.reason === reason)!
      .id;
  };
  mine.fileItem = await open('FILE', mine.file, 'FILE_CLASSIFICATION_REVIEW_REQUIRED');
  mine.messageItem = await open('MESSAGE', mine.message, 'MESSAGE_PROPERTY_AMBIGUOUS');
  mine.vocalItem = await open('VOCAL', mine.vocal, 'VOCAL_PROPERTY_AMBIGUOUS');
});
afterAll(() => api.stop());

describe("another agency's id inside a body", () => {
  it('cannot point a document at another agency’s property through SET_TYPE_DOCUMENT, nor learn whether it exists', async () => {
    for (const propertyId of [their.property, NOWHERE]) {
      const res = await call(`/review-queue/${mine.fileItem}/resolve`, ours, 'POST', {
        decision: 'SET_TYPE_DOCUMENT',
        typeDocument: 'DPE',
        propertyId,
      });
      expect(res, propertyId).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });
    }
    const file = await api.database.client.execute({ sql: 'SELECT property_id, type_document FROM files WHERE id = ?', args: [mine.file] });
    expect(file.rows[0]).toMatchObject({ property_id: null, type_document: 'DPE' });
    const queue = await call('/review-queue?itemType=FILE', ours);
    expect((queue.json.items as { id: string }[]).map((i) => i.id)).toContain(mine.fileItem);
  });

  it('answers 404 NOT_FOUND, as for an id that exists nowhere, on every REST operation that takes one', async () => {
    type Attempt = [label: string, send: (id: string) => Promise<Answer>];
    const json = (path: string, method: string, body: (id: string) => unknown): Attempt => [
      `${method} ${path}`,
      (id) => call(path, ours, method, body(id)),
    ];
    const attempts: Attempt[] = [
      json(`/review-queue/${mine.fileItem}/resolve`, 'POST', (propertyId) => ({
        decision: 'SET_TYPE_DOCUMENT',
        typeDocument: 'DPE',
        propertyId,
      })),
      json(`/review-queue/${mine.fileItem}/resolve`, 'POST', (propertyId) => ({ decision: 'ATTACH_PROPERTY', propertyId })),
      json(`/review-queue/${mine.messageItem}/resolve`, 'POST', (propertyId) => ({ decision: 'ATTACH_PROPERTY', propertyId })),
      json(`/review-queue/${mine.vocalItem}/resolve`, 'POST', (propertyId) => ({ decision: 'ATTACH_PROPERTY', propertyId })),
      json(`/review-queue/${mine.vocalItem}/resolve`, 'POST', (propertyId) => ({
        decision: 'SET_VOCAL_TYPE',
        vocalType: 'VISITE_SUIVI',
        propertyId,
      })),
      json('/properties', 'POST', (ownerUserId) => ({ ...property('x'), owner: undefined, ownerUserId })),
      json(`/properties/${mine.property}/participants`, 'POST', (userId) => ({ userId, role: 'NOTAIRE' })),
      json(`/properties/${mine.property}/prospects`, 'POST', (userId) => ({ userId, note: 'Visite' })),
      json(`/files/${mine.file}`, 'PATCH', (propertyId) => ({ propertyId })),
      json('/messages', 'POST', (propertyId) => ({ channel: 'GMAIL', fromAddress: 'z@exemple.fr', body: 'Bonjour', propertyId })),
      json(`/messages/${mine.message}`, 'PATCH', (propertyId) => ({ propertyId })),
      json(`/vocals/${mine.vocal}`, 'PATCH', (propertyId) => ({ propertyId })),
      [
        'POST /files/upload (multipart)',
        (propertyId) => call('/files/upload', ours, 'POST', form(pdf, 'a.pdf', 'application/pdf', { propertyId })),
      ],
      [
        'POST /files/upload (raw)',
        (propertyId) =>
          call(`/files/upload?fileName=a.pdf&propertyId=${propertyId}`, ours, 'POST', pdf, { 'content-type': 'application/pdf' }),
      ],
      json('/files/upload', 'POST', (propertyId) => ({
        fileName: 'a.pdf',
        mimeType: 'application/pdf',
        size: pdf.length,
        contentBase64: pdf.toString('base64'),
        propertyId,
      })),
      [
        'POST /vocals/upload (multipart)',
        (propertyId) => call('/vocals/upload', ours, 'POST', form(m4a, 'a.m4a', 'audio/mp4', { propertyId })),
      ],
      [
        'POST /vocals/upload (raw)',
        (propertyId) => call(`/vocals/upload?fileName=a.m4a&propertyId=${propertyId}`, ours, 'POST', m4a, { 'content-type': 'audio/mp4' }),
      ],
      json('/vocals/upload', 'POST', (propertyId) => ({
        fileName: 'a.m4a',
        mimeType: 'audio/mp4',
        size: m4a.length,
        contentBase64: m4a.toString('base64'),
        propertyId,
      })),
    ];
    const ids = { property: [their.property, NOWHERE], contact: [their.contact, NOWHERE] };
    for (const [label, send] of attempts) {
      for (const id of /\/(participants|prospects)$|^POST \/properties$/.test(label) ? ids.contact : ids.property) {
        const res = await send(id);
        expect(res.status, `${label} with ${id === NOWHERE ? 'an unknown' : "another agency's"} id`).toBe(404);
        expect(res.json.code).toBe('NOT_FOUND');
      }
    }
    // Attachments: another agency's document is not taken, whatever else the message says.
    for (const attachmentIds of [[their.file], [NOWHERE]]) {
      expect(
        await call('/messages', ours, 'POST', { channel: 'GMAIL', fromAddress: 'z@exemple.fr', body: 'Ci-joint', attachmentIds }),
      ).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });
    }
    await api.queue.idle();
    expect(await findCrossAgencyReferences(api.database)).toEqual([]);
  });

  it('a filter on another agency’s id finds nothing, exactly as an unknown id', async () => {
    for (const path of ['/files', '/messages', '/vocals', '/calendar-events']) {
      const foreign = await call(`${path}?propertyId=${their.property}`, ours);
      expect(foreign, path).toMatchObject({ status: 200, json: { items: [] } });
      expect(foreign).toEqual(await call(`${path}?propertyId=${NOWHERE}`, ours));
    }
  });

  it('answers NOT_FOUND over tRPC too', async () => {
    const client = trpcClient(api, { token: ours.token, batch: false });
    const attempts: [string, (id: string) => Promise<unknown>][] = [
      [
        'reviewQueue.resolve SET_TYPE_DOCUMENT',
        (propertyId) =>
          client.reviewQueue.resolve.mutate({ id: mine.fileItem, decision: 'SET_TYPE_DOCUMENT', typeDocument: 'DPE', propertyId }),
      ],
      ['files.update', (propertyId) => client.files.update.mutate({ id: mine.file, propertyId })],
      ['messages.update', (propertyId) => client.messages.update.mutate({ id: mine.message, propertyId })],
      ['vocals.update', (propertyId) => client.vocals.update.mutate({ id: mine.vocal, propertyId })],
      [
        'reviewQueue.resolve ATTACH_PROPERTY (message)',
        (propertyId) => client.reviewQueue.resolve.mutate({ id: mine.messageItem, decision: 'ATTACH_PROPERTY', propertyId }),
      ],
      [
        'reviewQueue.resolve ATTACH_PROPERTY (voice note)',
        (propertyId) => client.reviewQueue.resolve.mutate({ id: mine.vocalItem, decision: 'ATTACH_PROPERTY', propertyId }),
      ],
      [
        'messages.create',
        (propertyId) => client.messages.create.mutate({ channel: 'GMAIL', fromAddress: 'z@exemple.fr', body: 'Bonjour', propertyId }),
      ],
      ['properties.addParticipant', (userId) => client.properties.addParticipant.mutate({ id: mine.property, userId, role: 'NOTAIRE' })],
      ['properties.addProspect', (userId) => client.properties.addProspect.mutate({ id: mine.property, userId })],
      ['properties.create', (ownerUserId) => client.properties.create.mutate({ ...property('x'), owner: undefined, ownerUserId })],
    ];
    for (const [label, send] of attempts) {
      for (const id of label.startsWith('properties.') ? [their.contact, NOWHERE] : [their.property, NOWHERE]) {
        const error = await send(id).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, label).toBeInstanceOf(TRPCClientError);
        expect((error as TRPCClientError<AppRouter>).data?.code, label).toBe('NOT_FOUND');
      }
    }
    expect(await findCrossAgencyReferences(api.database)).toEqual([]);
  });
});
