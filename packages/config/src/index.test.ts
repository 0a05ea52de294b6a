import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, usesDevSecret } from './index.ts';

describe('loadConfig', () => {
  it('has embedded defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATABASE_URL: 'data/app.db',
      CORS_ORIGINS: [],
      TRUST_PROXY: false,
      ACCESS_TOKEN_TTL_SECONDS: 900,
    });
    expect(usesDevSecret(config)).toBe(true);
  });

  it('parses numbers, booleans and lists, and treats empty variables as unset', () => {
    const config = loadConfig({
      PORT: '8080',
      TRUST_PROXY: 'yes',
      CORS_ORIGINS: 'https://a.fr, https://b.fr,',
      LOG_LEVEL: '',
      JWT_SECRET: 'x'.repeat(40),
    });
    expect(config).toMatchObject({ PORT: 8080, TRUST_PROXY: 1, CORS_ORIGINS: ['https://a.fr', 'https://b.fr'], LOG_LEVEL: 'info' });
    expect(usesDevSecret(config)).toBe(false);
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'quatre-vingts', TRUST_PROXY: 'peut-être', JWT_SECRET: 'court', APP_BASE_URL: 'pas une url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['APP_BASE_URL', 'JWT_SECRET', 'PORT', 'TRUST_PROXY']);
    expect((error as ConfigError).message).toContain('JWT_SECRET: must be at least 32 characters');
  });

  it('reads TRUST_PROXY as off, a number of proxy hops, or the trusted proxies, and says what it accepts', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    // `true` is one proxy in front (the usual reverse proxy), never "believe the left-most entry".
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.7' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
    for (const bad of ['peut-être', '10.0.0.0/99', '-1', 'loopback, 300.1.1.1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(
        /TRUST_PROXY: must be true, false, a number of proxy hops or a comma list of trusted proxy addresses/,
      );
    }
  });

  it('delivers e-mail over SMTP when SMTP_URL is set, and keeps sent e-mail 30 days by default', () => {
    expect(loadConfig({}).SMTP_URL).toBeUndefined();
    expect(loadConfig({}).OUTBOX_RETENTION_DAYS).toBe(30);
    expect(loadConfig({ SMTP_URL: 'smtps://monimmo:secret@smtp.exemple.fr:465', OUTBOX_RETENTION_DAYS: '7' })).toMatchObject({
      SMTP_URL: 'smtps://monimmo:secret@smtp.exemple.fr:465',
      OUTBOX_RETENTION_DAYS: 7,
    });
    expect(() => loadConfig({ SMTP_URL: 'smtp.exemple.fr' })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
  });

  it('keeps retired integration secrets for reading, each as long as a secret must be', () => {
    expect(
      loadConfig({ INTEGRATION_TOKEN_SECRET_PREVIOUS: `${'a'.repeat(32)}, ${'b'.repeat(40)}` }).INTEGRATION_TOKEN_SECRET_PREVIOUS,
    ).toEqual(['a'.repeat(32), 'b'.repeat(40)]);
    expect(loadConfig({}).INTEGRATION_TOKEN_SECRET_PREVIOUS).toEqual([]);
    expect(() => loadConfig({ INTEGRATION_TOKEN_SECRET_PREVIOUS: 'court' })).toThrow(
      /INTEGRATION_TOKEN_SECRET_PREVIOUS: each secret must be at least 32 characters/,
    );
  });

  it('refuses the development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/STORAGE_SIGNING_SECRET: must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'y'.repeat(48) })).toThrow(/STORAGE_SIGNING_SECRET: must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/INTEGRATION_TOKEN_SECRET: must be set/);
    const secrets = { JWT_SECRET: 'y'.repeat(48), STORAGE_SIGNING_SECRET: 'z'.repeat(48), INTEGRATION_TOKEN_SECRET: 'w'.repeat(48) };
    expect(loadConfig({ NODE_ENV: 'production', ...secrets }).NODE_ENV).toBe('production');
  });

  it('does not ask an S3 deployment for the local signing secret', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'y'.repeat(48),
      INTEGRATION_TOKEN_SECRET: 'w'.repeat(48),
      STORAGE_PROVIDER: 's3',
      S3_BUCKET: 'monimmo',
    });
    expect(config).toMatchObject({ STORAGE_PROVIDER: 's3', S3_BUCKET: 'monimmo' });
  });
});

