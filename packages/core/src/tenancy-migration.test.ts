import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@monimmo/contract';
import { createDb, defaultMigrationsFolder, findCrossAgencyReferences, migrateDb, type Database } from '@monimmo/db';
import { afterAll, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../test/harness.ts';
import { createLogger } from './logger.ts';
import { startRuntime } from './runtime.ts';
import { DEMO_LOGIN, seedDemo } from './seed.ts';

const MIGRATION = '0008_tenancy_foreign_keys';
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'monimmo-tenancy-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The committed migrations up to `tag` (included or not): a database as it was before or just after it. */
function migrationsUpTo(tag: string, { including }: { including: boolean }): string {
  const folder = tempDir();
  cpSync(defaultMigrationsFolder(), folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string; idx: number }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, including ? at + 1 : at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

async function schemaObjects({ client }: Database, type: 'index' | 'trigger' | 'view' | 'table') {
  const { rows } = await client.execute({
    sql: "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name",
    args: [type],
  });
  return rows.map((r) => ({ name: String(r.name), table: String(r.tbl_name), sql: r.sql === null ? null : String(r.sql) }));
}

async function rowCounts({ client }: Database) {
  const counts: Record<string, number> = {};
  // FTS5's own shadow tables merge their segments as they please: the FTS tables' rows are counted instead.
  for (const { name } of await schemaObjects({ client } as Database, 'table')) {
    if (/_fts_(data|idx|config|content|docsize)$/.test(name)) continue;
    const { rows } = await client.execute(`SELECT count(*) AS n FROM "${name}"`);
    counts[name] = Number(rows[0]!.n);
  }
  return counts;
}

describe(`migration ${MIGRATION}`, () => {
  let h: CoreHarness | undefined;
  afterAll(() => h?.close());

  it('upgrades a database filled by the demo seed: cross-agency rows recorded and cleared, everything else kept, search alive', async () => {
    h = await createCoreHarness({}, { migrationsFolder: migrationsUpTo(MIGRATION, { including: false }) });
    const { services, database } = h;
    // Today's services read and write the columns later migrations give messages (the decision,
    // the sender key); this older database gets them for the seed as plain columns (this
    // migration's rebuild of messages leaves them behind, and the later ones add them for real).
    for (const column of ['property_set_by', 'property_set_by_user_id', 'property_set_at', 'ai_decision', 'sender_key'])
      await database.client.execute(`ALTER TABLE messages ADD COLUMN ${column} text`);
    await seedDemo(services, database);
    await h.queue.idle();
    const demo: Actor = await services.auth.authenticate((await services.auth.login(DEMO_LOGIN, requestInfo())).accessToken);
    const rival: Actor = await services.auth.authenticate(
      (
        await services.auth.register(
          {
            organizationName: 'Agence Rivale',
            firstName: 'Rémi',
            lastName: 'Rival',
            email: 'remi@rivale.fr',
            password: 'mot-de-passe-remi',
          },
          requestInfo(),
        )
      ).accessToken,
    );
    const theirs = await services.properties.create(rival, {
      title: 'Loft Joliette',
      address: '1 quai de la Joliette',
      postalCode: '13002',
      city: 'Marseille',
      owner: { firstName: 'Zoé', lastName: 'Autre', phone: '0699887766' },
    });

    // What the old single-column keys let through: the demo agency's rows naming the rival's property.
    const [file] = (await services.files.list(demo, { limit: 1 })).items;
    const [message] = (await services.messages.list(demo, { limit: 1 })).items;
    const [contact] = (await services.users.list(demo, { limit: 1, accountType: 'CLIENT' })).items;
    const theirMessage = await services.messages.create(rival, {
      channel: 'GMAIL',
      fromAddress: 'zoe@exemple.fr',
      body: 'Bonjour',
      propertyId: theirs.id,
    });
    const planted = 'ffffffff-0000-7000-8000-000000000001';
    const plantedItem = 'ffffffff-0000-7000-8000-000000000002';
    await database.client.batch([
      { sql: 'UPDATE files SET property_id = ? WHERE id = ?', args: [theirs.id, file!.id] },
      { sql: 'UPDATE messages SET property_id = ? WHERE id = ?', args: [theirs.id, message!.id] },
      {
        sql: "INSERT INTO property_participants (id, org_id, property_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, 'ACHETEUR', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
        args: [planted, demo.orgId, theirs.id, contact!.id],
      },
      {
        sql: "INSERT INTO review_items (id, org_id, item_type, item_id, reason, payload, status, created_at, updated_at) VALUES (?, ?, 'MESSAGE', ?, 'MESSAGE_PROPERTY_AMBIGUOUS', '{}', 'OPEN', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
        args: [plantedItem, demo.orgId, theirMessage.id],
      },
    ]);
    expect((await findCrossAgencyReferences(database)).map((r) => `${r.table}.${r.column}`).sort()).toEqual([
      'files.property_id',
      'messages.property_id',
      'property_participants.property_id',
      'review_items.item_id',
    ]);

    const before = {
      counts: await rowCounts(database),
      indexes: await schemaObjects(database, 'index'),
      triggers: await schemaObjects(database, 'trigger'),
      views: await schemaObjects(database, 'view'),
    };
    // Only this migration: later ones add tables of their own.
    const report = await migrateDb(database, migrationsUpTo(MIGRATION, { including: true }));

    expect(report).toMatchObject({ applied: 1, foreignKeyViolations: [] });
    expect(report.tenancyMismatches.map((m) => [m.table, m.rowId, m.column, m.orgId, m.referencedId, m.referencedOrgId, m.action])).toEqual(
      [
        ['property_participants', planted, 'property_id', demo.orgId, theirs.id, rival.orgId, 'DELETED'],
        ['files', file!.id, 'property_id', demo.orgId, theirs.id, rival.orgId, 'NULLED'],
        ['messages', message!.id, 'property_id', demo.orgId, theirs.id, rival.orgId, 'NULLED'],
        ['review_items', plantedItem, 'item_id', demo.orgId, theirMessage.id, rival.orgId, 'DELETED'],
      ],
    );
    expect(JSON.parse(report.tenancyMismatches[0]!.rowData!)).toMatchObject({ id: planted, user_id: contact!.id, role: 'ACHETEUR' });
    expect(await findCrossAgencyReferences(database)).toEqual([]);
    expect((await database.client.execute('PRAGMA foreign_key_check')).rows).toEqual([]);

    // Every row but the deleted one survived; the same indexes (and the new targets), triggers and view.
    expect(await rowCounts(database)).toEqual({
      ...before.counts,
      property_participants: before.counts.property_participants! - 1,
      review_items: before.counts.review_items! - 1,
      tenancy_mismatches: 4,
      __drizzle_migrations: before.counts.__drizzle_migrations! + 1,
    });
    const targets = ['integrations_org_id_unique', 'messages_org_id_unique', 'properties_org_id_unique', 'users_org_id_unique'];
    const indexes = await schemaObjects(database, 'index');
    expect(indexes.filter((i) => !targets.includes(i.name))).toEqual(before.indexes);
    expect(indexes.map((i) => i.name)).toEqual(expect.arrayContaining(targets));
    const guards = ['review_items_same_org_insert', 'review_items_same_org_update'];
    expect((await schemaObjects(database, 'trigger')).filter((t) => !guards.includes(t.name))).toEqual(before.triggers);
    expect(await schemaObjects(database, 'view')).toEqual(before.views);

    // The search indexes kept their rows, and the triggers feed them again (today's services need
    // the later migrations).
    await migrateDb(database);
    expect((await services.files.list(demo, { limit: 5, q: file!.fileName })).items.map((f) => f.id)).toContain(file!.id);
    expect((await services.properties.list(demo, { limit: 5, q: 'villa cassis' })).items).toHaveLength(1);
    const fresh = await services.messages.create(demo, {
      channel: 'GMAIL',
      fromAddress: 'nouveau@exemple.fr',
      subject: 'Estimation',
      body: 'Bonjour, pouvez-vous estimer mon cabanon ?',
    });
    expect((await services.messages.list(demo, { limit: 5, q: 'cabanon' })).items.map((m) => m.id)).toEqual([fresh.id]);
    const notary = await services.users.create(demo, {
      accountType: 'NOTAIRE',
      firstName: 'Hortense',
      lastName: 'Vauclair',
      email: 'h.vauclair@notaires.fr',
    });
    const [villa] = (await services.properties.list(demo, { limit: 1, q: 'villa cassis' })).items;
    await services.properties.addParticipant(demo, { id: villa!.id, userId: notary.id, role: 'VENDEUR' });
    expect((await services.properties.list(demo, { limit: 5, q: 'vauclair' })).items.map((p) => p.id)).toEqual([villa!.id]);

    // And what was planted cannot be written any more.
    await expect(
      database.client.execute({ sql: 'UPDATE files SET property_id = ? WHERE id = ?', args: [theirs.id, file!.id] }),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await h.queue.idle();

    // The API says so at every start until a person has emptied the report.
    const lines: string[] = [];
    const runtime = await startRuntime(h.config, createLogger('info', { write: (line: string) => lines.push(line) }), {
      migrate: true,
      consumeJobs: () => false,
    });
    await runtime.close();
    const warning = lines
      .map((l) => JSON.parse(l) as { level: number; msg: string; mismatches?: { rowId: string }[] })
      .find((l) => l.level === 40);
    expect(warning?.msg).toMatch(/^4 cross-agency references were cleared/);
    expect(warning?.mismatches?.map((m) => m.rowId)).toEqual([planted, file!.id, message!.id, plantedItem]);
    expect(warning?.mismatches?.[0]).not.toHaveProperty('rowData');
  });

  it('builds an empty database from nothing, with nothing to report', async () => {
    const database = await createDb(join(tempDir(), 'empty.db'));
    try {
      const report = await migrateDb(database);
      expect(report.applied).toBeGreaterThan(1);
      expect(report).toMatchObject({ foreignKeyViolations: [], tenancyMismatches: [] });
      expect(await migrateDb(database)).toEqual({ applied: 0, foreignKeyViolations: [], tenancyMismatches: [] });
      // The same schema as the upgraded database above.
      expect((await schemaObjects(database, 'trigger')).map((t) => t.name)).toEqual(
        (await schemaObjects(h!.database, 'trigger')).map((t) => t.name),
      );
      expect(await schemaObjects(database, 'index')).toEqual(await schemaObjects(h!.database, 'index'));
    } finally {
      database.close();
    }
  });
});
