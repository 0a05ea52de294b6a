import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buildWav } from '@monimmo/ai/testing';
import type { Actor } from '@monimmo/contract';
import { newStorageKey, S3Storage, type Storage } from '@monimmo/storage';
import { startS3rver, type S3rverHandle } from '@monimmo/storage/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../../test/harness.ts';
import { sweepStorage } from './storage-sweep.ts';

let h: CoreHarness | undefined;
let s3: S3rverHandle | undefined;
afterEach(async () => {
  await h?.close();
  await s3?.stop();
  h = undefined;
  s3 = undefined;
});

const HOUR = 3_600_000;
const SETTINGS = { graceMs: 24 * HOUR, batchSize: 2 };
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function agency(harness: CoreHarness): Promise<Actor> {
  const s = await harness.services.auth.register(
    {
      organizationName: 'Agence Ménage',
      firstName: 'Léa',
      lastName: 'Morel',
      email: `lea-${Date.now()}-${Math.random()}@menage.fr`,
      password: 'mot-de-passe-lea',
    },
    requestInfo(),
  );
  return harness.services.auth.authenticate(s.accessToken);
}

/** What a crash between storing the bytes and writing the row leaves: an object no row names. */
async function orphan(storage: Storage, orgId: string, kind: 'files' | 'vocals'): Promise<string> {
  const key = newStorageKey(orgId, kind);
  await storage.put({ key, body: Readable.from([Buffer.from('left behind')]), contentType: 'application/octet-stream' });
  return key;
}

async function keysIn(storage: Storage): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.list()) keys.push(object.key);
  return keys.sort();
}

/** A document and a voice note with their rows, and orphans of two agencies. */
async function scene(harness: CoreHarness, storage: Storage) {
  const [a, b] = [await agency(harness), await agency(harness)];
  const file = await harness.services.files.uploadBase64(a, {
    fileName: 'scan.pdf',
    mimeType: 'application/pdf',
    size: pdf.length,
    contentBase64: pdf.toString('base64'),
  });
  const wav = buildWav({ comment: 'Bonjour', seconds: 1 });
  const vocal = await harness.services.vocals.uploadBase64(b, {
    fileName: 'note.wav',
    mimeType: 'audio/wav',
    size: wav.length,
    contentBase64: wav.toString('base64'),
  });
  await harness.queue.idle();
  const orphans = [
    await orphan(storage, a.orgId, 'files'),
    await orphan(storage, a.orgId, 'vocals'),
    await orphan(storage, b.orgId, 'files'),
  ];
  const kept = (await keysIn(storage)).filter((k) => !orphans.includes(k));
  expect(kept).toHaveLength(2);
  return { file, vocal, orphans, kept };
}

describe('storage sweep', () => {
  it('leaves everything younger than the grace period, orphans included', async () => {
    h = await createCoreHarness();
    await scene(h, h.storage);
    const before = await keysIn(h.storage);
    expect(await sweepStorage(h, SETTINGS)).toMatchObject({ removed: 0 });
    expect(await keysIn(h.storage)).toEqual(before);
  });

  it('on disk: removes old objects no row names and old .tmp parts, keeps what rows name and what is not ours', async () => {
    h = await createCoreHarness();
    const { kept } = await scene(h, h.storage);
    const root = join(h.dir, 'storage');
    mkdirSync(join(root, '.tmp'), { recursive: true });
    writeFileSync(join(root, '.tmp', 'crashed-part'), 'half an upload');
    mkdirSync(join(root, 'sauvegardes'));
    writeFileSync(join(root, 'sauvegardes', 'notes.txt'), 'not ours');

    const later = new Date(Date.now() + 25 * HOUR);
    expect(await sweepStorage(h, SETTINGS, later)).toEqual({ checked: 5, removed: 3, parts: 1 });
    expect(await keysIn(h.storage)).toEqual(kept.sort());
    // The rows' objects are still served.
    for (const key of kept) expect(await h.storage.exists(key)).toBe(true);
    expect(await sweepStorage(h, SETTINGS, later)).toEqual({ checked: 2, removed: 0, parts: 0 });
  });

  it('on S3: the same, within the bucket', async () => {
    s3 = await startS3rver();
    h = await createCoreHarness({
      STORAGE_PROVIDER: 's3',
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    expect(h.storage).toBeInstanceOf(S3Storage);
    const { kept } = await scene(h, h.storage);
    const later = new Date(Date.now() + 25 * HOUR);
    expect(await sweepStorage(h, SETTINGS, later)).toEqual({ checked: 5, removed: 3, parts: null });
    expect(await keysIn(h.storage)).toEqual(kept.sort());
  });
});

describe('the storage-sweep job', () => {
  it('runs the sweep with the configured grace period', async () => {
    h = await createCoreHarness({ STORAGE_SWEEP_GRACE_MS: String(HOUR) });
    const { orphans, kept } = await scene(h, h.storage);
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    for (const key of [orphans[0]!, ...kept]) utimesSync(join(h.dir, 'storage', key), twoHoursAgo, twoHoursAgo);
    await h.queue.enqueue(h.services.jobs.storageSweep, {}, { key: 'storage-sweep-test' });
    await h.queue.idle();
    expect(await keysIn(h.storage)).toEqual([...kept, orphans[1]!, orphans[2]!].sort());
  });
});
