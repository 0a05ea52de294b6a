import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '@monimmo/contract/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@monimmo/config';
import { createStorage, LocalStorage, newStorageKey, verifyLocalSignature } from '../src/index.ts';
import { serveLocalDownloads } from './download-server.ts';
import { storageContract } from './storage-contract.ts';
import { generated } from './streams.ts';

const SECRET = 'a-test-signing-secret-of-at-least-32-characters';
const ORG = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

/** Every file under the root, temp files included, relative to it. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

storageContract('local disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'monimmo-storage-'));
  const rootDir = join(dir, 'not', 'yet', 'there');
  // The route needs the storage and the storage needs the route's address.
  const holder: { storage?: LocalStorage } = {};
  const server = await serveLocalDownloads(() => holder.storage!);
  const storage = (holder.storage = new LocalStorage({ rootDir, signingSecret: SECRET, publicBaseUrl: `${server.baseUrl}/` }));
  const pastStorage = new LocalStorage({
    rootDir,
    signingSecret: SECRET,
    publicBaseUrl: server.baseUrl,
    now: () => Date.now() - 3_600_000,
  });
  return {
    storage,
    pastStorage,
    leftovers: async () => filesUnder(rootDir),
    largeBytes: 20 * 1024 * 1024,
    plantForeign: async () => {
      mkdirSync(join(rootDir, 'sauvegardes'), { recursive: true });
      writeFileSync(join(rootDir, 'sauvegardes', 'notes.txt'), 'not ours');
      writeFileSync(join(rootDir, `${ORG}`, 'notes.txt'), 'not ours either');
    },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('local storage', () => {
  let dir: string;
  let storage: LocalStorage;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'monimmo-storage-'));
    storage = new LocalStorage({ rootDir: dir, signingSecret: SECRET, publicBaseUrl: 'https://api.monimmo.fr' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const forbidden = (pathAndQuery: string, reason: string, now?: number) => {
    let error: unknown;
    try {
      verifyLocalSignature(pathAndQuery, { signingSecret: SECRET, now });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', details: { reason } });
  };

  async function signed(fileName = 'Mandat de vente signé.pdf', expiresInSeconds = 300) {
    const key = newStorageKey(ORG, 'files');
    const { url, expiresAt } = await storage.signedDownloadUrl(key, { expiresInSeconds, fileName, contentType: 'application/pdf' });
    const parsed = new URL(url);
    return { key, url, expiresAt, pathAndQuery: parsed.pathname + parsed.search, parsed };
  }

  it('signs URLs on the API origin and verifies them back from the request path', async () => {
    const { key, url, expiresAt, pathAndQuery } = await signed();
    expect(url.startsWith(`https://api.monimmo.fr/storage/${encodeURIComponent(key)}?expires=`)).toBe(true);
    expect(storage.verify(pathAndQuery)).toEqual({
      key,
      fileName: 'Mandat de vente signé.pdf',
      contentType: 'application/pdf',
      expiresAt,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="Mandat de vente signe.pdf"; filename*=UTF-8''Mandat%20de%20vente%20sign%C3%A9.pdf`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
    // Behind a proxy that keeps a prefix, the route sees a longer path: still valid.
    expect(verifyLocalSignature(`/api${pathAndQuery}`, { signingSecret: SECRET }).key).toBe(key);
  });

  it('refuses a tampered signature, key, name, type or expiry', async () => {
    const { key, parsed } = await signed();
    const variant = (change: (u: URL) => void) => {
      const u = new URL(parsed);
      change(u);
      return u.pathname + u.search;
    };
    const sig = parsed.searchParams.get('sig')!;
    forbidden(
      variant((u) => u.searchParams.set('sig', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1))),
      'BAD_SIGNATURE',
    );
    forbidden(
      variant((u) => u.searchParams.set('sig', sig.slice(2))),
      'BAD_SIGNATURE',
    );
    forbidden(
      variant((u) => u.searchParams.delete('sig')),
      'BAD_SIGNATURE',
    );
    forbidden(
      variant((u) => (u.pathname = `/storage/${encodeURIComponent(newStorageKey(ORG, 'files'))}`)),
      'BAD_SIGNATURE',
    );
    forbidden(
      variant((u) => (u.pathname = `/storage/${encodeURIComponent(key.replace(ORG, '0193a1b2-c3d4-7e5f-8a9b-000000000000'))}`)),
      'BAD_SIGNATURE',
    );
    forbidden(
      variant((u) => u.searchParams.set('name', 'autre.pdf')),
      'BAD_SIGNATURE',
    );
    forbidden(
      variant((u) => u.searchParams.set('type', 'text/html')),
      'BAD_SIGNATURE',
    );
    forbidden(
      variant((u) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600))),
      'BAD_SIGNATURE',
    );
    forbidden(
      variant((u) => (u.pathname = '/storage/%E0%A4%A')),
      'BAD_SIGNATURE',
    );
    forbidden(
      variant((u) => (u.pathname = '/elsewhere')),
      'BAD_SIGNATURE',
    );
    // Signed with another secret.
    const other = new LocalStorage({ rootDir: dir, signingSecret: 'x'.repeat(32), publicBaseUrl: 'http://x' });
    const foreign = new URL((await other.signedDownloadUrl(key, { expiresInSeconds: 60, fileName: 'a', contentType: 'text/plain' })).url);
    forbidden(foreign.pathname + foreign.search, 'BAD_SIGNATURE');
  });

  it('refuses an expired URL, from its expiry second on', async () => {
    const { pathAndQuery, expiresAt } = await signed('a.pdf', 60);
    const expiry = Date.parse(expiresAt);
    expect(verifyLocalSignature(pathAndQuery, { signingSecret: SECRET, now: expiry - 1 }).fileName).toBe('a.pdf');
    forbidden(pathAndQuery, 'EXPIRED', expiry);
  });

  it('refuses a signed key that is not a storage key, even with a valid signature', async () => {
    const { createHmac } = await import('node:crypto');
    const key = '../../etc/passwd';
    const sig = createHmac('sha256', SECRET)
      .update(JSON.stringify([key, '9999999999', 'a', 'text/plain']))
      .digest('hex');
    forbidden(`/storage/${encodeURIComponent(key)}?expires=9999999999&name=a&type=text%2Fplain&sig=${sig}`, 'BAD_SIGNATURE');
  });

  it('is what createStorage builds by default, signing URLs under PUBLIC_API_URL', async () => {
    const config = loadConfig({
      LOCAL_STORAGE_DIR: join(dir, 'from-config'),
      PUBLIC_API_URL: 'https://api.monimmo.fr',
      APP_BASE_URL: 'https://app.monimmo.fr',
    });
    const created = createStorage(config);
    expect(created).toBeInstanceOf(LocalStorage);
    expect((created as LocalStorage).rootDir).toBe(join(dir, 'from-config'));
    const key = newStorageKey(ORG, 'files');
    await created.put({ key, body: Readable.from([Buffer.from('x')]), contentType: 'text/plain' });
    const { url } = await created.signedDownloadUrl(key, { expiresInSeconds: 60, fileName: 'x.txt', contentType: 'text/plain' });
    expect(url.startsWith('https://api.monimmo.fr/storage/')).toBe(true);
    const parsed = new URL(url);
    expect(verifyLocalSignature(parsed.pathname + parsed.search, { signingSecret: config.STORAGE_SIGNING_SECRET }).key).toBe(key);
    created.close();
  });

  it('needs a signing secret of 32 characters', () => {
    expect(() => new LocalStorage({ rootDir: dir, signingSecret: 'court', publicBaseUrl: 'http://x' })).toThrow(/32 characters/);
  });

  it('keeps control characters and paths out of Content-Disposition', async () => {
    const { pathAndQuery } = await signed('../../evil\r\nSet-Cookie: a=b.pdf');
    expect(storage.verify(pathAndQuery).headers['content-disposition']).toBe(
      `attachment; filename="evilSet-Cookie: a=b.pdf"; filename*=UTF-8''evilSet-Cookie%3A%20a%3Db.pdf`,
    );
    const { pathAndQuery: lone } = await signed('devis\ud83d.pdf');
    expect(storage.verify(lone).headers['content-disposition']).toBe(
      `attachment; filename="devis_.pdf"; filename*=UTF-8''devis%EF%BF%BD.pdf`,
    );
    const { pathAndQuery: empty } = await signed('dossier/');
    expect(storage.verify(empty).headers['content-disposition']).toBe(`attachment; filename="download"; filename*=UTF-8''download`);
  });

  it('refuses a negative or fractional maxBytes', async () => {
    const key = newStorageKey(ORG, 'files');
    await expect(storage.put({ key, body: Readable.from([]), contentType: 'text/plain', maxBytes: -1 })).rejects.toThrow(RangeError);
    await expect(storage.put({ key, body: Readable.from([]), contentType: 'text/plain', maxBytes: 1.5 })).rejects.toThrow(RangeError);
  });

  it('streams 100 MB through put with flat memory', async () => {
    const size = 100 * 1024 * 1024;
    const key = newStorageKey(ORG, 'vocals');
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = Date.now();
    const stored = await storage.put({ key, body: generated(size), contentType: 'audio/wav', maxBytes: size });
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(stored.size).toBe(size);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(10_000);
    await storage.delete(key);
  });
});

describe('local storage: leftovers of interrupted uploads', () => {
  it('removes the .tmp parts older than the cutoff, and only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'monimmo-storage-'));
    try {
      const storage = new LocalStorage({ rootDir: dir, signingSecret: SECRET, publicBaseUrl: 'http://127.0.0.1' });
      expect(await storage.removeStaleParts(new Date())).toBe(0);
      mkdirSync(join(dir, '.tmp'));
      const old = join(dir, '.tmp', 'crashed-part');
      writeFileSync(old, 'half an upload');
      const dayAgo = new Date(Date.now() - 24 * 3_600_000);
      utimesSync(old, dayAgo, dayAgo);
      writeFileSync(join(dir, '.tmp', 'arriving-part'), 'an upload in progress');
      expect(await storage.removeStaleParts(new Date(Date.now() - 3_600_000))).toBe(1);
      expect(filesUnder(dir)).toEqual([join('.tmp', 'arriving-part')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
