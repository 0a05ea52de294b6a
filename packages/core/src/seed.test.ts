import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../test/harness.ts';
import { DEMO_LOGIN, seedDemo } from './seed.ts';

let h: CoreHarness;
beforeAll(async () => {
  h = await createCoreHarness();
});
afterAll(() => h.close());

describe('seedDemo', () => {
  it('creates a demo agency with each staff role and French contacts, and the printed login works', async () => {
    expect((await seedDemo(h.services, h.database)).created).toBe(8);
    const session = await h.services.auth.login(DEMO_LOGIN, requestInfo());
    expect(session.organization.name).toBe('Vieux-Port Immobilier');
    const actor = await h.services.auth.authenticate(session.accessToken);
    const everyone = await h.services.users.list(actor, { limit: 100 });
    expect(new Set(everyone.items.map((u) => u.role).filter(Boolean))).toEqual(new Set(['ADMIN', 'MANAGER', 'AGENT']));
    expect(everyone.items.filter((u) => u.accountType === 'NOTAIRE').map((u) => u.lastName)).toEqual(['Castellane']);
  });

  it('is idempotent', async () => {
    expect((await seedDemo(h.services, h.database)).created).toBe(0);
    const session = await h.services.auth.login(DEMO_LOGIN, requestInfo('10.3.3.3'));
    const actor = await h.services.auth.authenticate(session.accessToken);
    expect((await h.services.users.list(actor, { limit: 100 })).items).toHaveLength(8);
  });
});
