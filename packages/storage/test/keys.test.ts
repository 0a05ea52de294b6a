import { describe, expect, it } from 'vitest';
import { AppError } from '@monimmo/contract/errors';
import { isStorageKey, newStorageKey, type StorageKind } from '../src/index.ts';

const ORG = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('newStorageKey', () => {
  it('builds <org>/<kind>/<yyyy>/<mm>/<uuidv7> from the UTC date', () => {
    const key = newStorageKey(ORG, 'vocals', new Date('2027-01-31T23:30:00-02:00'));
    expect(key).toMatch(new RegExp(`^${ORG}/vocals/2027/02/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`));
    expect(newStorageKey(ORG, 'files', new Date('2026-03-05T10:00:00Z'))).toContain('/files/2026/03/');
    expect(isStorageKey(key)).toBe(true);
  });

  it('never repeats a key', () => {
    const keys = new Set(Array.from({ length: 1_000 }, () => newStorageKey(ORG, 'files')));
    expect(keys.size).toBe(1_000);
  });

  it('refuses organization ids and kinds that could change the path', () => {
    for (const orgId of ['', '..', '../x', 'a/b', '/abs', 'a\\b', ' org', 'x'.repeat(65)]) {
      expect(() => newStorageKey(orgId, 'files'), orgId).toThrow(AppError);
    }
    expect(() => newStorageKey(ORG, '../files' as StorageKind)).toThrow(AppError);
  });
});
