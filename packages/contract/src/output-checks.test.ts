import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setOutputChecks } from './output-checks.ts';

const t = initTRPC.create();
const person = z.object({ name: z.string(), nickname: z.string().optional() });
const answers: Record<string, unknown> = {};
const router = t.router({
  exact: t.procedure.output(person).query(() => ({ name: 'Claire', nickname: undefined })),
  extraKey: t.procedure.output(person).query(() => ({ name: 'Claire', passwordHash: 'secret' })),
  defaulted: t.procedure.output(z.object({ tags: z.array(z.string()).default([]) })).query(() => answers.defaulted as never),
  nothing: t.procedure.query(() => 'no schema'),
});
const caller = t.createCallerFactory(router)({});

describe('output checks', () => {
  it('compare: passes an answer that is already its schema’s, refuses one parsing would change', async () => {
    setOutputChecks(router, 'compare');
    expect(await caller.exact()).toEqual({ name: 'Claire' });
    await expect(caller.extraKey()).rejects.toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      message: "The answer of extraKey is not its output schema's",
    });
    answers.defaulted = {};
    await expect(caller.defaulted()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    answers.defaulted = { tags: ['T3'] };
    expect(await caller.defaulted()).toEqual({ tags: ['T3'] });
    expect(await caller.nothing()).toBe('no schema');
  });

  it('trust: sends the answer as it is; parse: tRPC’s own stripping; modes can change back', async () => {
    setOutputChecks(router, 'trust');
    expect(await caller.extraKey()).toEqual({ name: 'Claire', passwordHash: 'secret' });
    setOutputChecks(router, 'parse');
    expect(await caller.extraKey()).toEqual({ name: 'Claire' });
    setOutputChecks(router, 'compare');
    await expect(caller.extraKey()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    setOutputChecks(router, 'compare');
    await expect(caller.extraKey()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(await caller.exact()).toEqual({ name: 'Claire' });
  });
});
