import type { Services } from '@monimmo/contract';
import type { Config } from '@monimmo/config';
import type { Database } from '@monimmo/db';
import type { AIProvider } from '@monimmo/ai';
import { createConnectors, type Connectors } from '@monimmo/connectors';
import type { JobQueue } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import type { Logger } from 'pino';
import { createAccessTokens } from './auth/access-tokens.ts';
import { createRateLimiter } from './auth/rate-limiter.ts';
import { createAuthService } from './auth/service.ts';
import { createOutboxMailer, smtpTransport, terminalTransport, type Mailer, type MailTransport } from './mailer.ts';
import { createEventStream, createInProcessEvents, withEvents, type Events, type EventStream } from './events/index.ts';
import { createBackgroundTasks } from './shared/background.ts';
import { createFilesService } from './files/service.ts';
import { createConsentStates } from './integrations/consent-state.ts';
import { createCredentialsBox } from './integrations/credentials.ts';
import { createIntegrationsService } from './integrations/service.ts';
import { createWhatsAppWebhook, type WhatsAppWebhook } from './integrations/webhook.ts';
import { webhookJobKey } from './integrations/sync.ts';
import { createJobs, type Jobs } from './jobs.ts';
import { createMessagesService } from './messages/service.ts';
import { createPropertiesService } from './properties/service.ts';
import { createReviewQueueService } from './review-queue/service.ts';
import { createUsersService } from './users/service.ts';
import { createVocalsService } from './vocals/service.ts';

export interface CoreDeps {
  config: Config;
  database: Database;
  logger: Logger;
  storage: Storage;
  ai: AIProvider;
  /** Where jobs go: BullMQ for a separate worker, or the in-process driver. */
  queue: JobQueue;
  /** Defaults to the outbox mailer. */
  mailer?: Mailer;
  /** Where the outbox mailer delivers; defaults to what SMTP_URL and NODE_ENV say (null: not delivered). */
  mailTransport?: MailTransport | null;
  /** Gmail, Calendar and WhatsApp; defaults to what CONNECTOR_RUNTIME names (tests pass a mock runtime they control). */
  connectors?: Connectors;
  /** Where services and jobs publish what changed; defaults to in-process (one process). */
  events?: Events;
}

export interface CoreServices extends Services {
  /** The live stream with its ring of recent events; `close()` ends the open SSE streams. */
  events: EventStream;
  /** Waits for work started after a response (hosts call it before closing the database). */
  drain(): Promise<void>;
  /** The job definitions, for the process that consumes them (worker, or the API in-process). */
  jobs: Jobs;
  /** For the API host's WhatsApp webhook route: Meta's handshake and signed deliveries. */
  whatsappWebhook: WhatsAppWebhook;
  /** For the process that consumes jobs, at start: schedules the periodic sync of each connected integration; answers how many. */
  scheduleIntegrationSyncs(): Promise<number>;
}

/** The connectors CONNECTOR_RUNTIME names: the built-in fakes, or the providers with the agency-independent settings. */
export function connectorsFromConfig(config: Config): Connectors {
  if (config.CONNECTOR_RUNTIME === 'mock') return createConnectors({ runtime: 'mock' });
  // loadConfig refuses live without them; this guards hand-built configs.
  if (!config.GOOGLE_CLIENT_ID || !config.GOOGLE_CLIENT_SECRET)
    throw new Error('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are required when CONNECTOR_RUNTIME=live');
  return createConnectors({ runtime: 'live', google: { clientId: config.GOOGLE_CLIENT_ID, clientSecret: config.GOOGLE_CLIENT_SECRET } });
}

/** SMTP when configured; the terminal in development; otherwise nothing leaves (the outbox keeps the masked copy). */
export function mailTransportFromConfig(config: Config): MailTransport | null {
  if (config.SMTP_URL) return smtpTransport(config.SMTP_URL, config.MAIL_FROM);
  return config.NODE_ENV === 'development' ? terminalTransport() : null;
}

