import { okSchema } from '../common/schemas.ts';
import { publicProcedure, router, staffProcedure } from '../trpc.ts';
import {
  authSessionSchema,
  forgotPasswordInput,
  loginInput,
  logoutInput,
  meSchema,
  refreshInput,
  registerInput,
  resetPasswordInput,
} from './schemas.ts';
import { z } from 'zod';

const tags = ['Auth'];
const ok = { ok: true } as const;

export const authRouter = router({
  register: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/register',
        tags,
        summary: 'Create an agency and its first administrator, and log them in',
        protect: false,
        errorResponses: [400, 409, 429],
      },
    })
    .input(registerInput)
    .output(authSessionSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.register(input, ctx.request)),

  login: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/login',
        tags,
        summary: 'Log in with e-mail and password',
        protect: false,
        errorResponses: [400, 401, 429],
      },
    })
    .input(loginInput)
    .output(authSessionSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.login(input, ctx.request)),

  refresh: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/refresh',
        tags,
        summary: 'Exchange a refresh token for a new token pair (the old one stops working)',
        description:
          'Each refresh token works once. Presented again within REFRESH_TOKEN_REUSE_GRACE_SECONDS (30 s by default) of its use, ' +
          'as a second tab refreshing at the same time does, it answers another new pair in the same session; later, ' +
          'or once a newer token of the session was used, it counts as stolen and ends the session (401 REFRESH_TOKEN_REUSED).',
        protect: false,
        errorResponses: [400, 401],
      },
    })
    .input(refreshInput)
    .output(authSessionSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.refresh(input.refreshToken, ctx.request)),

  logout: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/logout',
        tags,
        summary: 'End the session of the given refresh token, or of the bearer token',
        protect: false,
        errorResponses: [400, 401],
      },
    })
    .input(logoutInput)
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.logout({ refreshToken: input.refreshToken, bearerToken: ctx.bearerToken });
      return ok;
    }),

  forgotPassword: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/forgot-password',
        tags,
        summary: 'Send a password reset link (answers the same whether or not the e-mail exists)',
        protect: false,
        errorResponses: [400, 429],
      },
    })
    .input(forgotPasswordInput)
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.forgotPassword(input.email, ctx.request);
      return ok;
    }),

  resetPassword: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/reset-password',
        tags,
        summary: 'Choose a new password with a reset or invitation token; ends every session',
        protect: false,
        errorResponses: [400, 429],
      },
    })
    .input(resetPasswordInput)
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.resetPassword(input, ctx.request);
      return ok;
    }),

  me: staffProcedure
    .meta({
      openapi: { method: 'GET', path: '/me', tags, summary: 'The logged-in user and their agency', protect: true, errorResponses: [401] },
    })
    .input(z.void())
    .output(meSchema)
    .query(({ ctx }) => ctx.services.auth.me(ctx.actor)),
});