describe('public addresses', () => {
  it('derives the API address from HOST and PORT, and the web app address from it', () => {
    expect(loadConfig({ PORT: '3400' })).toMatchObject({ PUBLIC_API_URL: 'http://127.0.0.1:3400', APP_BASE_URL: 'http://127.0.0.1:3400' });
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '3400' }).PUBLIC_API_URL).toBe('http://localhost:3400');
    expect(loadConfig({ HOST: '::', PORT: '8080' }).PUBLIC_API_URL).toBe('http://localhost:8080');
    expect(loadConfig({ HOST: '::1', PORT: '8080' }).PUBLIC_API_URL).toBe('http://[::1]:8080');
    expect(loadConfig({ HOST: 'api.internal', PORT: '80' }).PUBLIC_API_URL).toBe('http://api.internal:80');
  });

  it('keeps the API and the web app addresses apart when both are given', () => {
    const config = loadConfig({ PORT: '3400', PUBLIC_API_URL: 'https://api.monimmo.fr/', APP_BASE_URL: 'https://app.monimmo.fr' });
    expect(config).toMatchObject({ PUBLIC_API_URL: 'https://api.monimmo.fr', APP_BASE_URL: 'https://app.monimmo.fr' });
    expect(loadConfig({ PUBLIC_API_URL: 'https://monimmo.fr' }).APP_BASE_URL).toBe('https://monimmo.fr');
  });

  it('refuses an address that is not http or https', () => {
    expect(() => loadConfig({ PUBLIC_API_URL: 'ftp://monimmo.fr' })).toThrow(/PUBLIC_API_URL: must be an http/);
    expect(() => loadConfig({ APP_BASE_URL: 'monimmo.fr' })).toThrow(/APP_BASE_URL/);
  });
});

