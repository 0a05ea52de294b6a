import proxyaddr from 'proxy-addr';
import { z } from 'zod';

/** Development-only secrets: each is refused when NODE_ENV=production (see loadConfig). */
const DEV_JWT_SECRET = 'monimmo-development-secret-do-not-use-in-production';
const DEV_STORAGE_SIGNING_SECRET = 'monimmo-development-storage-signing-secret-not-for-production';
const DEV_INTEGRATION_TOKEN_SECRET = 'monimmo-development-integration-token-secret-not-for-production';

const MiB = 1024 * 1024;

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
/**
 * Which peers may set the client address in X-Forwarded-For: `false` (none: the socket address),
 * a number of proxy hops in front of the API (`true` is one), or the proxies' addresses and CIDRs
 * (and proxy-addr's names: loopback, linklocal, uniquelocal). Never the left-most entry as such,
 * which the client writes.
 */
const trustProxy = z.string().transform((raw, ctx): false | number | string[] => {
  const value = raw.trim().toLowerCase();
  if (['false', 'no', '0'].includes(value)) return false;
  if (['true', 'yes'].includes(value)) return 1;
  if (/^\d+$/.test(value) && Number(value) <= 100) return Number(value);
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    if (list.length > 0 && !/^\d+$/.test(value)) {
      proxyaddr.compile(list);
      return list;
    }
  } catch {
    // Reported below with what is accepted.
  }
  ctx.addIssue({
    code: 'custom',
    message:
      'must be true, false, a number of proxy hops or a comma list of trusted proxy addresses, CIDRs, loopback, linklocal or uniquelocal',
  });
  return z.NEVER;
});

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Origins allowed by CORS, comma-separated; empty means same-origin only, `*` any. */
  CORS_ORIGINS: csv.default([]),
  /** Which proxies may name the client in X-Forwarded-For: false, a hop count (true = 1) or their addresses (see trustProxy). */
  TRUST_PROXY: trustProxy.default(false),
  /** Largest JSON body accepted by the API, in bytes. */
  BODY_LIMIT_BYTES: int(1024, 512 * 1024 * 1024).default(1024 * 1024),
  /** Milliseconds the server waits for in-flight requests on SIGTERM before closing them. */
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  /** Milliseconds a request (other than a streaming upload) has to arrive in full; 408 after. */
  REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(60_000),
  /** Milliseconds a streaming upload may send no byte before it is cut (408); it has no overall limit. */
  UPLOAD_IDLE_TIMEOUT_MS: int(100, 3_600_000).default(30_000),
  DATABASE_URL: z.string().min(1).default('data/app.db'),
  /** Milliseconds a SQLite write waits for the lock before SQLITE_BUSY. */
  DATABASE_BUSY_TIMEOUT_MS: int(0, 120_000).default(10_000),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
  JWT_ISSUER: z.string().min(1).default('monimmo'),
  JWT_AUDIENCE: z.string().min(1).default('monimmo-api'),
  ACCESS_TOKEN_TTL_SECONDS: int(60, 24 * 3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: int(1, 365).default(30),
  /** Seconds a just-rotated refresh token still answers (two tabs refreshing at once); 0 turns it off. */
  REFRESH_TOKEN_REUSE_GRACE_SECONDS: int(0, 300).default(30),
  PASSWORD_RESET_TTL_MINUTES: int(5, 24 * 60).default(60),
  INVITATION_TTL_HOURS: int(1, 24 * 30).default(72),
  /** Failed logins for one e-mail from one address per window. */
  LOGIN_MAX_ATTEMPTS_PER_EMAIL_AND_IP: int(1, 10_000).default(5),
  /** Failed logins for one e-mail from all addresses together: looser, so a stranger cannot lock the owner out cheaply. */
  LOGIN_MAX_ATTEMPTS_PER_EMAIL: int(1, 100_000).default(50),
  /** Failed logins from one address, whatever the e-mails. */
  LOGIN_MAX_ATTEMPTS_PER_IP: int(1, 100_000).default(50),
  LOGIN_THROTTLE_WINDOW_SECONDS: int(1, 24 * 3600).default(900),
  /** Public address of the API, in signed download and audio URLs; derived from HOST and PORT when unset (see loadConfig). */
  PUBLIC_API_URL: httpUrl.optional(),
  /** Public address of the web app, in links sent by e-mail; PUBLIC_API_URL when unset, since the API serves the web app. */
  APP_BASE_URL: httpUrl.optional(),
  /** Folder of the built web app the API serves at `/` (index.html + assets/); unset, apps/web/dist beside the API (see apps/api/src/web-app.ts). */
  WEB_APP_DIR: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('Monimmo <no-reply@monimmo.fr>'),
  /** Where e-mails are delivered: `smtp://user:pass@host:587` or `smtps://…:465`. Unset: printed to the terminal in development, not delivered otherwise. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Days an e-mail stays in the outbox table once sent (its links are masked there anyway). */
  OUTBOX_RETENTION_DAYS: int(1, 3650).default(30),
  /** Where document and audio bytes live: `local` disk (development) or an S3-compatible store. */
  STORAGE_PROVIDER: z.enum(['local', 's3']).default('local'),
  LOCAL_STORAGE_DIR: z.string().min(1).default('data/storage'),
  /** HMAC key of local download URLs (the S3 store signs its own). */
  STORAGE_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_STORAGE_SIGNING_SECRET),
  /** Required when STORAGE_PROVIDER=s3 (see loadConfig). */
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** For S3-compatible stores; unset means AWS. */
  S3_ENDPOINT: z.url().optional(),
  /** `bucket` in the path rather than the host name, as most S3-compatible stores want. */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Both or neither: without them the AWS SDK's default provider chain applies. */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Lifetime of download URLs; SigV4 allows a week at most. */
  SIGNED_URL_TTL_SECONDS: int(10, 7 * 24 * 3600).default(300),
  /** Largest streamed upload (file or voice note), in bytes. */
  MAX_UPLOAD_BYTES: int(1, 64 * 1024 * MiB).default(200 * MiB),
  /** Largest decoded file in the base64 JSON form, which costs several times its size in memory. */
  MAX_BASE64_UPLOAD_BYTES: int(1, 100 * MiB).default(25 * MiB),
  /** Use Redis and BullMQ for jobs (separate worker processes); off, jobs run in the API process. */
  ENABLE_QUEUE: bool.default(false),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key, so several deployments (or test runs) share one Redis safely. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,40}$/, 'letters, digits, dots, dashes or underscores')
    .default('monimmo'),
  /** Tries per job, in the in-process queue as in BullMQ, and the rhythm of integration retries. */
  JOB_ATTEMPTS: int(1, 50).default(3),
  /** First retry delay; later ones double (exponential backoff). */
  JOB_BACKOFF_DELAY_MS: int(0, 3_600_000).default(2000),
  /** How many finished (or failed) jobs Redis keeps for inspection. */
  JOB_REMOVE_ON_COMPLETE: int(0, 1_000_000).default(1000),
  JOB_REMOVE_ON_FAIL: int(0, 1_000_000).default(5000),
  /** Jobs a worker runs at once per queue. */
  JOB_WORKER_CONCURRENCY: int(1, 500).default(5),
  /** How long a job's lock lasts without renewal, and how often stalled jobs are looked for: a job of a killed worker runs again after about this long. */
  JOB_LOCK_DURATION_MS: int(1000, 600_000).default(30_000),
  /** `mock`: deterministic French heuristics, no key needed; `openai`: any OpenAI-compatible server. */
  AI_PROVIDER: z.enum(['mock', 'openai']).default('mock'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().default('https://api.openai.com/v1'),
  OPENAI_CHAT_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_WHISPER_MODEL: z.string().min(1).default('whisper-1'),
  OPENAI_TIMEOUT_MS: int(1000, 600_000).default(60_000),
  OPENAI_MAX_RETRIES: int(0, 10).default(3),
  /** A voice note left UPLOADED or TRANSCRIBED this long is considered abandoned and re-queued, as are messages still untriaged, documents still unclassified and integrations still queued. */
  RECOVERY_STALE_AFTER_MS: int(1000, 7 * 24 * 3_600_000).default(5 * 60_000),
  /** How often the process that runs jobs makes the recovery pass. */
  RECOVERY_INTERVAL_MS: int(1000, 24 * 3_600_000).default(60_000),
  /** Re-queues before a voice note is given up (ERREUR_TRAITEMENT, sent to review). */
  RECOVERY_MAX_ATTEMPTS: int(1, 100).default(3),
  /** Voice notes handled per recovery pass. */
  RECOVERY_BATCH_SIZE: int(1, 10_000).default(100),
  /** How often the process that runs jobs sweeps storage for objects no row names and stale upload parts. */
  STORAGE_SWEEP_INTERVAL_MS: int(60_000, 7 * 24 * 3_600_000).default(3_600_000),
  /** Only objects and parts older than this are swept: an upload may still be writing its row. */
  STORAGE_SWEEP_GRACE_MS: int(60_000, 30 * 24 * 3_600_000).default(24 * 3_600_000),
  /** `mock`: built-in fake Gmail, Calendar and WhatsApp with French sample data; `live`: the real providers. */
  CONNECTOR_RUNTIME: z.enum(['mock', 'live']).default('mock'),
  /** Integration tokens are encrypted at rest under a key derived from it. */
  INTEGRATION_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_INTEGRATION_TOKEN_SECRET),
  /** Retired INTEGRATION_TOKEN_SECRET values, comma-separated: still read (and resealed under the current one), never used to seal. */
  INTEGRATION_TOKEN_SECRET_PREVIOUS: csv.pipe(z.array(z.string().min(32, 'each secret must be at least 32 characters'))).default([]),
  /** The OAuth client of the Google Cloud project (Gmail and Calendar); required when CONNECTOR_RUNTIME=live (see loadConfig). */
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** How often the process that runs jobs syncs each connected integration. */
  INTEGRATION_SYNC_INTERVAL_MS: int(10_000, 24 * 3_600_000).default(300_000),
  /** A first or full resync imports at most this many of the newest e-mails (or WhatsApp messages). */
  INTEGRATION_FULL_SYNC_MAX_ITEMS: int(1, 10_000).default(500),
});

