import { isConnectorError } from '@monimmo/connectors';
import type { IntegrationProvider } from '@monimmo/contract';
import { integrations, type Database } from '@monimmo/db';
import { backoffDelay, PermanentJobError } from '@monimmo/queue';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { publishAfterCommit } from '../events/after-commit.ts';
import { CredentialsKeyMismatchError } from './credentials.ts';

/** How the agency reads each provider's name. */
export const PROVIDER_LABELS: Record<IntegrationProvider, string> = {
  GMAIL: 'Gmail',
  GOOGLE_CALENDAR: 'Google Agenda',
  WHATSAPP: 'WhatsApp',
};

/** Stored credentials that do not open for another reason than a rotated secret (tampered, unknown format). */
export class UnreadableCredentialsError extends Error {
  constructor(cause: unknown) {
    super('integration credentials could not be decrypted', { cause });
    this.name = 'UnreadableCredentialsError';
  }
}

/** The sync lost its lease (disconnected meanwhile, or taken over after it looked dead): it stops quietly. */
export class SyncAbandonedError extends Error {
  constructor() {
    super('the integration is no longer being synced by this run');
    this.name = 'SyncAbandonedError';
  }
}

/** What one failure means for the integration. */
export type FailureDecision =
  /** CURSOR_EXPIRED: drop the cursor and run a bounded full resync. */
  | { action: 'RESYNC' }
  /** NOT_FOUND of one item (a message deleted meanwhile, an expired media): import the rest. */
  | { action: 'SKIP' }
  /** The provider refused for good, or the tokens cannot be read: a person must connect again. */
  | { action: 'RECONNECT'; lastError: string }
  /** Worth trying again later, after `retryAfterMs` when the provider said so. */
  | { action: 'RETRY'; lastError: string; retryAfterMs?: number }
  /** Retrying cannot help (a refused request: our bug or configuration), reconnecting neither. */
  | { action: 'FAIL'; lastError: string };

function inWords(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} seconde${seconds > 1 ? 's' : ''}`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} minutes`;
}

/** Maps a failure to what it means; pure, so the sync runner (RESYNC) and ingestion (SKIP) ask it too. */
export function decideFailure(error: unknown, provider: IntegrationProvider): FailureDecision {
  const label = PROVIDER_LABELS[provider];
  if (error instanceof CredentialsKeyMismatchError || error instanceof UnreadableCredentialsError) {
    return {
      action: 'RECONNECT',
      lastError: `Les identifiants enregistrés ne peuvent plus être déchiffrés (la clé de chiffrement du serveur a changé) : reconnectez ${label}.`,
    };
  }
  if (!isConnectorError(error))
    return { action: 'RETRY', lastError: `Erreur inattendue pendant la synchronisation de ${label} ; nouvelle tentative automatique.` };
  switch (error.kind) {
    case 'AUTH_REVOKED':
      return {
        action: 'RECONNECT',
        lastError:
          provider === 'WHATSAPP'
            ? 'Meta a refusé le jeton d’accès WhatsApp (révoqué ou expiré) : reconnectez WhatsApp avec un nouveau jeton.'
            : `Google a retiré l’accès de Monimmo à ${label} (autorisation révoquée ou expirée) : reconnectez le compte.`,
      };
    case 'CURSOR_EXPIRED':
      return { action: 'RESYNC' };
    case 'NOT_FOUND':
      return { action: 'SKIP' };
    case 'RATE_LIMITED':
      return {
        action: 'RETRY',
        lastError: `${label} limite temporairement le nombre de requêtes ; la synchronisation reprendra automatiquement${error.retryAfterMs ? ` dans ${inWords(error.retryAfterMs)} environ` : ''}.`,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      };
    case 'TEMPORARY':
      return { action: 'RETRY', lastError: `${label} ne répond pas pour le moment ; la synchronisation sera relancée automatiquement.` };
    case 'INVALID_REQUEST':
      return {
        action: 'FAIL',
        lastError: `${label} a refusé la demande de synchronisation (configuration à vérifier) ; contactez le support si le problème persiste.`,
      };
  }
}

/**
 * What a failure of the whole run means: an expired cursor that survived its resync is worth a
 * retry, and a NOT_FOUND of the account or calendar itself is no item to skip.
 */
function decideForRun(error: unknown, provider: IntegrationProvider): Exclude<FailureDecision, { action: 'RESYNC' | 'SKIP' }> {
  const decision = decideFailure(error, provider);
  const label = PROVIDER_LABELS[provider];
  if (decision.action === 'RESYNC')
    return { action: 'RETRY', lastError: `${label} a refusé le point de reprise de la synchronisation ; nouvelle tentative automatique.` };
  if (decision.action === 'SKIP')
    return { action: 'FAIL', lastError: `${label} ne trouve plus le compte ou l’agenda synchronisé : vérifiez la connexion.` };
  return decision;
}

