import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dateTimeInput, patchInput } from './schemas.ts';
import { describeIssues, invalidInputMessage } from './validation.ts';

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return describeIssues(result.error);
};

describe('validation messages', () => {
  it('say what each field needs, in words', () => {
    const schema = z.object({
      name: z.string().max(3),
      tags: z.array(z.string()).min(2),
      kind: z.literal('A'),
      ratio: z.number().lt(1),
      when: dateTimeInput('When'),
      id: z.uuid(),
      nested: z.object({ email: z.email() }),
    });
    expect(
      issuesOf(schema, { name: 'abcd', tags: [], kind: 'B', ratio: 1, when: '2025-04-15T08:47:12', id: 'x', nested: { email: 'x' } }).map(
        (i) => [i.path, i.message],
      ),
    ).toEqual([
      ['name', 'must be at most 3 characters'],
      ['tags', 'must have at least 2 items'],
      ['kind', 'must be "A"'],
      ['ratio', 'must be less than 1'],
      ['when', 'must be an RFC 3339 date-time with Z or an offset, e.g. 2025-04-15T08:47:12+02:00'],
      ['id', 'must be a UUID'],
      ['nested.email', 'must be an e-mail address'],
    ]);
    expect(issuesOf(z.object({ list: z.array(z.number()) }), { list: null })).toEqual([
      { path: 'list', code: 'invalid_type', message: 'must be an array, not null' },
    ]);
  });

  it('keep the messages a schema gives itself', () => {
    expect(issuesOf(z.object({ code: z.string().regex(/^\d{5}$/, 'must be 5 digits') }), { code: 'x' })[0]?.message).toBe(
      'must be 5 digits',
    );
  });

  it('name every unknown field of a PATCH body, and only then complain of nothing to change', () => {
    const schema = patchInput({ id: z.string() }, { title: z.string().optional() });
    expect(issuesOf(schema, { id: 'a', statut: 1, prix: 2 })).toEqual([
      { path: 'statut', code: 'unrecognized_keys', message: 'unknown field' },
      { path: 'prix', code: 'unrecognized_keys', message: 'unknown field' },
    ]);
    expect(issuesOf(schema, { id: 'a' })).toEqual([{ path: '', code: 'custom', message: 'nothing to change: give at least one field' }]);
    expect(schema.parse({ id: 'a', title: 'T' })).toEqual({ id: 'a', title: 'T' });
  });

  it('sum up the first problems in one line', () => {
    const issues = ['a', 'b', 'c', 'd', 'e'].map((path) => ({ path, code: 'invalid_type', message: 'required' }));
    expect(invalidInputMessage(issues)).toBe('Invalid input: a: required; b: required; c: required; and 2 more');
    expect(invalidInputMessage([])).toBe('Invalid input');
  });
});

describe('date-time inputs', () => {
  it('turn an offset into UTC', () => {
    expect(dateTimeInput('When').parse('2025-04-15T08:47:12+02:00')).toBe('2025-04-15T06:47:12.000Z');
    expect(dateTimeInput('When').parse('2025-04-15T06:47:12.5Z')).toBe('2025-04-15T06:47:12.500Z');
  });
});