/** Former names, still read for one release: each is the new name's value when the new name is unset. */
export const RENAMED_VARIABLES = {
  BULLMQ_ATTEMPTS: 'JOB_ATTEMPTS',
  BULLMQ_BACKOFF_DELAY_MS: 'JOB_BACKOFF_DELAY_MS',
  BULLMQ_REMOVE_ON_COMPLETE: 'JOB_REMOVE_ON_COMPLETE',
  BULLMQ_REMOVE_ON_FAIL: 'JOB_REMOVE_ON_FAIL',
  BULLMQ_WORKER_CONCURRENCY: 'JOB_WORKER_CONCURRENCY',
  BULLMQ_LOCK_DURATION_MS: 'JOB_LOCK_DURATION_MS',
  VOCAL_RECOVERY_STALE_AFTER_MS: 'RECOVERY_STALE_AFTER_MS',
  VOCAL_RECOVERY_INTERVAL_MS: 'RECOVERY_INTERVAL_MS',
  VOCAL_RECOVERY_MAX_ATTEMPTS: 'RECOVERY_MAX_ATTEMPTS',
  VOCAL_RECOVERY_BATCH_SIZE: 'RECOVERY_BATCH_SIZE',
} as const satisfies Record<string, keyof z.infer<typeof configSchema>>;

