import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Config } from '@monimmo/config';
import { appRouter, asTemporaryError, internalError, REST_PREFIX, setOutputChecks, type Services } from '@monimmo/contract';
import { createIdempotencyStore, type CoreServices } from '@monimmo/core';
import type { Database } from '@monimmo/db';
import type { JobQueue } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import type { Logger } from 'pino';
import { createDocs } from './docs.ts';
import { createLocalDownloads } from './downloads.ts';
import { createHealth } from './health.ts';
import { applyCors } from './http/cors.ts';
import { createIdempotency } from './http/idempotency.ts';
import { attachRequestInfo, compileTrustProxy } from './http/request-info.ts';
import { sendAppError, sendError } from './http/responses.ts';
import { createRestHandler } from './rest.ts';
import { createTrpcHandler } from './trpc.ts';
import { setRequestDeadline } from './http/timeouts.ts';
import { createStreamingUploads, UploadsInFlight } from './uploads.ts';
import { createWebApp, defaultWebAppDir } from './web-app.ts';
import { createWebhooks } from './webhooks.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  storage: Storage;
  queue: JobQueue;
  services: Services & Pick<CoreServices, 'whatsappWebhook'>;
  logger: Logger;
}

/** What a client cut by a restart is told to wait before sending again. */
const RETRY_AFTER_RESTART_SECONDS = 5;

export interface App extends Server {
  /** On shutdown, once the grace period is over: answers the uploads still arriving with 503 and drops their bytes. */
  cutUploads(): Promise<void>;
}

/** The one HTTP server: /api/v1 (REST, and provider webhooks), /trpc, /openapi.*, /docs, /health, and the web app at /. */
export function createApp({ config, database, storage, queue, services, logger }: AppDeps): App {
  // Production sends the services' answers as they are; everywhere else each answer is proven to
  // be exactly its output schema's, so that skipping the parse strips nothing (no stray key).
  setOutputChecks(appRouter, config.NODE_ENV === 'production' ? 'trust' : 'compare');
  const uploadsInFlight = new UploadsInFlight();
  // base64 takes 4 characters for 3 bytes; the rest of the JSON is small.
  const base64UploadLimit = Math.ceil(config.MAX_BASE64_UPLOAD_BYTES / 3) * 4 + 64 * 1024;
  const rest = createRestHandler(services, logger, {
    bodyLimit: config.BODY_LIMIT_BYTES,
    base64UploadLimit,
    streamingUploads: createStreamingUploads(services, {
      maxUploadBytes: config.MAX_UPLOAD_BYTES,
      idleTimeoutMs: config.UPLOAD_IDLE_TIMEOUT_MS,
      inFlight: uploadsInFlight,
    }),
  });
  const idempotent = createIdempotency({ store: createIdempotencyStore(database), services, logger });
  const downloads = createLocalDownloads(storage);
  const trpc = createTrpcHandler(services, logger, config.BODY_LIMIT_BYTES);
  const docs = createDocs();
  const trustProxy = compileTrustProxy(config.TRUST_PROXY);
  const health = createHealth(database, queue);
  const webhooks = createWebhooks(services.whatsappWebhook, config.BODY_LIMIT_BYTES);
  const webApp = createWebApp(config.WEB_APP_DIR ?? defaultWebAppDir());

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    // Provider webhooks sit under the REST prefix but outside the contract (no bearer, raw bytes).
    const webhook = webhooks(req, path);
    if (webhook) return webhook(req, res, new URL(req.url ?? '/', 'http://local'));
    // The REST host checks each body against its own limit again; tRPC trusts what it is handed.
    if (path === REST_PREFIX || path.startsWith(`${REST_PREFIX}/`)) return idempotent(req, res, base64UploadLimit, () => rest(req, res));
    if (path.startsWith('/trpc/')) return idempotent(req, res, config.BODY_LIMIT_BYTES, async () => trpc(req, res));
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (path === '/health') return health(res);
      if (path.startsWith('/storage/')) return downloads(req, res);
      if (docs(path, res)) return;
      // Last: it takes only its own files and the pages a browser asks for, never the paths above.
      const page = webApp(req, path);
      if (page) return page(res);
    }
    sendError(res, 'NOT_FOUND', `No route for ${req.method} ${path}`);
  }

  // requestTimeout 0: Node's limit is one for the whole server; each request gets its own instead.
  const server = createServer({ requestTimeout: 0, headersTimeout: 20_000 }, (req, res) => {
    const started = process.hrtime.bigint();
    const info = attachRequestInfo(req, trustProxy);
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    res.setHeader('x-request-id', info.requestId);
    res.setHeader('x-content-type-options', 'nosniff');
    setRequestDeadline(req, res, config.REQUEST_TIMEOUT_MS);
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ requestId: info.requestId, method: req.method, path, status: res.statusCode, durationMs }, 'request');
    });
    if (applyCors(req, res, config.CORS_ORIGINS)) return;
    route(req, res, path).catch((error: unknown) => {
      const temporary = asTemporaryError(error);
      if (temporary) {
        logger.warn({ err: error, requestId: info.requestId }, 'temporary failure');
        if (!res.headersSent) sendAppError(res, temporary);
        else res.destroy();
        return;
      }
      logger.error({ err: error, requestId: info.requestId }, 'unhandled error');
      if (!res.headersSent) sendAppError(res, internalError(info.requestId));
      else res.destroy();
    });
  });
  return Object.assign(server, { cutUploads: () => uploadsInFlight.cutAll(RETRY_AFTER_RESTART_SECONDS) });
}
