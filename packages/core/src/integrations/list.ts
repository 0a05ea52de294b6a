import { INTEGRATION_PROVIDERS, type IntegrationProvider } from '@monimmo/contract';
import { integrations } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import type { IntegrationOperation as Op } from './deps.ts';
import { neverConnected, toIntegrationView } from './views.ts';

/** Every provider, connected or not, as the agency sees it. */
export const listIntegrations: Op<'list'> = async ({ database }, actor) => {
  const rows = await database.db.select().from(integrations).where(eq(integrations.orgId, actor.orgId));
  const byProvider = new Map(rows.map((row) => [row.provider, row]));
  const view = (provider: IntegrationProvider) => {
    const row = byProvider.get(provider);
    return row ? toIntegrationView(row) : neverConnected(provider);
  };
  return { items: INTEGRATION_PROVIDERS.map(view) };
};
