import type { Services } from '@monimmo/contract';
import type { Config } from '@monimmo/config';
import type { Database } from '@monimmo/db';
import type { AIProvider } from '@monimmo/ai';
import type { JobQueue } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import type { Logger } from 'pino';
import { createAccessTokens } from './auth/access-tokens.ts';
import { createRateLimiter } from './auth/rate-limiter.ts';
import { createAuthService } from './auth/service.ts';
import { createOutboxMailer, type Mailer } from './mailer.ts';
import { createBackgroundTasks } from './shared/background.ts';
import { createFilesService } from './files/service.ts';
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
}

export interface CoreServices extends Services {
  /** Waits for work started after a response (hosts call it before closing the database). */
  drain(): Promise<void>;
  /** The job definitions, for the process that consumes them (worker, or the API in-process). */
  jobs: Jobs;
}

/** Wires the domain services; the hosts (API, worker, scripts) and the tests call this. */
export function createServices({ config, database, logger, storage, ai, queue, mailer = createOutboxMailer(logger) }: CoreDeps): CoreServices {
  const background = createBackgroundTasks(logger);
  const jobs = createJobs({
    database,
    ai,
    storage,
    queue,
    vocalRecovery: { staleAfterMs: config.VOCAL_RECOVERY_STALE_AFTER_MS, maxAttempts: config.VOCAL_RECOVERY_MAX_ATTEMPTS, batchSize: config.VOCAL_RECOVERY_BATCH_SIZE },
  });
  const passwordEmails = {
    appBaseUrl: config.APP_BASE_URL,
    resetTtlMinutes: config.PASSWORD_RESET_TTL_MINUTES,
    invitationTtlHours: config.INVITATION_TTL_HOURS,
  };
  const window = config.LOGIN_THROTTLE_WINDOW_SECONDS;
  return {
    drain: () => background.drain(),
    jobs,
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
        loginLimitPerEmail: { scope: 'login:email', max: config.LOGIN_MAX_ATTEMPTS_PER_EMAIL, windowSeconds: window },
        loginLimitPerIp: { scope: 'login:ip', max: config.LOGIN_MAX_ATTEMPTS_PER_IP, windowSeconds: window },
      },
    }),
    users: createUsersService({ database, mailer, settings: passwordEmails }),
    properties: createPropertiesService({ database }),
    messages: createMessagesService({ database, queue, jobs }),
    reviewQueue: createReviewQueueService({ database, jobs }),
    files: createFilesService({
      database,
      storage,
      queue,
      jobs,
      settings: {
        maxUploadBytes: config.MAX_UPLOAD_BYTES,
        maxBase64UploadBytes: config.MAX_BASE64_UPLOAD_BYTES,
        signedUrlTtlSeconds: config.SIGNED_URL_TTL_SECONDS,
      },
    }),
    vocals: createVocalsService({
      database,
      storage,
      jobs,
      settings: {
        maxUploadBytes: config.MAX_UPLOAD_BYTES,
        maxBase64UploadBytes: config.MAX_BASE64_UPLOAD_BYTES,
        signedUrlTtlSeconds: config.SIGNED_URL_TTL_SECONDS,
      },
    }),
  };
}

export { createOutboxMailer, type Mailer, type Email } from './mailer.ts';
export { createJobs, type Jobs } from './jobs.ts';
export { startRuntime, type Runtime } from './runtime.ts';
export { createLogger } from './logger.ts';
