import {
  type Client,
  type InArgs,
  type InStatement,
  type IntMode,
  LibsqlBatchError,
  LibsqlError,
  type Replicated,
  type ResultSet,
  type Transaction,
  type TransactionMode,
} from '@libsql/client';
import { Connection } from './connection.ts';
import type { LocalResultSet } from './result-set.ts';
import { argsToSql } from './values.ts';

export interface LocalClientOptions {
  /** A file path, or `:memory:`. */
  path: string;
  /** How long a statement waits for another connection's lock (busy timeout), in ms. */
  timeoutMs?: number;
  intMode?: IntMode;
  /** Connections at most, so transactions open at once (default 20, as @libsql/client). */
  concurrency?: number;
  /** Prepared statements kept per connection. */
  statementCacheSize?: number;
}

const BEGIN: Record<TransactionMode, string> = {
  write: 'BEGIN IMMEDIATE',
  read: 'BEGIN TRANSACTION READONLY',
  deferred: 'BEGIN DEFERRED',
};

type Statement = InStatement | [string, InArgs?];

const closedError = () => new LibsqlError('The client is closed', 'CLIENT_CLOSED');

/**
 * A `Client` for a SQLite file or `:memory:`, over the engine @libsql/client's local path uses
 * (the `libsql` binding), that keeps each connection's compiled statements and builds row objects
 * only when read by name. A patch to @libsql/client could keep statements too, but drizzle would
 * still receive its row objects, and we would carry a patch of its internals across upgrades.
 *
 * Connections: calls outside a transaction run synchronously on any free connection, so they
 * share one; a transaction holds its own until it ends. `:memory:` has a single connection.
 */
export class LocalClient implements Client {
  closed = false;
  readonly protocol = 'file';
  readonly #idle: Connection[] = [];
  readonly #held = new Set<Connection>();
  readonly #intMode: IntMode;
  readonly #maxConnections: number;
  readonly #connect: () => Connection;
  #prepares = 0;

  constructor(options: LocalClientOptions) {
    const memory = options.path === ':memory:';
    this.#intMode = options.intMode ?? 'number';
    this.#maxConnections = memory ? 1 : Math.max(1, options.concurrency ?? 20);
    this.#connect = () =>
      new Connection({
        path: options.path,
        timeoutMs: options.timeoutMs ?? 0,
        intMode: this.#intMode,
        cacheSize: options.statementCacheSize ?? 256,
        onSchemaChange: () => this.#forgetStatements(),
        onPrepare: () => void this.#prepares++,
      });
    // Fail now if the database cannot be opened at all.
    const first = this.#connect();
    try {
      first.execute('SELECT 1', []);
    } catch (error) {
      first.close();
      throw error;
    }
    this.#idle.push(first);
  }

  /** Statements compiled since the client opened: a repeated SQL text must not add to it. */
  get preparedStatements(): number {
    return this.#prepares;
  }

