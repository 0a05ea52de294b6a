import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/boundaries/', import.meta.url));
const scripts = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The boundaries command of `pnpm lint`, run with the repository's rules on the folder given. */
async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  const [command, ...args] = scripts['lint:boundaries']!.split(' ');
  expect(command).toBe('depcruise');
  const config = args.indexOf('--config');
  args[config + 1] = `${root}${args[config + 1]}`;
  try {
    const { stdout } = await promisify(execFile)(`${root}node_modules/.bin/depcruise`, [...args, '--output-type', 'err'], { cwd });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('pnpm lint checks the boundaries between packages', () => {
  it('runs the boundaries check', () => {
    expect(scripts.lint).toMatch(/&& pnpm lint:boundaries$/);
  });

  it('fails on a cycle, on the contract or the web app loading the server side, and on a relative path into another package', async () => {
    const { code, output } = await cruise(fixture);
    expect(code).not.toBe(0);
    expect(output).toMatch(
      /error no-circular: packages\/queue\/src\/a\.ts → \s*packages\/queue\/src\/b\.ts →\s*packages\/queue\/src\/a\.ts/,
    );
    expect(output).toContain('error contract-stays-light: packages/contract/src/index.ts → packages/db/src/index.ts');
    expect(output).toContain('error no-relative-import-across-packages: apps/web/src/main.ts → packages/core/test/harness.ts');
    expect(output).toContain('error no-relative-import-across-packages: packages/contract/src/index.ts → packages/db/src/index.ts');
    expect(output).toMatch(
      /error no-circular: packages\/core\/src\/one\.ts → \s*packages\/core\/src\/two\.ts →\s*packages\/core\/src\/one\.ts/,
    );
    expect(output).toContain('error web-never-loads-server-code: apps/web/src/main.ts → packages/core/test/harness.ts');
    expect(output).toMatch(/x 6 dependency violations/);
  });
});
