import { GOOGLE_SCOPES, isConnectorError, type Connectors, type OAuthTokens } from '@monimmo/connectors';
import { AppError, PROVIDER_SLUGS, type IntegrationProvider } from '@monimmo/contract';
import { integrations } from '@monimmo/db';
import { and, eq, ne } from 'drizzle-orm';
import type { GoogleCredentials, WhatsAppCredentials } from './credentials.ts';
import { startSyncing, unlessQueueDown, type IntegrationOperation as Op } from './deps.ts';
import { PROVIDER_LABELS } from './failures.ts';
import { pullsProvider } from './sync.ts';
import { toIntegrationView } from './views.ts';

/** A provider's refusal at connection time, as the person connecting should read it. */
function connectError(error: unknown, provider: IntegrationProvider): never {
  if (!isConnectorError(error)) throw error;
  const label = PROVIDER_LABELS[provider];
  switch (error.kind) {
    case 'AUTH_REVOKED':
      throw new AppError('BAD_REQUEST', `${label} refused the authorization code: start the connection again`, {
        reason: 'OAUTH_CODE_REFUSED',
      });
    case 'RATE_LIMITED':
      throw new AppError('RATE_LIMITED', `${label} is limiting requests: try again in a moment`, { reason: 'PROVIDER_RATE_LIMITED' });
    case 'INVALID_REQUEST':
      throw new AppError('INVALID_STATE', `${label} refused the application's OAuth configuration`, { reason: 'OAUTH_CLIENT_REFUSED' });
    default:
      throw new AppError('INVALID_STATE', `${label} could not be reached: try again in a moment`, { reason: 'PROVIDER_UNAVAILABLE' });
  }
}

/** Tokens for Gmail or Calendar from the consent code, and what the agency sees of the account. */
async function googleAccount(
  connectors: Connectors,
  provider: 'GMAIL' | 'GOOGLE_CALENDAR',
  code: string,
  redirectUri: string,
): Promise<{ credentials: GoogleCredentials; accountLabel: string }> {
  let tokens: OAuthTokens;
  let accountLabel = 'Agenda principal';
  try {
    tokens = await connectors.oauth.exchangeCode(code, redirectUri);
    // The person may untick a scope on Google's screen: without it, every sync would be refused.
    if (tokens.scope !== undefined && !tokens.scope.split(' ').includes(GOOGLE_SCOPES[provider]))
      throw new AppError('BAD_REQUEST', `${PROVIDER_LABELS[provider]} access was not granted on the consent screen`, {
        reason: 'OAUTH_SCOPE_NOT_GRANTED',
      });
    if (provider === 'GMAIL') accountLabel = (await connectors.gmail({ tokens }).getProfile()).emailAddress;
  } catch (error) {
    connectError(error, provider);
  }
  return {
    credentials: {
      kind: 'google',
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? null,
      expiresAt: tokens.expiresAt,
      scope: tokens.scope ?? null,
    },
    accountLabel,
  };
}

/** Where Google sends the browser back after consent, unless a third party names its own: the web app's page. */
export const googleRedirectUri = (appBaseUrl: string) => `${appBaseUrl.replace(/\/$/, '')}/integrations/google/callback`;

/** Seals the provider's credentials for the agency and, for the providers we pull, starts syncing. */
export const connectIntegration: Op<'connect'> = async (deps, actor, input) => {
  const { database, connectors, box, settings } = deps;
  const provider = PROVIDER_SLUGS[input.provider];
  let credentials: GoogleCredentials | WhatsAppCredentials;
  let accountLabel: string | null;
  let externalAccountId: string | null = null;
  if (provider === 'WHATSAPP') {
    // The contract requires the four fields for WhatsApp. The mock accepts any: its media is fetched
    // under its own token, and webhook signatures are checked with the app secret given here.
    credentials = {
      kind: 'whatsapp',
      phoneNumberId: input.phoneNumberId!,
      accessToken: input.accessToken!,
      appSecret: input.appSecret!,
      verifyToken: input.verifyToken!,
    };
    externalAccountId = credentials.phoneNumberId;
    accountLabel = null;
  } else {
    const redirectUri = input.redirectUri ?? googleRedirectUri(settings.appBaseUrl);
    ({ credentials, accountLabel } = await googleAccount(connectors, provider, input.code!, redirectUri));
  }

  const pulls = pullsProvider(connectors, provider);
  const now = new Date().toISOString();
  const row = await database.tx(async (tx) => {
    if (provider === 'WHATSAPP') {
      // Webhooks find their agency by this number: it can belong to one agency only. Checked in
      // the write transaction (serialised), so two agencies connecting it at once cannot both win.
      const [taken] = await tx
        .select({ id: integrations.id })
        .from(integrations)
        .where(
          and(
            eq(integrations.provider, 'WHATSAPP'),
            eq(integrations.externalAccountId, externalAccountId!),
            ne(integrations.orgId, actor.orgId),
            ne(integrations.status, 'DISCONNECTED'),
          ),
        );
      if (taken) throw new AppError('CONFLICT', 'This WhatsApp number is connected to another agency', { reason: 'WHATSAPP_NUMBER_TAKEN' });
    }
    const [previous] = await tx
      .select()
      .from(integrations)
      .where(and(eq(integrations.orgId, actor.orgId), eq(integrations.provider, provider)));
    // The same account again (a reconnection): its sync resumes where it stopped.
    const sameAccount = previous && previous.accountLabel === accountLabel && previous.externalAccountId === externalAccountId;
    const values = {
      status: pulls ? ('SYNC_QUEUED' as const) : ('CONNECTED' as const),
      accountLabel,
      externalAccountId,
      encryptedCredentials: box.seal(credentials, { orgId: actor.orgId, provider }),
      cursor: sameAccount ? previous.cursor : null,
      connectedByUserId: actor.userId,
      connectedAt: now,
      lastError: null,
      failureCount: 0,
    };
    const [saved] = await tx
      .insert(integrations)
      .values({ orgId: actor.orgId, provider, ...values })
      .onConflictDoUpdate({ target: [integrations.orgId, integrations.provider], set: values })
      .returning();
    return saved!;
  });
  deps.logger.info({ integrationId: row.id, provider, orgId: actor.orgId, userId: actor.userId }, 'integration connected');
  // Live WhatsApp is pushed to us by webhooks: nothing to pull, now or periodically.
  if (pulls) await unlessQueueDown(deps, () => startSyncing(deps, row), row, 'the recovery pass will queue the first sync');
  return toIntegrationView(row);
};