describe('storage configuration', () => {
  it('defaults to local disk with the upload limits', () => {
    expect(loadConfig({})).toMatchObject({
      STORAGE_PROVIDER: 'local',
      LOCAL_STORAGE_DIR: 'data/storage',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: false,
      SIGNED_URL_TTL_SECONDS: 300,
      MAX_UPLOAD_BYTES: 200 * 1024 * 1024,
      MAX_BASE64_UPLOAD_BYTES: 25 * 1024 * 1024,
    });
    const config = loadConfig({});
    expect(config.STORAGE_SIGNING_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(config.S3_BUCKET).toBeUndefined();
    expect(config.S3_ENDPOINT).toBeUndefined();
  });

  it('reads an S3-compatible store', () => {
    const config = loadConfig({
      STORAGE_PROVIDER: 's3',
      S3_BUCKET: 'monimmo',
      S3_REGION: 'eu-west-3',
      S3_ENDPOINT: 'http://s3:8333',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'monimmo',
      S3_SECRET_ACCESS_KEY: 'secret',
      SIGNED_URL_TTL_SECONDS: '60',
      MAX_UPLOAD_BYTES: '1048576',
      MAX_BASE64_UPLOAD_BYTES: '1024',
    });
    expect(config).toMatchObject({
      STORAGE_PROVIDER: 's3',
      S3_BUCKET: 'monimmo',
      S3_REGION: 'eu-west-3',
      S3_ENDPOINT: 'http://s3:8333',
      S3_FORCE_PATH_STYLE: true,
      S3_ACCESS_KEY_ID: 'monimmo',
      S3_SECRET_ACCESS_KEY: 'secret',
      SIGNED_URL_TTL_SECONDS: 60,
      MAX_UPLOAD_BYTES: 1048576,
      MAX_BASE64_UPLOAD_BYTES: 1024,
    });
  });

  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (e) {
      return (e as ConfigError).problems;
    }
    return [];
  };

  it('names S3_BUCKET when the S3 provider has none, together with other problems', () => {
    expect(
      problemsOf({ STORAGE_PROVIDER: 's3', PORT: 'x' })
        .map((p) => p.variable)
        .sort(),
    ).toEqual(['PORT', 'S3_BUCKET']);
    expect(problemsOf({ STORAGE_PROVIDER: 's3', S3_BUCKET: '' })).toEqual([
      { variable: 'S3_BUCKET', message: 'is required when STORAGE_PROVIDER=s3' },
    ]);
  });

  it('wants both S3 keys or neither', () => {
    expect(problemsOf({ S3_ACCESS_KEY_ID: 'monimmo' }).map((p) => p.variable)).toEqual(['S3_SECRET_ACCESS_KEY']);
    expect(problemsOf({ S3_SECRET_ACCESS_KEY: 'secret' }).map((p) => p.variable)).toEqual(['S3_ACCESS_KEY_ID']);
  });

  it('names each bad storage variable', () => {
    const problems = problemsOf({
      STORAGE_PROVIDER: 'ftp',
      STORAGE_SIGNING_SECRET: 'court',
      S3_ENDPOINT: 'pas une url',
      S3_FORCE_PATH_STYLE: 'peut-être',
      SIGNED_URL_TTL_SECONDS: '1000000',
      MAX_UPLOAD_BYTES: '0',
      MAX_BASE64_UPLOAD_BYTES: 'beaucoup',
    });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'MAX_BASE64_UPLOAD_BYTES',
      'MAX_UPLOAD_BYTES',
      'S3_ENDPOINT',
      'S3_FORCE_PATH_STYLE',
      'SIGNED_URL_TTL_SECONDS',
      'STORAGE_PROVIDER',
      'STORAGE_SIGNING_SECRET',
    ]);
  });

  it('reads the queue and AI settings, and wants a key for OpenAI', () => {
    expect(loadConfig({})).toMatchObject({
      ENABLE_QUEUE: false,
      REDIS_URL: 'redis://127.0.0.1:6379',
      JOB_ATTEMPTS: 3,
      AI_PROVIDER: 'mock',
    });
    expect(loadConfig({ ENABLE_QUEUE: 'true', JOB_WORKER_CONCURRENCY: '20' })).toMatchObject({
      ENABLE_QUEUE: true,
      JOB_WORKER_CONCURRENCY: 20,
    });
    expect(() => loadConfig({ AI_PROVIDER: 'openai' })).toThrow(/OPENAI_API_KEY: is required/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    expect(loadConfig({ AI_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' }).OPENAI_CHAT_MODEL).toBe('gpt-4o-mini');
  });
});

describe('integrations configuration', () => {
  it('defaults to the mock connectors with a five-minute sync and a 500-item full sync', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      CONNECTOR_RUNTIME: 'mock',
      INTEGRATION_SYNC_INTERVAL_MS: 300_000,
      INTEGRATION_FULL_SYNC_MAX_ITEMS: 500,
    });
    expect(config.GOOGLE_CLIENT_ID).toBeUndefined();
    expect(loadConfig({ INTEGRATION_SYNC_INTERVAL_MS: '60000', INTEGRATION_FULL_SYNC_MAX_ITEMS: '50' })).toMatchObject({
      INTEGRATION_SYNC_INTERVAL_MS: 60_000,
      INTEGRATION_FULL_SYNC_MAX_ITEMS: 50,
    });
  });

  it('wants the Google OAuth client in live mode, naming each missing variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems.map((p) => p.variable).sort();
      }
    };
    expect(problems({ CONNECTOR_RUNTIME: 'live' })).toEqual(['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET']);
    expect(problems({ CONNECTOR_RUNTIME: 'live', GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com' })).toEqual(['GOOGLE_CLIENT_SECRET']);
    expect(() => loadConfig({ CONNECTOR_RUNTIME: 'live' })).toThrow(/GOOGLE_CLIENT_ID: is required when CONNECTOR_RUNTIME=live/);
    const live = loadConfig({
      CONNECTOR_RUNTIME: 'live',
      GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 'GOCSPX-secret',
    });
    expect(live).toMatchObject({
      CONNECTOR_RUNTIME: 'live',
      GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 'GOCSPX-secret',
    });
  });

  it('refuses a sync interval under ten seconds and a full sync of nothing', () => {
    expect(() => loadConfig({ INTEGRATION_SYNC_INTERVAL_MS: '100' })).toThrow(/INTEGRATION_SYNC_INTERVAL_MS/);
    expect(() => loadConfig({ INTEGRATION_FULL_SYNC_MAX_ITEMS: '0' })).toThrow(/INTEGRATION_FULL_SYNC_MAX_ITEMS/);
  });
});

