import { z } from 'zod';
import { ERROR_CODE_NAMES } from '../errors.ts';
// Installs the messages validation answers with, wherever a schema of the contract is used.
import './validation.ts';

export const idSchema = z.uuid().describe('Opaque identifier').meta({ example: '019ab3c2-5e1f-7a2b-9c3d-4e5f6a7b8c9d' });
export const timestampSchema = z.iso.datetime().describe('ISO 8601 date-time (UTC)').meta({ example: '2026-11-25T09:30:00.000Z' });

/**
 * A date-time the client sends: RFC 3339 with `Z` or an offset (what mail clients write), turned
 * into the UTC form everything is stored and answered in. A time without zone stays refused.
 */
export function dateTimeInput(description: string) {
  return z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value).toISOString())
    .describe(`${description}. RFC 3339 date-time with \`Z\` or an offset (\`+02:00\`); stored and answered in UTC`)
    .meta({ example: '2025-04-15T08:47:12+02:00' });
}

/**
 * A PATCH body: an unknown field is refused (a typo or a read-only field must not pass for
 * "nothing to change"), and at least one of `fields` must be given.
 */
export function patchInput<Ids extends z.ZodRawShape, Fields extends z.ZodRawShape>(ids: Ids, fields: Fields) {
  const names = Object.keys(fields);
  return z
    .strictObject({ ...ids, ...fields })
    .refine((value) => names.some((name) => (value as Record<string, unknown>)[name] !== undefined), {
      message: 'nothing to change: give at least one field',
      // An unknown field already says what is wrong.
      when: (payload) => payload.issues.length === 0,
    });
}

export const errorBodySchema = z
  .object({
    code: z.enum(ERROR_CODE_NAMES).describe('Machine-readable error code'),
    message: z.string().describe('Human-readable explanation'),
    details: z
      .record(z.string(), z.unknown())
      .describe('Field issues (`issues`), a `reason`, a `requestId`, `retryAfterSeconds`…')
      .optional(),
  })
  .meta({ id: 'Error' });

/** Shared list input: keyset pagination with an opaque cursor. */
export const pageInput = {
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size (1–100)'),
  cursor: z.string().min(1).max(500).describe('Opaque cursor from a previous `nextCursor`').optional(),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null at the end'),
  });
}

export const emailSchema = z.email().max(254).meta({ example: 'claire.bernard@agence-horizon.fr' });
export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(256).meta({ example: 'un-mot-de-passe-solide' });
/** French or international phone number, as typed; spaces, dots and dashes allowed. */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 .\-()]{5,24}$/, 'must be a phone number')
  .meta({ example: '06 12 34 56 78' });
export const nameSchema = z.string().trim().min(1).max(100);

export const okSchema = z.object({ ok: z.literal(true) });
export const postalCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{5}$/, 'must be a 5-digit French postal code')
  .meta({ example: '13001' });

/** Every "run AI" request answers at once; the work happens in a job. */
export const queuedJobSchema = z
  .object({ jobId: z.string().describe('The job doing the work'), status: z.literal('QUEUED') })
  .meta({ id: 'QueuedJob' });
export type QueuedJob = z.infer<typeof queuedJobSchema>;
