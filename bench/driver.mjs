// The database driver alone: @libsql/client's local path against packages/db's LocalClient on
// the same SQLite file, with no HTTP and no API around them. Three statements, each timed as
// `client.execute` + reading the rows by name, then the list and the detail again as prepared
// drizzle queries (drizzle over @libsql/client, against drizzleLocal):
//   list    20 rows of a 1,000-row table joined to their owner, newest first;
//   detail  one row by id, with its owner;
//   select1 `SELECT 1`.
// Every measurement runs BENCH_DRIVER_CALLS calls (default 20,000) after 2,000 untimed, old and
// new interleaved, BENCH_DRIVER_ROUNDS times (default 3); the table gives the median µs/call.
// Both clients must answer the same rows first, or the run aborts.
//
//   node --import tsx bench/driver.mjs      (packages/db is TypeScript, run from source as in dev)
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const root = new URL('..', import.meta.url);
const fromDb = createRequire(new URL('packages/db/package.json', root));
const { createClient } = fromDb('@libsql/client');
const { drizzle } = fromDb('drizzle-orm/libsql');
const { and, desc, eq, sql } = fromDb('drizzle-orm');
const { integer, real, sqliteTable, text } = fromDb('drizzle-orm/sqlite-core');
const { LocalClient } = await import('../packages/db/src/local/client.ts');
const { drizzleLocal } = await import('../packages/db/src/local/drizzle.ts');

const CALLS = Number(process.env.BENCH_DRIVER_CALLS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_DRIVER_ROUNDS ?? 3);
const ROWS = 1_000;
const ORG = 'org-1';

