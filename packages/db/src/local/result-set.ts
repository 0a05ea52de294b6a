import type { ResultSet, Row } from '@libsql/client';

type RowClass = new (values: unknown[]) => Row;

const INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * The class of the rows of one column list, as @libsql/client shapes a row (values by index and
 * `length`, not enumerable; the first column of each name as an enumerable property), generated
 * once per statement: an object literal per row instead of a defineProperty per cell.
 */
export function rowClass(columns: readonly string[]): RowClass {
  const n = columns.length;
  const named = new Set<string>();
  let constructor = 'this.#v = v;';
  for (let i = 0; i < n; i++) {
    const name = columns[i]!;
    // An index or `length` stays the value at that index, as in @libsql/client; so does a repeat.
    if (named.has(name) || name === 'length' || (INDEX.test(name) && Number(name) < n)) continue;
    named.add(name);
    const key = JSON.stringify(name);
    constructor +=
      name === '__proto__'
        ? `Object.defineProperty(this, ${key}, { value: v[${i}], enumerable: true, writable: true, configurable: true });`
        : `this[${key}] = v[${i}];`;
  }
  let accessors = `get length() { return ${n}; }`;
  for (let i = 0; i < n; i++) accessors += `get ${i}() { return this.#v[${i}]; }`;
  // Generated code: the names are JSON string literals, so no column name can escape its quotes.
  return new Function(`return class Row { #v; constructor(v) { ${constructor} } ${accessors} };`)() as RowClass;
}

/** A statement's answer; its rows are built only if someone reads `rows` (drizzle reads `values`). */
export class LocalResultSet implements ResultSet {
  readonly #values: unknown[][];
  readonly #Row: RowClass | undefined;
  #rows: Row[] | undefined;

  constructor(
    readonly columns: string[],
    readonly columnTypes: string[],
    values: unknown[][],
    Row: RowClass | undefined,
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {
    this.#values = values;
    this.#Row = Row;
  }

  static written(rowsAffected: number, lastInsertRowid: bigint): LocalResultSet {
    return new LocalResultSet([], [], [], undefined, rowsAffected, lastInsertRowid);
  }

  /** The rows as plain arrays, in column order. */
  get values(): unknown[][] {
    return this.#values;
  }

  get rows(): Row[] {
    const Row = this.#Row;
    this.#rows ??= Row ? this.#values.map((v) => new Row(v)) : [];
    return this.#rows;
  }

  toJSON() {
    return {
      columns: this.columns,
      columnTypes: this.columnTypes,
      rows: this.#values.map((row) => row.map(valueToJson)),
      rowsAffected: this.rowsAffected,
      lastInsertRowid: this.lastInsertRowid === undefined ? null : String(this.lastInsertRowid),
    };
  }
}

function valueToJson(value: unknown): unknown {
  if (typeof value === 'bigint') return String(value);
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString('base64');
  return value;
}