/** Former names already reported in this process: a deprecation is said once, not at every loadConfig. */
const warnedRenames = new Set<string>();

/**
 * Moves each former name's value to its new name. A former name set alone is used (with a
 * deprecation warning once per process); set beside a different new value, it is a problem.
 */
function applyRenames(present: Record<string, string | undefined>): {
  env: Record<string, string | undefined>;
  problems: { variable: string; message: string }[];
  sources: Map<string, string>;
} {
  const env = { ...present };
  const problems: { variable: string; message: string }[] = [];
  const sources = new Map<string, string>();
  for (const [oldName, newName] of Object.entries(RENAMED_VARIABLES)) {
    const oldValue = env[oldName];
    if (oldValue === undefined) continue;
    delete env[oldName];
    if (env[newName] === undefined) {
      env[newName] = oldValue;
      sources.set(newName, oldName);
      if (!warnedRenames.has(oldName)) {
        warnedRenames.add(oldName);
        process.emitWarning(`${oldName} is deprecated: set ${newName} instead`, {
          type: 'DeprecationWarning',
          code: 'MONIMMO_DEPRECATED_VARIABLE',
        });
      }
    } else if (env[newName] !== oldValue) {
      problems.push({ variable: oldName, message: `is the former name of ${newName} and differs from it; keep only ${newName}` });
    }
  }
  return { env, problems, sources };
}

