import { describe, expect, it } from 'vitest';
import { anySyncing, integrationState, type Integration } from './state.ts';

const base: Integration = {
  provider: 'GMAIL',
  status: 'CONNECTED',
  accountLabel: 'agence@exemple.fr',
  connectedAt: '2026-12-07T08:00:00.000Z',
  lastSyncedAt: null,
  lastError: null,
  failureCount: 0,
};

describe('integration state', () => {
  it('reads in French, a failed sync as an error', () => {
    expect(integrationState(base)).toEqual({ label: 'Connecté', tone: 'success', busy: false });
    expect(integrationState({ ...base, lastError: 'Gmail injoignable', failureCount: 1 }).label).toBe('En erreur');
    expect(integrationState({ ...base, status: 'NEEDS_RECONNECT' }).label).toBe('À reconnecter');
    expect(integrationState({ ...base, status: 'DISCONNECTED' }).label).toBe('Non connecté');
    expect(integrationState({ ...base, status: 'SYNCING' })).toMatchObject({ label: 'Synchronisation en cours', busy: true });
  });

  it('asks again only while a sync is on its way', () => {
    expect(anySyncing([base])).toBe(false);
    expect(anySyncing([base, { ...base, status: 'SYNC_QUEUED' }])).toBe(true);
  });
});
