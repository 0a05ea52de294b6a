// The package's public face: what the hosts (API, worker, scripts) and the tests import.
export {
  connectorsFromConfig,
  createServices,
  mailTransportFromConfig,
  type CoreDeps,
  type CoreServices,
} from './services.ts';
export {
  createOutboxMailer,
  smtpTransport,
  terminalTransport,
  type Mailer,
  type Email,
  type MailMessage,
  type MailTransport,
} from './mailer.ts';
export { createJobs, type Jobs } from './jobs.ts';
export { startRuntime, type Runtime } from './runtime.ts';
export { createLogger } from './logger.ts';
export type { WhatsAppWebhook } from './integrations/webhook.ts';
export { createIdempotencyStore, IDEMPOTENCY_TTL_MS, type IdempotencyStore } from './idempotency/store.ts';
export {
  createEvents,
  createEventStream,
  createInProcessEvents,
  createRedisEvents,
  eventsChannel,
  publishAfterCommit,
  type Events,
  type EventStream,
  type NewEvent,
} from './events/index.ts';
