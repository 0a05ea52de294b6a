import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateDb, organizations, users, type Database } from '../src/index.ts';
import { startSqld, type SqldServer } from './sqld.ts';
import { schemaSnapshot } from './schema-snapshot.ts';

describe('over a real libSQL server (sqld)', () => {
  let server: SqldServer;
  let database: Database;

  beforeAll(async () => {
    server = await startSqld();
    database = await createDb(server.url);
  });
  afterAll(async () => {
    database?.close();
    await server?.stop();
  });

  it('is reached over http://127.0.0.1:<port> as a remote database', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(database.kind).toBe('remote');
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('applies the committed migrations, and a second migrateDb is a no-op', async () => {
    await migrateDb(database);
    const first = await schemaSnapshot(database);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.tables).toEqual(expect.arrayContaining(['organizations', 'users', 'sessions']));

    await migrateDb(database);
    expect(await schemaSnapshot(database)).toEqual(first);

    // The same schema as the same migrations give a local SQLite database.
    const local = await createDb(':memory:');
    try {
      await migrateDb(local);
      expect((await schemaSnapshot(local)).objects).toEqual(first.objects);
    } finally {
      local.close();
    }
  });

  it('commits and rolls back transactions, with foreign keys enforced', async () => {
    const orgId = await database.tx(async (tx) => {
      const [org] = await tx.insert(organizations).values({ name: 'Agence Distante' }).returning();
      return org!.id;
    });
    const failure = new Error('half-way');
    await expect(
      database.tx(async (tx) => {
        await tx.insert(organizations).values({ name: 'Never stored' });
        throw failure;
      }),
    ).rejects.toBe(failure);
    await expect(
      database.db.insert(users).values({ orgId: 'no-such-org', accountType: 'CLIENT', firstName: 'A', lastName: 'B' }),
    ).rejects.toMatchObject({ cause: { code: 'SQLITE_CONSTRAINT' } });

    const names = (await database.db.select({ name: organizations.name }).from(organizations)).map((r) => r.name);
    expect(names).toEqual(['Agence Distante']);
    const [org] = await database.db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org?.name).toBe('Agence Distante');
  });
});

describe('startSqld', () => {
  it('fails, with the server output, when sqld cannot start', async () => {
    await expect(startSqld({ env: { SQLD_AUTH_JWT_KEY: 'not-a-key' } })).rejects.toThrow(/sqld exited \(1\)[^]*JWT/);
  });
});
