import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { AppError } from '@monimmo/contract/errors';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { LocalClient } from './local/client.ts';
import { drizzleLocal } from './local/drizzle.ts';
import * as schema from './schema/index.ts';

export type Db = LibSQLDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbKind = 'file' | 'memory' | 'remote';

export interface Database {
  db: Db;
  client: Client;
  kind: DbKind;
  /**
   * Runs a write transaction. Transactions are serialised in-process: two open at once on
   * pooled SQLite connections would block the event loop on the file lock (STACK-NOTES).
   * Every write goes through here.
   */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): void;
}

const commitHooks = new WeakMap<Tx, (() => void)[]>();

/**
 * Runs `hook` once the transaction `tx` (opened by Database.tx) has committed; never if it rolls
 * back. For what must not leave the process before the data is durable (an e-mail's delivery).
 */
export function afterCommit(tx: Tx, hook: () => void): void {
  const hooks = commitHooks.get(tx);
  if (!hooks) throw new Error('afterCommit needs a transaction opened by Database.tx');
  hooks.push(hook);
}

export interface DbOptions {
  authToken?: string | undefined;
  busyTimeoutMs?: number;
}

/** `data/app.db` → `file:/abs/data/app.db`; URLs with a scheme and `:memory:` pass through. */
export function resolveDatabaseUrl(url: string): { url: string; kind: DbKind; path?: string } {
  if (url === ':memory:' || url === 'file::memory:') return { url: ':memory:', kind: 'memory' };
  if (/^(libsql|https?|wss?):\/\//.test(url)) return { url, kind: 'remote' };
  const path = resolve(url.startsWith('file:') ? url.slice('file:'.length) : url);
  return { url: `file:${path}`, kind: 'file', path };
}

const isBusy = (error: unknown): boolean => {
  for (let e: unknown = error; e instanceof Error; e = e.cause)
    if (String((e as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return true;
  return false;
};

/**
 * SQLite's busy error (another process held the write lock past the busy timeout) as the caller
 * should hear it: a 503 to retry. The original stays as `cause` for the logs.
 */
function busyError(error: unknown): unknown {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof AppError) return error;
  if (!isBusy(error)) return error;
  return new AppError(
    'UNAVAILABLE',
    'The database is busy: try again in a moment',
    { reason: 'DATABASE_BUSY', retryAfterSeconds: 1 },
    { cause: error },
  );
}

/**
 * A busy error swaps in a fresh client (new connections): @libsql/client, used before the local
 * client, returned a connection whose BEGIN failed with SQLITE_BUSY to its pool with that
 * statement still in progress, so every later COMMIT on it failed. The local client resets a
 * failed statement, so this is now a second line of defence. drizzle holds this proxy, never a
 * client, so the swap is invisible to it.
 */
function renewableClient(open: () => Client) {
  let current = open();
  const client = new Proxy({} as Client, {
    get(_target, property) {
      const value: unknown = Reflect.get(current, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(current, args);
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(busyError(error))) : result;
      };
    },
  });
  return {
    client,
    renew() {
      const old = current;
      current = open();
      old.close();
    },
  };
}

export async function createDb(databaseUrl: string, options: DbOptions = {}): Promise<Database> {
  const target = resolveDatabaseUrl(databaseUrl);
  if (target.path) mkdirSync(dirname(target.path), { recursive: true });
  const timeout = options.busyTimeoutMs ?? 10_000;
  // A file or memory database goes through the local client (kept statements, plain rows);
  // a libSQL server through @libsql/client.
  const { client, renew } = renewableClient(() =>
    target.kind === 'remote'
      ? createClient({ url: target.url, authToken: options.authToken, timeout })
      : new LocalClient({ path: target.path ?? ':memory:', timeoutMs: timeout }),
  );
  // WAL lets readers run beside the writer; the mode is stored in the file, so once is enough.
  if (target.kind === 'file') await client.execute('PRAGMA journal_mode=WAL');
  const db = target.kind === 'remote' ? drizzle(client, { schema }) : drizzleLocal(client, schema);

  let queue: Promise<unknown> = Promise.resolve();
  const tx = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const hooks: (() => void)[] = [];
    const run = queue.then(() =>
      db
        .transaction((t) => {
          commitHooks.set(t, hooks);
          return fn(t);
        })
        .then(
          (result) => {
            for (const hook of hooks) hook();
            return result;
          },
          (error: unknown) => {
            // Only a file has pooled local connections to poison (a memory database would be lost).
            if (target.kind === 'file' && isBusy(error)) renew();
            throw busyError(error);
          },
        ),
    );
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    db,
    client,
    kind: target.kind,
    tx,
    async ping() {
      await client.execute('SELECT 1');
    },
    close() {
      client.close();
    },
  };
}
