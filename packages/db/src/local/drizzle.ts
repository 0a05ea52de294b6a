import type { Client, InArgs, ResultSet, Transaction } from '@libsql/client';
import {
  type Logger,
  type Query,
  type TablesRelationalConfig,
  createTableRelationsHelpers,
  extractTablesRelationalConfig,
  fillPlaceholders,
} from 'drizzle-orm';
import { LibSQLDatabase, LibSQLPreparedQuery, LibSQLSession, LibSQLTransaction } from 'drizzle-orm/libsql';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { LocalResultSet } from './result-set.ts';

// drizzle-orm/libsql reads the rows of its typed queries (select, returning, db.query.*) by index,
// copying each with `Array.prototype.slice.call(row)`: on @libsql/client's row objects that is
// the costliest step of a list. These two subclasses hand it the local client's plain arrays;
// every other path (raw SQL read by name, batch, run) is drizzle's own.

/** drizzle's fields these subclasses read (declared private or internal in its typings). */
interface PreparedQueryInternals {
  query: Query;
  logger: Logger;
  client: Client;
  tx: Transaction | undefined;
  queryWithCache<T>(sql: string, params: unknown[], query: () => Promise<T>): Promise<T>;
}
interface SessionInternals {
  client: Client;
  dialect: SQLiteAsyncDialect;
  schema: ConstructorParameters<typeof LibSQLSession>[2];
  options: ConstructorParameters<typeof LibSQLSession>[3];
  logger: Logger;
  cache: ConstructorParameters<typeof LibSQLPreparedQuery>[3];
  tx: Transaction | undefined;
}

const valuesOf = (result: ResultSet): unknown[] => (result instanceof LocalResultSet ? result.values : result.rows);

class ArrayRowsPreparedQuery extends LibSQLPreparedQuery {
  override async values(placeholderValues?: Record<string, unknown>): Promise<unknown[]> {
    const self = this as unknown as PreparedQueryInternals;
    const { query, logger, tx, client } = self;
    const params = fillPlaceholders(query.params, placeholderValues ?? {});
    logger.logQuery(query.sql, params);
    return self.queryWithCache(query.sql, params, async () =>
      valuesOf(await (tx ?? client).execute({ sql: query.sql, args: params as InArgs })),
    );
  }
}

class ArrayRowsSession extends LibSQLSession<Record<string, unknown>, TablesRelationalConfig> {
  override prepareQuery(...args: Parameters<LibSQLSession<Record<string, unknown>, TablesRelationalConfig>['prepareQuery']>) {
    const [query, fields, executeMethod, isResponseInArrayMode, customResultMapper, queryMetadata, cacheConfig] = args;
    const { client, logger, cache, tx } = this as unknown as SessionInternals;
    return new ArrayRowsPreparedQuery(
      client,
      query,
      logger,
      cache,
      queryMetadata,
      cacheConfig,
      fields,
      tx,
      executeMethod,
      isResponseInArrayMode,
      customResultMapper,
    );
  }

  // drizzle's own, but the transaction's session is this class too.
  override async transaction<T>(
    transaction: (tx: LibSQLTransaction<Record<string, unknown>, TablesRelationalConfig>) => T | Promise<T>,
  ): Promise<T> {
    const { client, dialect, schema, options } = this as unknown as SessionInternals;
    const libsqlTx = await client.transaction();
    const session = new ArrayRowsSession(client, dialect, schema, options, libsqlTx);
    const tx = new LibSQLTransaction('async', dialect, session, schema);
    try {
      const result = await transaction(tx);
      await libsqlTx.commit();
      return result;
    } catch (error) {
      await libsqlTx.rollback();
      throw error;
    }
  }
}

/** `drizzle(client, { schema })`, for the local client: typed queries read plain arrays. */
export function drizzleLocal<TSchema extends Record<string, unknown>>(client: Client, schema: TSchema): LibSQLDatabase<TSchema> {
  const dialect = new SQLiteAsyncDialect();
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  const relational = { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
  const session = new ArrayRowsSession(client, dialect, relational, {}, undefined);
  const db = new LibSQLDatabase('async', dialect, session as never, relational as never) as LibSQLDatabase<TSchema> & { $client: Client };
  db.$client = client;
  return db;
}
