import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { AppError } from '@monimmo/contract/errors';
import { eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  afterCommit,
  createDb,
  defaultMigrationsFolder,
  migrateDb,
  organizations,
  resolveDatabaseUrl,
  type Database,
} from '../src/index.ts';
import { schemaSnapshot } from './schema-snapshot.ts';

describe('resolveDatabaseUrl', () => {
  it('turns a plain relative path into an absolute file: URL', () => {
    const path = resolve('data/app.db');
    expect(resolveDatabaseUrl('data/app.db')).toEqual({ url: `file:${path}`, kind: 'file', path });
  });

  it('keeps an absolute plain path', () => {
    expect(resolveDatabaseUrl('/var/lib/monimmo/app.db')).toEqual({
      url: 'file:/var/lib/monimmo/app.db',
      kind: 'file',
      path: '/var/lib/monimmo/app.db',
    });
  });

  it('resolves the path of a file: URL', () => {
    const path = resolve('tmp/other.db');
    expect(resolveDatabaseUrl('file:tmp/other.db')).toEqual({ url: `file:${path}`, kind: 'file', path });
    expect(resolveDatabaseUrl('file:/srv/app.db')).toEqual({ url: 'file:/srv/app.db', kind: 'file', path: '/srv/app.db' });
  });

  it('recognises an in-memory database', () => {
    expect(resolveDatabaseUrl(':memory:')).toEqual({ url: ':memory:', kind: 'memory' });
    expect(resolveDatabaseUrl('file::memory:')).toEqual({ url: ':memory:', kind: 'memory' });
  });

  it.each(['libsql://monimmo-acme.turso.io', 'http://127.0.0.1:8080', 'https://db.example.fr', 'ws://127.0.0.1:8080'])(
    'passes the remote URL %s through',
    (url) => {
      expect(resolveDatabaseUrl(url)).toEqual({ url, kind: 'remote' });
    },
  );
});

describe('defaultMigrationsFolder', () => {
  it("finds this package's migrations", () => {
    const folder = defaultMigrationsFolder();
    expect(folder).toBe(fileURLToPath(new URL('../migrations', import.meta.url)).replace(/\/$/, ''));
    expect(existsSync(join(folder, 'meta', '_journal.json'))).toBe(true);
  });
});

