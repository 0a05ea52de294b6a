import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calendarEvents,
  createDb,
  files,
  findCrossAgencyReferences,
  integrations,
  messages,
  migrateDb,
  ORG_REFERENCES,
  organizations,
  properties,
  propertyParticipants,
  reviewItems,
  users,
  vocals,
  type Database,
} from '../src/index.ts';

let dir: string;
let database: Database;
const a = { org: '', property: '', contact: '', message: '', integration: '' };
const b = { org: '', property: '', contact: '' };

const property = (orgId: string) => ({ orgId, title: 'T2', address: '1 rue Sainte', postalCode: '13001', city: 'Marseille' });
const contact = (orgId: string) => ({ orgId, accountType: 'CLIENT' as const, firstName: 'Lina', lastName: 'Roux' });
const blob = (orgId: string, key: string) => ({
  orgId,
  fileName: 'a.pdf',
  mimeType: 'application/pdf',
  size: 1,
  sha256: 'x',
  storageKey: key,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monimmo-tenancy-db-'));
  database = await createDb(join(dir, 'app.db'));
  await migrateDb(database);
  const { db } = database;
  for (const [side, name] of [
    [a, 'Agence A'],
    [b, 'Agence B'],
  ] as const) {
    const [org] = await db.insert(organizations).values({ name }).returning();
    side.org = org!.id;
    side.property = (await db.insert(properties).values(property(org!.id)).returning())[0]!.id;
    side.contact = (await db.insert(users).values(contact(org!.id)).returning())[0]!.id;
  }
  a.message = (
    await db
      .insert(messages)
      .values({ orgId: a.org, channel: 'GMAIL', fromAddress: 'x@exemple.fr', body: 'Bonjour', receivedAt: '2026-01-01T00:00:00.000Z' })
      .returning()
  )[0]!.id;
  a.integration = (
    await db.insert(integrations).values({ orgId: a.org, provider: 'GOOGLE_CALENDAR', status: 'CONNECTED' }).returning()
  )[0]!.id;
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('composite foreign keys: a row names only rows of its own agency', () => {
  it('covers every reference to a property, contact, message or integration', () => {
    const covered = new Set(ORG_REFERENCES.map((r) => `${r.table}.${r.column}`));
    for (const ref of [
      'files.property_id',
      'files.message_id',
      'messages.property_id',
      'messages.property_set_by_user_id',
      'vocals.property_id',
      'vocals.message_id',
      'vocals.created_by_user_id',
      'property_participants.property_id',
      'property_participants.user_id',
      'property_prospects.property_id',
      'property_prospects.user_id',
      'property_events.property_id',
      'calendar_events.property_id',
      'calendar_events.integration_id',
      'review_items.resolved_by_user_id',
      'integrations.connected_by_user_id',
    ]) {
      expect(covered, ref).toContain(ref);
    }
  });

  it("refuses, written straight to the database, a row of agency B naming agency A's property, contact, message or integration", async () => {
    const { db } = database;
    const attempts: [string, () => Promise<unknown>][] = [
      ['file → property', () => db.insert(files).values({ ...blob(b.org, 'k1'), propertyId: a.property })],
      ['file → message', () => db.insert(files).values({ ...blob(b.org, 'k2'), messageId: a.message })],
      [
        'message → property',
        () =>
          db.insert(messages).values({
            orgId: b.org,
            channel: 'GMAIL',
            fromAddress: 'y@exemple.fr',
            body: 'Bonjour',
            receivedAt: '2026-01-01T00:00:00.000Z',
            propertyId: a.property,
          }),
      ],
      ['vocal → property', () => db.insert(vocals).values({ ...blob(b.org, 'k3'), propertyId: a.property })],
      ['vocal → message', () => db.insert(vocals).values({ ...blob(b.org, 'k4'), messageId: a.message })],
      [
        'participant → property',
        () => db.insert(propertyParticipants).values({ orgId: b.org, propertyId: a.property, userId: b.contact, role: 'VENDEUR' }),
      ],
      [
        'participant → contact',
        () => db.insert(propertyParticipants).values({ orgId: b.org, propertyId: b.property, userId: a.contact, role: 'VENDEUR' }),
      ],
      [
        'appointment → integration',
        () =>
          db.insert(calendarEvents).values({
            orgId: b.org,
            integrationId: a.integration,
            externalId: 'e1',
            status: 'confirmed',
            title: 'Visite',
            startAt: '2026-01-01',
            endAt: '2026-01-01',
          }),
      ],
      ['review item → message', () => db.insert(reviewItems).values({ orgId: b.org, itemType: 'MESSAGE', itemId: a.message, reason: 'X' })],
      [
        'review item → resolver',
        () =>
          db
            .insert(reviewItems)
            .values({ orgId: b.org, itemType: 'MESSAGE', itemId: 'no-such-message', reason: 'X', resolvedByUserId: a.contact }),
      ],
    ];
    for (const [label, write] of attempts) {
      await expect(write(), label).rejects.toMatchObject({ cause: { message: expect.stringMatching(/FOREIGN KEY constraint failed/) } });
    }
    expect(await findCrossAgencyReferences(database)).toEqual([]);
  });

  it('takes the same rows within one agency', async () => {
    const { db } = database;
    await db.insert(files).values({ ...blob(a.org, 'k5'), propertyId: a.property, messageId: a.message });
    await db.insert(propertyParticipants).values({ orgId: a.org, propertyId: a.property, userId: a.contact, role: 'VENDEUR' });
    await db.insert(vocals).values({ ...blob(a.org, 'k6'), propertyId: a.property, messageId: a.message });
    expect((await database.client.execute('PRAGMA foreign_key_check')).rows).toEqual([]);
    // Nor can the property named by them move to another agency under their feet.
    const [item] = await db.insert(reviewItems).values({ orgId: a.org, itemType: 'MESSAGE', itemId: a.message, reason: 'X' }).returning();
    await expect(db.update(reviewItems).set({ orgId: b.org }).where(eq(reviewItems.id, item!.id))).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/FOREIGN KEY constraint failed/) },
    });
    await expect(db.update(properties).set({ orgId: b.org }).where(eq(properties.id, a.property))).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/FOREIGN KEY constraint failed/) },
    });
  });
});
