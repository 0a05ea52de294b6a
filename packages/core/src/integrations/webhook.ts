import { isConnectorError, parseWebhook, verifySignature, verifyWebhookHandshake, type WhatsAppInboundMessage } from '@monimmo/connectors';
import { AppError } from '@monimmo/contract';
import { integrations, messages, type Database } from '@monimmo/db';
import { and, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { CredentialsKeyMismatchError, type CredentialsBox, type WhatsAppCredentials } from './credentials.ts';
import { decideFailure } from './failures.ts';
import { openCredentials, WEBHOOK_BATCH, type WebhookPayload } from './sync.ts';

/** What the API host's webhook route calls (GET for Meta's handshake, POST for deliveries). */
export interface WhatsAppWebhook {
  /** The challenge to echo when hub.mode=subscribe and hub.verify_token is a connected integration's; else null (answer 403). */
  handshake(query: URLSearchParams): Promise<string | null>;
  /**
   * Verifies a delivery (X-Hub-Signature-256 over the raw bytes, with the app secret of the
   * integration its phone_number_id names) and queues the import of its messages. Throws
   * AppError UNAUTHORIZED, storing nothing, when the signature is missing or forged or the number
   * is no connected integration's. `accepted` counts the messages queued for import: those
   * already imported (a replayed delivery) are not queued again.
   */
  receive(rawBody: Buffer, signature: string | undefined): Promise<{ accepted: number }>;
}

export interface WebhookDeps {
  database: Database;
  box: CredentialsBox;
  logger: Logger;
  enqueueImport(payload: WebhookPayload, wamids: string[]): Promise<unknown>;
}

const refused = () => new AppError('UNAUTHORIZED', 'The webhook delivery could not be authenticated');

/** The phone number ids a delivery names, read before anything else is trusted. */
function phoneNumberIds(payload: unknown): string[] {
  const ids = new Set<string>();
  const entries = (payload as { entry?: unknown } | null)?.entry;
  for (const entry of Array.isArray(entries) ? entries : []) {
    const changes = (entry as { changes?: unknown } | null)?.changes;
    for (const change of Array.isArray(changes) ? changes : []) {
      const id = (change as { value?: { metadata?: { phone_number_id?: unknown } } } | null)?.value?.metadata?.phone_number_id;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return [...ids];
}

export function createWhatsAppWebhook({ database, box, logger, enqueueImport }: WebhookDeps): WhatsAppWebhook {
  const { db } = database;
  const live = and(
    eq(integrations.provider, 'WHATSAPP'),
    ne(integrations.status, 'DISCONNECTED'),
    isNotNull(integrations.encryptedCredentials),
  );

  const tryOpen = async (row: Parameters<typeof openCredentials>[2]): Promise<WhatsAppCredentials | null> => {
    try {
      return (await openCredentials<WhatsAppCredentials>(database, box, row)).credentials;
    } catch {
      return null;
    }
  };

  /**
   * Live WhatsApp has no periodic sync to notice a rotated INTEGRATION_TOKEN_SECRET: the refused
   * delivery says it, so the agency sees that it must connect again.
   */
  async function needsReconnect(integrationId: string): Promise<void> {
    const decision = decideFailure(new CredentialsKeyMismatchError(), 'WHATSAPP') as { lastError: string };
    const { lastError } = decision;
    await database.tx((tx) =>
      tx
        .update(integrations)
        .set({ status: 'NEEDS_RECONNECT', lastError, failureCount: sql`${integrations.failureCount} + 1` })
        .where(and(eq(integrations.id, integrationId), ne(integrations.status, 'NEEDS_RECONNECT'))),
    );
  }

  return {
    async handshake(query) {
      // A handful of WhatsApp integrations at most per deployment: each verify token is compared after opening.
      const rows = await db
        .select({
          id: integrations.id,
          orgId: integrations.orgId,
          provider: integrations.provider,
          encryptedCredentials: integrations.encryptedCredentials,
        })
        .from(integrations)
        .where(live);
      for (const row of rows) {
        const credentials = await tryOpen(row);
        const challenge = credentials ? verifyWebhookHandshake(query, credentials.verifyToken) : null;
        if (challenge !== null) return challenge;
      }
      return null;
    },

    async receive(rawBody, signature) {
      if (!signature) throw refused();
      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw refused();
      }
      const ids = phoneNumberIds(json);
      if (ids.length === 0) throw refused();
      const rows = await db
        .select()
        .from(integrations)
        .where(and(live, inArray(integrations.externalAccountId, ids)));
      // Every number must be a connected integration's, and the bytes signed with its app secret.
      if (rows.length !== ids.length) throw refused();
      for (const row of rows) {
        const credentials = await tryOpen(row);
        if (!credentials) {
          logger.warn({ integrationId: row.id }, 'webhook refused: the WhatsApp credentials cannot be decrypted (reconnect WhatsApp)');
          await needsReconnect(row.id);
          throw refused();
        }
        if (!verifySignature(rawBody, signature, credentials.appSecret)) throw refused();
      }

      let parsed: WhatsAppInboundMessage[];
      try {
        parsed = parseWebhook(json);
      } catch (error) {
        if (isConnectorError(error)) throw new AppError('BAD_REQUEST', 'Not a WhatsApp Business webhook payload');
        throw error;
      }
      let accepted = 0;
      for (const row of rows) {
        const mine = parsed.filter((m) => m.phoneNumberId === row.externalAccountId);
        if (mine.length === 0) continue;
        const known = new Set(
          (
            await db
              .select({ externalId: messages.externalId })
              .from(messages)
              .where(
                and(
                  eq(messages.orgId, row.orgId),
                  eq(messages.channel, 'WHATSAPP'),
                  inArray(
                    messages.externalId,
                    mine.map((m) => m.id),
                  ),
                ),
              )
          ).map((m) => m.externalId),
        );
        const fresh = mine.filter((m) => !known.has(m.id));
        if (fresh.length === 0) continue;
        for (let start = 0; start < fresh.length; start += WEBHOOK_BATCH) {
          const batch = fresh.slice(start, start + WEBHOOK_BATCH);
          await enqueueImport(
            { orgId: row.orgId, integrationId: row.id, messages: batch },
            batch.map((m) => m.id),
          );
        }
        accepted += fresh.length;
      }
      logger.info({ received: parsed.length, accepted }, 'whatsapp webhook accepted');
      return { accepted };
    },
  };
}