  /** Statements kept, over every connection. */
  get cachedStatements(): number {
    let n = 0;
    for (const c of [...this.#idle, ...this.#held]) n += c.cachedStatements;
    return n;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  async execute(stmtOrSql: InStatement, args?: InArgs): Promise<ResultSet> {
    const stmt = typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args } : stmtOrSql;
    return this.#run((connection) => connection.execute(stmt.sql, argsToSql(stmt.args, this.#intMode)));
  }

  async batch(stmts: Statement[], mode: TransactionMode = 'deferred'): Promise<ResultSet[]> {
    return this.#run((connection) => {
      connection.execute(BEGIN[mode], []);
      const results = runBatch(connection, stmts, this.#intMode);
      connection.execute('COMMIT', []);
      return results;
    });
  }

  /** drizzle's migrator: the statements in one transaction, foreign keys off meanwhile. */
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.#run((connection) => {
      connection.execute('PRAGMA foreign_keys=off', []);
      try {
        connection.execute(BEGIN.deferred, []);
        const results = runBatch(connection, stmts, this.#intMode);
        connection.execute('COMMIT', []);
        return results;
      } finally {
        if (connection.inTransaction) connection.execute('ROLLBACK', []);
        connection.execute('PRAGMA foreign_keys=on', []);
        this.#forgetStatements();
      }
    });
  }

  async transaction(mode: TransactionMode = 'write'): Promise<Transaction> {
    const connection = this.#take();
    try {
      connection.execute(BEGIN[mode], []);
    } catch (error) {
      this.#release(connection);
      throw error;
    }
    return new LocalTransaction(connection, this.#intMode, () => this.#release(connection));
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#run((connection) => connection.exec(sql));
  }

  sync(): Promise<Replicated> {
    return Promise.reject(new LibsqlError('sync() is for embedded replicas only', 'SYNC_NOT_SUPPORTED'));
  }

  reconnect(): void {
    this.#closeConnections();
    this.closed = false;
  }

  close(): void {
    this.closed = true;
    this.#closeConnections();
  }

  /**
   * Runs a synchronous piece of work on a free connection; nothing else can use it meanwhile.
   * A transaction the work left open (a BEGIN sent through execute) is rolled back, as
   * @libsql/client does when a connection goes back to its pool.
   */
  #run<T>(work: (connection: Connection) => T): T {
    const connection = this.#free();
    try {
      return work(connection);
    } finally {
      if (connection.inTransaction) rollbackOrClose(connection);
      if (!connection.open) this.#idle.splice(this.#idle.indexOf(connection), 1);
    }
  }

  #free(): Connection {
    const idle = this.#idle.at(-1);
    if (idle && !this.closed) return idle;
    const connection = this.#take();
    this.#held.delete(connection);
    this.#idle.push(connection);
    return connection;
  }

  /** A connection of its own for a transaction, until #release. */
  #take(): Connection {
    if (this.closed) throw closedError();
    if (this.#idle.length === 0 && this.#held.size >= this.#maxConnections)
      throw new LibsqlError(
        this.#maxConnections === 1
          ? 'This client has a single connection, which an open transaction is holding. ' +
              'Commit or roll back the transaction before using the client again.'
          : `All ${this.#maxConnections} of this client's connections are held by open transactions. ` +
              'Commit or roll back one before using the client again.',
        'TRANSACTION_ACTIVE',
      );
    const connection = this.#idle.pop() ?? this.#connect();
    this.#held.add(connection);
    return connection;
  }

  #release(connection: Connection): void {
    this.#held.delete(connection);
    if (connection.inTransaction) rollbackOrClose(connection);
    if (this.closed || !connection.open) connection.close();
    else this.#idle.push(connection);
  }

  /** A schema change: every connection's statements may name columns that moved. */
  #forgetStatements(): void {
    for (const connection of this.#idle) connection.forgetStatements();
    for (const connection of this.#held) connection.forgetStatements();
  }

  #closeConnections(): void {
    for (const connection of this.#idle) connection.close();
    for (const connection of this.#held) connection.close();
    this.#idle.length = 0;
    this.#held.clear();
  }
}

function rollbackOrClose(connection: Connection): void {
  try {
    connection.execute('ROLLBACK', []);
  } catch {
    // A connection that cannot roll back is unusable: it is dropped rather than reused.
    connection.close();
  }
}

function runBatch(connection: Connection, stmts: Statement[], intMode: IntMode): LocalResultSet[] {
  const results: LocalResultSet[] = [];
  for (let i = 0; i < stmts.length; i++) {
    const stmt = stmts[i]!;
    const { sql, args } = Array.isArray(stmt) ? { sql: stmt[0], args: stmt[1] } : typeof stmt === 'string' ? { sql: stmt } : stmt;
    try {
      if (!connection.inTransaction) throw new LibsqlBatchError('The transaction has been rolled back', i, 'TRANSACTION_CLOSED');
      results.push(connection.execute(sql, argsToSql(args, intMode)));
    } catch (error) {
      if (error instanceof LibsqlError && !(error instanceof LibsqlBatchError))
        throw new LibsqlBatchError(error.message, i, error.code, error.extendedCode, error.rawCode, error.cause as Error | undefined);
      throw error;
    }
  }
  return results;
}

/** An interactive transaction on a connection of its own, given back when it ends. */
class LocalTransaction implements Transaction {
  #connection: Connection | undefined;
  readonly #intMode: IntMode;
  readonly #release: () => void;

  constructor(connection: Connection, intMode: IntMode, release: () => void) {
    this.#connection = connection;
    this.#intMode = intMode;
    this.#release = release;
  }

  get closed(): boolean {
    const connection = this.#connection;
    return !connection || !connection.inTransaction;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  async execute(stmtOrSql: InStatement, args?: InArgs): Promise<ResultSet> {
    const stmt = typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args } : stmtOrSql;
    return this.#open().execute(stmt.sql, argsToSql(stmt.args, this.#intMode));
  }

  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    return runBatch(this.#open(), stmts, this.#intMode);
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#open().exec(sql);
  }

  async commit(): Promise<void> {
    try {
      this.#open().execute('COMMIT', []);
    } finally {
      this.#settle();
    }
  }

  async rollback(): Promise<void> {
    const connection = this.#connection;
    try {
      if (connection?.inTransaction) connection.execute('ROLLBACK', []);
    } finally {
      this.#settle();
    }
  }

  close(): void {
    // #release rolls back what is still open.
    this.#settle();
  }

  #open(): Connection {
    if (this.closed) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
    return this.#connection!;
  }

  #settle(): void {
    if (!this.#connection) return;
    this.#connection = undefined;
    this.#release();
  }
}