/** Wires the domain services; the hosts (API, worker, scripts) and the tests call this. */
export function createServices({
  config,
  database: rawDatabase,
  logger,
  storage,
  ai,
  queue,
  connectors = connectorsFromConfig(config),
  events = createInProcessEvents(logger),
  ...deps
}: CoreDeps): CoreServices {
  // Every transaction opened through here may publish its events once committed.
  const database = withEvents(rawDatabase, events);
  const background = createBackgroundTasks(logger);
  const transport = deps.mailTransport === undefined ? mailTransportFromConfig(config) : deps.mailTransport;
  if (!deps.mailer && !transport && config.NODE_ENV === 'production') {
    logger.warn('SMTP_URL is not set: e-mails (password links, invitations) are not delivered');
  }
  const mailer = deps.mailer ?? createOutboxMailer({ database, logger, transport, background });
  const box = createCredentialsBox(config.INTEGRATION_TOKEN_SECRET, config.INTEGRATION_TOKEN_SECRET_PREVIOUS);
  const integrationsLogger = logger.child({ module: 'integrations' });
  const jobs = createJobs({
    database,
    ai,
    storage,
    queue,
    logger,
    vocalRecovery: {
      staleAfterMs: config.RECOVERY_STALE_AFTER_MS,
      maxAttempts: config.RECOVERY_MAX_ATTEMPTS,
      batchSize: config.RECOVERY_BATCH_SIZE,
    },
    storageSweep: { graceMs: config.STORAGE_SWEEP_GRACE_MS, batchSize: 500 },
    outboxRetentionDays: config.OUTBOX_RETENTION_DAYS,
    integrations: {
      connectors,
      box,
      logger: integrationsLogger,
      settings: {
        fullSyncMaxItems: config.INTEGRATION_FULL_SYNC_MAX_ITEMS,
        maxUploadBytes: config.MAX_UPLOAD_BYTES,
        attempts: config.JOB_ATTEMPTS,
        backoffMs: config.JOB_BACKOFF_DELAY_MS,
      },
      syncIntervalMs: config.INTEGRATION_SYNC_INTERVAL_MS,
    },
  });
  const integrations = createIntegrationsService({
    database,
    queue,
    connectors,
    box,
    consentStates: createConsentStates(config.INTEGRATION_TOKEN_SECRET),
    logger: integrationsLogger,
    settings: { appBaseUrl: config.APP_BASE_URL, syncIntervalMs: config.INTEGRATION_SYNC_INTERVAL_MS },
    enqueueSync: (payload, key) => queue.enqueue(jobs.integrationSync, payload, { key }),
    schedule: (payload, id, everyMs) => queue.schedule(jobs.integrationSync, payload, { id, everyMs }),
  });
  const passwordEmails = {
    appBaseUrl: config.APP_BASE_URL,
    resetTtlMinutes: config.PASSWORD_RESET_TTL_MINUTES,
    invitationTtlHours: config.INVITATION_TTL_HOURS,
  };
  const window = config.LOGIN_THROTTLE_WINDOW_SECONDS;
  const uploads = {
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    maxBase64UploadBytes: config.MAX_BASE64_UPLOAD_BYTES,
    signedUrlTtlSeconds: config.SIGNED_URL_TTL_SECONDS,
  };
  return {
    events: createEventStream(events),
    drain: () => background.drain(),
    jobs,
    integrations,
    scheduleIntegrationSyncs: () => integrations.scheduleAll(),
    whatsappWebhook: createWhatsAppWebhook({
      database,
      box,
      logger: integrationsLogger,
      enqueueImport: (payload, wamids) =>
        queue.enqueue(jobs.whatsappIngest, payload, { key: webhookJobKey(payload.integrationId, wamids) }),
    }),
    auth: createAuthService({
      database,
      mailer,
      background,
      rateLimiter: createRateLimiter(database),
      accessTokens: createAccessTokens({
        secret: config.JWT_SECRET,
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      }),
      settings: {
        ...passwordEmails,
        refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
        refreshReuseGraceSeconds: config.REFRESH_TOKEN_REUSE_GRACE_SECONDS,
        loginLimitPerEmailAndIp: { scope: 'login:email-ip', max: config.LOGIN_MAX_ATTEMPTS_PER_EMAIL_AND_IP, windowSeconds: window },
        loginLimitPerEmail: { scope: 'login:email', max: config.LOGIN_MAX_ATTEMPTS_PER_EMAIL, windowSeconds: window },
        loginLimitPerIp: { scope: 'login:ip', max: config.LOGIN_MAX_ATTEMPTS_PER_IP, windowSeconds: window },
      },
    }),
    users: createUsersService({ database, mailer, settings: passwordEmails }),
    properties: createPropertiesService({ database }),
    messages: createMessagesService({ database, enqueue: jobs.enqueue }),
    reviewQueue: createReviewQueueService({ database, enqueue: jobs.enqueue }),
    files: createFilesService({
      database,
      storage,
      enqueue: jobs.enqueue,
      settings: uploads,
    }),
    vocals: createVocalsService({
      database,
      storage,
      enqueue: jobs.enqueue,
      settings: uploads,
    }),
  };
}
