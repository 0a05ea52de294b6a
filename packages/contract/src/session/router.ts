import { loginInput, registerInput, type AuthSession } from '../auth/schemas.ts';
import { okSchema } from '../common/schemas.ts';
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { publicProcedure, router } from '../trpc.ts';
import { browserSessionSchema, type BrowserSession } from './schemas.ts';

/** The refresh token goes to the cookie, never into the JSON a script can read. */
function toBrowser(ctx: Context, { refreshToken, ...session }: AuthSession): BrowserSession {
  ctx.sessionCookie.write(refreshToken, session.refreshTokenExpiresAt);
  return session;
}

/**
 * Browser sessions: the same auth service as the `auth` router (rotation, reuse detection with its
 * grace period, rate limits), with the refresh token in an HttpOnly cookie. tRPC only, no OpenAPI
 * metadata: third parties keep the JSON token routes, so REST and the document do not change.
 */
export const sessionRouter = router({
  register: publicProcedure
    .input(registerInput)
    .output(browserSessionSchema)
    .mutation(async ({ ctx, input }) => toBrowser(ctx, await ctx.services.auth.register(input, ctx.request))),

  login: publicProcedure
    .input(loginInput)
    .output(browserSessionSchema)
    .mutation(async ({ ctx, input }) => toBrowser(ctx, await ctx.services.auth.login(input, ctx.request))),

  refresh: publicProcedure.output(browserSessionSchema).mutation(async ({ ctx }) => {
    const refreshToken = ctx.sessionCookie.read();
    if (!refreshToken) throw new AppError('UNAUTHORIZED', 'No session cookie: log in again', { reason: 'NO_SESSION_COOKIE' });
    try {
      return toBrowser(ctx, await ctx.services.auth.refresh(refreshToken, ctx.request));
    } catch (error) {
      // A refused token (reused, expired, revoked) will never work again: drop it so the app stops sending it.
      if (error instanceof AppError && error.code === 'UNAUTHORIZED') ctx.sessionCookie.clear();
      throw error;
    }
  }),

  logout: publicProcedure.output(okSchema).mutation(async ({ ctx }) => {
    const refreshToken = ctx.sessionCookie.read() ?? undefined;
    // Cleared whatever the service answers: the browser must not keep a cookie it asked to drop.
    ctx.sessionCookie.clear();
    await ctx.services.auth.logout({ refreshToken, bearerToken: ctx.bearerToken });
    return { ok: true } as const;
  }),
});