describe('renamed job and recovery settings', () => {
  const warningsDuring = async (run: () => void): Promise<string[]> => {
    const seen: string[] = [];
    const listener = (w: Error & { code?: string }) => {
      if (w.code === 'MONIMMO_DEPRECATED_VARIABLE') seen.push(w.message);
    };
    process.on('warning', listener);
    try {
      run();
      // process.emitWarning reports on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    return seen;
  };

  it('reads the JOB_* and RECOVERY_* names', () => {
    expect(loadConfig({})).toMatchObject({
      JOB_ATTEMPTS: 3,
      JOB_BACKOFF_DELAY_MS: 2000,
      JOB_WORKER_CONCURRENCY: 5,
      RECOVERY_STALE_AFTER_MS: 300_000,
      RECOVERY_INTERVAL_MS: 60_000,
    });
    expect(loadConfig({ JOB_ATTEMPTS: '7', RECOVERY_BATCH_SIZE: '20' })).toMatchObject({ JOB_ATTEMPTS: 7, RECOVERY_BATCH_SIZE: 20 });
  });

  it('still accepts each old name alone, warning once that it is deprecated and naming the new one', async () => {
    let config: ReturnType<typeof loadConfig> | undefined;
    const warnings = await warningsDuring(() => {
      config = loadConfig({ BULLMQ_ATTEMPTS: '4', BULLMQ_LOCK_DURATION_MS: '5000', VOCAL_RECOVERY_MAX_ATTEMPTS: '9' });
      loadConfig({ BULLMQ_ATTEMPTS: '4' });
    });
    expect(config).toMatchObject({ JOB_ATTEMPTS: 4, JOB_LOCK_DURATION_MS: 5000, RECOVERY_MAX_ATTEMPTS: 9 });
    expect(config).not.toHaveProperty('BULLMQ_ATTEMPTS');
    expect(warnings.filter((w) => w.includes('BULLMQ_ATTEMPTS'))).toEqual(['BULLMQ_ATTEMPTS is deprecated: set JOB_ATTEMPTS instead']);
    expect(warnings).toContain('VOCAL_RECOVERY_MAX_ATTEMPTS is deprecated: set RECOVERY_MAX_ATTEMPTS instead');
  });

  it('validates an old name as the new one', () => {
    expect(() => loadConfig({ VOCAL_RECOVERY_INTERVAL_MS: 'souvent' })).toThrow(/VOCAL_RECOVERY_INTERVAL_MS: /);
  });

  it('accepts both names when they agree, and refuses them when they differ', () => {
    expect(loadConfig({ JOB_ATTEMPTS: '4', BULLMQ_ATTEMPTS: '4' }).JOB_ATTEMPTS).toBe(4);
    expect(() => loadConfig({ JOB_ATTEMPTS: '4', BULLMQ_ATTEMPTS: '5', VOCAL_RECOVERY_BATCH_SIZE: '1', RECOVERY_BATCH_SIZE: '2' })).toThrow(
      /BULLMQ_ATTEMPTS: is the former name of JOB_ATTEMPTS and differs from it; keep only JOB_ATTEMPTS[\s\S]*VOCAL_RECOVERY_BATCH_SIZE: is the former name of RECOVERY_BATCH_SIZE/,
    );
  });
});