export interface FailureContext {
  integrationId: string;
  provider: IntegrationProvider;
  /** A sync owns the status (its lease); a webhook import only records the error. */
  kind: 'sync' | 'ingest';
  /** This job's attempt (1, 2, …) and the delayed re-runs it descends from. */
  attempt: number;
  retries: number;
  /** Queues the same work again after `delayMs`, as re-run number `retries`. */
  requeue(delayMs: number, retries: number): Promise<unknown>;
}

export interface FailureHandlerDeps {
  database: Database;
  logger: Logger;
  /** JOB_ATTEMPTS and JOB_BACKOFF_DELAY_MS: the queue's own retry rhythm. */
  attempts: number;
  backoffMs: number;
  /** Stops the periodic sync of an integration that needs a person. */
  unschedule(integrationId: string): Promise<void>;
}

/**
 * THE handler: every failure of a sync or an import ends here and becomes a state of the
 * integration. It records the French `lastError` and the failure count, then:
 * RECONNECT → NEEDS_RECONNECT, periodic sync stopped, no retry (PermanentJobError);
 * FAIL → no retry; RETRY → the queue retries with its backoff, or, when the provider asked for
 * a longer wait (Retry-After), the job is queued again after that wait and this run ends.
 * A sync that lost its lease stops without a trace. Resolves only when the job should succeed.
 */
export function createFailureHandler(deps: FailureHandlerDeps) {
  const { database, logger } = deps;

  async function record(
    ctx: FailureContext,
    lastError: string,
    status: 'NEEDS_RECONNECT' | 'CONNECTED' | 'SYNC_QUEUED' | null,
  ): Promise<void> {
    // A sync releases its lease with the status it writes; an import leaves the status to the sync.
    const setStatus = status === 'NEEDS_RECONNECT' || (ctx.kind === 'sync' && status) ? { status } : {};
    const owned =
      ctx.kind === 'sync' && status !== 'NEEDS_RECONNECT' ? eq(integrations.status, 'SYNCING') : ne(integrations.status, 'DISCONNECTED');
    await database.tx(async (tx) => {
      const [row] = await tx
        .update(integrations)
        .set({ ...setStatus, lastError, failureCount: sql`${integrations.failureCount} + 1` })
        .where(and(eq(integrations.id, ctx.integrationId), owned))
        .returning({ orgId: integrations.orgId, status: integrations.status });
      // The run ended in failure: the integrations screen shows the error.
      if (row) publishAfterCommit(tx, { orgId: row.orgId, type: 'integration.sync_finished', itemId: ctx.integrationId, to: row.status });
    });
  }

  return async function handleFailure(error: unknown, ctx: FailureContext): Promise<void> {
    if (error instanceof SyncAbandonedError) return;
    const log = logger.child({ integrationId: ctx.integrationId, provider: ctx.provider, attempt: ctx.attempt, retries: ctx.retries });
    const decision = decideForRun(error, ctx.provider);
    switch (decision.action) {
      case 'RECONNECT':
        await record(ctx, decision.lastError, 'NEEDS_RECONNECT');
        await deps.unschedule(ctx.integrationId);
        log.warn({ err: error }, 'integration needs reconnecting');
        throw new PermanentJobError(decision.lastError, { cause: error });
      case 'FAIL':
        await record(ctx, decision.lastError, 'CONNECTED');
        log.error({ err: error }, 'integration sync refused');
        throw new PermanentJobError(decision.lastError, { cause: error });
      case 'RETRY': {
        const tries = ctx.attempt + ctx.retries;
        if (tries >= deps.attempts) {
          // Out of tries: the periodic sync picks it up again.
          await record(ctx, decision.lastError, 'CONNECTED');
          log.warn({ err: error, tries }, 'integration sync failed, left to the next periodic sync');
          throw new PermanentJobError(decision.lastError, { cause: error });
        }
        const backoff = backoffDelay(deps.backoffMs, ctx.attempt);
        if (decision.retryAfterMs !== undefined && decision.retryAfterMs > backoff) {
          await record(ctx, decision.lastError, 'SYNC_QUEUED');
          await ctx.requeue(Math.min(decision.retryAfterMs, 2 ** 31 - 1), ctx.retries + 1);
          log.warn({ retryAfterMs: decision.retryAfterMs }, 'provider asked to wait: sync queued again after its Retry-After');
          return;
        }
        await record(ctx, decision.lastError, 'SYNC_QUEUED');
        throw error instanceof Error ? error : new Error(String(error));
      }
    }
  };
}

export type FailureHandler = ReturnType<typeof createFailureHandler>;
