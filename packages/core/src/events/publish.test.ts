import type { DomainEvent } from '@monimmo/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, registerActor, type CoreHarness } from '../../test/harness.ts';
import { publishAfterCommit, withEvents } from './after-commit.ts';
import { createInProcessEvents } from './in-process.ts';

let h: CoreHarness;
const heard: DomainEvent[] = [];

beforeAll(async () => {
  h = await createCoreHarness();
  h.services.events.subscribe((e) => heard.push(e));
});
afterAll(() => h?.close());

const newProperty = {
  title: 'Maison de ville',
  address: '3 rue des Lices',
  postalCode: '84000',
  city: 'Avignon',
  owner: { firstName: 'Anne', lastName: 'Vendeuse', phone: '0612121212' },
};

describe('events published by the services', () => {
  it('announces a property created and moved, with the statuses and nothing of its content', async () => {
    const actor = await registerActor(h, 'Agence des Lices', 'lices@exemple.fr');
    heard.length = 0;
    const created = await h.services.properties.create(actor, newProperty);
    await h.services.properties.changeStatus(actor, created.id, 'MANDAT_SIGNE');
    // The same column again changes nothing: no event.
    await h.services.properties.changeStatus(actor, created.id, 'MANDAT_SIGNE');
    expect(heard.map(({ type, itemId, orgId, from, to }) => ({ type, itemId, orgId, from, to }))).toEqual([
      { type: 'property.created', itemId: created.id, orgId: actor.orgId, from: undefined, to: 'PROSPECTION' },
      { type: 'property.status_changed', itemId: created.id, orgId: actor.orgId, from: 'PROSPECTION', to: 'MANDAT_SIGNE' },
    ]);
    expect(JSON.stringify(heard)).not.toContain('Maison de ville');
  });

  it('publishes only once the transaction commits, and never when it rolls back', async () => {
    const events = createInProcessEvents();
    const seen: string[] = [];
    events.subscribe((e) => seen.push(e.itemId));
    const database = withEvents(h.database, events);
    const event = (itemId: string) => ({ orgId: '0190c8a4-0000-7000-8000-000000000001', type: 'property.updated' as const, itemId });

    await expect(
      database.tx(async (tx) => {
        publishAfterCommit(tx, event('rolled-back'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    let during: string[] = [];
    await database.tx(async (tx) => {
      publishAfterCommit(tx, event('committed'));
      during = [...seen];
    });
    expect(during).toEqual([]);
    expect(seen).toEqual(['committed']);
    // A transaction of a database not bound to the port publishes nothing, and does not fail.
    await h.database.tx(async (tx) => publishAfterCommit(tx, event('unbound')));
    expect(seen).toEqual(['committed']);
  });
});