const owners = sqliteTable('owners', {
  id: text('id').primaryKey(),
  firstName: text('first_name'),
  lastName: text('last_name'),
  email: text('email'),
});
const properties = sqliteTable('properties', {
  id: text('id').primaryKey(),
  orgId: text('org_id').notNull(),
  ownerId: text('owner_id').notNull(),
  title: text('title').notNull(),
  address: text('address'),
  postalCode: text('postal_code'),
  city: text('city'),
  price: integer('price'),
  surface: real('surface'),
  rooms: integer('rooms'),
  status: text('status').notNull(),
  details: text('details'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

const LIST_SQL = `SELECT p.*, o.first_name, o.last_name FROM properties p JOIN owners o ON o.id = p.owner_id
  WHERE p.org_id = ? ORDER BY p.created_at DESC, p.id DESC LIMIT 20`;
const DETAIL_SQL = `SELECT p.*, o.first_name, o.last_name, o.email FROM properties p JOIN owners o ON o.id = p.owner_id
  WHERE p.org_id = ? AND p.id = ?`;

async function seed(client) {
  await client.executeMultiple(`PRAGMA journal_mode=WAL;
    CREATE TABLE owners (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT);
    CREATE TABLE properties (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, owner_id TEXT NOT NULL REFERENCES owners(id),
      title TEXT NOT NULL, address TEXT, postal_code TEXT, city TEXT, price INTEGER, surface REAL, rooms INTEGER,
      status TEXT NOT NULL, details TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE INDEX properties_org_created ON properties (org_id, created_at, id);`);
  const statements = [];
  for (let i = 0; i < ROWS; i++) {
    const id = `p-${String(i).padStart(4, '0')}`;
    const at = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
    statements.push({ sql: 'INSERT INTO owners VALUES (?, ?, ?, ?)', args: [`o-${i}`, 'Élodie', `Martin-${i}`, `vendeur${i}@exemple.fr`] });
    statements.push({
      sql: 'INSERT INTO properties VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      args: [
        id,
        ORG,
        `o-${i}`,
        `Appartement ${i % 5} pièces, quartier de l'église`,
        `${i} rue de la République`,
        '13002',
        'Marseille',
        150_000 + i * 1_000,
        40.5 + (i % 80),
        1 + (i % 6),
        'EN_DIFFUSION',
        '{"dpe":"D","etage":2}',
        at,
        at,
      ],
    });
  }
  await client.batch(statements, 'write');
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function time(fn) {
  for (let i = 0; i < 2_000; i++) await fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / CALLS / 1_000;
}

const dir = mkdtempSync(join(tmpdir(), 'monimmo-bench-driver-'));
const file = join(dir, 'driver.db');
const clients = [];
try {
  const old = createClient({ url: `file:${file}`, timeout: 10_000 });
  clients.push(old);
  await seed(old);
  const fresh = new LocalClient({ path: file, timeoutMs: 10_000 });
  clients.push(fresh);
  const dbOld = drizzle(old);
  const dbNew = drizzleLocal(fresh, {});
  const idAt = (i) => `p-${String((i * 7) % ROWS).padStart(4, '0')}`;
  // What a caller does with an answer: read every column of every row by name.
  const readAll = ({ rows, columns }) => {
    let n = 0;
    for (const row of rows) for (const column of columns) if (row[column] !== undefined) n++;
    return n;
  };
  // Prepared once with placeholders, as packages/core prepares its list and detail queries.
  const drizzleList = (db) => {
    const query = db
      .select({ p: properties, firstName: owners.firstName, lastName: owners.lastName })
      .from(properties)
      .innerJoin(owners, eq(owners.id, properties.ownerId))
      .where(eq(properties.orgId, sql.placeholder('orgId')))
      .orderBy(desc(properties.createdAt), desc(properties.id))
      .limit(20)
      .prepare();
    return () => query.all({ orgId: ORG });
  };
  const drizzleDetail = (db) => {
    const query = db
      .select({ p: properties, firstName: owners.firstName, lastName: owners.lastName, email: owners.email })
      .from(properties)
      .innerJoin(owners, eq(owners.id, properties.ownerId))
      .where(and(eq(properties.orgId, sql.placeholder('orgId')), eq(properties.id, sql.placeholder('id'))))
      .prepare();
    return (i) => query.get({ orgId: ORG, id: idAt(i) });
  };
  const targets = {
    list: (c) => async () => readAll(await c.execute({ sql: LIST_SQL, args: [ORG] })),
    detail: (c) => async (i) => readAll(await c.execute({ sql: DETAIL_SQL, args: [ORG, idAt(i)] })),
    select1: (c) => async () => readAll(await c.execute('SELECT 1')),
    'drizzle list': (_, db) => drizzleList(db),
    'drizzle detail': (_, db) => drizzleDetail(db),
  };
  // Same answers first.
  for (const [name, target] of Object.entries(targets)) {
    if (!name.startsWith('drizzle')) continue;
    const a = await target(old, dbOld)(3);
    const b = await target(fresh, dbNew)(3);
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b))))
      throw new Error(`${name}: the clients answer differently`);
  }
  const [a, b] = [await old.execute({ sql: LIST_SQL, args: [ORG] }), await fresh.execute({ sql: LIST_SQL, args: [ORG] })];
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('list: the clients answer differently');

  const load = loadavg()[0];
  const results = Object.fromEntries(Object.keys(targets).map((name) => [name, { old: [], new: [] }]));
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, target] of Object.entries(targets)) {
      results[name].old.push(await time(target(old, dbOld)));
      results[name].new.push(await time(target(fresh, dbNew)));
    }
  console.log(
    `node ${process.version}; ${CALLS} calls per measurement, ${ROUNDS} rounds, median; 1-minute load average ${load.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`,
  );
  console.log('| target | @libsql/client (µs/call) | LocalClient (µs/call) | old / new |');
  console.log('|---|---:|---:|---:|');
  for (const [name, { old: o, new: n }] of Object.entries(results))
    console.log(`| ${name} | ${median(o).toFixed(1)} | ${median(n).toFixed(1)} | ${(median(o) / median(n)).toFixed(2)}x |`);
} finally {
  for (const client of clients) client.close();
  rmSync(dir, { recursive: true, force: true });
}
