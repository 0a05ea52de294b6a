import type { IntegrationsService } from '@monimmo/contract';
import { listCalendarEvents } from './calendar.ts';
import { connectIntegration } from './connect.ts';
import { completeGoogleConsent, startGoogleConsent } from './consent.ts';
import type { IntegrationsDeps } from './deps.ts';
import { disconnectIntegration } from './disconnect.ts';
import { listIntegrations } from './list.ts';
import { requestSync, scheduleAllSyncs } from './sync-request.ts';

export type { IntegrationsDeps } from './deps.ts';
export { toCalendarEventView, toIntegrationView } from './views.ts';

/** Wires the integrations operations, each in its own module, over one set of dependencies. */
export function createIntegrationsService(deps: IntegrationsDeps): IntegrationsService & { scheduleAll(): Promise<number> } {
  return {
    list: (actor) => listIntegrations(deps, actor),
    connect: (actor, input) => connectIntegration(deps, actor, input),
    startGoogleConsent: (actor, provider) => startGoogleConsent(deps, actor, provider),
    completeGoogleConsent: (actor, input) => completeGoogleConsent(deps, actor, input),
    sync: (actor, slug) => requestSync(deps, actor, slug),
    disconnect: (actor, slug) => disconnectIntegration(deps, actor, slug),
    listCalendarEvents: (actor, input) => listCalendarEvents(deps, actor, input),
    scheduleAll: () => scheduleAllSyncs(deps),
  };
}
