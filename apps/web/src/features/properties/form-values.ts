import { z } from 'zod';

/**
 * What form inputs give (strings, '' for nothing) turned into what the API takes. Blank means
 * "not given"; a number typed with spaces (« 365 000 ») or a comma (« 72,5 ») is read as one.
 */

export const blank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A number typed by a person, or undefined when left blank; anything else is refused in French. */
export function typedNumber<T extends z.ZodType>(schema: T, message = 'Un nombre, en chiffres.') {
  return z.preprocess((value, ctx) => {
    if (blank(value)) return undefined;
    if (typeof value === 'number') return value;
    const number = Number(
      String(value)
        .replace(/[\s\u202f\u00a0]/g, '')
        .replace(',', '.'),
    );
    if (Number.isNaN(number)) {
      ctx.addIssue({ code: 'custom', message, input: value });
      return z.NEVER;
    }
    return number;
  }, schema.optional());
}

/** A text left blank is not given. */
export function typedText<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (blank(value) ? undefined : value), schema.optional());
}

/** « Oui » / « Non » / not given, from a select. */
export const typedBoolean = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : undefined),
  z.boolean().optional(),
);

/** Drops the keys whose value is undefined (a PATCH body must not carry them). */
export function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A required text: blank reads « Obligatoire. », not « Trop court. ». */
export function required<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (blank(value) ? undefined : value), schema);
}
