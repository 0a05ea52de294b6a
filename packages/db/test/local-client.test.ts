import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type InStatement, LibsqlBatchError, LibsqlError, type ResultSet } from '@libsql/client';
import { asc, eq, relations, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { blob, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalClient } from '../src/local/client.ts';
import { drizzleLocal } from '../src/local/drizzle.ts';

let dir: string;
let path: string;
const opened: { close(): void }[] = [];
const local = (options: Partial<ConstructorParameters<typeof LocalClient>[0]> = {}) => {
  const client = new LocalClient({ path, timeoutMs: 1_000, ...options });
  opened.push(client);
  return client;
};
/** @libsql/client (on the same file by default): the reference the local client must answer like. */
const reference = (file = path) => {
  const client = createClient({ url: `file:${file}`, timeout: 1_000 });
  opened.push(client);
  return client;
};
/** A row as its reader sees it: values by index, enumerable names, length. */
const shape = (row: ResultSet['rows'][number]) => ({
  values: Array.from({ length: row.length }, (_, i) => row[i]),
  named: Object.fromEntries(Object.keys(row).map((k) => [k, row[k]])),
  length: row.length,
});
const answer = (r: ResultSet) => ({
  columns: r.columns,
  columnTypes: r.columnTypes,
  rows: r.rows.map(shape),
  rowsAffected: r.rowsAffected,
  lastInsertRowid: r.lastInsertRowid,
  json: JSON.stringify(r),
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'monimmo-local-client-'));
  path = join(dir, 'local.db');
});
afterEach(() => {
  for (const client of opened.splice(0)) client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('LocalClient: kept statements', () => {
  it('compiles a SQL text once, whatever its arguments', async () => {
    const client = local();
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const before = client.preparedStatements;
    for (const v of ['a', 'b', 'c']) await client.execute({ sql: 'INSERT INTO t (v) VALUES (?)', args: [v] });
    for (let i = 1; i <= 3; i++) await client.execute({ sql: 'SELECT v FROM t WHERE id = ?', args: [i] });
    expect(client.preparedStatements - before).toBe(2);
    const { rows } = await client.execute({ sql: 'SELECT v FROM t WHERE id = ?', args: [2] });
    expect(rows[0]?.v).toBe('b');
    expect(client.preparedStatements - before).toBe(2);
  });

  it('drops the least recently used statement past its bound', async () => {
    const client = local({ statementCacheSize: 2 });
    const run = (n: number) => client.execute(`SELECT ${n} AS n`);
    await run(1);
    await run(2);
    await run(1); // 1 is now the most recent: 2 goes first
    await run(3);
    expect(client.cachedStatements).toBe(2);
    const before = client.preparedStatements;
    await run(1);
    await run(3);
    expect(client.preparedStatements).toBe(before);
    await run(2);
    expect(client.preparedStatements).toBe(before + 1);
  });

  it('forgets its statements after DDL: SELECT * sees a new column', async () => {
    const client = local();
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    await client.execute("INSERT INTO t (v) VALUES ('a')");
    expect((await client.execute('SELECT * FROM t')).columns).toEqual(['id', 'v']);
    expect(client.cachedStatements).toBeGreaterThan(0);

    await client.execute('  -- a comment first\n ALTER TABLE t ADD COLUMN w TEXT');
    expect(client.cachedStatements).toBe(0);
    await client.execute("UPDATE t SET w = 'new'");
    const after = await client.execute('SELECT * FROM t');
    expect(after.columns).toEqual(['id', 'v', 'w']);
    expect(after.rows[0]).toMatchObject({ id: 1, v: 'a', w: 'new' });
  });

  it('sees a column another connection added under a kept SELECT *', async () => {
    const client = local();
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    await client.execute("INSERT INTO t (v) VALUES ('a')");
    await client.execute('SELECT * FROM t');
    const other = reference();
    await other.execute("ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'ailleurs'");
    const after = await client.execute('SELECT * FROM t');
    expect(after.columns).toEqual(['id', 'v', 'w']);
    expect(after.rows[0]?.w).toBe('ailleurs');
  });

  it('forgets its statements after a script or a migration', async () => {
    const client = local();
    await client.execute('SELECT 1');
    await client.executeMultiple('CREATE TABLE a (x); CREATE TABLE b (y);');
    expect(client.cachedStatements).toBe(0);
    await client.execute('SELECT * FROM a');
    await client.migrate([{ sql: 'ALTER TABLE a ADD COLUMN z', args: [] }]);
    expect(client.cachedStatements).toBe(0);
    expect((await client.execute('SELECT * FROM a')).columns).toEqual(['x', 'z']);
  });
});

describe('LocalClient: answers as @libsql/client does', () => {
  const setup = `CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, n NUMERIC);
    INSERT INTO t (i, r, s, b, n) VALUES (0, 0.5, 'é à ç « »', x'00ff10', NULL),
      (9007199254740991, -1.25e300, '', x'', 12), (-9007199254740991, 3.0, NULL, NULL, 1.5);`;
  const queries: InStatement[] = [
    'SELECT * FROM t ORDER BY id',
    'SELECT id, s AS name, s AS name, i AS length, r AS "0", 1 FROM t ORDER BY id',
    "SELECT count(*), typeof(?) AS ty, ? AS echo FROM t WHERE s <> 'x'",
    { sql: 'SELECT ? AS a, ? AS b, ? AS c, ? AS d, ? AS e, ? AS f', args: [1, 2.5, 'deux', null, true, new Date(1_700_000_000_000)] },
    { sql: 'SELECT :x AS x, @y AS y, $z AS z', args: { ':x': 1, '@y': 'y', $z: null } },
    { sql: 'SELECT ? AS blob', args: [new Uint8Array([1, 2, 3]).buffer] },
    { sql: 'SELECT ? AS big', args: [9007199254740991n] },
    { sql: 'INSERT INTO t (s) VALUES (?)', args: ['nouveau'] },
    { sql: "UPDATE t SET s = 'x' WHERE id > ?", args: [1] },
    { sql: 'INSERT INTO t (s) VALUES (?) RETURNING id, s', args: ['retour'] },
    'DELETE FROM t WHERE id = 4',
    'PRAGMA table_info(t)',
    'SELECT * FROM t WHERE 0',
  ];

  it('gives the same columns, types, rows, counts and JSON for the same statements', async () => {
    // Two files with the same contents, so each write has the same effect on both.
    const ours = local();
    await ours.executeMultiple(setup);
    const theirs = reference(join(dir, 'reference.db'));
    await theirs.executeMultiple(setup);
    for (const query of queries) {
      expect(answer(await ours.execute(query))).toEqual(answer(await theirs.execute(query)));
    }
  });

  it('round-trips integers at their bounds, reals, text, blobs and nulls', async () => {
    const client = local({ intMode: 'bigint' });
    await client.execute('CREATE TABLE v (x)');
    const values = [-(2n ** 63n), 2n ** 63n - 1n, 0n, 1.5, -0.25, 'texte accentué', new Uint8Array([0, 255]).buffer, null];
    for (const x of values) await client.execute({ sql: 'INSERT INTO v (x) VALUES (?)', args: [x] });
    const { rows } = await client.execute('SELECT x, typeof(x) AS type FROM v ORDER BY rowid');
    expect(rows.map((r) => r.type)).toEqual(['integer', 'integer', 'integer', 'real', 'real', 'text', 'blob', 'null']);
    expect(rows.slice(0, 6).map((r) => r.x)).toEqual(values.slice(0, 6));
    expect([...new Uint8Array(rows[6]!.x as ArrayBuffer)]).toEqual([0, 255]);
    expect(rows[7]!.x).toBeNull();
  });

  it('reads and binds integers as strings or bigints when asked, like @libsql/client', async () => {
    const strings = local({ intMode: 'string' });
    const { rows } = await strings.execute({ sql: 'SELECT ? AS t, ? AS f, 9223372036854775807 AS max', args: [true, false] });
    expect(rows[0]).toEqual({ t: '1', f: '0', max: '9223372036854775807' });
    const bigints = local({ intMode: 'bigint' });
    expect((await bigints.execute({ sql: 'SELECT ? AS t', args: [true] })).rows[0]?.t).toBe(1n);
  });

  it('refuses what @libsql/client refuses, with the same errors', async () => {
    const ours = local();
    const theirs = reference();
    for (const client of [ours, theirs]) {
      await client.execute('CREATE TABLE IF NOT EXISTS big (x)');
      await client.execute({ sql: 'INSERT INTO big VALUES (?)', args: [2n ** 62n] });
    }
    const attempts = [
      { sql: 'SELECT x FROM big', args: [] },
      { sql: 'SELECT ?', args: [Number.NaN] },
      { sql: 'SELECT ?', args: [2n ** 63n] },
      { sql: 'SELECT ?', args: [undefined] },
      { sql: 'SELECT * FROM nowhere', args: [] },
      { sql: 'SELEC 1', args: [] },
    ];
    for (const stmt of attempts) {
      const mine = await ours.execute(stmt as never).catch((e: unknown) => e);
      const ref = await theirs.execute(stmt as never).catch((e: unknown) => e);
      expect(mine).toBeInstanceOf(Error);
      expect({ type: (mine as Error).constructor.name, message: (mine as Error).message, code: (mine as LibsqlError).code }).toEqual({
        type: (ref as Error).constructor.name,
        message: (ref as Error).message,
        code: (ref as LibsqlError).code,
      });
    }
  });

  it('names a constraint failure by its base and extended codes', async () => {
    const client = local();
    await client.execute('CREATE TABLE u (v TEXT NOT NULL)');
    const error = await client.execute('INSERT INTO u VALUES (NULL)').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibsqlError);
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT', extendedCode: 'SQLITE_CONSTRAINT_NOTNULL', rawCode: 1299 });
  });
});

describe('LocalClient: transactions', () => {
  it('commits, rolls back, and a failed statement inside does not block the COMMIT', async () => {
    const client = local();
    await client.execute('CREATE TABLE u (v TEXT NOT NULL)');
    const committed = await client.transaction('write');
    await committed.execute("INSERT INTO u VALUES ('gardé')");
    await expect(committed.execute('INSERT INTO u VALUES (NULL)')).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    await committed.execute("INSERT INTO u VALUES ('aussi')");
    await committed.commit();
    expect(committed.closed).toBe(true);

    const batched = await client.transaction('write');
    const [first, count] = await batched.batch([{ sql: 'INSERT INTO u VALUES (?)', args: ['lot'] }, 'SELECT count(*) AS n FROM u']);
    expect([first?.rowsAffected, count?.rows[0]?.n]).toEqual([1, 3]);
    await expect(batched.batch(['INSERT INTO u VALUES (NULL)'])).rejects.toMatchObject({ statementIndex: 0, code: 'SQLITE_CONSTRAINT' });
    await batched.executeMultiple("INSERT INTO u VALUES ('script'); DELETE FROM u WHERE v = 'lot';");
    await batched.commit();

    const rolledBack = await client.transaction('write');
    await rolledBack.execute("INSERT INTO u VALUES ('annulé')");
    await rolledBack.rollback();
    await expect(rolledBack.execute('SELECT 1')).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });

    const closedEarly = await client.transaction('deferred');
    await closedEarly.execute("INSERT INTO u VALUES ('fermé')");
    closedEarly.close();
    expect((await client.execute('SELECT v FROM u ORDER BY rowid')).rows.map((r) => r.v)).toEqual(['gardé', 'aussi', 'script']);
  });

  it('lets readers read the last commit while a write transaction is open', async () => {
    const client = local();
    await client.execute('CREATE TABLE u (v TEXT)');
    await client.execute('PRAGMA journal_mode=WAL');
    await client.execute("INSERT INTO u VALUES ('avant')");
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO u VALUES ('pendant')");
    const seen = await Promise.all([1, 2, 3].map(() => client.execute('SELECT count(*) AS n FROM u')));
    expect(seen.map((r) => r.rows[0]?.n)).toEqual([1, 1, 1]);
    expect((await tx.execute('SELECT count(*) AS n FROM u')).rows[0]?.n).toBe(2);
    await tx.commit();
    expect((await client.execute('SELECT count(*) AS n FROM u')).rows[0]?.n).toBe(2);
    // The reads ran to completion: another process can take the write lock and checkpoint.
    const other = reference();
    await other.execute("INSERT INTO u VALUES ('ailleurs')");
    expect((await client.execute('SELECT count(*) AS n FROM u')).rows[0]?.n).toBe(3);
  });

  it('answers SQLITE_BUSY when another process holds the write lock, then recovers', async () => {
    const client = local({ timeoutMs: 50 });
    expect((await client.execute('PRAGMA busy_timeout')).rows[0]?.[0]).toBe(50);
    await client.execute('CREATE TABLE u (v TEXT)');
    const other = reference();
    const lock = await other.transaction('write');
    const busy = await client.transaction('write').catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(LibsqlError);
    expect(busy).toMatchObject({ code: 'SQLITE_BUSY', extendedCode: 'SQLITE_BUSY' });
    await lock.rollback();
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO u VALUES ('enfin')");
    await tx.commit();
    expect((await other.execute('SELECT v FROM u')).rows.map((r) => r.v)).toEqual(['enfin']);
  });

  it('runs a batch atomically and says which statement failed', async () => {
    const client = local();
    await client.execute('CREATE TABLE u (v TEXT NOT NULL)');
    const results = await client.batch(
      [["INSERT INTO u VALUES ('un')"], { sql: 'INSERT INTO u VALUES (?)', args: ['deux'] }, 'SELECT count(*) AS n FROM u'],
      'write',
    );
    expect(results.map((r) => r.rowsAffected)).toEqual([1, 1, 0]);
    expect(results[2]?.rows[0]?.n).toBe(2);
    const failed = await client.batch(["INSERT INTO u VALUES ('trois')", 'INSERT INTO u VALUES (NULL)']).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(LibsqlBatchError);
    expect(failed).toMatchObject({ statementIndex: 1, code: 'SQLITE_CONSTRAINT' });
    expect((await client.execute('SELECT count(*) AS n FROM u')).rows[0]?.n).toBe(2);
  });

  it('rolls back a transaction a statement or a script left open', async () => {
    const client = local();
    await client.execute('CREATE TABLE u (v TEXT)');
    await client.execute('BEGIN');
    await client.executeMultiple("BEGIN; INSERT INTO u VALUES ('orphelin');");
    const tx = await client.transaction('write');
    expect((await tx.execute('SELECT count(*) AS n FROM u')).rows[0]?.n).toBe(0);
    await tx.commit();
  });

  it('has one connection in memory: a second user waits for the transaction to end', async () => {
    const client = local({ path: ':memory:' });
    const tx = await client.transaction('write');
    await expect(client.execute('SELECT 1')).rejects.toMatchObject({ code: 'TRANSACTION_ACTIVE' });
    await expect(client.transaction()).rejects.toMatchObject({ code: 'TRANSACTION_ACTIVE' });
    await tx.commit();
    await expect(client.execute('SELECT 1 AS one')).resolves.toMatchObject({ columns: ['one'] });
  });
});

