import { WhatsAppClient, type ConnectorAuth } from '@monimmo/connectors';
import { integrations } from '@monimmo/db';
import { and, eq, ne } from 'drizzle-orm';
import type { GoogleCredentials, WhatsAppCredentials } from './credentials.ts';
import type { IntegrationRow, SyncDeps } from './sync-model.ts';

/** Google clients share one token state per run, written back (sealed) at each refresh. */
export function googleAuth(
  { database, connectors, box }: Pick<SyncDeps, 'database' | 'connectors' | 'box'>,
  row: IntegrationRow,
  credentials: GoogleCredentials,
  opened: string,
): ConnectorAuth {
  // What this run read or last wrote: the tokens are written back over it only (compare-and-swap),
  // never over those of a connection made meanwhile (another account, or a new grant).
  let sealed = opened;
  const auth: ConnectorAuth = {
    tokens: {
      accessToken: credentials.accessToken,
      refreshToken: credentials.refreshToken ?? undefined,
      expiresAt: credentials.expiresAt,
    },
    refresh: (refreshToken) => connectors.oauth.refresh(refreshToken),
    onTokens: async (tokens) => {
      const next: GoogleCredentials = {
        kind: 'google',
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken ?? credentials.refreshToken,
        expiresAt: tokens.expiresAt,
        scope: tokens.scope ?? credentials.scope,
      };
      auth.tokens = { accessToken: next.accessToken, refreshToken: next.refreshToken ?? undefined, expiresAt: next.expiresAt };
      const resealed = box.seal(next, row);
      const [kept] = await database.tx((tx) =>
        tx
          .update(integrations)
          .set({ encryptedCredentials: resealed })
          .where(and(eq(integrations.id, row.id), ne(integrations.status, 'DISCONNECTED'), eq(integrations.encryptedCredentials, sealed)))
          .returning({ id: integrations.id }),
      );
      if (kept) sealed = resealed;
    },
  };
  return auth;
}

export function mediaReader(
  { connectors }: Pick<SyncDeps, 'connectors'>,
  credentials: WhatsAppCredentials,
): (mediaId: string) => Promise<Buffer> {
  // The mock runtime accepts any WhatsApp credentials at connection: it serves media under its own token.
  const client = connectors.mock ? connectors.mock.whatsappClient() : new WhatsAppClient({ accessToken: credentials.accessToken });
  return async (mediaId) => (await client.readMedia(mediaId)).content;
}
