import type { Database } from '@monimmo/db';
import type { Mailer } from '../mailer.ts';
import type { BackgroundTasks } from '../shared/background.ts';
import type { AccessTokens } from './access-tokens.ts';
import type { PasswordEmailSettings } from './password-emails.ts';
import type { Limit, RateLimiter } from './rate-limiter.ts';

export interface AuthSettings extends PasswordEmailSettings {
  refreshTokenTtlDays: number;
  /** How long the token just rotated may still be presented (a second tab refreshing at the same time). */
  refreshReuseGraceSeconds: number;
  loginLimitPerEmailAndIp: Limit;
  loginLimitPerEmail: Limit;
  loginLimitPerIp: Limit;
}

export interface AuthDeps {
  database: Database;
  accessTokens: AccessTokens;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  background: BackgroundTasks;
  settings: AuthSettings;
}

const HOUR = 3600;
export const REGISTER_LIMIT: Limit = { scope: 'register:ip', max: 20, windowSeconds: HOUR };
export const FORGOT_LIMIT_PER_IP: Limit = { scope: 'forgot:ip', max: 30, windowSeconds: HOUR };
export const FORGOT_LIMIT_PER_EMAIL: Limit = { scope: 'forgot:email', max: 5, windowSeconds: HOUR };
export const RESET_LIMIT_PER_IP: Limit = { scope: 'reset:ip', max: 30, windowSeconds: HOUR };