describe('LocalClient: closing', () => {
  it('refuses every call once closed, ends open transactions, and reconnects', async () => {
    const client = local();
    await client.execute('CREATE TABLE u (v TEXT)');
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO u VALUES ('perdu')");
    client.close();
    expect(client.closed).toBe(true);
    expect(tx.closed).toBe(true);
    await expect(tx.commit()).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
    await expect(client.execute('SELECT 1')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(client.transaction()).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(client.batch(['SELECT 1'])).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(client.sync()).rejects.toMatchObject({ code: 'SYNC_NOT_SUPPORTED' });
    client.reconnect();
    expect(client.closed).toBe(false);
    expect((await client.execute('SELECT count(*) AS n FROM u')).rows[0]?.n).toBe(0);
  });

  it('fails at once on a file it cannot open, as @libsql/client does', () => {
    const missing = join(dir, 'missing', 'deeper', 'x.db');
    const error = (open: () => unknown) => {
      try {
        open();
      } catch (e) {
        return e;
      }
      throw new Error('opened');
    };
    const mine = error(() => new LocalClient({ path: missing }));
    expect(mine).toBeInstanceOf(Error);
    expect(mine).toEqual(error(() => createClient({ url: `file:${missing}` })));
  });
});

// A schema of its own, with relations, for every way drizzle reads rows.
const agencies = sqliteTable('agencies', { id: integer('id').primaryKey(), name: text('name').notNull() });
const agents = sqliteTable('agents', {
  id: integer('id').primaryKey(),
  agencyId: integer('agency_id')
    .notNull()
    .references(() => agencies.id),
  name: text('name').notNull(),
  score: real('score'),
  active: integer('active', { mode: 'boolean' }).notNull(),
  photo: blob('photo', { mode: 'buffer' }),
  big: blob('big', { mode: 'bigint' }),
});
const agencyRelations = relations(agencies, ({ many }) => ({ agents: many(agents) }));
const agentRelations = relations(agents, ({ one }) => ({
  agency: one(agencies, { fields: [agents.agencyId], references: [agencies.id] }),
}));
const schema = { agencies, agents, agencyRelations, agentRelations };

describe('drizzleLocal', () => {
  it('answers every kind of drizzle query as drizzle over @libsql/client does', async () => {
    const ours = drizzleLocal(local(), schema);
    const theirs = drizzle(reference(), { schema });
    await ours.run(sql`CREATE TABLE agencies (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`);
    await ours.run(
      sql`CREATE TABLE agents (id INTEGER PRIMARY KEY, agency_id INTEGER NOT NULL REFERENCES agencies(id), name TEXT NOT NULL, score REAL, active INTEGER NOT NULL, photo BLOB, big BLOB)`,
    );
    const inserted = await ours
      .insert(agencies)
      .values([{ name: 'Vieux-Port' }, { name: 'Panier' }])
      .returning();
    expect(inserted).toEqual([
      { id: 1, name: 'Vieux-Port' },
      { id: 2, name: 'Panier' },
    ]);
    await ours.insert(agents).values([
      { agencyId: 1, name: 'Élodie', score: 4.5, active: true, photo: Buffer.from([1, 2]), big: 2n ** 60n },
      { agencyId: 1, name: 'Marc', score: null, active: false, photo: null, big: null },
      { agencyId: 2, name: 'Inès', score: 3, active: true, photo: Buffer.from([]), big: 0n },
    ]);

    const reads = (db: typeof ours) => [
      () => db.select().from(agents).orderBy(asc(agents.id)),
      () =>
        db
          .select({ agent: agents.name, agency: agencies.name })
          .from(agents)
          .innerJoin(agencies, eq(agents.agencyId, agencies.id))
          .orderBy(asc(agents.id)),
      () => db.select().from(agencies).leftJoin(agents, eq(agents.agencyId, agencies.id)).orderBy(asc(agencies.id), asc(agents.id)),
      () => db.select().from(agents).where(eq(agents.id, 2)).get(),
      () => db.select().from(agents).where(eq(agents.id, 99)).get(),
      () =>
        db.query.agencies.findMany({
          with: { agents: { columns: { id: true, name: true, score: true, active: true }, orderBy: [asc(agents.id)] } },
          orderBy: [asc(agencies.id)],
        }),
      () => db.query.agents.findFirst({ where: eq(agents.name, 'Inès'), with: { agency: true } }),
      () => db.all(sql`SELECT name, score FROM agents ORDER BY id`),
      () => db.get(sql`SELECT count(*) AS n FROM agents`),
      () => db.batch([db.select().from(agencies).orderBy(asc(agencies.id)), db.select({ n: sql<number>`count(*)` }).from(agents)]),
      () => db.update(agents).set({ score: 5 }).where(eq(agents.id, 3)).returning({ id: agents.id, score: agents.score }),
    ];
    const mine = reads(ours);
    const ref = reads(theirs as unknown as typeof ours);
    for (let i = 0; i < mine.length; i++) {
      const a = await mine[i]!();
      const b = await ref[i]!();
      expect(a, `query ${i}`).toEqual(b);
    }
    // values() answers what its type says, unknown[][]: real arrays here, row objects there.
    const valueReads = (db: typeof ours) => [
      () => db.select({ id: agents.id, name: agents.name }).from(agents).orderBy(asc(agents.id)).values(),
      () => db.values(sql`SELECT id, name FROM agencies ORDER BY id`),
    ];
    const theirValues = valueReads(theirs as unknown as typeof ours);
    for (const [i, read] of valueReads(ours).entries()) {
      const values = await read();
      expect(values.every((row) => Array.isArray(row))).toBe(true);
      expect(values).toEqual((await theirValues[i]!()).map((row) => Array.prototype.slice.call(row)));
    }
  });

  it('keeps drizzle transactions: commit, rollback on throw, nested savepoints', async () => {
    const db = drizzleLocal(local(), schema);
    await db.run(sql`CREATE TABLE agencies (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`);
    await db.transaction(async (tx) => {
      await tx.insert(agencies).values({ name: 'Gardée' });
      await tx
        .transaction(async (inner) => {
          await inner.insert(agencies).values({ name: 'Annulée' });
          throw new Error('savepoint');
        })
        .catch(() => undefined);
      await tx.transaction((inner) => inner.insert(agencies).values({ name: 'Imbriquée' }));
      // A statement that fails inside the transaction must not block its COMMIT.
      await expect(tx.insert(agencies).values({ name: null as unknown as string })).rejects.toThrow();
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(agencies).values({ name: 'Perdue' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await db.select({ name: agencies.name }).from(agencies).orderBy(asc(agencies.id))).map((r) => r.name)).toEqual([
      'Gardée',
      'Imbriquée',
    ]);
  });
});
