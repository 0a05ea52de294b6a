import { AppError } from '@monimmo/contract';
import type { Database, Tx } from '@monimmo/db';
import { uniqueViolation } from '../shared/db-errors.ts';

/** Maps a unique violation inside a property transaction to the conflict a caller can act on. */
function conflictFrom(error: unknown): never {
  const columns = uniqueViolation(error);
  if (columns?.includes('mandate_number')) {
    throw new AppError('CONFLICT', 'Another property already has this mandate number', { reason: 'MANDATE_NUMBER_TAKEN' });
  }
  if (columns?.includes('email'))
    throw new AppError('CONFLICT', 'A contact already has this e-mail: link it by id', { reason: 'EMAIL_TAKEN' });
  if (columns?.includes('property_participants')) {
    throw new AppError('CONFLICT', 'This contact is already linked to the property', { reason: 'ALREADY_PARTICIPANT' });
  }
  if (columns?.includes('property_prospects')) {
    throw new AppError('CONFLICT', 'This contact is already a prospect of the property', { reason: 'ALREADY_PROSPECT' });
  }
  throw error;
}

/** A write transaction whose unique violations become the matching CONFLICT. */
export async function writeProperty<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await database.tx(fn);
  } catch (error) {
    return conflictFrom(error);
  }
}
