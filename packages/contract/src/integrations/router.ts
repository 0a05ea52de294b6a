import { z } from 'zod';
import { queuedJobSchema } from '../common/schemas.ts';
import { requireRole, router, staffProcedure } from '../trpc.ts';
import {
  calendarEventPageSchema,
  completeGoogleConsentInput,
  connectIntegrationInput,
  googleConsentSchema,
  integrationListSchema,
  integrationSchema,
  listCalendarEventsInput,
  providerInput,
  startGoogleConsentInput,
} from './schemas.ts';

const tags = ['Integrations'];
const managers = requireRole('MANAGER', 'ADMIN');

export const integrationsRouter = router({
  list: staffProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/integrations',
        tags,
        summary: "The agency's integrations: status, last sync, last error",
        protect: true,
        errorResponses: [401],
      },
    })
    .input(z.object({}))
    .output(integrationListSchema)
    .query(({ ctx }) => ctx.services.integrations.list(ctx.actor)),

  connect: managers
    .meta({
      openapi: {
        method: 'POST',
        path: '/integrations/{provider}/connect',
        tags,
        summary:
          'Connect Gmail or Google Calendar (an OAuth authorization code) or WhatsApp (Cloud API credentials); managers and administrators',
        description:
          'Tokens are stored encrypted and never returned. Connecting again replaces the tokens. A first sync is queued at once, then one runs periodically.',
        protect: true,
        errorResponses: [400, 401, 403, 422],
      },
    })
    .input(connectIntegrationInput)
    .output(integrationSchema)
    .mutation(({ ctx, input }) => ctx.services.integrations.connect(ctx.actor, input)),

  startGoogleConsent: managers
    .meta({
      openapi: {
        method: 'POST',
        path: '/integrations/{provider}/consent',
        tags,
        summary: "Start connecting Gmail or Google Calendar: the URL of Google's consent screen; managers and administrators",
        description:
          'The URL carries a `state` signed for the caller, their agency and the provider, valid 10 minutes. Google sends the browser back to `APP_BASE_URL/integrations/google/callback` (register it in the Google Cloud console), whose `code` and `state` go to `POST /integrations/consent/complete`.',
        protect: true,
        errorResponses: [400, 401, 403],
      },
    })
    .input(startGoogleConsentInput)
    .output(googleConsentSchema)
    .mutation(({ ctx, input }) => ctx.services.integrations.startGoogleConsent(ctx.actor, input.provider)),

  completeGoogleConsent: managers
    .meta({
      openapi: {
        method: 'POST',
        path: '/integrations/consent/complete',
        tags,
        summary: "Finish connecting Gmail or Google Calendar with the `code` and `state` of Google's callback; managers and administrators",
        description:
          'The provider is the one the state was signed for. A state of another user or agency, expired or altered answers 400 `OAUTH_STATE_INVALID` (or `OAUTH_STATE_EXPIRED`) and nothing is connected; `error=access_denied` answers 400 `OAUTH_CONSENT_DENIED`.',
        protect: true,
        errorResponses: [400, 401, 403, 422],
      },
    })
    .input(completeGoogleConsentInput)
    .output(integrationSchema)
    .mutation(({ ctx, input }) => ctx.services.integrations.completeGoogleConsent(ctx.actor, input)),

  sync: staffProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/integrations/{provider}/sync',
        tags,
        summary: 'Sync now: new e-mails, messages or appointments since the last sync',
        protect: true,
        errorResponses: [400, 401, 404, 422],
      },
    })
    .input(providerInput)
    .output(queuedJobSchema)
    .mutation(({ ctx, input }) => ctx.services.integrations.sync(ctx.actor, input.provider)),

  disconnect: managers
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/integrations/{provider}',
        tags,
        summary: 'Disconnect: tokens erased, periodic sync stopped; imported items stay',
        protect: true,
        errorResponses: [400, 401, 403, 404],
      },
    })
    .input(providerInput)
    .output(integrationSchema)
    .mutation(({ ctx, input }) => ctx.services.integrations.disconnect(ctx.actor, input.provider)),

  calendarEvents: staffProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/calendar-events',
        tags: ['Calendar'],
        summary: 'Appointments imported from Google Calendar, by date range or property',
        protect: true,
        errorResponses: [400, 401],
      },
    })
    .input(listCalendarEventsInput)
    .output(calendarEventPageSchema)
    .query(({ ctx, input }) => ctx.services.integrations.listCalendarEvents(ctx.actor, input)),
});
