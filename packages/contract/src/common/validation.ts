import { z } from 'zod';

/**
 * How validation problems read, on both transports: each issue names its field (`path`) and says
 * what is wrong in words a client developer can act on (« required », « must be an integer »).
 * Messages a schema gives itself (`.regex(re, 'must be …')`) win over these.
 */

type RawIssue = z.core.$ZodRawIssue;

const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

/** What a value of the expected type is called, e.g. « an integer ». */
function expectedNoun(expected: string, schema: unknown): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'number') {
    const checks = (schema as { _zod?: { def?: { checks?: { _zod: { def: { format?: string } } }[] } } })._zod?.def?.checks ?? [];
    return checks.some((c) => INTEGER_FORMATS.has(c._zod.def.format ?? '')) ? 'an integer' : 'a number';
  }
  if (expected === 'boolean') return 'true or false';
  if (expected === 'array' || expected === 'object') return `an ${expected}`;
  return `a ${expected}`;
}

/** What the client sent instead, e.g. « a string ». */
function sentNoun(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'object') return 'an object';
  if (typeof input === 'boolean') return 'a boolean';
  return `a ${typeof input}`;
}

const plural = (n: number | bigint, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const FORMATS: Record<string, string> = {
  email: 'must be an e-mail address',
  uuid: 'must be a UUID',
  guid: 'must be a UUID',
  url: 'must be a URL',
  datetime: 'must be an RFC 3339 date-time with Z or an offset, e.g. 2025-04-15T08:47:12+02:00',
  date: 'must be a date (YYYY-MM-DD)',
};

function messageOf(issue: RawIssue): string | undefined {
  // A key that is absent reaches the map without `input`; an explicit undefined cannot come from JSON.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) return 'required';
  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedNoun(issue.expected, issue.inst);
      const sent = issue.input;
      if (typeof sent === 'number' && (issue.expected === 'int' || Number.isNaN(sent))) return `must be ${expected}`;
      return `must be ${expected}, not ${sentNoun(sent)}`;
    }
    case 'too_small': {
      const min = issue.minimum as number;
      if (issue.origin === 'string') return min === 1 ? 'must not be empty' : `must be at least ${plural(min, 'character')}`;
      if (issue.origin === 'array') return `must have at least ${plural(min, 'item')}`;
      if (issue.origin === 'number' || issue.origin === 'bigint')
        return issue.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
      return undefined;
    }
    case 'too_big': {
      const max = issue.maximum as number;
      if (issue.origin === 'string') return `must be at most ${plural(max, 'character')}`;
      if (issue.origin === 'array') return `must have at most ${plural(max, 'item')}`;
      if (issue.origin === 'number' || issue.origin === 'bigint')
        return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
      return undefined;
    }
    case 'invalid_format':
      return FORMATS[issue.format];
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'unknown field' : 'unknown fields'}: ${issue.keys.join(', ')}`;
    case 'invalid_union': {
      // « must be an e-mail address or a phone number »: what each alternative wanted.
      const wanted = [...new Set(issue.errors.map((branch) => branch[0]?.message).filter((m): m is string => !!m))];
      if (wanted.length === 0) return undefined;
      return wanted.map((m, i) => (i > 0 ? m.replace(/^must be /, '') : m)).join(' or ');
    }
    default:
      return undefined;
  }
}

z.config({ customError: messageOf });

export interface IssueView {
  /** Dotted path of the field (`owner.email`, `attachmentIds.2`); empty for the body as a whole. */
  path: string;
  code: string;
  message: string;
}

/** Zod issues in the stable, documented shape; an unknown field is one issue naming it. */
export function describeIssues(error: z.ZodError): IssueView[] {
  return error.issues.flatMap((issue): IssueView[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...issue.path, key].map(String).join('.'), code: issue.code, message: 'unknown field' }));
    }
    return [{ path: issue.path.map(String).join('.'), code: issue.code, message: issue.message }];
  });
}

/** The one-line message of a validation error: its first problems, each with its field. */
export function invalidInputMessage(issues: readonly IssueView[]): string {
  const shown = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  if (shown.length === 0) return 'Invalid input';
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
  return `Invalid input: ${shown.join('; ')}${more}`;
}
