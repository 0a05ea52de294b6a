import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startMainProcess } from './main-process.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'monimmo-walkthrough-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The shell blocks of the README marked as the walkthrough, in order. */
function walkthroughBlocks(readme: string): string[] {
  return [...readme.matchAll(/<!-- walkthrough:begin -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/g)].map((m) => m[1]!);
}

describe("the README's walkthrough", () => {
  it('runs as written against a freshly seeded API on a random port', async () => {
    const blocks = walkthroughBlocks(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks[0]).toMatch(/^BASE=\$\{BASE:-http:\/\/127\.0\.0\.1:3000\}$/m);

    const port = await freePort();
    const env = { PORT: String(port), DATABASE_URL: join(dir, 'app.db'), LOCAL_STORAGE_DIR: join(dir, 'storage') };
    // `db:seed`, as the README runs it before the walkthrough.
    await run(process.execPath, ['--import', 'tsx', 'packages/core/scripts/seed.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
    });
    const api = startMainProcess(env);
    try {
      const base = await api.listening;
      // Each step fails the script when its call fails (curl --fail-with-body) or lacks the field the next step needs.
      const script = `set -euo pipefail\n${blocks.join('\n')}`;
      const result = await run('bash', ['-c', script], {
        cwd: root,
        env: { PATH: process.env.PATH, HOME: dir, BASE: base },
        timeout: 120_000,
      }).catch((error: { code: number; stdout: string; stderr: string }) => ({ ...error, failed: true }));
      expect(result, `${result.stdout}\n${result.stderr}`).not.toHaveProperty('failed');
      // The voice note filled the empty property, and the signed delivery was taken once.
      expect(result.stdout).toMatch(/^INSIGHTS_READY$/m);
      expect(result.stdout).toMatch(/^200 image\/jpeg$/m);
      expect(result.stdout.trim().split('\n').at(-1)).toBe('1');
    } finally {
      await api.stop();
    }
  }, 180_000);
});
