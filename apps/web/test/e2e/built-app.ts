import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const apiMain = join(root, 'apps/api/dist/main.js');
const workerMain = join(root, 'apps/worker/dist/main.js');
const webIndex = join(root, 'apps/web/dist/index.html');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface BuiltApp {
  url: string;
  /** Everything the process printed: e-mails land there in development (links included). */
  stdout(): string;
  stop(): Promise<void>;
}

/** `pnpm db:seed` into a new database: the demo agency, its properties and documents. */
function seedDemo(env: Record<string, string>): Promise<void> {
  const seed = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/core/scripts/seed.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  seed.stdout.on('data', (d: Buffer) => (output += d.toString()));
  seed.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) =>
    seed.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`db:seed failed (${code}): ${output}`)))),
  );
}

interface Child {
  output(): string;
  exitCode(): number | null;
  stop(): Promise<void>;
}

/** A built process on the test's environment; killed with the test runner if the test never stops it. */
function spawnBuilt(main: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [main], { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  return {
    output: () => output,
    exitCode: () => child.exitCode,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      process.off('exit', orphan);
    },
  };
}

export interface BuiltAppOptions {
  /** `pnpm db:seed` first: the demo agency. */
  demo?: boolean;
  /**
   * ENABLE_QUEUE=true on the machine's Redis (own prefix): the API only enqueues, a separate worker
   * process runs the jobs, and their events reach the API through Redis pub/sub.
   */
  worker?: boolean;
}

/** The built API serving the built web app, as `pnpm start` runs it, on a fresh database (the demo's, if asked). */
export async function startBuiltApp(options: BuiltAppOptions = {}): Promise<BuiltApp> {
  if (!existsSync(apiMain) || !existsSync(webIndex) || (options.worker && !existsSync(workerMain))) {
    throw new Error('The end-to-end tests need the built API and web app: run `pnpm build` first (the test command does).');
  }
  const dir = mkdtempSync(join(tmpdir(), 'monimmo-e2e-'));
  const data = { DATABASE_URL: `file:${join(dir, 'monimmo.db')}`, LOCAL_STORAGE_DIR: join(dir, 'storage') };
  if (options.demo) await seedDemo(data);
  const port = await freePort();
  const queue: Record<string, string> = options.worker
    ? {
        ENABLE_QUEUE: 'true',
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        QUEUE_PREFIX: `e2e-${process.pid}-${port}`,
      }
    : {};
  const env = {
    HOST: '127.0.0.1',
    PORT: String(port),
    ...data,
    ...queue,
    LOG_LEVEL: 'warn',
    // Many sign-ins from one address in a few seconds: the journey is one person, several tabs.
    LOGIN_MAX_ATTEMPTS_PER_EMAIL_AND_IP: '50',
  };
  const api = spawnBuilt(apiMain, env);
  // The API migrates the database; the worker starts once it answers.
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (api.exitCode() !== null) throw new Error(`the API exited: ${api.output()}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (attempt > 300) throw new Error(`the API did not answer: ${api.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const worker = options.worker ? spawnBuilt(workerMain, env) : null;
  return {
    url,
    stdout: () => api.output(),
    async stop() {
      await Promise.all([api.stop(), worker?.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
