import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { vocalFixture } from '@monimmo/ai/testing';
import { afterAll, describe, expect, it } from 'vitest';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'monimmo-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs src/main.ts as the product runs it: its own process, configured by the environment. */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /"url":"(http:\/\/[^"]+)".*Monimmo API listening/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  listening.catch(() => undefined); // awaited only by tests that expect a start
  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

/** Sends headers and half a body now; `finish()` sends the rest and resolves with the response. */
function halfSentRequest(url: string, path: string, body: string) {
  const { hostname, port } = new URL(url);
  let resolveResponse: (r: { status: number; body: string }) => void;
  const response = new Promise<{ status: number; body: string }>((r) => (resolveResponse = r));
  const req = request(
    { hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
    (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, body: text }));
    },
  );
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  const connected = new Promise<void>((resolve) => req.on('socket', (s) => s.on('connect', () => resolve())));
  return {
    connected,
    finish() {
      req.end(body.slice(half));
      return response;
    },
  };
}

const kill = (child: ChildProcess) => child.exitCode === null && child.kill('SIGKILL');

describe('the API process', () => {
  it('applies migrations, serves, and on SIGTERM finishes in-flight requests before exiting 0', async () => {
    const databaseUrl = join(dir, 'main.db');
    const main = startMain({ DATABASE_URL: databaseUrl });
    try {
      const url = await main.listening;
      expect((await fetch(`${url}/health`)).status).toBe(200);

      const body = JSON.stringify({
        organizationName: 'Agence Arrêt',
        firstName: 'Zoé',
        lastName: 'Lambert',
        email: 'zoe@arret.fr',
        password: 'mot-de-passe-zoe',
      });
      const inFlight = halfSentRequest(url, '/api/v1/auth/register', body);
      await inFlight.connected;
      // let the server parse the headers before the signal
      await new Promise((r) => setTimeout(r, 200));
      main.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
      const response = await inFlight.finish();
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ user: { email: 'zoe@arret.fr' } });
      expect(await main.exited).toBe(0);
      expect(main.output().stdout).toContain('"msg":"stopped"');
      // no password or token ever reaches the log
      expect(main.output().stdout).not.toMatch(/mot-de-passe-zoe|eyJ/);

      const client = createClient({ url: `file:${databaseUrl}` });
      const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'users'");
      expect(tables.rows).toHaveLength(1);
      client.close();
    } finally {
      kill(main.child);
    }
  });

  it('on SIGTERM, answers an upload still arriving after the grace period with 503 and Retry-After, and drops its part', async () => {
    const storageDir = join(dir, 'storage-sigterm');
    const main = startMain({ DATABASE_URL: join(dir, 'sigterm.db'), LOCAL_STORAGE_DIR: storageDir, SHUTDOWN_TIMEOUT_MS: '300' });
    try {
      const url = await main.listening;
      const registered = await fetch(`${url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          organizationName: 'Agence Coupure',
          firstName: 'Noé',
          lastName: 'Petit',
          email: 'noe@coupure.fr',
          password: 'mot-de-passe-noe',
        }),
      });
      const { accessToken } = (await registered.json()) as { accessToken: string };
      const m4a = vocalFixture('visite-initiale.m4a');
      const { hostname, port } = new URL(url);
      const answer = new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
        const req = request(
          {
            hostname,
            port,
            path: '/api/v1/vocals/upload?fileName=visite.m4a',
            method: 'POST',
            headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'audio/mp4' },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: text }));
          },
        );
        req.on('error', reject);
        // A third of the recording, then nothing: the upload is still arriving when the signal comes.
        req.write(m4a.subarray(0, 30_000));
      });
      const parts = () => (existsSync(join(storageDir, '.tmp')) ? readdirSync(join(storageDir, '.tmp')).length : 0);
      while (parts() === 0) await new Promise((r) => setTimeout(r, 20));
      main.child.kill('SIGTERM');
      const response = await answer;
      expect(response.status).toBe(503);
      expect(response.retryAfter).toBeDefined();
      expect(JSON.parse(response.body)).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'SHUTTING_DOWN' } });
      expect(await main.exited).toBe(0);
      expect(parts()).toBe(0);
    } finally {
      kill(main.child);
    }
  });

  it('refuses to start on bad configuration, naming the variable', async () => {
    const main = startMain({ DATABASE_URL: join(dir, 'bad.db'), PORT: 'quatre-vingts', NODE_ENV: 'production' });
    try {
      expect(await main.exited).toBe(78);
      expect(main.output().stderr).toContain('PORT');
      expect(main.output().stderr).toContain('JWT_SECRET: must be set to a private random value in production');
    } finally {
      kill(main.child);
    }
  });
});
