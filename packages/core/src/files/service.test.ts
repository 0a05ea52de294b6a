import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import type { Actor } from '@monimmo/contract';
import { files } from '@monimmo/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, expectAppError, registerActor, type CoreHarness } from '../../test/harness.ts';

const asset = (name: string) => readFileSync(new URL(`../seed-assets/${name}`, import.meta.url));
const pdf = asset('dpe.pdf');
const jpeg = asset('facade.jpg');
const LIMIT = 40_000; // bytes, for both forms in these tests

let h: CoreHarness;
let agent: Actor;
let rival: Actor;

/** Every object under the storage root, temp files included: what a failure must not leave. */
function storedObjects(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  try {
    return walk(join(h.dir, 'storage'));
  } catch {
    return [];
  }
}

const base64 = (bytes: Buffer, overrides: Record<string, unknown> = {}) => ({
  fileName: 'DPE.pdf',
  mimeType: 'application/pdf',
  size: bytes.length,
  contentBase64: bytes.toString('base64'),
  ...overrides,
});

beforeAll(async () => {
  h = await createCoreHarness({ MAX_UPLOAD_BYTES: String(LIMIT), MAX_BASE64_UPLOAD_BYTES: String(LIMIT) });
  agent = await registerActor(h, 'Agence des Docks', 'noemie@docks.fr');
  rival = await registerActor(h, 'Agence Rivale', 'noemie@rivale.fr');
});
afterAll(() => h.close());

