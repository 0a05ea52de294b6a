import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, usesDevSecret } from './index.ts';

describe('loadConfig', () => {
  it('has embedded defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATABASE_URL: 'data/app.db', CORS_ORIGINS: [], TRUST_PROXY: false, ACCESS_TOKEN_TTL_SECONDS: 900 });
    expect(usesDevSecret(config)).toBe(true);
  });

  it('parses numbers, booleans and lists, and treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '8080', TRUST_PROXY: 'yes', CORS_ORIGINS: 'https://a.fr, https://b.fr,', LOG_LEVEL: '', JWT_SECRET: 'x'.repeat(40) });
    expect(config).toMatchObject({ PORT: 8080, TRUST_PROXY: true, CORS_ORIGINS: ['https://a.fr', 'https://b.fr'], LOG_LEVEL: 'info' });
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

  it('refuses the development secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'y'.repeat(48) }).NODE_ENV).toBe('production');
  });
});
