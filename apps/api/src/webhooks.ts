import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, REST_PREFIX } from '@monimmo/contract';
import type { WhatsAppWebhook } from '@monimmo/core';
import { isJson, readRawBody } from './http/body.ts';
import { sendAppError, sendError, sendJson } from './http/responses.ts';

export const WHATSAPP_WEBHOOK_PATH = `${REST_PREFIX}/integrations/whatsapp/webhook`;

type WebhookHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/**
 * Meta's WhatsApp webhook, outside the contract: no bearer token (Meta signs instead), and the
 * body is kept as bytes, never re-serialised, because the signature covers them exactly. Answers
 * fast (the import is queued) since Meta retries any non-2xx. Bodies and tokens are never logged.
 */
export function createWebhooks(
  webhook: WhatsAppWebhook,
  bodyLimit: number,
): (req: IncomingMessage, path: string) => WebhookHandler | undefined {
  const whatsapp: { GET: WebhookHandler; POST: WebhookHandler } = {
    GET: async (_req, res, url) => {
      const challenge = await webhook.handshake(url.searchParams);
      if (challenge === null) return sendError(res, 'FORBIDDEN', 'Webhook verification failed: wrong hub.mode or hub.verify_token');
      res.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(challenge),
        'cache-control': 'no-store',
      });
      res.end(challenge);
    },
    POST: async (req, res) => {
      try {
        const contentType = req.headers['content-type'];
        if (contentType && !isJson(contentType)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
        const raw = await readRawBody(req, bodyLimit);
        try {
          JSON.parse(raw.toString('utf8'));
        } catch {
          throw new AppError('BAD_REQUEST', 'Request body is not valid JSON', { reason: 'MALFORMED_JSON' });
        }
        const signature = req.headers['x-hub-signature-256'];
        const { accepted } = await webhook.receive(raw, typeof signature === 'string' ? signature : undefined);
        sendJson(res, 200, { received: accepted });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // The rest of a refused body is not read: close rather than drain it.
        if (!req.complete) res.setHeader('connection', 'close');
        sendAppError(res, error);
      }
    },
  };
  // Other methods on the path fall through to REST, which answers 404.
  return (req, path) =>
    path === WHATSAPP_WEBHOOK_PATH && (req.method === 'GET' || req.method === 'POST') ? whatsapp[req.method] : undefined;
}
