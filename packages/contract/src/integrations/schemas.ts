import { z } from 'zod';
import { dateTimeInput, idSchema, pageInput, pageOf, timestampSchema, type QueuedJob } from '../common/schemas.ts';
import type { Actor } from '../actor.ts';
import { CALENDAR_EVENT_STATUSES, INTEGRATION_PROVIDERS, INTEGRATION_STATUSES } from '../vocabulary/values.ts';

/** How providers are named in REST paths. */
export const PROVIDER_SLUGS = { gmail: 'GMAIL', 'google-calendar': 'GOOGLE_CALENDAR', whatsapp: 'WHATSAPP' } as const;
export type ProviderSlug = keyof typeof PROVIDER_SLUGS;

export const providerSlugSchema = z.enum(['gmail', 'google-calendar', 'whatsapp']).describe('gmail, google-calendar or whatsapp');

export const integrationSchema = z
  .object({
    provider: z.enum(INTEGRATION_PROVIDERS),
    status: z.enum(INTEGRATION_STATUSES).describe('NEEDS_RECONNECT: the provider refused the tokens for good; connect again'),
    accountLabel: z.string().nullable().describe('The mailbox, calendar or WhatsApp number'),
    connectedAt: timestampSchema.nullable(),
    lastSyncedAt: timestampSchema.nullable(),
    lastError: z.string().nullable().describe('The last problem, in French; null after a successful sync'),
    failureCount: z.number().int().describe('Failed syncs in a row'),
  })
  .meta({ id: 'Integration' });

export const integrationListSchema = z.object({ items: z.array(integrationSchema).describe('One per provider, connected or not') });

export const connectIntegrationInput = z
  .object({
    provider: providerSlugSchema,
    code: z.string().trim().min(1).max(2048).describe('Google: the authorization code from the OAuth consent redirect').optional(),
    redirectUri: z.url().describe('Google: the redirect URI the code was issued for').optional(),
    phoneNumberId: z
      .string()
      .trim()
      .regex(/^\d{5,30}$/, 'must be the numeric phone number id')
      .describe('WhatsApp Cloud API: the phone number id')
      .optional(),
    accessToken: z.string().trim().min(20).max(4096).describe('WhatsApp Cloud API: a system-user access token').optional(),
    appSecret: z.string().trim().min(16).max(256).describe('WhatsApp Cloud API: the app secret that signs webhooks').optional(),
    verifyToken: z
      .string()
      .trim()
      .min(8)
      .max(256)
      .describe('WhatsApp Cloud API: the webhook verify token you chose in the Meta console')
      .optional(),
  })
  .superRefine((v, ctx) => {
    const need = (field: keyof typeof v, why: string) => {
      if (!v[field]) ctx.addIssue({ code: 'custom', path: [field], message: `required ${why}` });
    };
    if (v.provider === 'whatsapp') {
      need('phoneNumberId', 'for WhatsApp');
      need('accessToken', 'for WhatsApp');
      need('appSecret', 'for WhatsApp');
      need('verifyToken', 'for WhatsApp');
    } else need('code', 'for Google');
  });

export const providerInput = z.object({ provider: providerSlugSchema });

export const googleProviderSlugSchema = z.enum(['gmail', 'google-calendar']).describe('gmail or google-calendar');
export type GoogleProviderSlug = z.infer<typeof googleProviderSlugSchema>;

export const startGoogleConsentInput = z.object({ provider: googleProviderSlugSchema });

export const googleConsentSchema = z
  .object({
    url: z
      .url()
      .describe(
        "Where to send the browser: Google's consent screen, which comes back to `APP_BASE_URL/integrations/google/callback` with `code` and `state` (with the mock connectors, that callback directly)",
      ),
  })
  .meta({ id: 'GoogleConsent' });

export const completeGoogleConsentInput = z
  .object({
    state: z.string().trim().min(1).max(4096).describe('The `state` of the callback, as received'),
    code: z.string().trim().min(1).max(2048).describe('The `code` of the callback').optional(),
    error: z.string().trim().min(1).max(256).describe('The `error` of the callback, when Google gives one instead of a code').optional(),
  })
  .refine((v) => v.code || v.error, { path: ['code'], message: 'required unless `error` is given' });

export const calendarEventSchema = z
  .object({
    id: idSchema,
    externalId: z.string(),
    status: z.enum(CALENDAR_EVENT_STATUSES),
    title: z.string(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    startAt: z.string().describe('ISO 8601 date-time, or a date (YYYY-MM-DD) for all-day events'),
    endAt: z.string(),
    allDay: z.boolean(),
    attendees: z.array(z.object({ email: z.string().nullable(), name: z.string().nullable() })),
    propertyId: idSchema.nullable().describe('The property the appointment is about, when one was recognised'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'CalendarEvent' });

export const listCalendarEventsInput = z
  .object({
    from: dateTimeInput('Events ending after this instant').optional(),
    to: dateTimeInput('Events starting before this instant').optional(),
    propertyId: idSchema.optional(),
    includeCancelled: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .describe('Cancelled appointments are left out unless true')
      .optional(),
    ...pageInput,
  })
  // As instants: `10:00:00Z` and `10:00:00.500Z` differ in precision, not only in value.
  .refine((v) => !v.from || !v.to || Date.parse(v.from) < Date.parse(v.to), { path: ['to'], message: 'must be after `from`' });

export const calendarEventPageSchema = pageOf(calendarEventSchema);

export type IntegrationView = z.infer<typeof integrationSchema>;
export type ConnectIntegrationInput = z.infer<typeof connectIntegrationInput>;
export type CalendarEventView = z.infer<typeof calendarEventSchema>;
export type CompleteGoogleConsentInput = z.infer<typeof completeGoogleConsentInput>;
export type ListCalendarEventsInput = z.infer<typeof listCalendarEventsInput>;

export interface IntegrationsService {
  list(actor: Actor): Promise<{ items: IntegrationView[] }>;
  connect(actor: Actor, input: ConnectIntegrationInput): Promise<IntegrationView>;
  /** The URL that starts Google's consent for Gmail or Calendar, with a signed state bound to the caller. */
  startGoogleConsent(actor: Actor, provider: GoogleProviderSlug): Promise<{ url: string }>;
  /** Checks the state of Google's callback, then connects as `connect` does with its code. */
  completeGoogleConsent(actor: Actor, input: CompleteGoogleConsentInput): Promise<IntegrationView>;
  /** Queues a sync now (the periodic one runs anyway). */
  sync(actor: Actor, provider: ProviderSlug): Promise<QueuedJob>;
  /** Erases the tokens and stops the periodic sync; what was imported stays. */
  disconnect(actor: Actor, provider: ProviderSlug): Promise<IntegrationView>;
  listCalendarEvents(actor: Actor, input: ListCalendarEventsInput): Promise<{ items: CalendarEventView[]; nextCursor: string | null }>;
}