type ParsedConfig = z.infer<typeof configSchema>;
/** The validated configuration, with the public addresses always filled in. */
export type Config = Omit<ParsedConfig, 'PUBLIC_API_URL' | 'APP_BASE_URL'> & { PUBLIC_API_URL: string; APP_BASE_URL: string };

/** Where clients reach an API listening on HOST:PORT when no PUBLIC_API_URL is given. */
export function defaultPublicApiUrl(host: string, port: number): string {
  // A wildcard address is where the server listens, not an address a client can use.
  const name = host === '0.0.0.0' || host === '::' || host === '[::]' ? 'localhost' : host;
  return `http://${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Secrets with a development default, and when the running configuration relies on them. */
const DEV_SECRETS: { variable: keyof Config; devValue: string; inUse: (env: Record<string, string | undefined>) => boolean }[] = [
  { variable: 'JWT_SECRET', devValue: DEV_JWT_SECRET, inUse: () => true },
  // Only local download URLs are signed with it; an S3 deployment need not invent one.
  {
    variable: 'STORAGE_SIGNING_SECRET',
    devValue: DEV_STORAGE_SIGNING_SECRET,
    inUse: (env) => (env.STORAGE_PROVIDER ?? 'local') === 'local',
  },
  { variable: 'INTEGRATION_TOKEN_SECRET', devValue: DEV_INTEGRATION_TOKEN_SECRET, inUse: () => true },
];

/** Reads and validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most .env tooling.
  const renamed = applyRenames(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  const present = renamed.env;
  const parsed = configSchema.safeParse(present);
  const problems = renamed.problems;
  if (!parsed.success) {
    // A value read under its former name is reported under the name the operator wrote.
    const variable = (key: string) => renamed.sources.get(key) ?? key;
    problems.push(...parsed.error.issues.map((i) => ({ variable: variable(String(i.path[0] ?? '?')), message: i.message })));
  }
  // Checked apart from the schema so they are reported together with any other problem.
  for (const { variable, devValue, inUse } of DEV_SECRETS) {
    if (present.NODE_ENV === 'production' && inUse(present) && (present[variable] ?? devValue) === devValue) {
      problems.push({ variable, message: 'must be set to a private random value in production' });
    }
  }
  if (present.AI_PROVIDER === 'openai' && !present.OPENAI_API_KEY) {
    problems.push({ variable: 'OPENAI_API_KEY', message: 'is required when AI_PROVIDER=openai' });
  }
  const s3 = (present.STORAGE_PROVIDER ?? 'local') === 's3';
  if (s3 && !present.S3_BUCKET) problems.push({ variable: 'S3_BUCKET', message: 'is required when STORAGE_PROVIDER=s3' });
  if (!present.S3_ACCESS_KEY_ID !== !present.S3_SECRET_ACCESS_KEY) {
    const missing = present.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    problems.push({ variable: missing, message: 'must be set together with the other S3 key' });
  }
  if (present.CONNECTOR_RUNTIME === 'live') {
    for (const variable of ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'] as const) {
      if (!present[variable]) problems.push({ variable, message: 'is required when CONNECTOR_RUNTIME=live' });
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const PUBLIC_API_URL = (parsed.data.PUBLIC_API_URL ?? defaultPublicApiUrl(parsed.data.HOST, parsed.data.PORT)).replace(/\/+$/, '');
  return { ...parsed.data, PUBLIC_API_URL, APP_BASE_URL: (parsed.data.APP_BASE_URL ?? PUBLIC_API_URL).replace(/\/+$/, '') };
}

export function usesDevSecret(config: Config): boolean {
  return config.JWT_SECRET === DEV_JWT_SECRET;
}

/** For process entry points: a bad configuration prints every problem and exits with EX_CONFIG (78). */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78);
  }
}
