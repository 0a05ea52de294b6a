export { ConnectorError, errorFromFailure, errorFromResponse, isConnectorError, parseRetryAfter } from './errors.ts';
export type { ConnectorErrorKind, ConnectorErrorInit, ConnectorProvider, ErrorContext } from './errors.ts';
export { GOOGLE_SCOPES, GoogleOAuthClient } from './oauth.ts';
export type { GoogleOAuthClientOptions, OAuthTokens } from './oauth.ts';
export { AuthorizedFetch } from './authorized-fetch.ts';
export type { ConnectorAuth, HttpOptions, RequestOptions, TokenState } from './authorized-fetch.ts';
export { parseRawMail } from './mime.ts';
export type { MailAddress, MailAttachment, ParsedMail } from './mime.ts';
export { GmailClient } from './gmail.ts';
export type { GmailClientOptions, GmailHistoryRecord, GmailMessage, GmailMessageRef, MailboxPage, MailboxSyncOptions } from './gmail.ts';
export { GoogleCalendarClient } from './calendar.ts';
export type {
  CalendarEvent,
  CalendarEventStatus,
  CalendarPerson,
  CalendarSyncOptions,
  CalendarSyncPage,
  EventsPage,
  GoogleCalendarClientOptions,
  ListEventsOptions,
} from './calendar.ts';
export { parseWebhook, signPayload, verifySignature, verifyWebhookHandshake, WhatsAppClient } from './whatsapp.ts';
export type { MediaInfo, WhatsAppClientOptions, WhatsAppInboundMessage, WhatsAppMedia, WhatsAppMessageType } from './whatsapp.ts';
export { createMockRuntime } from './mock-runtime.ts';
export type { MockRuntime, MockRuntimeOptions } from './mock-runtime.ts';
export { createConnectors } from './connectors.ts';
export type { ConnectorRuntime, Connectors, LiveConnectorSettings } from './connectors.ts';
export { FakeGoogle } from './fake/google.ts';
export type { FakeGoogleOptions } from './fake/google.ts';
export { FakeWhatsApp } from './fake/whatsapp.ts';
export type { FakeWhatsAppOptions, InboundSpec, WebhookDelivery } from './fake/whatsapp.ts';
export type { EmailSpec } from './fake/compose.ts';
export type { EventSpec } from './fake/calendar.ts';
