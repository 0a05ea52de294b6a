import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
      // Entry points run as child processes in their tests (apps/api/test/process.test.ts),
      // where in-process coverage cannot see them.
      exclude: ['**/*.test.ts', '**/test/**', 'apps/*/src/main.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 80, branches: 80 },
    },
  },
});
