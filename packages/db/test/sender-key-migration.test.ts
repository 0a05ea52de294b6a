import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, defaultMigrationsFolder, migrateDb, type Database } from '../src/index.ts';

// 0011 adds messages.sender_key, computed by the database: rows written before it have it at once.
let dir: string;
let database: Database;

const exec = (sql: string, args: (string | number | null)[] = []) => database.client.execute({ sql, args });
const at = '2026-01-01T00:00:00.000Z';
const addMessage = (id: string, fromAddress: string) =>
  exec(
    "INSERT INTO messages (id, org_id, channel, from_address, body, received_at, created_at, updated_at) VALUES (?, 'org-A', 'WHATSAPP', ?, 'Bonjour', ?, ?, ?)",
    [id, fromAddress, at, at, at],
  );
const keyOf = async (id: string) => (await exec('SELECT sender_key FROM messages WHERE id = ?', [id])).rows[0]?.sender_key;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monimmo-0011-'));
  const before = join(dir, 'migrations-0010');
  cpSync(defaultMigrationsFolder(), before, { recursive: true });
  const journalPath = join(before, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 10);
  writeFileSync(journalPath, JSON.stringify(journal));

  database = await createDb(join(dir, 'app.db'));
  await migrateDb(database, before);
  await exec("INSERT INTO organizations (id, name, created_at, updated_at) VALUES ('org-A', 'Agence A', ?, ?)", [at, at]);
  await addMessage('old-email', '  Vendeur@Exemple.FR ');
  await addMessage('old-phone', '+33 6 12 34 56 78');
  const report = await migrateDb(database);
  expect(report).toMatchObject({ applied: 1, foreignKeyViolations: [] });
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 0011: the sender in one form', () => {
  it('gives messages written before it their key', async () => {
    expect(await keyOf('old-email')).toBe('vendeur@exemple.fr');
    expect(await keyOf('old-phone')).toBe('0612345678');
  });

  it('reads a French number the same however it is written', async () => {
    const forms = ['06 12 34 56 78', '06.12.34.56.78', '06-12-34-56-78', '+33 (0)6 12 34 56 78', '0033612345678', '33612345678'];
    for (const [i, form] of forms.entries()) {
      await addMessage(`phone-${i}`, form);
      expect(await keyOf(`phone-${i}`), form).toBe('0612345678');
    }
    // A foreign number keeps its country code, 00 read as +.
    await addMessage('foreign', '0044 20 7946 0958');
    expect(await keyOf('foreign')).toBe('+442079460958');
  });

  it('follows a changed address, and is found through its index', async () => {
    await exec("UPDATE messages SET from_address = 'autre@exemple.fr' WHERE id = 'old-email'");
    expect(await keyOf('old-email')).toBe('autre@exemple.fr');
    const plan = await exec(
      "EXPLAIN QUERY PLAN SELECT id FROM messages WHERE org_id = 'org-A' AND sender_key = '0612345678' ORDER BY received_at DESC LIMIT 1",
    );
    expect(plan.rows.map((r) => String(r.detail)).join('\n')).toContain('messages_org_sender_idx');
  });
});
