import { Buffer } from 'node:buffer';
import { type InArgs, type InValue, type IntMode, LibsqlError } from '@libsql/client';

// The conversions @libsql/client's local path applies, so both clients bind and answer alike.

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

export type SqlValue = null | number | bigint | string | Uint8Array;
export type BoundArgs = SqlValue[] | Record<string, SqlValue>;

function valueToSql(value: InValue | undefined, intMode: IntMode): SqlValue {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'bigint') {
    if (value < MIN_INT64 || value > MAX_INT64)
      throw new RangeError('bigint is too large to be represented as a 64-bit integer and passed as argument');
    return value;
  }
  // The native binding aborts the process on a boolean: it must never reach it.
  if (typeof value === 'boolean') {
    if (intMode === 'bigint') return value ? 1n : 0n;
    if (intMode === 'string') return value ? '1' : '0';
    return value ? 1 : 0;
  }
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

/** Positional arguments stay an array; named ones lose their `:`, `@` or `$` prefix. */
export function argsToSql(args: InArgs | undefined, intMode: IntMode): BoundArgs {
  if (args === undefined) return [];
  if (Array.isArray(args)) {
    const out = new Array<SqlValue>(args.length);
    for (let i = 0; i < args.length; i++) out[i] = valueToSql(args[i], intMode);
    return out;
  }
  const out: Record<string, SqlValue> = {};
  for (const name in args) {
    const key = name[0] === '@' || name[0] === '$' || name[0] === ':' ? name.slice(1) : name;
    out[key] = valueToSql(args[name], intMode);
  }
  return out;
}

/** A row from the engine (64-bit integers as bigint, blobs as Buffer), converted in place. */
export function rowFromSql(row: unknown[], intMode: IntMode): unknown[] {
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (typeof value === 'bigint') row[i] = integerFromSql(value, intMode);
    else if (value instanceof Uint8Array) row[i] = exactArrayBuffer(value);
  }
  return row;
}

function integerFromSql(value: bigint, intMode: IntMode): number | bigint | string {
  if (intMode === 'bigint') return value;
  if (intMode === 'string') return String(value);
  if (value < MIN_SAFE || value > MAX_SAFE)
    throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
  return Number(value);
}

function exactArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = bytes;
  if (byteOffset === 0 && byteLength === buffer.byteLength && buffer instanceof ArrayBuffer) return buffer;
  return new Uint8Array(bytes).buffer;
}

const SQLITE_CODES = [
  'SQLITE_OK',
  'SQLITE_ERROR',
  'SQLITE_INTERNAL',
  'SQLITE_PERM',
  'SQLITE_ABORT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_NOMEM',
  'SQLITE_READONLY',
  'SQLITE_INTERRUPT',
  'SQLITE_IOERR',
  'SQLITE_CORRUPT',
  'SQLITE_NOTFOUND',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_PROTOCOL',
  'SQLITE_EMPTY',
  'SQLITE_SCHEMA',
  'SQLITE_TOOBIG',
  'SQLITE_CONSTRAINT',
  'SQLITE_MISMATCH',
  'SQLITE_MISUSE',
  'SQLITE_NOLFS',
  'SQLITE_AUTH',
  'SQLITE_FORMAT',
  'SQLITE_RANGE',
  'SQLITE_NOTADB',
  'SQLITE_NOTICE',
  'SQLITE_WARNING',
];

/**
 * The engine's error as @libsql/client reports it: `code` is the base code (SQLITE_BUSY),
 * `extendedCode` the precise one (SQLITE_BUSY_SNAPSHOT), the original as `cause`.
 */
export function sqliteError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'SqliteError') return error;
  const { code, rawCode } = error as Error & { code: string; rawCode?: number };
  const base = rawCode === undefined ? 'SQLITE_UNKNOWN' : (SQLITE_CODES[rawCode & 0xff] ?? `SQLITE_UNKNOWN_${rawCode & 0xff}`);
  return new LibsqlError(error.message, base, code, rawCode, error);
}
