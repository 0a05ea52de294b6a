import { z } from 'zod';
import { emailSchema, nameSchema, passwordSchema, phoneSchema, timestampSchema, idSchema } from '../common/schemas.ts';
import type { Actor, RequestInfo } from '../actor.ts';
import { userSchema, type User } from '../users/schemas.ts';

export const registerInput = z.object({
  organizationName: z.string().trim().min(2).max(120).describe("The agency's name"),
  firstName: nameSchema,
  lastName: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  phone: phoneSchema.optional(),
});

export const loginInput = z.object({
  email: emailSchema,
  password: z.string().min(1).max(256),
});

export const refreshInput = z.object({
  refreshToken: z.string().min(1).max(200),
});

export const logoutInput = z.object({
  refreshToken: z.string().min(1).max(200).describe("Ends the session of this token (else the bearer token's)").optional(),
});

export const forgotPasswordInput = z.object({ email: emailSchema });

export const resetPasswordInput = z.object({
  token: z.string().min(1).max(200).describe('The token from the e-mail link'),
  password: passwordSchema,
});

export const organizationSchema = z.object({ id: idSchema, name: z.string(), createdAt: timestampSchema }).meta({ id: 'Organization' });

export const authSessionSchema = z
  .object({
    accessToken: z.string().describe('JWT to send as `Authorization: Bearer …`'),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('Seconds until the access token expires'),
    refreshToken: z.string().describe('Opaque, single-use: exchange it at /auth/refresh for a new pair'),
    refreshTokenExpiresAt: timestampSchema,
    user: userSchema,
    organization: organizationSchema,
  })
  .meta({ id: 'AuthSession' });

export const meSchema = z.object({ user: userSchema, organization: organizationSchema }).meta({ id: 'Me' });

export type RegisterInput = z.infer<typeof registerInput>;
export type LoginInput = z.infer<typeof loginInput>;
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;
export type AuthSession = z.infer<typeof authSessionSchema>;
export type Organization = z.infer<typeof organizationSchema>;
export type Me = { user: User; organization: Organization };

export interface AuthService {
  register(input: RegisterInput, request: RequestInfo): Promise<AuthSession>;
  login(input: LoginInput, request: RequestInfo): Promise<AuthSession>;
  refresh(refreshToken: string, request: RequestInfo): Promise<AuthSession>;
  /** Ends the session named by the refresh token, or else the bearer token's. */
  logout(input: { refreshToken?: string | undefined; bearerToken: string | null }): Promise<void>;
  forgotPassword(email: string, request: RequestInfo): Promise<void>;
  resetPassword(input: ResetPasswordInput, request: RequestInfo): Promise<void>;
  /** Verifies an access token and that its session and user are still valid. */
  authenticate(accessToken: string): Promise<Actor>;
  me(actor: Actor): Promise<Me>;
}
