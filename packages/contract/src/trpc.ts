import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { z } from 'zod';
import type { Context } from './context.ts';
import type { StaffRole } from './vocabulary/values.ts';
import {
  AppError,
  asTemporaryError,
  describeIssues,
  ERROR_CODES,
  errorCodeFromTrpc,
  errorData,
  internalError,
  invalidInput,
} from './errors.ts';

/**
 * What an operation's metadata may say besides `openapi`: `successStatus` 201 marks a creation,
 * which REST answers with 201 (tRPC has no status to change).
 */
export type Meta = OpenApiMeta & { successStatus?: 201 };

/** The most calls one tRPC batch may carry (more answer 400): clients set httpBatchLink's `maxItems` to it. */
export const TRPC_MAX_BATCH_SIZE = 20;

/** How often an open event stream sends a ping comment. */
export const SSE_PING_INTERVAL_MS = 15_000;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    sse: {
      // A comment every 15 s keeps proxies from closing a quiet stream; a client that hears
      // nothing for 40 s reconnects. Streams end after an hour so the token is checked again.
      ping: { enabled: true, intervalMs: SSE_PING_INTERVAL_MS },
      client: { reconnectAfterInactivityMs: 40_000 },
      maxDurationMs: 60 * 60 * 1000,
    },
    // Never send stacks to clients, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error, ctx }) {
      const cause = error.cause;
      const code = cause instanceof AppError ? cause.code : errorCodeFromTrpc(error.code);
      let answer: AppError;
      if (code === 'INTERNAL_ERROR') answer = internalError(ctx?.request.requestId);
      else if (cause instanceof AppError) answer = cause;
      else if (cause instanceof z.ZodError && code === 'BAD_REQUEST') answer = invalidInput(describeIssues(cause));
      else answer = new AppError(code, shape.message);
      return { code: shape.code, message: answer.message, data: errorData(answer) };
    },
  });

/** Turns the AppError a service threw into the tRPC error that carries it. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause instanceof AppError ? result.error.cause : asTemporaryError(result.error.cause);
    if (cause) throw new TRPCError({ code: ERROR_CODES[cause.code].trpc, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(appErrors);

/** A logged-in staff member; the actor reaches the resolver through ctx. */
export const staffProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.bearerToken) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
  const actor = await ctx.services.auth.authenticate(ctx.bearerToken);
  return next({ ctx: { ...ctx, actor } });
});

export function requireRole(...roles: StaffRole[]) {
  return staffProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.actor.role)) throw new AppError('FORBIDDEN', 'Your role does not allow this');
    return next();
  });
}