describe('uploads', () => {
  it('stores a base64 upload with its real type, size and hash, attached to a property', async () => {
    const property = await h.services.properties.create(agent, {
      title: 'T3 rue Sainte',
      address: '14 rue Sainte',
      postalCode: '13001',
      city: 'Marseille',
      owner: { firstName: 'Jean', lastName: 'Fabre', phone: '0611223344' },
    });
    const file = await h.services.files.uploadBase64(agent, base64(pdf, { propertyId: property.id, typeDocument: 'DPE' }));
    expect(file).toMatchObject({
      mimeType: 'application/pdf',
      size: pdf.length,
      typeDocument: 'DPE',
      family: 'DIAGNOSTICS',
      status: 'CLASSIFIED',
      propertyId: property.id,
      source: 'UPLOAD',
    });
    expect(file.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect((await h.services.properties.get(agent, property.id)).documentCounts.DIAGNOSTICS).toBe(1);
  });

  it('streams an upload, sniffing the type when none is declared', async () => {
    const file = await h.services.files.uploadStream(agent, {
      body: Readable.from([jpeg.subarray(0, 100), jpeg.subarray(100)]),
      fileName: 'Façade côté rue.jpg',
      declaredMimeType: 'application/octet-stream',
    });
    expect(file).toMatchObject({
      mimeType: 'image/jpeg',
      size: jpeg.length,
      status: 'UPLOADED',
      typeDocument: null,
      family: null,
      fileName: 'Façade côté rue.jpg',
    });
  });

  it('accepts exactly the limit and refuses one byte more, leaving nothing behind', async () => {
    const exact = Buffer.concat([pdf, Buffer.alloc(LIMIT - pdf.length, 0x20)]);
    const over = Buffer.concat([exact, Buffer.from(' ')]);
    expect(
      (
        await h.services.files.uploadStream(agent, {
          body: Readable.from([exact]),
          fileName: 'exact.pdf',
          declaredMimeType: 'application/pdf',
        })
      ).size,
    ).toBe(LIMIT);
    const before = storedObjects();
    const rowsBefore = (await h.database.db.select().from(files)).length;
    await expectAppError(
      h.services.files.uploadStream(agent, { body: Readable.from([over]), fileName: 'over.pdf', declaredMimeType: 'application/pdf' }),
      'PAYLOAD_TOO_LARGE',
    );
    await expectAppError(h.services.files.uploadBase64(agent, base64(over)), 'PAYLOAD_TOO_LARGE');
    expect((await h.services.files.uploadBase64(agent, base64(exact))).size).toBe(LIMIT);
    expect(storedObjects()).toHaveLength(before.length + 1);
    expect((await h.database.db.select().from(files)).length).toBe(rowsBefore + 1);
  });

  it('refuses empty files, lying sizes, bad base64, lying or unusable types', async () => {
    const before = storedObjects().length;
    await expectAppError(
      h.services.files.uploadStream(agent, { body: Readable.from([]), fileName: 'vide.pdf', declaredMimeType: 'application/pdf' }),
      'BAD_REQUEST',
      'EMPTY_FILE',
    );
    await expectAppError(h.services.files.uploadBase64(agent, base64(pdf, { size: pdf.length + 1 })), 'BAD_REQUEST');
    await expectAppError(h.services.files.uploadBase64(agent, base64(pdf, { contentBase64: 'pas du base64 !' })), 'BAD_REQUEST');
    await expectAppError(
      h.services.files.uploadBase64(agent, base64(pdf, { mimeType: 'image/png' })),
      'UNSUPPORTED_MEDIA_TYPE',
      'MIME_TYPE_MISMATCH',
    );
    await expectAppError(
      h.services.files.uploadBase64(agent, base64(jpeg, { mimeType: 'application/pdf' })),
      'UNSUPPORTED_MEDIA_TYPE',
      'MIME_TYPE_MISMATCH',
    );
    const script = Buffer.from('#!/bin/sh\nrm -rf /\n');
    await expectAppError(
      h.services.files.uploadBase64(agent, base64(script, { mimeType: 'text/plain', fileName: 'x.sh' })),
      'UNSUPPORTED_MEDIA_TYPE',
      'FILE_TYPE_NOT_ACCEPTED',
    );
    expect(storedObjects()).toHaveLength(before);
  });

  it('accepts aliases of the real type', async () => {
    expect((await h.services.files.uploadBase64(agent, base64(jpeg, { mimeType: 'image/jpg', fileName: 'photo.jpg' }))).mimeType).toBe(
      'image/jpeg',
    );
  });

  it("refuses another agency's property, with nothing stored", async () => {
    const theirs = await h.services.properties.create(rival, {
      title: 'T2',
      address: '1 rue A',
      postalCode: '13001',
      city: 'Marseille',
      owner: { firstName: 'A', lastName: 'B', phone: '0600000000' },
    });
    const before = storedObjects().length;
    await expectAppError(h.services.files.uploadBase64(agent, base64(pdf, { propertyId: theirs.id })), 'NOT_FOUND');
    expect(storedObjects()).toHaveLength(before);
  });

  it('removes the stored object when the row cannot be written', async () => {
    const before = storedObjects().length;
    // an actor of an agency that does not exist: the insert fails on its foreign key
    const ghost: Actor = { ...agent, orgId: '01938a6e-0000-7000-8000-00000000beef' };
    await expect(h.services.files.uploadBase64(ghost, base64(pdf))).rejects.toThrow();
    expect(storedObjects()).toHaveLength(before);
  });
});

describe('reading and editing', () => {
  it('lists with filters and name search, edits, and isolates agencies', async () => {
    const a = await h.services.files.uploadBase64(
      agent,
      base64(pdf, { fileName: 'Électricité - diagnostic.pdf', typeDocument: 'ELECTRICITE' }),
    );
    const found = await h.services.files.list(agent, { limit: 10, q: 'electricite' });
    expect(found.items.map((f) => f.id)).toEqual([a.id]);
    expect((await h.services.files.list(agent, { limit: 50, typeDocument: 'ELECTRICITE' })).items.map((f) => f.id)).toEqual([a.id]);
    expect((await h.services.files.list(agent, { limit: 50, status: 'UPLOADED' })).items.every((f) => f.status === 'UPLOADED')).toBe(true);
    const page1 = await h.services.files.list(agent, { limit: 2 });
    const page2 = await h.services.files.list(agent, { limit: 2, cursor: page1.nextCursor ?? undefined });
    expect(page2.items.map((f) => f.id)).not.toContain(page1.items[0]?.id);

    const property = await h.services.properties.create(agent, {
      title: 'Maison',
      address: '2 rue B',
      postalCode: '13008',
      city: 'Marseille',
      owner: { firstName: 'C', lastName: 'D', phone: '0600000002' },
    });
    const edited = await h.services.files.update(agent, { id: a.id, propertyId: property.id, typeDocument: 'AMIANTE' });
    expect(edited).toMatchObject({ propertyId: property.id, typeDocument: 'AMIANTE', status: 'CLASSIFIED' });
    expect((await h.services.files.list(agent, { limit: 10, propertyId: property.id })).items.map((f) => f.id)).toEqual([a.id]);
    const detached = await h.services.files.update(agent, { id: a.id, propertyId: null, typeDocument: null, status: 'REVIEW_REQUIRED' });
    expect(detached).toMatchObject({ propertyId: null, typeDocument: null, status: 'REVIEW_REQUIRED' });

    await expectAppError(h.services.files.get(rival, a.id), 'NOT_FOUND');
    await expectAppError(h.services.files.update(rival, { id: a.id, status: 'CLASSIFIED' }), 'NOT_FOUND');
    await expectAppError(h.services.files.downloadUrl(rival, a.id), 'NOT_FOUND');
    expect((await h.services.files.list(rival, { limit: 10, q: 'electricite' })).items).toEqual([]);
    const theirs = await h.services.properties.create(rival, {
      title: 'T2',
      address: '1 rue A',
      postalCode: '13001',
      city: 'Marseille',
      owner: { firstName: 'A', lastName: 'B', phone: '0600000003' },
    });
    await expectAppError(h.services.files.update(agent, { id: a.id, propertyId: theirs.id }), 'NOT_FOUND');
  });

  it('gives a signed, expiring download URL', async () => {
    const f = await h.services.files.uploadBase64(agent, base64(pdf));
    const { url, expiresAt } = await h.services.files.downloadUrl(agent, f.id);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/storage\//);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(200_000);
  });
});