describe('createDb on a SQLite file', () => {
  let dir: string;
  let database: Database | undefined;

  const open = async (options?: Parameters<typeof createDb>[1]) => {
    database = await createDb(join(dir, 'nested', 'deeper', 'app.db'), options);
    await migrateDb(database);
    return database;
  };
  const orgNames = async (db: Database) => (await db.db.select({ name: organizations.name }).from(organizations)).map((r) => r.name).sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'monimmo-db-test-'));
  });
  afterEach(() => {
    database?.close();
    database = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the parent folders and the file, in WAL mode', async () => {
    const db = await open();
    expect(db.kind).toBe('file');
    expect(existsSync(join(dir, 'nested', 'deeper', 'app.db'))).toBe(true);
    const { rows } = await db.client.execute('PRAGMA journal_mode');
    expect(rows[0]?.journal_mode).toBe('wal');
    const fk = await db.client.execute('PRAGMA foreign_keys');
    expect(fk.rows[0]?.foreign_keys).toBe(1);
  });

  it('applies the migrations once: a second migrateDb is a no-op', async () => {
    const db = await open();
    const first = await schemaSnapshot(db);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.tables).toEqual(expect.arrayContaining(['organizations', 'users']));

    await db.db.insert(organizations).values({ name: 'Agence du Port' });
    await migrateDb(db);
    expect(await schemaSnapshot(db)).toEqual(first);
    expect(await orgNames(db)).toEqual(['Agence du Port']);
  });

  it('a busy timeout (another process holding the write lock) fails that tx only: later ones commit', async () => {
    const db = await open({ busyTimeoutMs: 100 });
    // Another process writing the same file, as a second client holding BEGIN IMMEDIATE.
    const other = createClient({ url: `file:${join(dir, 'nested', 'deeper', 'app.db')}` });
    const lock = await other.transaction('write');
    // Said as the API's own 503, so no layer above needs to know SQLite's error codes.
    const busy = await db.tx((tx) => tx.insert(organizations).values({ name: 'Agence bloquée' })).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(AppError);
    expect(busy).toMatchObject({
      code: 'UNAVAILABLE',
      details: { reason: 'DATABASE_BUSY', retryAfterSeconds: 1 },
      cause: { code: 'SQLITE_BUSY' },
    });
    await lock.rollback();
    other.close();
    // Without a fresh client, the connection the failed BEGIN left behind fails every COMMIT.
    for (const name of ['Agence A', 'Agence B']) await db.tx((tx) => tx.insert(organizations).values({ name }));
    expect(await orgNames(db)).toEqual(['Agence A', 'Agence B']);
    await db.ping();
  });

  it('tx commits what the callback wrote', async () => {
    const db = await open();
    const id = await db.tx(async (tx) => {
      const [row] = await tx.insert(organizations).values({ name: 'Immo Lyon' }).returning();
      return row!.id;
    });
    const [row] = await db.db.select().from(organizations).where(eq(organizations.id, id));
    expect(row?.name).toBe('Immo Lyon');
  });

  it('tx rolls everything back when the callback throws, and the next tx still runs', async () => {
    const db = await open();
    const failure = new Error('half-way');
    await expect(
      db.tx(async (tx) => {
        await tx.insert(organizations).values({ name: 'Written first' });
        await tx.insert(organizations).values({ name: 'Written second' });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await orgNames(db)).toEqual([]);

    await db.tx((tx) => tx.insert(organizations).values({ name: 'After the failure' }));
    expect(await orgNames(db)).toEqual(['After the failure']);
  });

  it('serialises 20 concurrent transactions that each write and read back (no SQLITE_BUSY)', async () => {
    // A short busy timeout: were two transactions open at once, the second would fail fast.
    const db = await open({ busyTimeoutMs: 250 });
    const names = Array.from({ length: 20 }, (_, i) => `Agence ${String(i).padStart(2, '0')}`);
    const results = await Promise.allSettled(
      names.map((name) =>
        db.tx(async (tx) => {
          const [inserted] = await tx.insert(organizations).values({ name }).returning();
          const seen = await tx.select().from(organizations).where(eq(organizations.id, inserted!.id));
          const total = await tx.select({ id: organizations.id }).from(organizations);
          return { id: inserted!.id, seen: seen[0]?.name, total: total.length };
        }),
      ),
    );
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toEqual([]);
    const values = results.map((r) => (r as PromiseFulfilledResult<{ id: string; seen: string; total: number }>).value);
    expect(values.map((v) => v.seen)).toEqual(names);
    // One at a time, in call order: the n-th transaction sees n rows.
    expect(values.map((v) => v.total)).toEqual(names.map((_, i) => i + 1));
    const stored = await db.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(
        inArray(
          organizations.id,
          values.map((v) => v.id),
        ),
      );
    expect(stored).toHaveLength(20);
  });

  it('ping answers while open and throws once closed', async () => {
    const db = await open();
    await expect(db.ping()).resolves.toBeUndefined();
    db.close();
    await expect(db.ping()).rejects.toThrow();
    database = undefined;
  });
});

describe('afterCommit', () => {
  it('runs its hooks once the transaction committed, and never after a rollback', async () => {
    const database = await createDb(':memory:');
    try {
      await migrateDb(database);
      const seen: string[] = [];
      await database.tx(async (tx) => {
        await tx.insert(organizations).values({ name: 'Validée' });
        afterCommit(tx, () => seen.push('committed'));
        expect(seen).toEqual([]);
      });
      expect(seen).toEqual(['committed']);
      await expect(
        database.tx(async (tx) => {
          afterCommit(tx, () => seen.push('rolled back'));
          throw new Error('abandon');
        }),
      ).rejects.toThrow('abandon');
      expect(seen).toEqual(['committed']);
      expect(() => afterCommit(database.db as never, () => undefined)).toThrow(/Database.tx/);
    } finally {
      database.close();
    }
  });
});

describe('createDb in memory', () => {
  it('migrates, commits through tx, and is not a file', async () => {
    const database = await createDb(':memory:');
    try {
      expect(database.kind).toBe('memory');
      await migrateDb(database);
      await database.tx((tx) => tx.insert(organizations).values({ name: 'En mémoire' }));
      const rows = await database.db.select().from(organizations);
      expect(rows.map((r) => r.name)).toEqual(['En mémoire']);
      const { rows: mode } = await database.client.execute('PRAGMA journal_mode');
      expect(mode[0]?.journal_mode).toBe('memory');
    } finally {
      database.close();
    }
  });
});
