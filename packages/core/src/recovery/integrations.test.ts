import { integrations } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../../test/harness.ts';

const LONG_AGO = '2026-01-01T00:00:00.000Z';

let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('integrations whose sync job was lost', () => {
  it('are synced again by the recovery pass; one queued recently is left to its job', async () => {
    h = await createCoreHarness();
    const session = await h.services.auth.register(
      {
        organizationName: 'Agence Synchro',
        firstName: 'Inès',
        lastName: 'Roux',
        email: `ines-${Date.now()}@synchro.fr`,
        password: 'mot-de-passe-ines',
      },
      requestInfo(),
    );
    const actor = await h.services.auth.authenticate(session.accessToken);
    await h.services.integrations.connect(actor, { provider: 'gmail', code: 'code-de-test' });
    await h.services.integrations.connect(actor, { provider: 'google-calendar', code: 'code-de-test' });
    await h.queue.idle();
    // As the queue being unreachable at connection leaves them: queued in the database only.
    const { db } = h.database;
    const connected = await db.select().from(integrations);
    const gmail = connected.find((r) => r.provider === 'GMAIL')!;
    const calendar = connected.find((r) => r.provider === 'GOOGLE_CALENDAR')!;
    expect(gmail.lastSyncedAt).not.toBeNull();
    await db
      .update(integrations)
      .set({ status: 'SYNC_QUEUED', lastSyncedAt: null, updatedAt: LONG_AGO })
      .where(eq(integrations.id, gmail.id));
    await db.update(integrations).set({ status: 'SYNC_QUEUED', lastSyncedAt: null }).where(eq(integrations.id, calendar.id));

    await h.services.jobs.recovery.handler({}, { jobId: 'recovery-test', attempt: 1, log: pino({ level: 'silent' }) });
    await h.queue.idle();
    const rows = await db.select().from(integrations);
    expect(rows.find((r) => r.id === gmail.id)).toMatchObject({ status: 'CONNECTED', lastSyncedAt: expect.any(String) });
    expect(rows.find((r) => r.id === calendar.id)).toMatchObject({ status: 'SYNC_QUEUED', lastSyncedAt: null });
  });
});
