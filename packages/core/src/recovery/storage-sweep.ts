import { files, vocals, type Database } from '@monimmo/db';
import type { Storage } from '@monimmo/storage';
import { inArray } from 'drizzle-orm';

export interface StorageSweepSettings {
  /** Objects and parts younger than this are left alone: an upload may still be writing its row. */
  graceMs: number;
  /** Keys checked against the database per query. */
  batchSize: number;
}

export interface StorageSweepResult {
  /** Objects older than the grace period. */
  checked: number;
  /** Of those, the ones no row named, now deleted. */
  removed: number;
  /** Upload leftovers dropped (`.tmp/` parts, incomplete multipart uploads); null when the store cannot list them. */
  parts: number | null;
}

/**
 * What crashes leave in storage: bytes stored whose row was never written (or whose removal
 * failed), and parts of uploads cut off. Only the store's own keys are considered, only those
 * older than the grace period, and an object any file or voice-note row names is always kept.
 */
export async function sweepStorage(
  { database, storage }: { database: Database; storage: Storage },
  { graceMs, batchSize }: StorageSweepSettings,
  now: Date = new Date(),
): Promise<StorageSweepResult> {
  const cutoff = new Date(now.getTime() - graceMs);
  let checked = 0;
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    removed += await removeUnnamed(database, storage, batch);
    batch = [];
  };
  for await (const object of storage.list()) {
    if (object.lastModified >= cutoff) continue;
    checked += 1;
    batch.push(object.key);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length) await flush();
  return { checked, removed, parts: await storage.removeStaleParts(cutoff) };
}

/** Deletes the keys no row names, whichever agency's row it would be. */
async function removeUnnamed(database: Database, storage: Storage, keys: string[]): Promise<number> {
  const { db } = database;
  const named = new Set<string>();
  for (const table of [files, vocals]) {
    const rows = await db.select({ key: table.storageKey }).from(table).where(inArray(table.storageKey, keys));
    for (const row of rows) named.add(row.key);
  }
  let removed = 0;
  for (const key of keys) {
    if (named.has(key)) continue;
    await storage.delete(key);
    removed += 1;
  }
  return removed;
}
