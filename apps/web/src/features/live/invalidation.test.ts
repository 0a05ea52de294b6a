import { describe, expect, it } from 'vitest';
import { staleDomains, STALE_BY_EVENT } from './invalidation.ts';

describe('staleDomains', () => {
  it('refetches the domain of each event, and the review queue when an item may wait for a person', () => {
    expect(staleDomains('property.status_changed')).toEqual(['properties']);
    expect(staleDomains('message.triaged')).toContain('reviewQueue');
    expect(staleDomains('message.triaged')).toContain('files');
    expect(staleDomains('integration.sync_finished')).toContain('integrations');
    // A message changes its own property's detail at most, never every property on screen.
    expect(staleDomains('message.received')).toEqual(['messages', 'property']);
    expect(staleDomains('message.triaged')).not.toContain('properties');
    for (const domains of Object.values(STALE_BY_EVENT)) expect(domains.length).toBeGreaterThan(0);
  });

  it('ignores a type it does not know', () => {
    expect(staleDomains('calendar.something_new')).toEqual([]);
  });
});
