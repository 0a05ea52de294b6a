import { AppError } from '@monimmo/contract/errors';
import { v7 as uuidv7 } from 'uuid';
import type { StorageKind } from './types.ts';

const ORG_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** `<orgId>/<kind>/<yyyy>/<mm>/<uuidv7>`: the only shape a storage accepts. */
const KEY =
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\/(?:files|vocals)\/\d{4}\/(?:0[1-9]|1[0-2])\/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A new server-generated key. The client's file name never takes part, so it can neither
 * choose nor guess where bytes land. Year and month (UTC) keep listings and lifecycle rules simple.
 */
export function newStorageKey(orgId: string, kind: StorageKind, now: Date = new Date()): string {
  if (!ORG_ID.test(orgId)) throw new AppError('BAD_REQUEST', 'Invalid organization id for a storage key');
  if (kind !== 'files' && kind !== 'vocals') throw new AppError('BAD_REQUEST', 'Invalid storage kind');
  const yyyy = String(now.getUTCFullYear()).padStart(4, '0');
  const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${orgId}/${kind}/${yyyy}/${mm}/${uuidv7()}`;
}

export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

/** Defence in depth: keys come from the database, but a bad one must never reach a path or bucket. */
export function assertStorageKey(key: string): void {
  if (!isStorageKey(key)) throw new AppError('BAD_REQUEST', 'Invalid storage key');
}
