import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, defaultMigrationsFolder, migrateDb, type Database } from '../src/index.ts';

// 0010 rebuilds messages: rows written before it must come through with their search entry,
// their documents and review items, and the triggers naming messages must still guard them.
let dir: string;
let database: Database;

const exec = (sql: string, args: (string | number | null)[] = []) => database.client.execute({ sql, args });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monimmo-0010-'));
  const before = join(dir, 'migrations-0009');
  cpSync(defaultMigrationsFolder(), before, { recursive: true });
  const journalPath = join(before, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 9);
  writeFileSync(journalPath, JSON.stringify(journal));

  database = await createDb(join(dir, 'app.db'));
  await migrateDb(database, before);
  const at = '2026-01-01T00:00:00.000Z';
  for (const org of ['A', 'B']) {
    await exec('INSERT INTO organizations (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)', [`org-${org}`, `Agence ${org}`, at, at]);
    await exec(
      "INSERT INTO users (id, org_id, account_type, first_name, last_name, created_at, updated_at) VALUES (?, ?, 'STAFF', 'Claire', 'Martin', ?, ?)",
      [`user-${org}`, `org-${org}`, at, at],
    );
  }
  await exec(
    "INSERT INTO properties (id, org_id, title, address, postal_code, city, created_at, updated_at) VALUES ('prop-A', 'org-A', 'T3', '14 rue Sainte', '13001', 'Marseille', ?, ?)",
    [at, at],
  );
  await exec(
    "INSERT INTO messages (id, org_id, channel, from_address, body, received_at, property_id, ai_status, created_at, updated_at) VALUES ('msg-A', 'org-A', 'GMAIL', 'vendeur@exemple.fr', 'Bonjour, la cuisine est refaite', ?, 'prop-A', 'PROCESSED', ?, ?)",
    [at, at, at],
  );
  await exec(
    "INSERT INTO files (id, org_id, file_name, mime_type, size, sha256, storage_key, message_id, property_id, created_at, updated_at) VALUES ('file-A', 'org-A', 'a.pdf', 'application/pdf', 1, 'x', 'k', 'msg-A', 'prop-A', ?, ?)",
    [at, at],
  );
  await exec(
    "INSERT INTO review_items (id, org_id, item_type, item_id, reason, status, created_at, updated_at) VALUES ('rev-A', 'org-A', 'MESSAGE', 'msg-A', 'MESSAGE_PROPERTY_NOT_FOUND', 'RESOLVED', ?, ?)",
    [at, at],
  );
  const report = await migrateDb(database);
  // 0010 and whatever came after it.
  expect(report.applied).toBeGreaterThanOrEqual(1);
  expect(report.foreignKeyViolations).toEqual([]);
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 0010: who set a message’s property, and the triage’s conclusion', () => {
  it('keeps every message, unknown (null) where the decision was never recorded', async () => {
    const { rows } = await exec(
      'SELECT id, property_id, ai_status, property_set_by, property_set_by_user_id, property_set_at, ai_decision FROM messages',
    );
    expect(rows.map((r) => ({ ...r }))).toEqual([
      {
        id: 'msg-A',
        property_id: 'prop-A',
        ai_status: 'PROCESSED',
        property_set_by: null,
        property_set_by_user_id: null,
        property_set_at: null,
        ai_decision: null,
      },
    ]);
    expect((await exec("SELECT message_id FROM files WHERE id = 'file-A'")).rows[0]?.message_id).toBe('msg-A');
  });

  it('still finds old and new messages by their words', async () => {
    const at = '2026-01-02T00:00:00.000Z';
    await exec(
      "INSERT INTO messages (id, org_id, channel, from_address, body, received_at, created_at, updated_at) VALUES ('msg-A2', 'org-A', 'GMAIL', 'acheteur@exemple.fr', 'Le balcon est-il exposé au sud ?', ?, ?, ?)",
      [at, at, at],
    );
    await exec("UPDATE messages SET body = 'Bonjour, la terrasse est refaite' WHERE id = 'msg-A'");
    const found = async (word: string) =>
      (await exec('SELECT message_id FROM messages_fts WHERE messages_fts MATCH ? ORDER BY message_id', [word])).rows.map(
        (r) => r.message_id,
      );
    expect(await found('terrasse')).toEqual(['msg-A']);
    expect(await found('cuisine')).toEqual([]);
    expect(await found('balcon')).toEqual(['msg-A2']);
  });

  it('still refuses a review item or a decider of another agency', async () => {
    await expect(
      exec(
        "INSERT INTO review_items (id, org_id, item_type, item_id, reason, created_at, updated_at) VALUES ('rev-B', 'org-B', 'MESSAGE', 'msg-A', 'X', '', '')",
      ),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await expect(exec("UPDATE review_items SET org_id = 'org-B' WHERE id = 'rev-A'")).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await expect(
      exec("UPDATE messages SET property_set_by = 'USER', property_set_by_user_id = 'user-B' WHERE id = 'msg-A'"),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await exec("UPDATE messages SET property_set_by = 'USER', property_set_by_user_id = 'user-A' WHERE id = 'msg-A'");
    expect((await exec('PRAGMA foreign_key_check')).rows).toEqual([]);
  });
});
