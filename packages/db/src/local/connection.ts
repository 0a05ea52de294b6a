import type { IntMode } from '@libsql/client';
import Database from 'libsql';
import { LocalResultSet, rowClass } from './result-set.ts';
import { type BoundArgs, rowFromSql, sqliteError } from './values.ts';

/** What this client uses of the `libsql` binding (its bundled typings predate `interrupt`). */
interface NativeStatement {
  readonly reader: boolean;
  raw(on: boolean): unknown;
  safeIntegers(on: boolean): unknown;
  columns(): { name: string; type: string | null }[];
  all(args: BoundArgs): unknown[][];
  run(args: BoundArgs): { changes: number; lastInsertRowid: number | bigint };
  /** Resets the statement: one that failed half-way would otherwise keep its lock and block COMMIT. */
  interrupt(): void;
}
interface NativeDatabase {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): NativeStatement;
  exec(sql: string): void;
  close(): void;
}
const NativeDatabase = Database as unknown as new (path: string, options: { timeout: number }) => NativeDatabase;

interface Prepared {
  statement: NativeStatement;
  reader: boolean;
  changesSchema: boolean;
  columns: string[];
  columnTypes: string[];
  Row: ReturnType<typeof rowClass> | undefined;
}

// Leading blanks and comments, then a statement that changes the schema.
const SCHEMA_CHANGE = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(?:create|drop|alter)\s/i;

export interface ConnectionOptions {
  path: string;
  timeoutMs: number;
  intMode: IntMode;
  /** Prepared statements kept, least recently used dropped first. */
  cacheSize: number;
  /** Called after any statement that changed the schema, on this connection or by a script. */
  onSchemaChange: () => void;
  /** Called each time a statement is compiled (for the tests and the benchmark). */
  onPrepare: () => void;
}

/** One connection to the database and the statements it has compiled, keyed by their SQL text. */
export class Connection {
  readonly #db: NativeDatabase;
  readonly #statements = new Map<string, Prepared>();
  readonly #options: ConnectionOptions;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    try {
      this.#db = new NativeDatabase(options.path, { timeout: options.timeoutMs });
    } catch (error) {
      throw sqliteError(error);
    }
  }

  get open(): boolean {
    return this.#db.open;
  }

  get inTransaction(): boolean {
    return this.#db.open && this.#db.inTransaction;
  }

  get cachedStatements(): number {
    return this.#statements.size;
  }

  execute(sql: string, args: BoundArgs): LocalResultSet {
    const prepared = this.#prepared(sql);
    const { statement } = prepared;
    try {
      if (!prepared.reader) {
        const { changes, lastInsertRowid } = statement.run(args);
        if (prepared.changesSchema) this.#options.onSchemaChange();
        return LocalResultSet.written(changes, BigInt(lastInsertRowid));
      }
      const values = statement.all(args);
      // Another connection or process altered a table under a cached `SELECT *`.
      if (values.length > 0 && values[0]!.length !== prepared.columns.length) describe(prepared);
      const { intMode } = this.#options;
      for (const row of values) rowFromSql(row, intMode);
      return new LocalResultSet(prepared.columns, prepared.columnTypes, values, prepared.Row, 0, undefined);
    } catch (error) {
      statement.interrupt();
      throw sqliteError(error);
    }
  }

  /** Runs a script of several statements (none of them kept). */
  exec(sql: string): void {
    try {
      this.#db.exec(sql);
    } catch (error) {
      throw sqliteError(error);
    } finally {
      this.#options.onSchemaChange();
    }
  }

  forgetStatements(): void {
    this.#statements.clear();
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.open) this.#db.close();
  }

  #prepared(sql: string): Prepared {
    const statements = this.#statements;
    const cached = statements.get(sql);
    if (cached) {
      // Least recently used first: a hit moves to the end.
      statements.delete(sql);
      statements.set(sql, cached);
      return cached;
    }
    let statement: NativeStatement;
    try {
      statement = this.#db.prepare(sql);
    } catch (error) {
      throw sqliteError(error);
    }
    this.#options.onPrepare();
    const prepared: Prepared = {
      statement,
      reader: statement.reader,
      changesSchema: SCHEMA_CHANGE.test(sql),
      columns: [],
      columnTypes: [],
      Row: undefined,
    };
    if (prepared.reader) {
      statement.raw(true);
      statement.safeIntegers(true);
      describe(prepared);
    }
    // A schema change makes every kept statement's columns suspect: it is not kept either.
    if (prepared.changesSchema) return prepared;
    if (statements.size >= this.#options.cacheSize) statements.delete(statements.keys().next().value!);
    statements.set(sql, prepared);
    return prepared;
  }
}

function describe(prepared: Prepared): void {
  const columns = prepared.statement.columns();
  prepared.columns = columns.map((c) => c.name);
  prepared.columnTypes = columns.map((c) => c.type ?? '');
  prepared.Row = rowClass(prepared.columns);
}
