import { isConnectorError, type Connectors, type OAuthTokens } from '@monimmo/connectors';
import {
  AppError,
  INTEGRATION_PROVIDERS,
  notFound,
  PROVIDER_SLUGS,
  type CalendarEventView,
  type IntegrationProvider,
  type IntegrationsService,
  type IntegrationView,
} from '@monimmo/contract';
import { calendarEvents, integrations, type Database } from '@monimmo/db';
import type { JobQueue } from '@monimmo/queue';
import { queueAfterCommit } from '../shared/after-commit.ts';
import { and, asc, eq, inArray, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import { decodeCursor, toPage } from '../shared/pagination.ts';
import type { CredentialsBox, GoogleCredentials, WhatsAppCredentials } from './credentials.ts';
import { PROVIDER_LABELS } from './failures.ts';
import { pullsProvider, syncJobKey, syncScheduleId, type SyncPayload } from './sync.ts';

type IntegrationRow = typeof integrations.$inferSelect;
type CalendarRow = typeof calendarEvents.$inferSelect;

export interface IntegrationsDeps {
  database: Database;
  queue: JobQueue;
  connectors: Connectors;
  box: CredentialsBox;
  logger: Logger;
  settings: {
    /** APP_BASE_URL: the OAuth redirect URI when the client gives none. */
    appBaseUrl: string;
    /** INTEGRATION_SYNC_INTERVAL_MS. */
    syncIntervalMs: number;
  };
  /** Queues the sync job (jobs.integrationSync) under its key. */
  enqueueSync(payload: SyncPayload, key: string): Promise<{ jobId: string }>;
  /** Schedules the periodic sync of an integration, or removes it. */
  schedule(payload: SyncPayload, id: string, everyMs: number): Promise<void>;
}

export function toIntegrationView(row: IntegrationRow): IntegrationView {
  return {
    provider: row.provider,
    status: row.status,
    accountLabel: row.accountLabel,
    connectedAt: row.connectedAt,
    lastSyncedAt: row.lastSyncedAt,
    lastError: row.lastError,
    failureCount: row.failureCount,
  };
}

const neverConnected = (provider: IntegrationProvider): IntegrationView => ({
  provider,
  status: 'DISCONNECTED',
  accountLabel: null,
  connectedAt: null,
  lastSyncedAt: null,
  lastError: null,
  failureCount: 0,
});

export function toCalendarEventView(row: CalendarRow): CalendarEventView {
  return {
    id: row.id,
    externalId: row.externalId,
    status: row.status,
    title: row.title,
    description: row.description,
    location: row.location,
    startAt: row.startAt,
    endAt: row.endAt,
    allDay: row.allDay,
    attendees: row.attendees,
    propertyId: row.propertyId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const overlapsFrom = (from: string): SQL =>
  sql`(case when ${calendarEvents.allDay} then ${calendarEvents.endAt} > ${from.slice(0, 10)} else ${calendarEvents.endAt} > ${from} end)`;
const overlapsTo = (to: string): SQL =>
  sql`(case when ${calendarEvents.allDay} then ${calendarEvents.startAt} <= ${to.slice(0, 10)} else ${calendarEvents.startAt} < ${to} end)`;

/** Rows strictly after the cursor in (startAt ASC, id ASC) order: the calendar reads forwards in time. */
function afterCursorAscending(cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor);
  return sql`(${calendarEvents.startAt}, ${calendarEvents.id}) > (${c.sortKey}, ${c.id})`;
}

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

export function createIntegrationsService(deps: IntegrationsDeps): IntegrationsService & { scheduleAll(): Promise<number> } {
  const { database, queue, connectors, box, settings } = deps;
  const { db } = database;

  async function find(orgId: string, provider: IntegrationProvider): Promise<IntegrationRow | undefined> {
    const [row] = await db
      .select()
      .from(integrations)
      .where(and(eq(integrations.orgId, orgId), eq(integrations.provider, provider)));
    return row;
  }

  const unlessQueueDown = (work: () => Promise<unknown>, row: IntegrationRow, consequence: string) =>
    queueAfterCommit(deps.logger, work, { integrationId: row.id, provider: row.provider }, consequence);

  const connected = (row: IntegrationRow | undefined): row is IntegrationRow =>
    Boolean(row && row.status !== 'DISCONNECTED' && row.encryptedCredentials);

  async function startSyncing(row: IntegrationRow): Promise<{ jobId: string }> {
    const payload = { orgId: row.orgId, integrationId: row.id };
    await deps.schedule(payload, syncScheduleId(row.id), settings.syncIntervalMs);
    return deps.enqueueSync(payload, syncJobKey(row.id));
  }

  /** Tokens for Gmail or Calendar from the consent code, and what the agency sees of the account. */
  async function googleAccount(
    provider: 'GMAIL' | 'GOOGLE_CALENDAR',
    code: string,
    redirectUri: string,
  ): Promise<{ credentials: GoogleCredentials; accountLabel: string }> {
    let tokens: OAuthTokens;
    let accountLabel = 'Agenda principal';
    try {
      tokens = await connectors.oauth.exchangeCode(code, redirectUri);
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

  return {
    async list(actor) {
      const rows = await db.select().from(integrations).where(eq(integrations.orgId, actor.orgId));
      const byProvider = new Map(rows.map((row) => [row.provider, row]));
      const view = (provider: IntegrationProvider) => {
        const row = byProvider.get(provider);
        return row ? toIntegrationView(row) : neverConnected(provider);
      };
      return { items: INTEGRATION_PROVIDERS.map(view) };
    },

    async connect(actor, input) {
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
        const redirectUri = input.redirectUri ?? `${settings.appBaseUrl.replace(/\/$/, '')}/integrations/google/callback`;
        ({ credentials, accountLabel } = await googleAccount(provider, input.code!, redirectUri));
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
          if (taken)
            throw new AppError('CONFLICT', 'This WhatsApp number is connected to another agency', { reason: 'WHATSAPP_NUMBER_TAKEN' });
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
      if (pulls) await unlessQueueDown(() => startSyncing(row), row, 'the recovery pass will queue the first sync');
      return toIntegrationView(row);
    },

    async sync(actor, slug) {
      const provider = PROVIDER_SLUGS[slug];
      const row = await find(actor.orgId, provider);
      if (!connected(row)) throw notFound('Integration');
      if (row.status === 'NEEDS_RECONNECT') {
        throw new AppError('INVALID_STATE', `${PROVIDER_LABELS[provider]} must be connected again before it can sync`, {
          reason: 'INTEGRATION_NEEDS_RECONNECT',
        });
      }
      // A run under way keeps its SYNCING status (its lease); the job queued now runs after it.
      await database.tx((tx) =>
        tx
          .update(integrations)
          .set({ status: 'SYNC_QUEUED' })
          .where(and(eq(integrations.id, row.id), eq(integrations.status, 'CONNECTED'))),
      );
      // Live WhatsApp has nothing to pull: its run only settles the status and the last error.
      const { jobId } = await deps.enqueueSync({ orgId: row.orgId, integrationId: row.id }, syncJobKey(row.id));
      return { jobId, status: 'QUEUED' as const };
    },

    async disconnect(actor, slug) {
      const provider = PROVIDER_SLUGS[slug];
      const current = await find(actor.orgId, provider);
      if (!current || current.status === 'DISCONNECTED') throw notFound('Integration');
      const [row] = await database.tx((tx) =>
        tx
          .update(integrations)
          .set({ status: 'DISCONNECTED', encryptedCredentials: null, cursor: null, lastError: null, failureCount: 0 })
          .where(eq(integrations.id, current.id))
          .returning(),
      );
      // A schedule left behind finds the integration disconnected and does nothing.
      await unlessQueueDown(
        () => queue.unschedule(syncScheduleId(current.id)),
        current,
        'its periodic sync stays scheduled and does nothing',
      );
      deps.logger.info({ integrationId: current.id, provider, orgId: actor.orgId, userId: actor.userId }, 'integration disconnected');
      return toIntegrationView(row!);
    },

    async listCalendarEvents(actor, input) {
      const filters: (SQL | undefined)[] = [
        eq(calendarEvents.orgId, actor.orgId),
        // Ending after `from`, starting before `to`: what overlaps the range. All-day events hold
        // dates (end exclusive), compared with the range's days rather than as strings of instants.
        input.from ? overlapsFrom(new Date(input.from).toISOString()) : undefined,
        input.to ? overlapsTo(new Date(input.to).toISOString()) : undefined,
        input.propertyId ? eq(calendarEvents.propertyId, input.propertyId) : undefined,
        input.includeCancelled ? undefined : ne(calendarEvents.status, 'cancelled'),
        afterCursorAscending(input.cursor),
      ];
      const rows = await db
        .select()
        .from(calendarEvents)
        .where(and(...filters))
        .orderBy(asc(calendarEvents.startAt), asc(calendarEvents.id))
        .limit(input.limit + 1);
      return toPage(rows, input.limit, (r) => ({ sortKey: r.startAt, id: r.id }), toCalendarEventView);
    },

    /**
     * For the process that consumes jobs, at start: the periodic sync of every connected
     * integration. The in-process driver forgets its schedules with the process; BullMQ keeps
     * them in Redis, where scheduling again with the same interval changes nothing (and applies
     * a changed INTEGRATION_SYNC_INTERVAL_MS).
     */
    async scheduleAll() {
      const rows = await db
        .select()
        .from(integrations)
        .where(and(inArray(integrations.status, ['CONNECTED', 'SYNC_QUEUED', 'SYNCING']), isNotNull(integrations.encryptedCredentials)));
      let scheduled = 0;
      for (const row of rows) {
        if (!pullsProvider(connectors, row.provider)) {
          // No periodic sync comes for it: a manual sync whose job was lost with its process
          // (in-process queue) would leave it SYNC_QUEUED, or SYNCING, for good. Its run settles it.
          if (row.status !== 'CONNECTED') await deps.enqueueSync({ orgId: row.orgId, integrationId: row.id }, syncJobKey(row.id));
          continue;
        }
        await deps.schedule({ orgId: row.orgId, integrationId: row.id }, syncScheduleId(row.id), settings.syncIntervalMs);
        scheduled += 1;
      }
      return scheduled;
    },
  };
}
